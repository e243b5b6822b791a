from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from minzheng.casework.models import CaseEvent
from minzheng.casework.selectors import case_overdue, case_worklist
from minzheng.casework.services import CaseError, case_extend, case_open, case_supervise, case_transition
from minzheng.casework.tests.factories import SampleCase, SampleRequest
from minzheng.core.models import Region
from minzheng.core.scope import OutOfScopeError
from minzheng.core.workdays import add_workdays

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _open(personas, at=None):
    return case_open(
        case_type=SampleCase.code,
        actor=personas.town,
        title="张三申请",
        region=Region.objects.get(code="460105001001"),
        at=at,
    )


def test_open_then_move_through_the_steps_keeps_a_timeline(personas):
    case = _open(personas)
    assert case.state == "new" and case.number.startswith("TS460105")
    case_transition(actor=personas.town, case=case, action="accept", comment="材料齐全")
    case = case_transition(actor=personas.district, case=case, action="review")
    case = case_transition(actor=personas.district, case=case, action="close")
    assert case.state == "done" and case.closed_at is not None
    steps = list(CaseEvent.objects.filter(case=case).values_list("action", "from_state", "to_state"))
    assert steps == [
        ("open", "", "new"),
        ("accept", "new", "accepted"),
        ("review", "accepted", "reviewed"),
        ("close", "reviewed", "done"),
    ]


def test_wrong_role_wrong_state_and_missing_reason_are_refused(personas):
    case = _open(personas)
    with pytest.raises(CaseError, match="角色"):
        case_transition(actor=personas.district, case=case, action="accept")
    with pytest.raises(CaseError, match="不能执行该操作"):
        case_transition(actor=personas.town, case=case, action="close")
    with pytest.raises(CaseError, match="须填写"):
        case_transition(actor=personas.town, case=case, action="reject", comment="  ")


def test_double_click_is_refused_not_applied_twice(personas):
    case = _open(personas)
    case_transition(actor=personas.town, case=case, action="accept", expected_state="new")
    with pytest.raises(CaseError, match="已被处理"):
        case_transition(actor=personas.town, case=case, action="accept", expected_state="new")
    assert CaseEvent.objects.filter(case=case, action="accept").count() == 1


def test_out_of_scope_users_cannot_touch_the_case(personas):
    case = _open(personas)
    with pytest.raises(OutOfScopeError):
        case_transition(actor=personas.other_district, case=case, action="review")
    with pytest.raises(CaseError, match="管辖范围"):
        case_open(
            case_type=SampleCase.code,
            actor=personas.grid_b,
            title="x",
            region=Region.objects.get(code="460105001001"),
        )


def test_deadlines_count_working_days_across_the_spring_festival(personas):
    # given a case opened on Friday 2026-02-13, before the 2026 Spring Festival holiday (02-15..02-23)
    case = _open(personas, at=datetime(2026, 2, 13, 10, 0, tzinfo=TZ))
    # then one working day later is the make-up Saturday 02-14
    assert case.state_due_at.astimezone(TZ).date() == date(2026, 2, 14)
    # and accepting on 02-14 gives 10 working days: 02-24 .. 03-09 (02-28 is a make-up Saturday)
    case = case_transition(
        actor=personas.town, case=case, action="accept", at=datetime(2026, 2, 14, 9, tzinfo=TZ)
    )
    assert case.state_due_at.astimezone(TZ).date() == date(2026, 3, 6)


def test_overdue_cases_are_flagged_and_listed(personas):
    late = _open(personas, at=datetime(2026, 1, 5, 9, tzinfo=TZ))
    _open(personas)
    overdue = list(case_overdue(user=personas.district))
    assert [c.pk for c in overdue] == [late.pk]
    assert [c.pk for c in case_worklist(user=personas.town, overdue_only=True)] == [late.pk]


def test_worklists_follow_the_role(personas):
    case = _open(personas)
    assert [c.pk for c in case_worklist(user=personas.town)] == [case.pk]
    assert list(case_worklist(user=personas.district)) == []
    case_transition(actor=personas.town, case=case, action="accept")
    assert [c.pk for c in case_worklist(user=personas.district)] == [case.pk]
    assert list(case_worklist(user=personas.other_district)) == []


