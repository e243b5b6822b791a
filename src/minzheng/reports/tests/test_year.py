"""Done when (issue 7): on a dataset seeded for 2020 through every domain's own seed step and the
synthetic year, every computed figure of the annual report equals an independent SQL count over the raw
records; the figures the synthetic year promises equal the seed's × scale; and when records change, the
figures change."""

from datetime import date

import pytest
from django.apps import apps

from minzheng.core.models import Region
from minzheng.core.seeding import seed_run
from minzheng.core.testing import DISTRICT, GRID_A
from minzheng.reports.annual import annual_report_build, render_markdown
from minzheng.reports.crosscheck import CROSSCHECK, crosscheck_value
from minzheng.reports.figures import figure_format
from minzheng.reports.synthetic_year import REPRODUCED, target
from minzheng.reports.tests import given

pytestmark = pytest.mark.django_db
SCALE = 0.001


def _figures(region: Region) -> dict:
    return {r.figure.key: r for r in annual_report_build(year=2020, region=region).figures}


def test_a_seeded_year_is_computed_from_its_records(personas):
    # given Haikou seeded for 2020 at 1/1000 of its size, every domain's step and the synthetic year
    seed_run(scale=SCALE, random_seed=2020, year=2020, echo=lambda line: None)
    city = Region.objects.get(parent__isnull=True)
    for region in (city, Region.objects.get(code=DISTRICT)):
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
        assert r.value == target(key, SCALE), f"{key}: {r.value} ≠ 种子×{SCALE} {target(key, SCALE)}"
        assert figure_format(r.figure, r.value) in text


def test_the_figures_follow_changed_records(personas):
    seed_run(scale=SCALE, random_seed=2021, year=2020, echo=lambda line: None)
    city = Region.objects.get(parent__isnull=True)
    before = _figures(city)
    # when a household is newly enrolled in 农村低保 from January, and a house and a person are registered
    from minzheng.benefits.services import enrollment_create
    from minzheng.registry.models import Person

    enrolled = set(apps.get_model("benefits", "Enrollment").objects.values_list("person_id", flat=True))
    person = Person.objects.exclude(pk__in=enrolled).filter(status="normal").order_by("pk").first()
    enrollment_create(
        actor=personas.city, program="dibao_rural", person=person, region=person.region,
        start_month=date(2020, 1, 1), amount_fen=50_000, members_count=3,
    )  # fmt: skip
    home = given.house(personas.grid_a, code="H-YEAR-1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home, birth=date(1931, 2, 3))
    after = _figures(city)
    # then the report's figures moved with them
    assert after["dibao_rural_households"].value == before["dibao_rural_households"].value + 1
    assert after["dibao_rural_persons"].value == before["dibao_rural_persons"].value + 3
    assert after["persons_collected"].value == before["persons_collected"].value + 1
    assert after["houses_collected"].value == before["houses_collected"].value + 1
