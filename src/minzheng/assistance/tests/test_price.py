"""价格临时补贴联动机制 (domain.md §4): trigger, amount per person, who is paid — as the payroll source."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.price import price_month, price_subsidy_source
from minzheng.assistance.services.assessments import assessment_update
from minzheng.assistance.services.parameters import cpi_set
from minzheng.assistance.tests import given
from minzheng.benefits.models import Enrollment, Payment
from minzheng.benefits.payroll import payroll_has_source
from minzheng.benefits.programs import program_group
from minzheng.benefits.services import payroll_run_run_as_system
from minzheng.benefits.services.programs import program_ensure
from minzheng.registry.models import Relation

pytestmark = pytest.mark.django_db


def _rows(month: date) -> dict[int, int]:
    sql, params = price_subsidy_source(month)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            enrollment: amount for enrollment, _person, _region, amount in cursor.fetchall() if amount > 0
        }


def _enrolments(personas):
    urban = given.enrolled(personas.town, personas.district, given.apply(personas.town, given.family(4).head))
    rural_hh = given.family(2, kind="rural", hukou=given.RURAL_COMMUNITY, surname="符")
    rural = given.enrolled(personas.town, personas.district, given.apply(personas.town, rural_hh.head))
    elder = given.person("王老伯", birth=date(1940, 1, 1))
    given.household(elder)
    tekun_app = given.apply(personas.town, elder, kind="tekun", support="centralized")
    assessment_update(actor=personas.town, assessment=tekun_app.assessment, no_supporter=True)
    tekun = given.enrolled(personas.town, personas.district, tekun_app)
    return urban.enrollment_id, rural.enrollment_id, tekun.enrollment_id


def test_food_price_rise_pays_standard_times_rise_per_person(personas, reference):
    """June 2020 (demo CPI 2.5 %, food 11.1 % ≥ 6 %): urban 610 × 11.1 % = 67.71 → 68 元, rural 530 × 11.1 % =
    58.83 → 59 元 a person, × the persons each enrollment covers (domain.md §4: rounded to whole 元)."""
    urban, rural, tekun = _enrolments(personas)
    info = price_month(date(2020, 6, 1))
    assert info.trigger.triggered and info.trigger.rise == Decimal("11.1")
    assert _rows(date(2020, 6, 1)) == {urban: 68 * 4 * 100, rural: 59 * 2 * 100, tekun: 68 * 100}
    assert payroll_has_source("price_subsidy")


def test_no_subsidy_in_a_month_that_does_not_trigger(personas, reference):
    _enrolments(personas)
    assert not price_month(date(2020, 10, 1)).trigger.triggered  # CPI 0.5 %, food 2.2 %
    assert _rows(date(2020, 10, 1)) == {}


def test_only_enrollees_active_in_the_month_are_paid(personas, reference):
    urban, _rural, _tekun = _enrolments(personas)
    # enrolled from April 2020: nothing for March
    assert _rows(date(2020, 3, 1)) == {}
    assert urban in _rows(date(2020, 4, 1))


def test_threshold_lowered_to_3_percent_from_2022_09_to_2023_03(personas, reference):
    """domain.md §4: 2022-09…2023-03 the CPI trigger was 3.0 % and 低保边缘人口 were added."""
    cpi_set(actor=personas.city, month=date(2022, 10, 1), cpi_yoy="3.0", food_yoy="2.0", source="测试")
    cpi_set(actor=personas.city, month=date(2023, 5, 1), cpi_yoy="3.0", food_yoy="2.0", source="测试")
    october = price_month(date(2022, 10, 1))
    assert october.trigger.triggered and october.cpi_threshold == Decimal("3.0")
    assert "low_income" in october.programs
    may = price_month(date(2023, 5, 1))
    assert not may.trigger.triggered and "low_income" not in may.programs


def test_a_month_without_cpi_is_refused_with_a_message(personas, reference):
    with pytest.raises(AssistanceError, match="2024年01月的CPI尚未录入"):
        price_month(date(2024, 1, 1))


def test_payroll_source_reports_a_missing_cpi_as_a_ledger_error(personas, reference):
    from minzheng.benefits.errors import BenefitsError

    with pytest.raises(BenefitsError, match="2024年01月的CPI尚未录入"):
        price_subsidy_source(date(2024, 1, 1))


def test_orphans_and_children_without_carers_join_the_scope_under_1553(personas, reference):
    """发改价格〔2021〕1553号 added 孤儿 and 事实无人抚养儿童 to the base groups: from the parameter's date (demo:
    November 2021) every child the ledger pays from the children's programs gets the subsidy, on the standard of
    where they live; before it, none does."""
    # given a child paid 孤儿基本生活费 from 2020 in an urban community, and a month of 2022 that triggers
    child = given.person("林小军", birth=date(2012, 3, 1))
    orphan = Enrollment.objects.create(
        program=program_ensure(code="orphan", name="孤儿基本生活费"),
        person=child,
        region=child.region,
        start_month=date(2020, 1, 1),
        members_count=1,
    )
    cpi_set(actor=personas.city, month=date(2022, 10, 1), cpi_yoy="3.5", food_yoy="2.0", source="测试")
    # then the children's programs are in the scope of October 2022, not of June 2020
    assert set(program_group("children_in_care")) == {"orphan", "de_facto_child"}
    assert {"orphan", "de_facto_child"} <= set(price_month(date(2022, 10, 1)).programs)
    assert not {"orphan", "de_facto_child"} & set(price_month(date(2020, 6, 1)).programs)
    assert orphan.pk not in _rows(date(2020, 6, 1))
    # and the child is paid the urban standard × the rise, like an urban 低保 member of the same month
    urban = price_month(date(2022, 10, 1)).rates[0][1]
    assert _rows(date(2022, 10, 1))[orphan.pk] == urban > 0


def _children_program_enrol(child, code: str, name: str) -> Enrollment:
    return Enrollment.objects.create(
        program=program_ensure(code=code, name=name),
        person=child,
        region=child.region,
        start_month=date(2020, 1, 1),
        members_count=1,
    )


def test_a_child_counted_by_a_dibao_household_and_enrolled_as_an_orphan_is_paid_once(personas, reference):
    """价格临时补贴联动机制: one person is counted once. Given an orphan living with the grandfather's urban 低保
    household (the child is an included member of its means test, in its 保障人数) and also paid 孤儿基本生活费,
    when October 2022 triggers (children in the scope since November 2021), then the child is paid once: on the
    household's line (2 persons), not again on the orphan line."""
    grandpa = given.person("符爷爷", birth=date(1955, 1, 1))
    child = given.person("符小宝", birth=date(2012, 3, 1))
    given.household(grandpa, (child, Relation.GRANDCHILD))
    dibao = given.enrolled(personas.town, personas.district, given.apply(personas.town, grandpa))
    dibao_enrollment = Enrollment.objects.get(pk=dibao.enrollment_id)
    assert dibao_enrollment.members_count == 2
    orphan = _children_program_enrol(child, "orphan", "孤儿基本生活费")
    cpi_set(actor=personas.city, month=date(2022, 10, 1), cpi_yoy="3.5", food_yoy="2.0", source="测试")
    rows = _rows(date(2022, 10, 1))
    urban = price_month(date(2022, 10, 1)).rates[0][1]
    assert rows == {dibao_enrollment.pk: urban * 2}
    assert orphan.pk not in rows
    # and the month's payroll has exactly one line, for 2 persons
    run = payroll_run_run_as_system(program="price_subsidy", month=date(2022, 10, 1))
    lines = Payment.objects.filter(run=run)
    assert [(line.enrollment_id, line.members_count) for line in lines] == [(dibao_enrollment.pk, 2)]