def test_supervision_comes_from_above(personas):
    case = _open(personas)
    with pytest.raises(CaseError, match="上级"):
        case_supervise(actor=personas.community, case=case, note="快办")  # same region as the case
    supervision = case_supervise(actor=personas.district, case=case, note="请加快办理")
    case.refresh_from_db()
    assert case.supervised and supervision.by == personas.district
    assert CaseEvent.objects.filter(case=case, action="supervise").exists()


def test_total_deadline_runs_from_acceptance_not_registration(personas):
    # given an application registered on Monday 2026-03-02 of a type counted from 受理
    case = _open(personas, at=datetime(2026, 3, 2, 9, tzinfo=TZ))
    # then no total deadline runs yet (only the step's one-day limit to accept)
    assert case.due_at is None
    # when it is accepted two days later
    case = case_transition(
        actor=personas.town, case=case, action="accept", at=datetime(2026, 3, 4, 15, tzinfo=TZ)
    )
    # then the 30 working days run from 受理 (民发〔2021〕57号): 2026-04-16, not 04-14 from registration
    assert case.due_at.astimezone(TZ).date() == add_workdays(date(2026, 3, 4), 30) == date(2026, 4, 16)


def test_extension_once_to_45_working_days_from_acceptance(personas):
    # given an application registered 03-02 and accepted 03-04
    case = _open(personas, at=datetime(2026, 3, 2, 9, tzinfo=TZ))
    case_transition(actor=personas.town, case=case, action="accept", at=datetime(2026, 3, 4, 15, tzinfo=TZ))
    # when it is extended
    case = case_extend(actor=personas.town, case=case, reason="需补充调查")
    # then its deadline is 45 working days from 受理, and a second extension is refused
    assert case.extended and case.due_at.astimezone(TZ).date() == add_workdays(date(2026, 3, 4), 45)
    assert CaseEvent.objects.filter(case=case, action="extend", comment="需补充调查").exists()
    with pytest.raises(CaseError, match="已延期"):
        case_extend(actor=personas.town, case=case, reason="再延")


def test_extension_before_acceptance_is_refused(personas):
    # given an application not yet accepted: its clock has not started
    case = _open(personas, at=datetime(2026, 3, 2, 9, tzinfo=TZ))
    # when an extension is asked, then it is refused, and nothing changes
    with pytest.raises(CaseError, match="尚未受理"):
        case_extend(actor=personas.town, case=case, reason="需补充调查")
    case.refresh_from_db()
    assert not case.extended and case.due_at is None


def test_a_type_without_a_starting_action_counts_from_registration(personas):
    # given a request type whose 3 working days run from registration, opened Friday 2026-03-06
    case = case_open(
        case_type=SampleRequest.code,
        actor=personas.town,
        title="求助",
        region=Region.objects.get(code="460105001001"),
        at=datetime(2026, 3, 6, 9, tzinfo=TZ),
    )
    # then the deadline is set at once, and an extension counts from the same moment
    assert case.due_at.astimezone(TZ).date() == date(2026, 3, 11)
    case = case_extend(actor=personas.town, case=case, reason="等待回访")
    assert case.due_at.astimezone(TZ).date() == add_workdays(date(2026, 3, 6), 5) == date(2026, 3, 13)


def test_on_transition_receives_the_moment_of_the_move(personas):
    SampleCase.moves.clear()
    case = _open(personas)
    # when a move is dated, the hook receives that moment, with the caller's context
    when = datetime(2026, 3, 4, 15, tzinfo=TZ)
    case_transition(actor=personas.town, case=case, action="accept", at=when, note="补充")
    # and when it is not dated, the hook receives the time the case entered its new state
    case = case_transition(actor=personas.district, case=case, action="review")
    assert SampleCase.moves[0] == ("accept", when, {"note": "补充"})
    assert SampleCase.moves[1][:2] == ("review", case.state_entered_at)
