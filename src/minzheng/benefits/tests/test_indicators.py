"""indicators: amounts paid by program, region and period."""

from __future__ import annotations

from datetime import date

from minzheng.benefits import indicators, services
from minzheng.benefits.tests import given
from minzheng.core.models import Region


def _approve(personas, month: date, program: str = "dibao_urban"):  # noqa: ANN001, ANN202
    run = services.payroll_run_run(actor=personas.city, program=program, month=month)
    reviewers = [personas.district, personas.other_district]
    for reviewer in reviewers:
        if run.status == "draft":
            services.payroll_run_review(actor=reviewer, run=run)
            run.refresh_from_db()
    return services.payroll_run_approve(actor=given.second_city_manager(), run=run)


def test_amounts_paid_by_program_region_and_period(personas):
    # given two households in 秀英 and one in 美兰, paid Jan and Feb; March computed but not approved
    given.enrolled(name="甲", amount_fen=61_000, members=3)
    given.enrolled(name="乙", amount_fen=30_000, members=1)
    given.enrolled(name="丙", amount_fen=50_000, members=2, grid=given.grid_in_other_district())
    given.enrolled(name="丁", program="dibao_rural", amount_fen=53_000)
    for month in (date(2021, 1, 1), date(2021, 2, 1)):
        _approve(personas, month)
    _approve(personas, date(2021, 1, 1), program="dibao_rural")
    services.payroll_run_run(actor=personas.city, program="dibao_urban", month=date(2021, 3, 1))
    city, xiuying = Region.objects.get(code="460100"), Region.objects.get(code="460105")
    period = {"start": date(2021, 1, 1), "end": date(2021, 12, 31)}
    # then only approved months count, by program, region and period
    assert indicators.amount_paid(program="dibao_urban", region=city, **period) == 2 * 141_000
    assert indicators.amount_paid(program="dibao_urban", region=xiuying, **period) == 2 * 91_000
    assert indicators.amount_paid(program=None, region=city, **period) == 2 * 141_000 + 53_000
    assert (
        indicators.amount_paid(
            program="dibao_urban", region=city, start=date(2021, 2, 1), end=date(2021, 2, 1)
        )
        == 141_000
    )
    assert indicators.enrollments_paid(program="dibao_urban", region=city, **period) == 3
    assert indicators.payees_paid(program="dibao_urban", region=city, **period) == 3
    assert indicators.persons_paid(program="dibao_urban", region=city, **period) == 6
    assert indicators.person_times_paid(program="dibao_urban", region=city, **period) == 12
    assert indicators.lines_paid(program="dibao_urban", region=city, **period) == 6
    by_district = dict(
        (r.code, v) for r, v in indicators.amount_paid_by_region(program="dibao_urban", region=city, **period)
    )
    assert (
        by_district["460105"] == 182_000 and by_district["460108"] == 100_000 and by_district["460106"] == 0
    )
    assert indicators.amount_paid_by_month(program="dibao_urban", region=city, **period) == [
        (date(2021, 1, 1), 141_000),
        (date(2021, 2, 1), 141_000),
    ]
    by_program = {p.code: v for p, v in indicators.amount_paid_by_program(region=city, **period)}
    assert by_program["dibao_rural"] == 53_000 and by_program["tekun"] == 0
