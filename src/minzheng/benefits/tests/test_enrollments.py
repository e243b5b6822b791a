"""services.enrollment_*: creation, amount history, stop, pause and resume, and the selectors on them."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng.benefits import services
from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Enrollment
from minzheng.benefits.selectors import enrollment_amount_on
from minzheng.benefits.tests import given
from minzheng.core.models import AuditEntry


def test_an_enrollment_is_created_with_its_first_amount(personas):
    # when a district reviewer enrols a household from March
    who = given.person(name="林一")
    enrollment = services.enrollment_create(
        actor=personas.district, program="dibao_urban", person=who, region=who.region,
        start_month=date(2021, 3, 1), amount_fen=122_000, members_count=2, basis={"标准": 61_000, "人数": 2},
    )  # fmt: skip
    # then it is active from March with that amount, and audited
    assert enrollment.status == Enrollment.Status.ACTIVE and enrollment.members_count == 2
    assert enrollment_amount_on(enrollment, date(2021, 3, 1)) == 122_000
    assert enrollment_amount_on(enrollment, date(2021, 2, 1)) is None
    assert enrollment.amounts.get().basis == {"标准": 61_000, "人数": 2}
    assert AuditEntry.objects.filter(object_type="benefits.enrollment", object_id=str(enrollment.pk)).exists()


def test_refusals(personas):
    who = given.person(name="林二")
    kwargs = {"program": "dibao_urban", "person": who, "region": who.region, "amount_fen": 1}
    with pytest.raises(BenefitsError, match="管辖范围"):
        services.enrollment_create(actor=personas.other_district, start_month=date(2021, 3, 1), **kwargs)
    with pytest.raises(BenefitsError, match="月1日"):
        services.enrollment_create(actor=None, start_month=date(2021, 3, 2), **kwargs)
    with pytest.raises(BenefitsError, match="银行账号"):
        services.enrollment_create(actor=None, start_month=date(2021, 3, 1), bank_account="12ab", **kwargs)
    services.enrollment_create(actor=None, start_month=date(2021, 3, 1), **kwargs)
    with pytest.raises(BenefitsError, match="不能重复登记"):
        services.enrollment_create(actor=None, start_month=date(2022, 1, 1), **kwargs)
    who.status = "deceased"
    with pytest.raises(BenefitsError, match="死亡"):
        services.enrollment_create(actor=None, start_month=date(2021, 3, 1), **{**kwargs, "program": "tekun"})


def test_a_stopped_enrollment_may_be_followed_by_a_new_one(personas):
    first = given.enrolled(name="林三", start=date(2021, 1, 1))
    services.enrollment_stop(actor=None, enrollment=first, last_month=date(2021, 4, 1), reason="收入超标")
    again = services.enrollment_create(
        actor=None, program="dibao_urban", person=first.person, region=first.region,
        start_month=date(2021, 5, 1), amount_fen=30_000,
    )  # fmt: skip
    assert again.pk != first.pk
    assert [e.pk for e in services.enrollments_active(person=first.person, on=date(2021, 4, 20))] == [
        first.pk
    ]
    assert [e.pk for e in services.enrollments_active(person=first.person, on=date(2021, 5, 20))] == [
        again.pk
    ]


def test_amount_history_and_pauses(personas):
    enrollment = given.enrolled(name="林四", start=date(2021, 1, 1), amount_fen=60_000)
    services.enrollment_change_amount(
        actor=None,
        enrollment=enrollment,
        from_month=date(2021, 4, 1),
        amount_fen=40_000,
        reason="就业",
        members_count=2,
    )
    assert enrollment_amount_on(enrollment, date(2021, 3, 1)) == 60_000
    assert enrollment_amount_on(enrollment, date(2021, 9, 1)) == 40_000
    enrollment.refresh_from_db()
    assert enrollment.members_count == 2
    services.enrollment_suspend(actor=None, enrollment=enrollment, from_month=date(2021, 5, 1), reason="复核")
    assert not services.enrollments_active(person=enrollment.person, on=date(2021, 5, 9)).exists()
    with pytest.raises(BenefitsError, match="已暂停"):
        services.enrollment_suspend(
            actor=None, enrollment=enrollment, from_month=date(2021, 6, 1), reason="复核"
        )
    services.enrollment_resume(actor=None, enrollment=enrollment, from_month=date(2021, 7, 1))
    assert services.enrollments_active(person=enrollment.person, on=date(2021, 7, 9)).exists()
    assert not services.enrollments_active(person=enrollment.person, on=date(2021, 6, 9)).exists()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE
    with pytest.raises(BenefitsError, match="原因"):
        services.enrollment_change_amount(
            actor=None, enrollment=enrollment, from_month=date(2021, 8, 1), amount_fen=1, reason=" "
        )


def test_the_person_list_is_scoped(personas):
    enrollment = given.enrolled(name="林五")
    mine = services.enrollment_list_for_person(enrollment.person, user=personas.grid_a, on=date(2021, 3, 1))
    assert (
        [e.pk for e in mine] == [enrollment.pk] and mine[0].current_amount_fen == 61_000 and mine[0].paid_now
    )
    assert services.enrollment_list_for_person(enrollment.person, user=personas.grid_b) == []