def test_a_child_on_two_childrens_programs_is_paid_on_the_earlier_one(personas, reference):
    child = given.person("林小妹", birth=date(2013, 5, 1))
    orphan = _children_program_enrol(child, "orphan", "孤儿基本生活费")
    de_facto = _children_program_enrol(child, "de_facto_child", "事实无人抚养儿童基本生活补贴")
    cpi_set(actor=personas.city, month=date(2022, 10, 1), cpi_yoy="3.5", food_yoy="2.0", source="测试")
    rows = _rows(date(2022, 10, 1))
    assert orphan.pk in rows and de_facto.pk not in rows


def test_an_orphan_outside_any_dibao_household_is_still_paid_and_a_stopped_household_no_longer_counts_them(
    personas, reference
):
    # given the orphan of a 低保 household whose 低保 ended in September 2022
    grandpa = given.person("符爷爷", birth=date(1955, 1, 1))
    child = given.person("符小宝", birth=date(2012, 3, 1))
    given.household(grandpa, (child, Relation.GRANDCHILD))
    dibao = given.enrolled(personas.town, personas.district, given.apply(personas.town, grandpa))
    Enrollment.objects.filter(pk=dibao.enrollment_id).update(end_month=date(2022, 9, 1), status="stopped")
    orphan = _children_program_enrol(child, "orphan", "孤儿基本生活费")
    cpi_set(actor=personas.city, month=date(2022, 10, 1), cpi_yoy="3.5", food_yoy="2.0", source="测试")
    # then in October the orphan line pays the child (nobody else counts them)
    assert set(_rows(date(2022, 10, 1))) == {orphan.pk}
