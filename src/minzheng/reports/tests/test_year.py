"""Done when (issue 7): on a dataset seeded for 2020 through every domain's own seed step and the
synthetic year, every computed figure of the annual report equals an independent SQL count over the raw
records; the figures the synthetic year promises equal the seed's × scale; and when records change, the
figures change."""

from datetime import UTC, date, datetime

import pytest
from django.apps import apps

from minzheng.core.models import Region
from minzheng.core.seeding import seed_run
from minzheng.core.testing import DISTRICT, GRID_A, TOWN
from minzheng.reports.annual import annual_report_build, render_markdown
from minzheng.reports.crosscheck import CROSSCHECK, crosscheck_value
from minzheng.reports.figures import (
    APPROACHED,
    FIGURES,
    REPRODUCED,
    approached_within,
    figure_format,
    seed_target,
)
from minzheng.reports.registry import indicator_exists
from minzheng.reports.tests import given
from minzheng.reports.tests.conftest import seed_cache_recorded

pytestmark = pytest.mark.django_db
SCALE = 0.001


@pytest.fixture(scope="module")
def personas(module_personas):
    return module_personas


@pytest.fixture(scope="module")
def year_seeded(personas):
    """Haikou seeded for 2020 at 1/1000 of its size, every domain's step and the synthetic year: once for the
    module (conftest's ``module_db``; each test runs in a savepoint of it)."""
    with seed_cache_recorded():
        seed_run(scale=SCALE, random_seed=2020, year=2020, echo=lambda line: None)


def _figures(region: Region) -> dict:
    return {r.figure.key: r for r in annual_report_build(year=2020, region=region).figures}


@pytest.mark.slow
def test_a_seeded_year_is_computed_from_its_records(year_seeded):
    # given Haikou seeded for 2020 at 1/1000 of its size, every domain's step and the synthetic year
    city = Region.objects.get(parent__isnull=True)
    for region in (city, *Region.objects.filter(code__in=(DISTRICT, TOWN, GRID_A)).order_by("code")):
        figures = _figures(region)
        computed = [r for r in figures.values() if r.computed]
        assert len(computed) >= 20
        # then every computed figure equals the independent SQL over the raw tables
        for r in computed:
            assert r.figure.indicator in CROSSCHECK, f"{r.figure.indicator} 没有独立核对SQL"
            expected = crosscheck_value(r.figure.indicator, region=region, start=r.start, end=r.end)
            assert r.value == expected, f"{r.figure.key}: 报告 {r.value}，独立SQL {expected}"
    # and the figures the synthetic year reproduces are the seed's × scale, written as the seed writes them
    figures = _figures(city)
    text = render_markdown(annual_report_build(year=2020, region=city))
    for key in REPRODUCED:
        r = figures[key]
        if r.figure.indicator.split(".")[0] not in {"core", "registry"} and not apps.is_installed(
            "minzheng." + r.figure.indicator.split(".")[0]
        ):
            continue
        assert r.value == seed_target(key, SCALE), (
            f"{key}: {r.value} ≠ 种子×{SCALE} {seed_target(key, SCALE)}"
        )
        assert figure_format(r.figure, r.value) in text
    # and the money made through the rules (never overwritten) lands near the seed's × scale
    for key in APPROACHED:
        wanted = seed_target(key, SCALE)
        within = approached_within(SCALE)
        assert abs(figures[key].value - wanted) <= wanted * within, (
            f"{key}: {figures[key].value} 与种子×{SCALE} {wanted} 相差超过{within:%}"
        )


@pytest.mark.slow
def test_the_figures_follow_changed_records(personas, year_seeded):
    city = Region.objects.get(parent__isnull=True)
    before = _figures(city)
    # when a household of 秀英区 is newly enrolled in 农村低保 from January 2020 (its months already closed)
    from minzheng.benefits.models import Enrollment
    from minzheng.benefits.services import (
        enrollment_create,
        payroll_run_approve,
        payroll_run_review,
        payroll_run_run_as_system,
    )
    from minzheng.registry.models import Person

    enrolled = set(Enrollment.objects.values_list("person_id", flat=True))
    person = (
        Person.objects.exclude(pk__in=enrolled)
        .filter(status="normal", region__path__startswith=f"/460100/{DISTRICT}/")
        .order_by("pk")
        .first()
    )
    enrollment_create(
        actor=personas.city, program="dibao_rural", person=person, region=person.region,
        start_month=date(2020, 1, 1), amount_fen=50_000, members_count=3,
    )  # fmt: skip
    # and its January–November are paid by a 补发 run, reviewed by the district and approved by the city
    run = payroll_run_run_as_system(program="dibao_rural", month=date(2020, 12, 1), kind="arrears")
    payroll_run_review(actor=personas.district, run=run)
    payroll_run_approve(actor=personas.city, run=run)
    # and a grid event is reported in grid A and taken to 核查结案 in 2020
    given.event_closed(personas, at=datetime(2020, 6, 1, 9, 0, tzinfo=UTC))
    # and a house and a person are registered
    home = given.house(personas.grid_a, code="H-YEAR-1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home, birth=date(1931, 2, 3))
    after = _figures(city)
    # then the report's figures moved with them (the cache was invalidated, never served stale)
    assert after["dibao_rural_households"].value == before["dibao_rural_households"].value + 1
    assert after["dibao_rural_persons"].value == before["dibao_rural_persons"].value + 3
    assert after["dibao_rural_paid"].value == before["dibao_rural_paid"].value + 11 * 50_000
    assert after["events_handled"].value == before["events_handled"].value + 1
    assert after["persons_collected"].value == before["persons_collected"].value + 1
    assert after["houses_collected"].value == before["houses_collected"].value + 1
    # and they still equal the independent SQL
    for r in after.values():
        if r.computed:
            assert r.value == crosscheck_value(r.figure.indicator, region=city, start=r.start, end=r.end)


def test_every_computable_figure_has_an_independent_sql():
    # given the catalogue and the indicators the installed domains register
    computable = [f for f in FIGURES if f.indicator and indicator_exists(f.indicator)]
    assert len(computable) >= 20
    # then each has its own plain SQL in crosscheck.py, not the indicator's function
    for figure in computable:
        assert figure.indicator in CROSSCHECK, f"{figure.key}（{figure.indicator}）没有独立核对SQL"
        sql, _ = CROSSCHECK[figure.indicator]
        assert sql.lstrip().upper().startswith("SELECT"), figure.indicator
