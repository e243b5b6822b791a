"""A death recorded anywhere in the registry ends the person's benefits (issue 14): the registry's death hook
(``registry.life_events``) runs the ledger's one rule (``services.enrollments_end_on_death``) inside the status
change's transaction — from the person page, the funeral app's 死亡登记 (once, not twice) and a merge onto a dead
record."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng.benefits import services
from minzheng.benefits.models import Enrollment, Payment
from minzheng.benefits.tests import given
from minzheng.core.models import AuditEntry
from minzheng.core.testing import GRID_B, client_for
from minzheng.registry import services as registry_services
from minzheng.registry.duplicates import duplicates_detect
from minzheng.registry.life_events import death_hook_register, death_hooks
from minzheng.registry.models import DuplicateCandidate, Person, PersonStatusChange

pytestmark = pytest.mark.django_db
MARCH, APRIL = date(2021, 3, 1), date(2021, 4, 1)


def _paid(program: str, month: date) -> set[int]:
    run = services.payroll_run_run_as_system(program=program, month=month)
    return set(Payment.objects.filter(run=run).values_list("person_id", flat=True))


def _death_audits(enrollment: Enrollment) -> int:
    return AuditEntry.objects.filter(
        object_type="benefits.enrollment", object_id=str(enrollment.pk), detail__contains="死亡"
    ).count()


def test_the_ledger_registers_its_death_hook_at_start_up():
    assert "benefits" in death_hooks()


def test_marking_a_person_dead_on_the_registry_page_ends_their_enrollments(personas):
    # given a person of grid A on 城市低保 and 特困 from January 2021
    dibao = given.enrolled(program="dibao_urban", name="李三")
    who = dibao.person
    tekun = services.enrollment_create(
        actor=None, program="tekun", person=who, region=who.region, start_month=date(2021, 1, 1), amount_fen=90_000
    )  # fmt: skip
    # when the grid worker records 死亡 on 2021-03-20 on the person page
    response = client_for(personas.grid_a).post(
        f"/registry/persons/{who.pk}/status/",
        {"status": "deceased", "date": "2021-03-20", "reason": "死亡医学证明"},
    )
    assert response.status_code == 302
    who.refresh_from_db()
    assert who.status == Person.Status.DECEASED
    # then both enrollments end with March (the ledger's rule: the month of death is paid, nothing after)
    for enrollment in (dibao, tekun):
        enrollment.refresh_from_db()
        assert (enrollment.end_month, enrollment.status, enrollment.stop_reason) == (MARCH, "stopped", "死亡")
        # and the end is audited once, by the worker who recorded the death
        entry = AuditEntry.objects.get(
            object_type="benefits.enrollment", object_id=str(enrollment.pk), detail__contains="死亡"
        )
        assert entry.actor == personas.grid_a and "2021-03-20死亡" in entry.detail
    # and April's payroll has no line for them, March's still has
    assert who.pk in _paid("dibao_urban", MARCH)
    assert who.pk not in _paid("dibao_urban", APRIL)
    assert who.pk not in _paid("tekun", APRIL)


def test_a_person_without_enrollments_can_be_marked_dead(personas):
    who = given.person(name="孙六")
    response = client_for(personas.grid_a).post(
        f"/registry/persons/{who.pk}/status/", {"status": "deceased", "date": "2021-03-20", "reason": "死亡"}
    )
    assert response.status_code == 302
    who.refresh_from_db()
    assert who.status == Person.Status.DECEASED
    assert not Enrollment.objects.filter(person=who).exists()


def test_moving_out_does_not_end_benefits(personas):
    dibao = given.enrolled(name="吴七")
    registry_services.person_set_status(
        actor=personas.grid_a,
        person=dibao.person,
        status="moved_out",
        date=date(2021, 3, 5),
        reason="迁往外省",
    )
    dibao.refresh_from_db()
    assert dibao.end_month is None and dibao.status == "active"


def test_a_failing_hook_undoes_the_status_change(personas):
    # the hooks run inside the status change's transaction: all or nothing
    who = given.person(name="郑八")

    def refuse(death):
        raise RuntimeError("hook failed")

    death_hook_register("test_refuse", refuse)
    try:
        with pytest.raises(RuntimeError):
            registry_services.person_set_status(
                actor=personas.grid_a, person=who, status="deceased", date=date(2021, 3, 5), reason="死亡"
            )
    finally:
        from minzheng.registry.life_events import death_hook_unregister

        death_hook_unregister("test_refuse")
    who.refresh_from_db()
    assert who.status == Person.Status.NORMAL
    assert not PersonStatusChange.objects.filter(person=who).exists()


def test_the_funeral_death_registration_ends_the_enrollments_once(personas):
    from minzheng.funeral.tests import given as funeral_given

    # given a person on 城市低保
    dibao = given.enrolled(name="王九")
    # when the town registers the death through the funeral app (registry status change + the ledger rule)
    funeral_given.died(personas.town, dibao.person, on=date(2021, 3, 20))
    dibao.refresh_from_db()
    # then the enrollment ends with March, and is ended (and audited) once, not twice
    assert (dibao.end_month, dibao.stop_reason) == (MARCH, "死亡")
    assert _death_audits(dibao) == 1


def test_a_death_recorded_on_the_page_first_is_not_ended_again_by_the_funeral_registration(personas):
    from minzheng.funeral.tests import given as funeral_given

    dibao = given.enrolled(name="冯十")
    registry_services.person_set_status(
        actor=personas.grid_a,
        person=dibao.person,
        status="deceased",
        date=date(2021, 3, 20),
        reason="公安通报",
    )
    funeral_given.died(personas.town, dibao.person, on=date(2021, 3, 20))
    dibao.refresh_from_db()
    assert dibao.end_month == MARCH and _death_audits(dibao) == 1


def test_merging_a_record_into_a_dead_one_ends_the_moved_enrollments(personas):
    # given 陈十一 recorded dead in March 2021 in grid A, and the same man keyed again in grid B, on 低保
    dead = given.person(name="陈十一", birth=date(1950, 2, 2))
    again = given.person(name="陈十一", birth=date(1950, 2, 2), grid=GRID_B)
    registry_services.person_set_status(
        actor=personas.town, person=dead, status="deceased", date=date(2021, 3, 20), reason="死亡"
    )
    dibao = services.enrollment_create(
        actor=None, program="dibao_urban", person=again, region=again.region, start_month=date(2021, 1, 1),
        amount_fen=61_000,
    )  # fmt: skip
    duplicates_detect()
    candidate = DuplicateCandidate.objects.get(person_a__in=[dead, again], person_b__in=[dead, again])
    # when the town merges the second record into the dead one
    registry_services.duplicate_merge(actor=personas.town, candidate=candidate, keep=dead)
    # then the moved enrollment belongs to the dead person and ends with the month of death
    dibao.refresh_from_db()
    assert dibao.person_id == dead.pk
    assert (dibao.end_month, dibao.stop_reason) == (MARCH, "死亡")
    assert dead.pk not in _paid("dibao_urban", APRIL)
