"""The two allowances on the ledger (payroll source): the standard of each month (a change on the 1st applies that
month, mid-month from the next), the end at 18 and after an adoption mid-month (no payment after the end month), and
the run's total equal to an independent SQL computation."""

from datetime import date

import pytest
from django.db import connection

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Enrollment, Payment
from minzheng.benefits.services import standard_create
from minzheng.children import rules, services
from minzheng.children.tests import given
from minzheng.core.models import Region

pytestmark = pytest.mark.django_db


def _amounts(program, months):
    return [sum(p.amount_fen for p in given.pay(program, m)) for m in months]


def test_each_month_is_paid_at_the_standard_in_force_on_its_first_day(personas):
    # given an institutional orphan and a de facto child paid from January 2020
    given.standards()
    given.approved(personas, given.person(name="甲"), placement=rules.Placement.INSTITUTION)
    given.approved(personas, given.person(name="乙"), kind=rules.Kind.DE_FACTO,
                   father=rules.ParentSituation.DECEASED, mother=rules.ParentSituation.IMPRISONED, mother_months=24)  # fmt: skip
    city = Region.objects.get(parent__isnull=True)
    # when the city raises 集中养育 from 1 July and 事实无人抚养 from 15 July
    standard_create(actor=personas.city, program="orphan", region=city, category=rules.CATEGORY_INSTITUTION,
                    effective_from=date(2020, 7, 1), amount_fen=160000, source="测试文件")  # fmt: skip
    standard_create(actor=personas.city, program="de_facto_child", region=city, category=rules.CATEGORY_DE_FACTO,
                    effective_from=date(2020, 7, 15), amount_fen=120000, source="测试文件")  # fmt: skip
    months = [date(2020, 6, 1), date(2020, 7, 1), date(2020, 8, 1)]
    # then June pays the old amounts, July the new orphan standard only, August both
    assert _amounts("orphan", months) == [145000, 160000, 160000]
    assert _amounts("de_facto_child", months) == [105000, 105000, 120000]


def test_the_allowance_ends_with_the_month_of_the_18th_birthday(personas):
    # given two orphans who turn 18 on 15 June and on 1 June 2020
    given.standards()
    mid = given.approved(personas, given.person(name="丙", birth=date(2002, 6, 15)))
    first = given.approved(personas, given.person(name="丁", birth=date(2002, 6, 1)))
    # then May pays both, June only the one still under 18 for part of June, July nobody
    paid = {
        m: {p.person_id for p in given.pay("orphan", m)}
        for m in (date(2020, 5, 1), date(2020, 6, 1), date(2020, 7, 1))
    }
    assert paid[date(2020, 5, 1)] == {mid.child_id, first.child_id}
    assert paid[date(2020, 6, 1)] == {mid.child_id}
    assert paid[date(2020, 7, 1)] == set()
    # and 自动终止 records the end on the ledger at the last month paid
    assert services.supports_end_aged(month=date(2020, 8, 1)) == 2
    mid.refresh_from_db()
    assert mid.enrollment.end_month == date(2020, 6, 1) and mid.enrollment.status == Enrollment.Status.STOPPED
    assert mid.end_reason == rules.EndReason.AGE


def test_a_student_past_18_is_paid_until_schooling_ends(personas):
    given.standards()
    support = given.approved(
        personas, given.person(birth=date(2002, 3, 10)), in_school_until=date(2020, 7, 15)
    )
    assert support.pay_until == date(2020, 7, 1)
    assert _amounts("orphan", [date(2020, 7, 1), date(2020, 8, 1)]) == [105000, 0]


def test_an_adoption_mid_month_pays_that_month_and_nothing_after(personas):
    # given an orphan paid from January 2020, adopted on 15 May 2020
    given.standards()
    support = given.approved(personas, given.person())
    given.close("orphan", date(2020, 4, 1))
    services.support_end(
        actor=personas.district, support=support, reason=rules.EndReason.ADOPTED, on=date(2020, 5, 15)
    )
    support.refresh_from_db()
    # then May is the last month: the ledger stops the enrollment there and June pays nothing
    assert support.enrollment.end_month == date(2020, 5, 1)
    assert _amounts("orphan", [date(2020, 5, 1), date(2020, 6, 1)]) == [105000, 0]
    # and an end reaching back into an approved month is refused by the ledger
    other = given.approved(personas, given.person(name="戊"))
    with pytest.raises(BenefitsError, match="不能追溯修改"):
        services.support_end(actor=personas.district, support=other, reason=rules.EndReason.RETURNED,
                             on=date(2020, 3, 20))  # fmt: skip


def test_the_run_total_equals_an_independent_computation(personas):
    # given a mixed caseload
    given.standards()
    given.approved(personas, given.person(name="甲"), placement=rules.Placement.INSTITUTION)
    given.approved(personas, given.person(name="乙"))
    given.approved(personas, given.person(name="丙", birth=date(2002, 2, 2)))
    lines = given.pay("orphan", date(2020, 3, 1))
    # then the total is 集中 1,450 + 散居 1,050 for March (the third turned 18 in February), by plain SQL
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT SUM(s.amount_fen) FROM benefits_enrollment e JOIN benefits_standard s ON s.category = e.category "
            "AND s.program_id = e.program_id AND s.effective_from <= %s AND (s.effective_to IS NULL OR s.effective_to >= %s) "
            "JOIN children_support c ON c.enrollment_id = e.id WHERE c.pay_until >= %s AND e.start_month <= %s",
            [date(2020, 3, 1)] * 4,
        )
        expected = cursor.fetchone()[0]
    assert sum(p.amount_fen for p in lines) == expected == 145000 + 105000
    assert Payment.objects.filter(month=date(2020, 3, 1)).count() == 2


def test_a_month_without_a_standard_is_refused_naming_the_category(personas):
    given.standards()
    given.approved(personas, given.person())
    with pytest.raises(BenefitsError, match="孤儿：散居"):
        given.pay("orphan", date(2018, 6, 1))


def test_a_clerk_ends_only_the_supports_of_their_area(personas):
    # given an orphan of 秀英区 who turned 18 in June 2020
    given.standards()
    support = given.approved(personas, given.person(birth=date(2002, 6, 15)))
    # when another district's reviewer runs 自动终止, nothing of 秀英区 is touched; the district's own does it
    assert services.supports_end_aged(month=date(2020, 8, 1), actor=personas.other_district) == 0
    assert services.supports_end_aged(month=date(2020, 8, 1), actor=personas.district) == 1
    support.refresh_from_db()
    assert support.enrollment.end_month == date(2020, 6, 1)
