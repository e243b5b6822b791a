"""services.death_register: the death of a registry person — the registry's status 死亡 through its own service, and
the ledger's one death rule ending every enrollment with the month of death (issue 14 item 3, issue 15 item 2)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.benefits.models import Enrollment
from minzheng.benefits.services import enrollment_create
from minzheng.core.scope import OutOfScopeError
from minzheng.funeral.errors import FuneralError
from minzheng.funeral.tests import given
from minzheng.registry.models import Membership, PersonStatusChange

pytestmark = pytest.mark.django_db


def test_registering_a_death_marks_the_person_deceased_and_ends_their_benefits(personas):
    # given a household head on 城市低保 and 特困 (two programs, both open)
    household = given.family(2)
    who = household.head
    dibao = enrollment_create(
        actor=None, program="dibao_urban", person=who, household=household, region=who.region,
        start_month=date(2021, 1, 1), amount_fen=60_000, members_count=2,
    )  # fmt: skip
    tekun = enrollment_create(
        actor=None,
        program="tekun",
        person=who,
        region=who.region,
        start_month=date(2021, 1, 1),
        amount_fen=90_000,
    )
    # when the town registers their death on 2021-03-20 with a medical certificate
    death = given.died(personas.town, who, on=date(2021, 3, 20))
    who.refresh_from_db()
    # then the registry says 死亡 on that day, with the history row and the household membership ended
    assert (who.status, who.status_date) == ("deceased", date(2021, 3, 20))
    assert PersonStatusChange.objects.filter(person=who, status_to="deceased").count() == 1
    assert not Membership.objects.filter(person=who, end_date__isnull=True).exists()
    # and both enrollments end with March (the month of death is paid)
    for enrollment in (dibao, tekun):
        enrollment.refresh_from_db()
        assert (enrollment.end_month, enrollment.stop_reason) == (date(2021, 3, 1), "死亡")
    assert death.region == who.region and death.registered_by == personas.town


def test_a_death_is_registered_once(personas):
    who = given.person("吴一")
    given.died(personas.town, who)
    with pytest.raises(FuneralError, match="已登记"):
        given.died(personas.town, who)


def test_dates_and_certificate_are_checked(personas):
    who = given.person("郑二", birth=date(1950, 1, 1))
    with pytest.raises(FuneralError, match="不能早于出生日期"):
        given.died(personas.town, who, on=date(1949, 12, 31))
    with pytest.raises(FuneralError, match="不能晚于今天"):
        given.died(personas.town, who, on=date(2999, 1, 1))
    from minzheng.funeral import services

    with pytest.raises(FuneralError, match="死亡证明类别"):
        services.death_register(
            actor=personas.town, person=who, died_on=date(2021, 1, 1), place="home", cause="disease",
            certificate_kind="", reporter_name="子", reporter_relation="子女",
        )  # fmt: skip


def test_a_person_outside_the_scope_or_a_role_without_the_capability_is_refused(personas):
    who = given.person("冯三")
    with pytest.raises(OutOfScopeError):
        given.died(personas.other_district, who)
    with pytest.raises(PermissionDenied, match="登记死亡"):
        given.died(given.operator(), who)
    assert not Enrollment.objects.filter(person=who).exists()
    who.refresh_from_db()
    assert who.status == "normal"
