"""house_create / house_update."""

from decimal import Decimal

import pytest

from minzheng.core.models import AuditEntry, Region
from minzheng.core.scope import OutOfScopeError
from minzheng.core.testing import GRID_A, GRID_B
from minzheng.registry import services
from minzheng.registry.services import RegistryError
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def test_create_a_house_in_the_own_grid(personas):
    house = services.house_create(
        actor=personas.grid_a,
        code="h-1",
        address="秀华路1号",
        grid=Region.objects.get(code=GRID_A),
        house_type="bungalow",
        use="rented",
        area="85.5",
    )
    assert (house.code, house.area, house.get_use_display()) == ("H-1", Decimal("85.50"), "出租")


def test_house_needs_a_grid_in_scope(personas):
    with pytest.raises(RegistryError) as err:
        given.house(personas.grid_b, grid=GRID_A)
    assert err.value.field == "grid"
    with pytest.raises(RegistryError) as err:
        services.house_create(
            actor=personas.town, code="X", address="某路", grid=Region.objects.get(code="460105001001")
        )
    assert err.value.field == "grid" and "网格" in err.value.message


def test_bad_choices_and_area_name_the_field(personas):
    grid = Region.objects.get(code=GRID_A)
    with pytest.raises(RegistryError) as err:
        services.house_create(actor=personas.grid_a, code="X", address="某路", grid=grid, use="palace")
    assert err.value.field == "use"
    with pytest.raises(RegistryError) as err:
        services.house_create(actor=personas.grid_a, code="X", address="某路", grid=grid, area="大")
    assert err.value.field == "area"


def test_moving_a_house_to_another_grid_moves_its_occupants(personas):
    # given a house in grid A with one occupant
    house = given.house(personas.town)
    person = given.person(personas.town, home=house)
    # when the town worker corrects its grid to grid B
    services.house_update(actor=personas.town, house=house, grid=Region.objects.get(code=GRID_B))
    person.refresh_from_db()
    # then the occupant is managed by grid B, and one audit entry says so
    assert person.region.code == GRID_B
    assert AuditEntry.objects.filter(
        action="bulk", object_type="registry.house", object_id=str(house.pk)
    ).exists()


def test_grid_b_cannot_change_a_house_of_grid_a(personas):
    house = given.house(personas.grid_a)
    with pytest.raises(OutOfScopeError):
        services.house_update(actor=personas.grid_b, house=house, address="改")
