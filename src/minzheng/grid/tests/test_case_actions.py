"""The event page's actions (casework's one component), read from the HTML: on a task handed to the grid the
grid worker's usual step is 处置反馈 (with the photo), 退单 is set apart and confirmed — it used to be the filled
button; a unit's task is offered only to that unit's own accounts; the dispatcher's 派遣 is the primary step."""

import pytest
from django.urls import reverse

from minzheng.casework.testing import move_shown, moves_shown
from minzheng.core.testing import client_for
from minzheng.grid.services import event_act
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


def _page(user, event) -> str:
    response = client_for(user).get(reverse("grid:event_detail", args=[event.case_id]))
    assert response.status_code == 200
    return response.content.decode()


def _filed(personas):
    event = given.event(personas.grid_a)
    return event_act(actor=personas.town, event=event, action="file", category=event.category)


def test_the_dispatcher_dispatches_as_the_usual_step_and_voiding_is_confirmed(personas):
    given.department(users=(given.operator(),))
    event = _filed(personas)
    page = _page(personas.town, event)
    assert [(m.action, m.state) for m in moves_shown(page)] == [
        ("dispatch", "primary"),
        ("dispatch_grid", "secondary"),
        ("void", "danger"),
    ]
    assert "department" in move_shown(page, "dispatch").fields
    assert move_shown(page, "dispatch_grid").confirmed and not move_shown(page, "dispatch_grid").filled
    assert move_shown(page, "void").label == "确认作废"
    # the grid worker, who reported it, has nothing to do on it now
    assert moves_shown(_page(personas.grid_a, event)) == []


def test_on_a_task_handed_to_the_grid_feedback_is_the_usual_step_and_returning_it_is_confirmed(personas):
    event = event_act(actor=personas.town, event=_filed(personas), action="dispatch_grid")
    page = _page(personas.grid_a, event)
    assert [(m.action, m.state) for m in moves_shown(page)] == [("feedback", "primary"), ("return", "danger")]
    feedback = move_shown(page, "feedback")
    assert feedback.filled and not feedback.confirmed and "attachments" in feedback.fields
    back = move_shown(page, "return")
    assert back.confirmed and not back.filled and back.label == "确认退单"


def test_a_units_task_is_offered_to_its_own_accounts_only(personas):
    officer = given.operator()
    stranger = given.operator("other_unit_officer")
    given.department(name="秀英区水务局", users=(stranger,))
    unit = given.department(users=(officer,))
    event = event_act(actor=personas.town, event=_filed(personas), action="dispatch", department=unit)
    assert [(m.action, m.state) for m in moves_shown(_page(officer, event))] == [
        ("feedback", "primary"),
        ("return", "danger"),
    ]
    assert moves_shown(_page(stranger, event)) == []
