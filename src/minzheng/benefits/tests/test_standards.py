"""services.standard_create and selectors.standard_amount."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.benefits import services
from minzheng.benefits.errors import BenefitsError, StandardMissingError
from minzheng.benefits.models import Standard
from minzheng.core.models import AuditEntry, Region


def _city() -> Region:
    return Region.objects.get(code="460100")


def _district(code: str = "460105") -> Region:
    return Region.objects.get(code=code)


def test_a_new_standard_closes_the_previous_one(personas):
    # given the 2020 urban standard
    first = services.standard_create(
        actor=personas.city, program="dibao_urban", region=_city(), effective_from=date(2020, 1, 1),
        amount_fen=61_000, is_demo=True,
    )  # fmt: skip
    # when the raise from July 2021 is entered
    services.standard_create(
        actor=personas.city, program="dibao_urban", region=_city(), effective_from=date(2021, 7, 1),
        amount_fen=65_000, source="海府〔2021〕X号",
    )  # fmt: skip
    # then the 2020 standard ends on 30 June 2021 and each date has its amount
    first.refresh_from_db()
    assert first.effective_to == date(2021, 6, 30)
    grid = Region.objects.get(code="460105001001001")
    assert services.standard_amount(program="dibao_urban", region=grid, on=date(2021, 6, 30)) == 61_000
    assert services.standard_amount(program="dibao_urban", region=grid, on=date(2021, 7, 1)) == 65_000
    # and both changes are in the audit log
    assert AuditEntry.objects.filter(
        object_type="benefits.standard", action="update", object_id=str(first.pk)
    ).exists()
    assert first.is_demo and first.source.startswith("演示数据")


def test_the_most_specific_region_wins(personas):
    services.standard_create(
        actor=personas.city, program="tekun", region=_city(), category="full_care",
        effective_from=date(2020, 1, 1), amount_fen=60_000, is_demo=True,
    )  # fmt: skip
    services.standard_create(
        actor=personas.city, program="tekun", region=_district(), category="full_care",
        effective_from=date(2020, 1, 1), amount_fen=66_000, is_demo=True,
    )  # fmt: skip
    in_xiuying = Region.objects.get(code="460105001001001")
    in_meilan = Region.objects.filter(code__startswith="460108", level="grid").first()
    assert (
        services.standard_amount(
            program="tekun", region=in_xiuying, on=date(2021, 1, 1), category="full_care"
        )
        == 66_000
    )
    assert (
        services.standard_amount(program="tekun", region=in_meilan, on=date(2021, 1, 1), category="full_care")
        == 60_000
    )


def test_overlapping_and_missing_standards_are_refused(personas):
    services.standard_create(
        actor=personas.city, program="dibao_rural", region=_city(), effective_from=date(2021, 7, 1),
        amount_fen=57_000, is_demo=True,
    )  # fmt: skip
    with pytest.raises(BenefitsError, match="与已有标准重叠"):
        services.standard_create(
            actor=personas.city, program="dibao_rural", region=_city(), effective_from=date(2021, 1, 1),
            amount_fen=53_000, is_demo=True,
        )  # fmt: skip
    with pytest.raises(StandardMissingError, match="农村低保.*2021-01-01"):
        services.standard_amount(program="dibao_rural", region=_city(), on=date(2021, 1, 1))


def test_only_the_city_manager_edits_standards(personas):
    with pytest.raises(PermissionDenied, match="维护保障标准"):
        services.standard_create(
            actor=personas.district, program="dibao_urban", region=_district(), effective_from=date(2021, 1, 1),
            amount_fen=1, is_demo=True,
        )  # fmt: skip
    with pytest.raises(BenefitsError, match="按市或区制定"):
        services.standard_create(
            actor=personas.city, program="dibao_urban", region=Region.objects.get(code="460105001"),
            effective_from=date(2021, 1, 1), amount_fen=1, is_demo=True,
        )  # fmt: skip
    with pytest.raises(BenefitsError, match="依据"):
        services.standard_create(
            actor=personas.city,
            program="dibao_urban",
            region=_city(),
            effective_from=date(2021, 1, 1),
            amount_fen=1,
        )
    assert not Standard.objects.exists()


def test_demo_standards_load_once(personas):
    from minzheng.benefits.seeding import standards_demo_load

    assert standards_demo_load() == 7
    assert standards_demo_load() == 0
    grid = Region.objects.get(code="460105001001001")
    assert services.standard_amount(program="dibao_urban", region=grid, on=date(2020, 5, 1)) == 61_000
    assert services.standard_amount(program="dibao_urban", region=grid, on=date(2021, 7, 1)) == 65_000
    assert services.standard_amount(program="dibao_rural", region=grid, on=date(2021, 6, 1)) == 53_000
    assert services.standard_amount(program="dibao_rural", region=grid, on=date(2021, 7, 1)) == 57_000
    assert (
        services.standard_amount(program="tekun", region=grid, on=date(2021, 7, 1), category="partial_care")
        == 30_000
    )
    assert set(Standard.objects.values_list("is_demo", flat=True)) == {True}
