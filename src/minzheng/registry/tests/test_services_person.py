"""person_create / person_update / person_move_house / person_set_status / person_reveal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.models import AuditEntry, Region
from minzheng.core.scope import OutOfScopeError
from minzheng.core.testing import GRID_A, GRID_B
from minzheng.registry import services
from minzheng.registry.models import Membership, Person
from minzheng.registry.services import RegistryError
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def grid(code=GRID_A):
    return Region.objects.get(code=code)


def test_create_derives_gender_birth_and_search_keys(personas):
    # when a grid worker registers 张三丰 with an ID number only
    person = services.person_create(
        actor=personas.grid_a, id_number=given.id_number(seq=11), name=" 张三丰 ", region=grid()
    )
    # then gender, birth date, initials and reversed ID come from the ID and the name
    assert (person.gender, person.birth_date) == ("M", date(1990, 1, 1))
    assert person.name == "张三丰" and person.name_initials == "zsf"
    assert person.id_reversed == person.id_number[::-1]
    # and the creation is audited with the acting user
    assert AuditEntry.objects.filter(action="create", object_type="registry.person", object_id=str(person.pk))


def test_gender_mismatch_is_rejected_naming_the_field(personas):
    with pytest.raises(RegistryError) as err:
        services.person_create(
            actor=personas.grid_a, id_number=given.id_number(seq=11), name="张三", gender="F", region=grid()
        )
    assert err.value.field == "gender" and "性别" in err.value.message


def test_birth_date_mismatch_is_rejected_naming_the_field(personas):
    with pytest.raises(RegistryError) as err:
        services.person_create(
            actor=personas.grid_a,
            id_number=given.id_number(seq=11),
            name="张三",
            birth_date=date(1990, 1, 2),
            region=grid(),
        )
    assert err.value.field == "birth_date" and "出生日期" in err.value.message


def test_invalid_id_number_is_rejected_with_the_reason(personas):
    bad = given.id_number()[:17] + ("1" if given.id_number()[17] != "1" else "2")
    with pytest.raises(RegistryError) as err:
        services.person_create(actor=personas.grid_a, id_number=bad, name="张三", region=grid())
    assert err.value.field == "id_number" and "校验码" in err.value.message


def test_an_id_number_is_registered_once(personas):
    given.person(personas.grid_a)
    with pytest.raises(RegistryError) as err:
        given.person(personas.grid_b, grid=GRID_B)
    assert err.value.field == "id_number" and "已登记" in err.value.message


def test_region_outside_the_scope_is_refused(personas):
    with pytest.raises(RegistryError) as err:
        given.person(personas.grid_b, grid=GRID_A)
    assert err.value.field == "region" and "不在您的管辖范围内" in err.value.message


def test_management_region_must_be_a_grid_or_community(personas):
    with pytest.raises(RegistryError) as err:
        services.person_create(
            actor=personas.town,
            id_number=given.id_number(),
            name="张三",
            region=Region.objects.get(code="460105001"),
        )
    assert err.value.field == "region"


def test_a_house_decides_the_grid(personas):
    home = given.house(personas.town, grid=GRID_B)
    person = given.person(personas.town, home=home)
    assert person.region.code == GRID_B


def test_roles_without_edit_right_cannot_write(personas):
    with pytest.raises(PermissionDenied):
        given.person(personas.auditor)


def test_update_changes_name_and_initials_and_is_audited(personas):
    person = given.person(personas.grid_a, name="张三")
    services.person_update(actor=personas.grid_a, person=person, name="张三丰", phone="0898-66668888")
    person.refresh_from_db()
    assert (person.name, person.name_initials, person.phone) == ("张三丰", "zsf", "0898-66668888")
    entry = AuditEntry.objects.filter(action="update", object_id=str(person.pk)).latest("seq")
    assert entry.after["name"] == "张三丰" and entry.before["name"] == "张三"


def test_update_of_a_new_id_number_re_derives_the_facts(personas):
    person = given.person(personas.grid_a)
    new = given.id_number(birth=date(1985, 6, 7), seq=22)
    services.person_update(actor=personas.grid_a, person=person, id_number=new)
    person.refresh_from_db()
    assert (person.birth_date, person.gender, person.id_reversed) == (date(1985, 6, 7), "F", new[::-1])


def test_update_rejects_a_contradicting_birth_date(personas):
    person = given.person(personas.grid_a)
    with pytest.raises(RegistryError) as err:
        services.person_update(actor=personas.grid_a, person=person, birth_date=date(1991, 1, 1))
    assert err.value.field == "birth_date"


def test_update_rejects_a_bad_phone(personas):
    person = given.person(personas.grid_a)
    with pytest.raises(RegistryError) as err:
        services.person_update(actor=personas.grid_a, person=person, phone="电话")
    assert err.value.field == "phone"


def test_grid_b_cannot_change_a_person_of_grid_a(personas):
    person = given.person(personas.grid_a)
    with pytest.raises(OutOfScopeError):
        services.person_update(actor=personas.grid_b, person=person, name="王五")
    person.refresh_from_db()
    assert person.name == "张三丰"


def test_derived_fields_cannot_be_set(personas):
    person = given.person(personas.grid_a)
    with pytest.raises(RegistryError) as err:
        services.person_update(actor=personas.grid_a, person=person, status="deceased")
    assert err.value.field == "status"


def test_moving_house_moves_the_management_grid(personas):
    # given a person in grid A; when the town worker moves them into a house in grid B
    person = given.person(personas.town)
    home = given.house(personas.town, code="H-B-1", grid=GRID_B)
    services.person_move_house(actor=personas.town, person=person, house=home)
    person.refresh_from_db()
    # then grid B manages them, and grid A no longer sees them
    assert person.region.code == GRID_B and person.residence_house == home
    assert not Person.objects.visible_to(personas.grid_a).filter(pk=person.pk).exists()


def test_grid_worker_cannot_move_a_person_out_of_reach(personas):
    person = given.person(personas.grid_a)
    home = given.house(personas.town, code="H-B-1", grid=GRID_B)
    with pytest.raises(RegistryError) as err:
        services.person_move_house(actor=personas.grid_a, person=person, house=home)
    assert err.value.field == "residence_house"


def test_death_is_recorded_with_history_and_ends_the_membership(personas):
    # given a person who heads a household
    head = given.person(personas.grid_a)
    hh = given.household(personas.grid_a, head=head)
    # when the death is recorded
    services.person_set_status(
        actor=personas.grid_a, person=head, status="deceased", date=date(2022, 5, 1), reason="医院死亡证明"
    )
    head.refresh_from_db()
    hh.refresh_from_db()
    # then status, date and reason are kept, the membership ended and the household has no head
    assert (head.status, head.status_date) == ("deceased", date(2022, 5, 1))
    change = head.status_changes.get()
    assert (change.status_from, change.status_to, change.reason) == ("normal", "deceased", "医院死亡证明")
    membership = Membership.objects.get(person=head)
    assert (membership.end_date, membership.end_reason) == (date(2022, 5, 1), "死亡")
    assert hh.head is None


def test_status_date_cannot_be_in_the_future(personas):
    person = given.person(personas.grid_a)
    with pytest.raises(RegistryError) as err:
        services.person_set_status(
            actor=personas.grid_a,
            person=person,
            status="moved_out",
            date=date.today() + timedelta(days=3),
            reason="迁往外省",
        )
    assert err.value.field == "date"


def test_merged_is_not_a_status_to_set_by_hand(personas):
    person = given.person(personas.grid_a)
    with pytest.raises(RegistryError) as err:
        services.person_set_status(
            actor=personas.grid_a, person=person, status="merged", date=date(2022, 1, 1), reason="x"
        )
    assert err.value.field == "status"


def test_reveal_needs_the_right_and_is_audited(personas):
    person = given.person(personas.grid_a)
    with pytest.raises(PermissionDenied):
        services.person_reveal(actor=personas.grid_a, person=person, field="id_number")
    assert services.person_reveal(actor=personas.town, person=person, field="id_number") == person.id_number
    entry = AuditEntry.objects.filter(action="reveal", object_id=str(person.pk)).get()
    assert entry.actor == personas.town and "身份证" in entry.detail


def test_reveal_is_scoped(personas):
    person = given.person(personas.grid_a)
    with pytest.raises(OutOfScopeError):
        services.person_reveal(actor=personas.other_district, person=person, field="phone")


def test_a_death_runs_the_registered_death_hooks_and_other_statuses_do_not(personas):
    """registry.life_events: the layers above (the ledger) act on a death through a hook, in the same
    transaction; moving out and a return to 正常 call no hook."""
    from minzheng.registry.life_events import death_hook_register, death_hook_unregister

    calls = []
    death_hook_register(
        "test_record", lambda death: calls.append((death.person.pk, death.died_on, death.actor))
    )
    try:
        moved = given.person(personas.grid_a, seq=21)
        services.person_set_status(
            actor=personas.grid_a, person=moved, status="moved_out", date=date(2023, 1, 5), reason="迁出"
        )
        dead = given.person(personas.grid_a, seq=23)
        services.person_set_status(
            actor=personas.grid_a, person=dead, status="deceased", date=date(2023, 2, 3), reason="死亡证明"
        )
    finally:
        death_hook_unregister("test_record")
    assert calls == [(dead.pk, date(2023, 2, 3), personas.grid_a)]
