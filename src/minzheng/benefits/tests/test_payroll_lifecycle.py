"""services.payroll: review by districts, approval (maker-checker), frozen months, 补发 runs, sources."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.benefits import services
from minzheng.benefits.errors import BenefitsError, MonthClosedError
from minzheng.benefits.models import Payment, PayrollRun
from minzheng.benefits.payroll import payroll_source_get, payroll_source_unregister
from minzheng.benefits.selectors import payroll_run_comparison, payroll_run_district_totals
from minzheng.benefits.tests import given
from minzheng.core.models import AuditEntry

MARCH, APRIL = date(2021, 3, 1), date(2021, 4, 1)


def _approved(personas, month: date = MARCH, program: str = "dibao_urban") -> PayrollRun:  # noqa: ANN001
    run = services.payroll_run_run(actor=personas.city, program=program, month=month)
    given.through_review(run, [personas.district])
    return services.payroll_run_approve(actor=given.second_city_manager(), run=run)


def test_each_district_with_lines_signs_off_before_the_run_is_reviewed(personas):
    # given lines in two districts
    given.enrolled(name="秀英甲")
    given.enrolled(name="美兰乙", grid=given.grid_in_other_district())
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    # when the first district signs off
    review = services.payroll_run_review(actor=personas.district, run=run, comment="已核对")
    run.refresh_from_db()
    # then its totals are recorded and the run waits for the other district
    assert (review.payees, review.amount_fen) == (1, 61_000)
    assert run.status == PayrollRun.Status.DRAFT
    with pytest.raises(BenefitsError, match="已复核过"):
        services.payroll_run_review(actor=personas.district, run=run)
    # and when the second signs, the run is reviewed
    services.payroll_run_review(actor=personas.other_district, run=run)
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.REVIEWED and run.reviewed_by == personas.other_district
    rows = {row.district.code: row for row in payroll_run_district_totals(run=run, user=None)}
    assert rows["460105"].lines == rows["460108"].lines == 1 and rows["460106"].lines == 0


def test_maker_checker(personas):
    # given a run made by the city manager and reviewed
    given.enrolled()
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    with pytest.raises(BenefitsError, match="审批（须先经区局复核）"):
        services.payroll_run_approve(actor=given.second_city_manager(), run=run)
    with pytest.raises(PermissionDenied, match="复核本区工资单"):
        services.payroll_run_review(actor=personas.city, run=run)
    given.through_review(run, [personas.district])
    # then the maker cannot approve it, a district reviewer cannot either, another city manager can
    with pytest.raises(BenefitsError, match="审批人不能是制表人本人"):
        services.payroll_run_approve(actor=personas.city, run=run)
    with pytest.raises(PermissionDenied, match="审批工资单"):
        services.payroll_run_approve(actor=personas.district, run=run)
    approved = services.payroll_run_approve(actor=given.second_city_manager(), run=run)
    assert approved.status == PayrollRun.Status.APPROVED and approved.approved_by.username == "city2"
    assert AuditEntry.objects.filter(
        object_type="benefits.payrollrun", object_id=str(run.pk), action="update"
    ).exists()


def test_a_district_reviewer_cannot_review_a_run_they_made(personas):
    # given a run computed by the system on behalf of nobody, then one by a user who is also reviewer
    given.enrolled()
    run = services.payroll_run_run_as_system(program="dibao_urban", month=MARCH)
    PayrollRun.objects.filter(pk=run.pk).update(created_by=personas.district)
    with pytest.raises(BenefitsError, match="复核人不能是制表人本人"):
        services.payroll_run_review(actor=personas.district, run=run)


def test_a_stale_run_must_be_recomputed_before_review_and_approval(personas):
    given.enrolled()
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    given.through_review(run, [personas.district])
    # when an enrollment starts in the run's month after review
    given.enrolled(name="后来者")
    # then approval is refused until the run is recomputed (which sends it back for review)
    with pytest.raises(BenefitsError, match="请重新计算"):
        services.payroll_run_approve(actor=given.second_city_manager(), run=run)
    services.payroll_run_compute(actor=personas.city, run=run)
    run.refresh_from_db()
    assert (run.status, run.lines, run.reviews.count()) == (PayrollRun.Status.DRAFT, 2, 0)


def test_an_approved_month_is_frozen_and_closed(personas):
    # given an approved March
    enrollment = given.enrolled(amount_fen=61_000)
    run = _approved(personas)
    # then it is not recomputed, and nothing may change March or earlier
    with pytest.raises(BenefitsError, match="已审批，不能重新计算"):
        services.payroll_run_compute(actor=personas.city, run=run)
    again = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    assert again.pk == run.pk and again.status == PayrollRun.Status.APPROVED
    with pytest.raises(MonthClosedError, match="该月工资单已审批，不能追溯修改"):
        services.enrollment_change_amount(
            actor=None, enrollment=enrollment, from_month=MARCH, amount_fen=1, reason="追溯"
        )
    with pytest.raises(MonthClosedError):
        services.enrollment_stop(
            actor=None, enrollment=enrollment, last_month=date(2021, 2, 1), reason="追溯"
        )
    with pytest.raises(MonthClosedError):
        services.enrollment_suspend(actor=None, enrollment=enrollment, from_month=MARCH, reason="追溯")
    # but April may change, and March's lines stay as approved
    services.enrollment_change_amount(
        actor=None, enrollment=enrollment, from_month=APRIL, amount_fen=65_000, reason="标准调整"
    )
    services.enrollment_stop(actor=None, enrollment=enrollment, last_month=MARCH, reason="迁出")
    assert Payment.objects.get(run=run).amount_fen == 61_000


def test_months_are_approved_in_order(personas):
    given.enrolled()
    services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    april = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=APRIL)
    given.through_review(april, [personas.district])
    with pytest.raises(BenefitsError, match="按月份顺序审批"):
        services.payroll_run_approve(actor=given.second_city_manager(), run=april)


def test_a_mid_year_standard_change_affects_only_later_months(personas):
    # given the city's 2021 standards and a one-person household paid the standard
    services.standard_create(
        actor=personas.city, program="dibao_urban", region=personas.city.region,
        effective_from=date(2021, 1, 1), amount_fen=61_000, is_demo=True,
    )  # fmt: skip
    enrollment = given.enrolled(start=date(2021, 5, 1), amount_fen=61_000)
    june = _approved(personas, month=date(2021, 5, 1))
    june = _approved(personas, month=date(2021, 6, 1))
    # when the standard rises from July and the amount follows it from July
    services.standard_create(
        actor=personas.city, program="dibao_urban", region=personas.city.region,
        effective_from=date(2021, 7, 1), amount_fen=65_000, is_demo=True,
    )  # fmt: skip
    new = services.standard_amount(program="dibao_urban", region=enrollment.region, on=date(2021, 7, 1))
    services.enrollment_change_amount(
        actor=None, enrollment=enrollment, from_month=date(2021, 7, 1), amount_fen=new, reason="标准调整"
    )
    july = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=date(2021, 7, 1))
    # then July pays the new amount and June keeps the old one
    assert (
        services.standard_amount(program="dibao_urban", region=enrollment.region, on=date(2021, 6, 30))
        == 61_000
    )
    assert Payment.objects.get(run=july).amount_fen == 65_000
    assert Payment.objects.get(run=june).amount_fen == 61_000
    # and a standard reaching back into the approved June is refused
    with pytest.raises(MonthClosedError):
        services.standard_create(
            actor=personas.city, program="dibao_urban", region=personas.city.region,
            effective_from=date(2021, 6, 15), amount_fen=70_000, is_demo=True,
        )  # fmt: skip


def test_comparison_with_last_month(personas):
    # given February approved with three households
    same = given.enrolled(name="不变", start=date(2021, 2, 1))
    changed = given.enrolled(name="变化", start=date(2021, 2, 1), amount_fen=50_000)
    leaving = given.enrolled(name="停发", start=date(2021, 2, 1), amount_fen=40_000)
    _approved(personas, month=date(2021, 2, 1))
    # when in March one stops, one changes and one is new
    services.enrollment_stop(actor=None, enrollment=leaving, last_month=date(2021, 2, 1), reason="收入超标")
    services.enrollment_change_amount(
        actor=None, enrollment=changed, from_month=MARCH, amount_fen=52_500, reason="人口变化"
    )
    given.enrolled(name="新增", start=MARCH, amount_fen=30_000)
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    comparison = payroll_run_comparison(run=run, user=None)
    # then the comparison names them
    assert (comparison.new_lines, comparison.new_fen) == (1, 30_000)
    assert (comparison.stopped_lines, comparison.stopped_fen) == (1, 40_000)
    assert (comparison.changed_lines, comparison.changed_delta_fen) == (1, 2_500)
    assert comparison.previous_lines == 3
    assert comparison.new_rows[0]["person"].name == "新增"
    assert comparison.changed_rows[0]["previous_fen"] == 50_000
    assert same.pk not in {r["enrollment_id"] for r in comparison.changed_rows}
    # and a district user sees only their district's part
    assert payroll_run_comparison(run=run, user=personas.other_district).new_lines == 0


def test_arrears_pay_approved_months_once(personas):
    # given March approved, then someone enrolled from February (decided late)
    given.enrolled(name="按时", start=date(2021, 2, 1))
    _approved(personas, month=date(2021, 2, 1))
    _approved(personas, month=MARCH)
    late = given.enrolled(name="迟到", start=date(2021, 2, 1), amount_fen=50_000)
    # when a 补发 run is made in April
    arrears = services.payroll_run_create(
        actor=personas.city, program="dibao_urban", month=APRIL, kind="arrears"
    )
    services.payroll_run_compute(actor=personas.city, run=arrears)
    services.payroll_run_compute(actor=personas.city, run=arrears)
    arrears.refresh_from_db()
    # then it pays the late one's February and March, and nobody else
    lines = sorted((p.enrollment_id, p.month) for p in Payment.objects.filter(run=arrears))
    assert lines == [(late.pk, date(2021, 2, 1)), (late.pk, MARCH)]
    assert arrears.amount_fen == 100_000
    # and April's regular run pays April only
    april = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=APRIL)
    assert set(Payment.objects.filter(run=april).values_list("month", flat=True)) == {APRIL}
    assert Payment.objects.filter(enrollment=late, month=MARCH).count() == 1


def test_a_custom_source_pays_other_programs_enrollees(personas):
    # given 低保 enrollees and a price-subsidy source paying 20 元 per person covered
    a = given.enrolled(name="城甲", members=3)
    given.enrolled(name="城乙", members=1)

    def source(month: date) -> tuple[str, list]:
        return (
            "SELECT e.id AS enrollment_id, e.person_id AS person_id, e.region_id AS region_id, "
            "e.members_count * %s AS amount_fen FROM benefits_enrollment e "
            "JOIN benefits_program pr ON pr.id = e.program_id WHERE pr.code = %s AND e.start_month <= %s",
            [2_000, "dibao_urban", month],
        )

    previous = payroll_source_get("price_subsidy")  # assistance's real source, put back afterwards
    services.payroll_source_register("price_subsidy", source)
    try:
        # when the price subsidy is run for March, twice
        services.payroll_run_run(actor=personas.city, program="price_subsidy", month=MARCH)
        run = services.payroll_run_run(actor=personas.city, program="price_subsidy", month=MARCH)
        # then each enrollee is paid once, and the 低保 run of the month is untouched by it
        assert (run.lines, run.amount_fen, run.person_times) == (2, 8_000, 4)
        assert Payment.objects.get(run=run, enrollment=a).amount_fen == 6_000
        dibao = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
        assert (dibao.lines, dibao.amount_fen) == (2, 122_000)
    finally:
        payroll_source_unregister("price_subsidy")
        if previous is not None:
            services.payroll_source_register("price_subsidy", previous)
