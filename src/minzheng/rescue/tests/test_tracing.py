"""Family tracing: the 寻亲公告 within 24 hours of arrival for an unidentified person (民发〔2015〕158号), the notice
to the family or authorities within 24 hours of the identity being known [U: the figure], minors' guardians, and
the grid event of category 流浪乞讨 that brings a person in from the street."""

from __future__ import annotations

from datetime import timedelta

import pytest

from minzheng.rescue import selectors
from minzheng.rescue.errors import RescueError
from minzheng.rescue.services.intakes import intake_identify, notice_record
from minzheng.rescue.tests.given import DAY, at, person, registered, staff, station, unidentified

pytestmark = pytest.mark.django_db


def test_an_unidentified_person_gets_an_announcement_within_24_hours(personas) -> None:
    actor = staff()
    intake = unidentified(actor, station())
    arrived = at(DAY, 9)
    # within the 24 hours nothing is overdue; after them the stay is on the list
    assert list(selectors.announcements_overdue(user=actor, now=arrived + timedelta(hours=23))) == []
    assert list(selectors.announcements_overdue(user=actor, now=arrived + timedelta(hours=25))) == [intake]
    notice_record(actor=actor, intake=intake, kind="announcement", channel="全国救助寻亲网",
                  note="寻亲公告（附照片）", at=arrived + timedelta(hours=20))  # fmt: skip
    assert list(selectors.announcements_overdue(user=actor, now=arrived + timedelta(hours=25))) == []


def test_the_family_is_notified_within_24_hours_of_the_identity_being_known(personas) -> None:
    actor = staff()
    intake = unidentified(actor, station())
    with pytest.raises(RescueError):  # no family to notify before the identity is known
        notice_record(actor=actor, intake=intake, kind="family", channel="电话")
    found = at(DAY + timedelta(days=5), 10)
    rescuee = intake_identify(actor=actor, intake=intake, id_number=person("寻到").id_number, at=found)
    assert rescuee.person is not None and rescuee.name == "寻到" and rescuee.identified_at == found
    assert list(selectors.notices_overdue(user=actor, now=found + timedelta(hours=23))) == []
    assert list(selectors.notices_overdue(user=actor, now=found + timedelta(hours=25))) == [intake]
    notice_record(actor=actor, intake=intake, kind="family", channel="电话", recipient="户籍地镇政府",
                  at=found + timedelta(hours=3))  # fmt: skip
    intake.refresh_from_db()
    assert intake.family_notified_at == found + timedelta(hours=3)
    assert list(selectors.notices_overdue(user=actor, now=found + timedelta(hours=25))) == []
    with pytest.raises(RescueError):  # identified: no announcement any more
        notice_record(actor=actor, intake=intake, kind="announcement", channel="报纸")


def test_a_minor_s_guardian_is_notified(personas) -> None:
    actor = staff()
    child = registered(actor, station(), id_number=person("小红", birth=DAY.replace(year=2010)).id_number,
                       source="police", voluntary=False)  # fmt: skip
    adult = registered(actor, station(), id_number=person("大人").id_number)
    with pytest.raises(RescueError):
        notice_record(actor=actor, intake=adult, kind="guardian", channel="电话")
    notice_record(
        actor=actor, intake=child, kind="guardian", channel="电话", recipient="母亲", at=at(DAY, 11)
    )
    child.refresh_from_db()
    assert child.guardian_notified_at == at(DAY, 11)
    assert child not in list(selectors.notices_overdue(user=actor, now=at(DAY + timedelta(days=2))))


def test_a_grid_event_of_category_vagrancy_opens_an_intake(personas) -> None:
    from minzheng.grid.tests.given import event

    actor = staff()
    street = event(personas.grid_a, code="0507", description="天桥下有一名老人露宿")
    litter = event(personas.grid_a, code="0102")
    assert list(selectors.outreach_events(user=actor)) == [street.case]
    with pytest.raises(RescueError) as refused:
        unidentified(actor, station(), grid_case_id=litter.case.pk, source="outreach")
    assert refused.value.field == "grid_case"
    intake = unidentified(actor, station(), grid_case_id=street.case.pk, source="outreach")
    assert intake.grid_case == street.case
    assert list(selectors.outreach_events(user=actor)) == []
    with pytest.raises(RescueError):  # one intake per event
        unidentified(actor, station(), grid_case_id=street.case.pk, source="outreach", age=30)
