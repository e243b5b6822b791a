"""household_create / household_add_member / household_remove_member / household_set_head / household_update."""

from datetime import date

import pytest

from minzheng.core.models import Region
from minzheng.core.scope import OutOfScopeError
from minzheng.core.testing import GRID_B
from minzheng.registry import services
from minzheng.registry.models import Membership, Relation
from minzheng.registry.services import RegistryError
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(personas):
    town = personas.town
    head = given.person(town, name="张大山", seq=11)
    child = given.person(town, name="张小山", birth=date(2015, 3, 3), seq=13)
    hh = given.household(town, head=head)
    given.member(town, hh, child)
    return head, child, hh


def test_the_head_joins_as_head(family):
    head, _, hh = family
    assert hh.head == head
    assert Membership.objects.get(person=head).relation == Relation.HEAD


def test_household_number_is_unique(personas, family):
    with pytest.raises(RegistryError) as err:
        given.household(personas.town, number="HH-A-001")
    assert err.value.field == "number"


def test_a_person_in_another_household_is_refused_without_move(personas, family):
    # given 张小山 in household 1
    _, child, _ = family
    other = given.household(personas.town, number="HH-A-002")
    # when added to household 2 without asking for a move
    with pytest.raises(RegistryError) as err:
        given.member(personas.town, other, child)
    # then it is refused, naming the household they are in, and nothing changed
    assert err.value.field == "person" and "HH-A-001" in err.value.message
    assert Membership.objects.filter(person=child, end_date__isnull=True).get().household.number == "HH-A-001"


def test_a_move_closes_the_old_membership_and_keeps_history(personas, family):
    _, child, _ = family
    other = given.household(personas.town, number="HH-A-002")
    services.household_add_member(
        actor=personas.town,
        household=other,
        person=child,
        relation=Relation.OTHER_RELATIVE,
        start_date=date(2023, 4, 1),
        move=True,
    )
    rows = list(Membership.objects.filter(person=child).order_by("start_date"))
    assert [(m.household.number, m.end_date) for m in rows] == [
        ("HH-A-001", date(2023, 4, 1)),
        ("HH-A-002", None),
    ]
    assert rows[0].end_reason == "迁入户号HH-A-002"


def test_a_head_with_members_cannot_move_away(personas, family):
    head, _, _ = family
    other = given.household(personas.town, number="HH-A-002")
    with pytest.raises(RegistryError) as err:
        given.member(personas.town, other, head, move=True)
    assert "户主" in err.value.message


def test_one_open_membership_per_person_is_enforced_by_the_database(personas, family):
    from django.db import IntegrityError, transaction

    _, child, _ = family
    other = given.household(personas.town, number="HH-A-002")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(household=other, person=child, relation="20", start_date=date(2022, 1, 1))


def test_a_second_head_is_refused(personas, family):
    _, _, hh = family
    newcomer = given.person(personas.town, name="王五", seq=21)
    with pytest.raises(RegistryError) as err:
        given.member(personas.town, hh, newcomer, relation=Relation.HEAD)
    assert err.value.field == "relation"


def test_remove_member_closes_with_date_and_reason(personas, family):
    _, child, hh = family
    services.household_remove_member(
        actor=personas.town, household=hh, person=child, end_date=date(2024, 1, 2), reason="分户"
    )
    membership = Membership.objects.get(person=child)
    assert (membership.end_date, membership.end_reason) == (date(2024, 1, 2), "分户")


def test_the_head_cannot_leave_members_behind(personas, family):
    head, _, hh = family
    with pytest.raises(RegistryError):
        services.household_remove_member(
            actor=personas.town, household=hh, person=head, end_date=date(2024, 1, 2), reason="x"
        )


def test_set_head_swaps_relations(personas, family):
    head, child, hh = family
    services.household_set_head(
        actor=personas.town, household=hh, person=child, old_head_relation=Relation.PARENT
    )
    hh.refresh_from_db()
    assert hh.head == child
    assert Membership.objects.get(person=child).relation == Relation.HEAD
    assert Membership.objects.get(person=head).relation == Relation.PARENT


def test_set_head_needs_a_current_member(personas, family):
    _, _, hh = family
    outsider = given.person(personas.town, name="王五", seq=21)
    with pytest.raises(RegistryError):
        services.household_set_head(actor=personas.town, household=hh, person=outsider)


def test_grid_b_cannot_reach_a_household_of_grid_a(personas, family):
    _, _, hh = family
    stranger = given.person(personas.grid_b, name="王五", seq=21, grid=GRID_B)
    with pytest.raises(OutOfScopeError):
        given.member(personas.grid_b, hh, stranger)
    with pytest.raises(OutOfScopeError):
        services.household_update(actor=personas.grid_b, household=hh, address="改")


def test_update_corrects_address_and_kind(personas, family):
    _, _, hh = family
    services.household_update(actor=personas.town, household=hh, address="秀华路2号", kind="rural")
    hh.refresh_from_db()
    assert (hh.address, hh.kind) == ("秀华路2号", "rural")


def test_start_date_before_birth_is_refused(personas, family):
    _, _, hh = family
    baby = given.person(personas.town, name="王小", birth=date(2022, 6, 1), seq=31)
    with pytest.raises(RegistryError) as err:
        services.household_add_member(
            actor=personas.town,
            household=hh,
            person=baby,
            relation=Relation.SON,
            start_date=date(2022, 1, 1),
        )
    assert err.value.field == "start_date"


def test_household_region_must_be_in_scope(personas):
    with pytest.raises(RegistryError) as err:
        services.household_create(
            actor=personas.grid_b,
            number="X1",
            kind="urban",
            hukou_region=Region.objects.get(code="460105001001"),
            region=Region.objects.get(code="460105001001001"),
        )
    assert err.value.field == "region"
