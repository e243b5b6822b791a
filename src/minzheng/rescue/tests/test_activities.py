"""第二课堂 with the minors present that day, the seasonal campaigns' person-times, visits to minors in difficulty."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from minzheng.core.models import Region
from minzheng.rescue import indicators
from minzheng.rescue.errors import RescueError
from minzheng.rescue.services.activities import campaign_record, class_session_record, minor_visit_record
from minzheng.rescue.services.intakes import intake_move
from minzheng.rescue.tests.given import DAY, at, person, registered, staff, station

pytestmark = pytest.mark.django_db


def test_a_second_classroom_session_is_for_the_minors_present_that_day(personas) -> None:
    actor, where = staff(), station()
    child = registered(actor, where, id_number=person("小学", birth=date(2010, 1, 1)).id_number, source="police",
                       voluntary=False)  # fmt: skip
    adult = registered(actor, where, id_number=person("成人").id_number)
    with pytest.raises(RescueError) as refused:
        class_session_record(actor=actor, station=where, held_on=DAY, topic="安全教育", teacher="社工",
                             attendees=[child, adult])  # fmt: skip
    assert refused.value.field == "attendees" and "成人" in refused.value.message
    intake_move(
        actor=actor,
        intake=child,
        action="transfer",
        comment="户籍地救助站接回",
        at=at(DAY + timedelta(days=2)),
    )
    with pytest.raises(RescueError):  # gone by then
        class_session_record(actor=actor, station=where, held_on=DAY + timedelta(days=3), topic="安全教育",
                             teacher="社工", attendees=[child])  # fmt: skip
    session = class_session_record(actor=actor, station=where, held_on=DAY + timedelta(days=1), topic="安全教育",
                                   teacher="社工", attendees=[child])  # fmt: skip
    assert list(session.attendees.all()) == [child]
    city = Region.objects.get(code="460100")
    assert indicators.second_classroom(city, date(2020, 1, 1), date(2020, 12, 31)) == 1
    assert indicators.minors_assisted(city, date(2020, 1, 1), date(2020, 12, 31)) == 1


def test_campaigns_add_up_their_person_times(personas) -> None:
    actor = staff()
    region = actor.region
    campaign_record(
        actor=actor, kind="summer", region=region, held_on=date(2020, 7, 1), place="车站", person_times=300
    )
    campaign_record(
        actor=actor, kind="winter", region=region, held_on=date(2020, 12, 20), place="桥洞", person_times=80
    )
    with pytest.raises(RescueError) as refused:
        campaign_record(
            actor=actor, kind="summer", region=region, held_on=date(2020, 7, 2), place="车站", person_times=0
        )
    assert refused.value.field == "person_times"
    with pytest.raises(RescueError):  # another district is not theirs
        campaign_record(actor=actor, kind="summer", region=Region.objects.get(code="460108"),
                        held_on=date(2020, 7, 2), place="车站", person_times=5)  # fmt: skip
    assert indicators.campaign_person_times(region, date(2020, 1, 1), date(2020, 12, 31)) == 380


def test_a_visit_is_to_a_minor(personas) -> None:
    actor, where = staff(), station()
    child, adult = person("困童", birth=date(2012, 5, 5)), person("成年")
    with pytest.raises(RescueError) as refused:
        minor_visit_record(actor=actor, station=where, child=adult, visited_on=DAY, situation="困难",
                           help_given="慰问", visitor="社工")  # fmt: skip
    assert refused.value.field == "child"
    minor_visit_record(actor=actor, station=where, child=child, visited_on=DAY, situation="父母务工，祖辈照料",
                       help_given="送学习用品", visitor="社工")  # fmt: skip
    assert indicators.minors_visited(where.region, date(2020, 1, 1), date(2020, 12, 31)) == 1
