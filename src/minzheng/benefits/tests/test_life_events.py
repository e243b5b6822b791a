"""services.life_events: one death rule for every program of the ledger (issue 14 item 3) — the month of death is
paid, nothing after it; a closed month is never rewritten; an enrollment not yet started never pays."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng.benefits import services
from minzheng.benefits.models import Enrollment, Payment
from minzheng.benefits.tests import given
from minzheng.core.models import AuditEntry

pytestmark = pytest.mark.django_db
MARCH, APRIL, MAY = date(2021, 3, 1), date(2021, 4, 1), date(2021, 5, 1)


def _paid(program: str, month: date) -> set[int]:
    run = services.payroll_run_run_as_system(program=program, month=month)
    return set(Payment.objects.filter(run=run).values_list("person_id", flat=True))


def test_death_ends_every_program_with_the_month_of_death(personas):
    # given a person on 城市低保, 特困 and the 长者 programme of another domain, all open
    dibao = given.enrolled(program="dibao_urban", name="李三")
    who = dibao.person
    tekun = services.enrollment_create(
        actor=None,
        program="tekun",
        person=who,
        region=who.region,
        start_month=date(2021, 1, 1),
        amount_fen=90_000,
    )
    other = services.program_ensure(code="test_allowance", name="测试津贴")
    allowance = services.enrollment_create(
        actor=None,
        program=other,
        person=who,
        region=who.region,
        start_month=date(2021, 2, 1),
        amount_fen=10_000,
    )
    # when they die on 2021-03-31 (the last day of March)
    result = services.enrollments_end_on_death(person=who, died_on=date(2021, 3, 31), actor=personas.town)
    # then all three end with March: paid in March, not in April
    assert set(result.ended) == {dibao.pk, tekun.pk, allowance.pk}
    assert set(Enrollment.objects.filter(person=who).values_list("end_month", flat=True)) == {MARCH}
    assert all(
        e.status == "stopped" and e.stop_reason == "死亡" for e in Enrollment.objects.filter(person=who)
    )
    for program in ("dibao_urban", "tekun", "test_allowance"):
        assert who.pk in _paid(program, MARCH)
        assert who.pk not in _paid(program, APRIL)
    # and each end is in the audit log with the acting user
    assert AuditEntry.objects.filter(object_type="benefits.enrollment", actor=personas.town).count() == 3


def test_death_on_the_first_of_a_month_still_pays_that_month(personas):
    dibao = given.enrolled(name="赵一")
    services.enrollments_end_on_death(person=dibao.person, died_on=date(2021, 4, 1), actor=None)
    dibao.refresh_from_db()
    assert dibao.end_month == APRIL


def test_running_the_rule_twice_changes_nothing_and_an_earlier_end_is_kept(personas):
    # given an enrollment already stopped in February, and an open one
    early = given.enrolled(name="钱二")
    services.enrollment_stop(actor=None, enrollment=early, last_month=date(2021, 2, 1), reason="收入超标")
    open_one = services.enrollment_create(
        actor=None, program="tekun", person=early.person, region=early.region, start_month=date(2021, 1, 1),
        amount_fen=90_000,
    )  # fmt: skip
    first = services.enrollments_end_on_death(person=early.person, died_on=date(2021, 3, 15), actor=None)
    again = services.enrollments_end_on_death(person=early.person, died_on=date(2021, 3, 15), actor=None)
    early.refresh_from_db()
    open_one.refresh_from_db()
    # then the February stop stands (never extended by a later death), the open one ends in March, once
    assert (early.end_month, early.stop_reason) == (date(2021, 2, 1), "收入超标")
    assert open_one.end_month == MARCH
    assert list(first.ended) == [open_one.pk] and again.count == 0


def test_a_late_registration_never_rewrites_an_approved_month_and_reports_what_to_recover(personas):
    # given April's 低保 payroll already approved and paid to a person who died in March
    dibao = given.enrolled(name="孙四")
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=APRIL)
    given.through_review(run, [personas.district])
    services.payroll_run_approve(actor=given.second_city_manager(), run=run)
    # when the death is registered in May
    result = services.enrollments_end_on_death(person=dibao.person, died_on=date(2021, 3, 20), actor=None)
    dibao.refresh_from_db()
    # then the ledger stops after the last closed month (April stays as paid) and April is named for recovery
    assert dibao.end_month == APRIL
    assert result.paid_after_death == {dibao.pk: [APRIL]}
    assert dibao.person_id not in _paid("dibao_urban", MAY)


def test_an_enrollment_that_would_start_after_the_death_is_paused_and_never_pays(personas):
    # given an approval paying from May, and the person dies in March
    later = given.enrolled(name="周五", start=MAY)
    result = services.enrollments_end_on_death(person=later.person, died_on=date(2021, 3, 2), actor=None)
    later.refresh_from_db()
    assert result.paused == [later.pk] and later.status == "suspended"
    assert later.person_id not in _paid("dibao_urban", MAY)
