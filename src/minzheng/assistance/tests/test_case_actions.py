"""The application page's actions (casework's one component), read from the HTML: 受理 is the usual next step,
不予受理 is set apart and confirmed; during the 7 days of 公示 结束公示 is shown disabled with the moment it opens
and 登记公示异议 is an exceptional move; the district's moves are not offered to the town and the town's not to the
district."""

from datetime import timedelta

import pytest
from django.utils import timezone

from minzheng.assistance.tests import given
from minzheng.casework.services import case_transition
from minzheng.casework.testing import move_shown, moves_shown
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def _page(user, app) -> str:
    response = client_for(user).get(f"/assistance/applications/{app.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _published(personas, *, days_ago: float, kind: str = "dibao", **extra):
    """An application accepted, investigated and published ``days_ago`` days ago."""
    start = timezone.now() - timedelta(days=days_ago)
    app = given.apply(
        personas.town, given.family(2).head, kind=kind, day=(start - timedelta(days=2)).date(), **extra
    )
    for action, at in (
        ("accept", start - timedelta(days=1)),
        ("submit", start - timedelta(hours=1)),
        ("publish", start),
    ):
        case_transition(actor=personas.town, case=app.case, action=action, at=at)
    app.case.refresh_from_db()
    return app


def test_accepting_is_the_primary_button_and_refusing_is_confirmed(personas, reference):
    app = given.apply(personas.town, given.family(2).head)
    page = _page(personas.town, app)
    assert [(m.action, m.state) for m in moves_shown(page)] == [
        ("accept", "primary"),
        ("refuse", "danger"),
        ("withdraw", "danger"),
    ]
    assert move_shown(page, "accept").filled
    refuse = move_shown(page, "refuse")
    assert refuse.confirmed and not refuse.filled and refuse.label == "确认不予受理"
    # the district reviewer and the community worker may read the application but are offered no move
    assert moves_shown(_page(personas.district, app)) == []
    assert moves_shown(_page(personas.community, app)) == []


def test_during_publicity_ending_it_is_disabled_until_the_seventh_day(personas, reference):
    # given an application published two days ago
    app = _published(personas, days_ago=2)
    opens = timezone.localtime(app.case.state_entered_at + timedelta(days=7))
    # then the town sees 结束公示 disabled with the reason and the moment, and the objection apart
    page = _page(personas.town, app)
    end = move_shown(page, "publicity_end")
    assert end.disabled and end.state == "disabled"
    assert (
        end.reason.startswith("公示期为7天，期满后可结束公示（")
        and f"{opens.day}日 {opens:%H:%M}起）" in end.reason
    )
    obj = move_shown(page, "object")
    assert obj.state == "danger" and obj.confirmed and not obj.filled
    assert not any(m.filled for m in moves_shown(page))
    # and the community worker, who may register an objection, sees only that
    assert [m.action for m in moves_shown(_page(personas.community, app))] == ["object"]


def test_after_publicity_the_town_ends_it_and_the_district_decides(personas, reference):
    app = _published(personas, days_ago=8)
    assert [(m.action, m.state) for m in moves_shown(_page(personas.town, app))] == [
        ("publicity_end", "primary"),
        ("object", "danger"),
        ("withdraw", "danger"),
    ]
    case_transition(actor=personas.town, case=app.case, action="publicity_end")
    page = _page(personas.district, app)
    assert [(m.action, m.state) for m in moves_shown(page)] == [
        ("approve", "primary"),
        ("reject", "danger"),
        ("return", "danger"),
    ]
    assert (
        "comment" in move_shown(page, "approve").fields
        and "attachments" in move_shown(page, "approve").fields
    )
    # while the town may only record the applicant's withdrawal
    assert [(m.action, m.state) for m in moves_shown(_page(personas.town, app))] == [("withdraw", "danger")]


def test_a_temporary_grant_asks_for_the_amount_on_the_moves_that_decide_it(personas, reference):
    app = _published(personas, days_ago=8, kind="temporary_expense", requested_fen=200000)
    page = _page(personas.town, app)
    approve = move_shown(page, "town_approve")
    assert approve.state == "secondary" and "amount" in approve.fields
    assert "amount" not in move_shown(page, "publicity_end").fields
