"""A change of standard applies from its effective date and never rewrites a closed month (issue 4 item 1);
the county's stop/change decisions (《社会救助暂行办法》第十三条)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.ledger import amount_on
from minzheng.assistance.models import ReviewPlan
from minzheng.assistance.services.enrollments import (
    enrollment_change_decide,
    enrollment_stop_decide,
    standard_change_apply,
)
from minzheng.assistance.tests import given
from minzheng.benefits.models import Enrollment, PayrollRun, Program
from minzheng.benefits.services import standard_create
from minzheng.core.models import Region

pytestmark = pytest.mark.django_db


def _enrolled(personas, *, wages_fen: int = 200000, day: date = date(2021, 1, 4)) -> Enrollment:
    hh = given.family(4)
    app = given.apply(personas.town, hh.head, day=day)
    given.income(personas.town, app, wages_fen)
    app = given.enrolled(personas.town, personas.district, app, day=day)
    return Enrollment.objects.get(pk=app.enrollment_id)


def test_standard_raised_mid_year_changes_only_the_months_after_it(personas, reference):
    # given a household of 4 with 2,000 元 enrolled in early 2021 under the 610 元 standard: 440 元
    enrollment = _enrolled(personas)
    assert amount_on(enrollment, date(2021, 2, 1)) == 44000
    # when the standard raised to 650 from 1 July 2021 (loaded with the demo data) is applied
    result = standard_change_apply(
        actor=personas.city,
        program="dibao_urban",
        region=Region.objects.get(code="460100"),
        effective_from=date(2021, 7, 1),
    )
    # then July onwards pays (650 − 500) × 4 = 600 元, and January–June stay at 440 元
    assert result.changed == 1
    assert [amount_on(enrollment, date(2021, m, 1)) for m in (2, 6, 7, 12)] == [44000, 44000, 60000, 60000]
    # and applying it again changes nothing
    assert (
        standard_change_apply(
            actor=personas.city,
            program="dibao_urban",
            region=Region.objects.get(code="460100"),
            effective_from=date(2021, 7, 1),
        ).unchanged
        == 1
    )


def test_a_change_never_rewrites_a_closed_month(personas, reference):
    enrollment = _enrolled(personas)
    # given July 2021's payroll already approved
    PayrollRun.objects.create(
        program=Program.objects.get(code="dibao_urban"), month=date(2021, 7, 1), region=Region.objects.get(code="460100"),
        status=PayrollRun.Status.APPROVED,
    )  # fmt: skip
    # when the county tries to change the amount from July, it is refused in Chinese
    with pytest.raises(AssistanceError, match="该月工资单已审批，不能追溯修改"):
        enrollment_change_decide(actor=personas.district, enrollment=enrollment, from_month=date(2021, 7, 1),
                                 amount_fen=50000, reason="测试")  # fmt: skip
    assert amount_on(enrollment, date(2021, 7, 1)) == 44000


def test_a_standard_cut_that_makes_a_household_ineligible_brings_its_review_forward(personas, reference):
    enrollment = _enrolled(personas, wages_fen=240000)  # per capita 600 < 610: 40 元
    standard_create(actor=personas.city, program="dibao_urban", region=Region.objects.get(code="460105"),
                    effective_from=date(2021, 4, 1), amount_fen=59000, source="测试：下调标准")  # fmt: skip
    result = standard_change_apply(
        actor=personas.district, program="dibao_urban", region=Region.objects.get(code="460105"),
        effective_from=date(2021, 4, 1),
    )  # fmt: skip
    plan = ReviewPlan.objects.get(enrollment=enrollment)
    assert result.flagged == [plan.pk] and plan.next_due <= date.today()
    assert amount_on(enrollment, date(2021, 4, 1)) == 4000  # not stopped without a review and a reason


def test_only_the_county_stops_and_with_a_reason(personas, reference):
    enrollment = _enrolled(personas)
    with pytest.raises(PermissionDenied, match="决定增发、减发或停发救助金"):
        enrollment_stop_decide(
            actor=personas.town, enrollment=enrollment, last_month=date(2021, 5, 1), reason="迁出"
        )
    with pytest.raises(AssistanceError, match="书面说明理由"):
        enrollment_stop_decide(
            actor=personas.district, enrollment=enrollment, last_month=date(2021, 5, 1), reason=" "
        )
    enrollment_stop_decide(
        actor=personas.district, enrollment=enrollment, last_month=date(2021, 5, 1), reason="全家迁出本市"
    )
    enrollment.refresh_from_db()
    assert enrollment.end_month == date(2021, 5, 1) and enrollment.stop_reason == "全家迁出本市"
    assert not ReviewPlan.objects.get(enrollment=enrollment).active
