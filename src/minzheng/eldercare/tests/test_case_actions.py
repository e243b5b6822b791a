"""The 12349 request page's actions (casework's one component), read from the HTML: the operator's usual step
is 派单 (with the provider), 撤销 and 改派 are set apart and confirmed; the dispatched provider's own account
accepts as its usual step and may 退单 apart; another provider's account is offered nothing."""

from datetime import date

import pytest

from minzheng.casework.selectors import case_actions
from minzheng.casework.testing import move_shown, moves_shown
from minzheng.core.testing import client_for
from minzheng.eldercare import services
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(personas):
    operator = given.hotline()
    provider_user = given.provider_user()
    provider = given.provider(personas.district, provider_user)
    elderly = given.person(name="陈阿婆", birth=date(1938, 8, 8))
    help = services.help_request_open(
        actor=operator, caller_name="陈阿婆之女", caller_phone="13800001111", caller_relation="女儿",
        category="cleaning", description="每周打扫一次", elderly=elderly,
    )  # fmt: skip
    return operator, provider_user, provider, help


def _page(user, help) -> str:
    response = client_for(user).get(f"/eldercare/help/{help.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_operator_dispatches_as_the_usual_step(cast):
    operator, _user, provider, help = cast
    page = _page(operator, help)
    assert [(m.action, m.state) for m in moves_shown(page)] == [
        ("dispatch", "primary"),
        ("answer", "secondary"),
        ("cancel", "danger"),
    ]
    assert move_shown(page, "dispatch").filled and "provider" in move_shown(page, "dispatch").fields
    assert f'<option value="{provider.pk}">' in page
    assert move_shown(page, "cancel").confirmed and move_shown(page, "cancel").label == "确认撤销"


def test_the_dispatched_provider_accepts_and_may_send_it_back_apart(personas, cast):
    operator, provider_user, provider, help = cast
    help = services.help_request_move(actor=operator, help=help, action="dispatch", provider=provider)
    page = _page(provider_user, help)
    assert [(m.action, m.state) for m in moves_shown(page)] == [("accept", "primary"), ("refuse", "danger")]
    assert move_shown(page, "refuse").label == "确认退单" and not move_shown(page, "refuse").filled
    # the operator now waits: only 改派 and 撤销, both exceptional
    assert [(m.action, m.state) for m in moves_shown(_page(operator, help))] == [
        ("redispatch", "danger"),
        ("cancel", "danger"),
    ]
    # and another provider's account, which holds the same capability, is offered none of the provider's moves
    stranger = given.provider_user("jigou2")
    given.provider(personas.district, stranger, name="另一家服务商")
    assert case_actions(user=stranger, case=help.case) == []
