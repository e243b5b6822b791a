"""A case's moves on capabilities: who may take them, when they open, and how the one action component shows
them (the usual next step filled, exceptional moves apart and confirmed, moves not open yet disabled with the
reason and the moment, moves the user may not take absent) — read from the HTML, no browser."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.casework.bulk import BulkCaseError, CaseSpec, StepSpec, cases_record
from minzheng.casework.models import Case
from minzheng.casework.selectors import case_actions
from minzheng.casework.services import CaseError, case_extend, case_open, case_supervise, case_transition
from minzheng.casework.testing import move_shown, moves_shown
from minzheng.casework.tests.factories import SampleCase, SampleNotice
from minzheng.core.models import Region
from minzheng.core.scope import OutOfScopeError
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db
COMMUNITY = "460105001001"


def _open(personas, kind=SampleCase, at=None) -> Case:
    return case_open(
        case_type=kind.code,
        actor=personas.town,
        title="张三申请",
        region=Region.objects.get(code=COMMUNITY),
        at=at,
    )


def _page(user, case: Case) -> str:
    response = client_for(user).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _in_publicity(personas, days_ago: float) -> Case:
    """A notice published ``days_ago`` days ago (its 7 days of 公示 counted from then)."""
    at = timezone.now() - timedelta(days=days_ago)
    case = _open(personas, SampleNotice, at=at - timedelta(minutes=5))
    return case_transition(actor=personas.town, case=case, action="publish", at=at)


def _clerk_moment(at) -> str:
    local = timezone.localtime(at)
    day = f"{local.month}月{local.day}日"
    if local.year != timezone.localdate().year:
        day = f"{local.year}年{day}"
    return f"{day} {local:%H:%M}"


def test_the_usual_next_step_is_the_filled_button_and_an_exceptional_move_asks_to_confirm(personas):
    # given a case waiting for 受理
    case = _open(personas)
    # when the town's case worker opens it
    page = _page(personas.town, case)
    # then 受理 is the primary, filled button, submitted in one click
    accept = move_shown(page, "accept")
    assert (accept.state, accept.filled, accept.confirmed, accept.label) == ("primary", True, False, "受理")
    # and 不予受理 is set apart: not filled, behind a disclosure whose second button confirms, with a reason
    reject = move_shown(page, "reject")
    assert (reject.state, reject.filled, reject.confirmed) == ("danger", False, True)
    assert reject.label == "确认不予受理" and "comment" in reject.fields
    assert [m.action for m in moves_shown(page)] == ["accept", "reject"]


def test_moves_the_users_capability_does_not_allow_are_not_shown(personas):
    # given a case waiting for 受理 (a town's move)
    case = _open(personas)
    # then the district reviewer and the community worker, who may see it, are offered nothing
    for user in (personas.district, personas.community):
        page = _page(user, case)
        assert moves_shown(page) == [] and 'data-testid="case-actions"' not in page
    # and once accepted, the district reviewer is offered 审核 and nothing of the town's
    case_transition(actor=personas.town, case=case, action="accept")
    assert [(m.action, m.state) for m in moves_shown(_page(personas.district, case))] == [
        ("review", "primary")
    ]
    assert moves_shown(_page(personas.town, case)) == []


def test_a_move_not_open_yet_is_disabled_with_its_reason_and_the_moment_it_opens(personas):
    # given a notice published two days ago: its 公示 lasts 7 days
    case = _in_publicity(personas, days_ago=2)
    opens = case.state_entered_at + timedelta(days=7)
    # when the town's case worker opens it
    page = _page(personas.town, case)
    # then 结束公示 is shown disabled, saying why and from when; 登记公示异议 is the exceptional move
    end = move_shown(page, "publicity_end")
    assert (end.state, end.disabled, end.filled) == ("disabled", True, False)
    assert end.reason == f"公示期为7天，期满后可结束公示（{_clerk_moment(opens)}起）"
    assert move_shown(page, "object").state == "danger"
    assert not any(m.state == "primary" for m in moves_shown(page))
    # and the community worker, who may only register an objection, sees only that
    assert [(m.action, m.state) for m in moves_shown(_page(personas.community, case))] == [
        ("object", "danger")
    ]


def test_once_the_period_is_over_the_waiting_move_becomes_the_primary_one(personas):
    case = _in_publicity(personas, days_ago=8)
    page = _page(personas.town, case)
    assert [(m.action, m.state) for m in moves_shown(page)] == [
        ("publicity_end", "primary"),
        ("object", "danger"),
    ]
    assert move_shown(page, "publicity_end").filled


def test_the_engine_says_when_a_move_opens_and_refuses_it_before(personas):
    # given a notice published at a known moment
    case = _in_publicity(personas, days_ago=2)
    opens = case.state_entered_at + timedelta(days=7)
    assert SampleNotice.available_from(case, SampleNotice.transition("publicity", "publicity_end")) == opens
    assert SampleNotice.available_from(case, SampleNotice.transition("publicity", "object")) is None
    # when the town tries to end the 公示 a minute early, then it is refused with the reason and the moment
    with pytest.raises(CaseError, match=r"^公示期为7天，期满后可结束公示（.+起）$"):
        case_transition(
            actor=personas.town, case=case, action="publicity_end", at=opens - timedelta(minutes=1)
        )
    # and at the moment it opens, it is taken
    done = case_transition(actor=personas.town, case=case, action="publicity_end", at=opens)
    assert done.state == "done"


def test_a_history_that_ends_a_period_early_is_refused_in_bulk_too(personas):
    published = timezone.now() - timedelta(days=30)
    spec = CaseSpec(
        case_type=SampleNotice.code, region=Region.objects.get(code=COMMUNITY).pk, title="公示",
        opened_at=published - timedelta(hours=1), opened_by=personas.town.pk,
        steps=[StepSpec("publish", personas.town.pk, published),
               StepSpec("publicity_end", personas.town.pk, published + timedelta(days=3))],
    )  # fmt: skip
    with pytest.raises(BulkCaseError, match=r"^第1项第2步（公示期满，办结）：公示期为7天"):
        cases_record(actor=None, specs=[spec])
    assert not Case.objects.exists()


def test_a_move_is_refused_without_its_capability_and_never_to_nobody(personas):
    case = _open(personas)
    with pytest.raises(CaseError, match="^您的角色（区局审核员）不能执行“受理”$"):
        case_transition(actor=personas.district, case=case, action="accept")
    with pytest.raises(OutOfScopeError):  # nobody sees no case, let alone moves it
        case_transition(actor=None, case=case, action="accept")
    case.refresh_from_db()
    assert case.state == "new"


def test_the_worklist_follows_capabilities(personas):
    assert SampleCase.states_for(personas.town) == {"new"}
    assert SampleCase.states_for(personas.district) == {"accepted", "reviewed"}
    assert SampleCase.states_for(personas.auditor) == set()
    assert SampleCase.states_for_role("district_reviewer") == SampleCase.states_for(personas.district)


def test_the_selector_orders_primary_then_disabled_then_other_steps_then_exceptional(personas):
    case = _in_publicity(personas, days_ago=1)
    assert [(a.action, a.state) for a in case_actions(user=personas.town, case=case)] == [
        ("publicity_end", "disabled"),
        ("object", "danger"),
    ]
    later = case_actions(user=personas.town, case=case, now=case.state_entered_at + timedelta(days=7))
    assert [(a.action, a.state) for a in later] == [("publicity_end", "primary"), ("object", "danger")]


def test_supervision_and_extension_need_their_capability(personas):
    # given a case accepted by the town (its total deadline runs)
    case = _open(personas)
    case_transition(actor=personas.town, case=case, action="accept")
    # then the auditor, who may read it, may neither press nor extend it, and is not offered to
    with pytest.raises(PermissionDenied, match="督办案件"):
        case_supervise(actor=personas.auditor, case=case, note="快办")
    with pytest.raises(PermissionDenied, match="延长办结时限"):
        case_extend(actor=personas.auditor, case=case, reason="延")
    auditor_page = client_for(personas.auditor).get(f"/cases/{case.pk}/").content.decode()
    assert "上级督办" not in auditor_page and "申请延期" not in auditor_page
    assert (
        client_for(personas.auditor).post(f"/cases/{case.pk}/supervise/", {"note": "快办"}).status_code == 403
    )
    # while the district, above the case, is offered both
    district_page = client_for(personas.district).get(f"/cases/{case.pk}/").content.decode()
    assert "上级督办" in district_page and "申请延期" in district_page


def test_the_engine_compares_no_roles():
    """Who may do what is asked of core.roles (can/require), never by comparing a user's role."""
    package = Path(__file__).resolve().parents[1]
    found = []
    for path in package.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                isinstance(side, ast.Attribute) and side.attr == "role"
                for side in [node.left, *node.comparators]
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
