"""help_request_open / help_request_move: the 12349 flow on the case engine — dispatch, accept, arrive,
finish, callback; emergencies escalate with short limits; overdue; 退单 and rework."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.casework.models import CaseEvent, Supervision
from minzheng.casework.selectors import case_overdue
from minzheng.casework.services import CaseError
from minzheng.core.errors import DomainError
from minzheng.core.models import Region
from minzheng.eldercare import selectors, services
from minzheng.eldercare.casetypes import HELP, HELP_EMERGENCY
from minzheng.eldercare.models import HelpRequest
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2021, 3, 3, 9, 0, tzinfo=TZ)  # a Wednesday


@pytest.fixture
def cast(personas):
    operator = given.hotline()
    provider_user = given.provider_user()
    provider = given.provider(personas.district, provider_user)
    elderly = given.person(name="陈阿婆", birth=date(1938, 8, 8))
    return operator, provider_user, provider, elderly


def _open(cast, category="cleaning", at=T0):
    operator, _user, _provider, elderly = cast
    return services.help_request_open(
        actor=operator, caller_name="陈阿婆之女", caller_phone="13800001111", caller_relation="女儿",
        category=category, description="每周打扫一次", elderly=elderly, at=at,
    )  # fmt: skip


def _move(actor, help, action, minutes, **kwargs):
    return services.help_request_move(actor=actor, help=help, action=action, at=T0 + timedelta(minutes=minutes),
                                      **kwargs)  # fmt: skip


def test_the_whole_flow_from_call_to_callback_keeps_a_timeline(cast):
    operator, provider_user, provider, elderly = cast
    # given a call taken by the operator
    help = _open(cast)
    assert help.case.case_type == HELP and help.case.state == "received"
    assert help.case.region == elderly.region and help.case.subject == elderly
    assert help.case.state_due_at == T0 + timedelta(minutes=60)  # 派单 within the default hour
    # when it is dispatched, accepted, reached, finished and called back
    help = _move(operator, help, "dispatch", 10, provider=provider)
    assert help.provider == provider and help.case.state_due_at == T0 + timedelta(minutes=10 + 120)
    help = _move(provider_user, help, "accept", 20)
    help = _move(provider_user, help, "arrive", 90)
    help = _move(provider_user, help, "finish", 200, comment="已打扫")
    help = _move(operator, help, "callback", 60 * 20, satisfaction="satisfied", comment="老人满意")
    # then it is closed with the satisfaction, and every step is on the timeline
    assert help.case.state == "closed" and help.case.closed_at is not None
    assert help.satisfaction == "satisfied"
    steps = list(CaseEvent.objects.filter(case=help.case).values_list("action", "actor__username"))
    assert steps == [
        ("open", "rexian"), ("dispatch", "rexian"), ("accept", "jigou"), ("arrive", "jigou"), ("finish", "jigou"),
        ("callback", "rexian"),
    ]  # fmt: skip


def test_emergency_escalates_with_a_short_configurable_limit_and_supervision(personas, cast):
    operator, provider_user, provider, _elderly = cast
    # given the city manager has set 20 minutes to accept an emergency
    services.help_time_limit_set(actor=personas.city, key="emergency.accept", minutes=20, note="试行")
    # when a 助急 call is taken and dispatched
    help = _open(cast, category="emergency")
    assert help.emergency and help.case.case_type == HELP_EMERGENCY
    assert help.case.state_due_at == T0 + timedelta(minutes=5)
    assert help.case.due_at == T0 + timedelta(hours=24)
    help = _move(operator, help, "dispatch", 2, provider=provider)
    # then the provider has 20 minutes to accept, and the request is under 督办 from the start
    assert help.case.state_due_at == T0 + timedelta(minutes=22)
    assert help.case.supervised
    assert Supervision.objects.get(case=help.case).note.startswith("紧急求助")
    # and an ordinary call keeps the ordinary limit
    assert _open(cast).case.state_due_at == T0 + timedelta(minutes=60)


def test_overdue_requests_are_flagged_on_the_board_and_in_the_case_engine(personas, cast):
    operator, _provider_user, provider, _elderly = cast
    stale = _open(cast, category="emergency", at=datetime.now(TZ) - timedelta(hours=1))
    fresh = _open(cast, at=datetime.now(TZ))
    board = selectors.help_board(user=operator)
    flags = {row.help.pk: row.overdue for row in board["rows"]}
    assert flags == {stale.pk: True, fresh.pk: False}
    assert board["rows"][0].help.pk == stale.pk  # emergencies first
    assert board["overdue"] == 1
    assert list(selectors.help_overdue(user=operator)) == [stale]
    assert stale.case in case_overdue(user=personas.district)


def test_only_the_dispatched_providers_own_accounts_act_on_it(personas, cast):
    operator, provider_user, provider, _elderly = cast
    stranger = given.provider_user("jigou2")
    other = given.provider(personas.district, stranger, name="另一家服务商")
    help = _move(operator, _open(cast), "dispatch", 5, provider=provider)
    with pytest.raises(CaseError, match="未派给您所在的服务商"):
        _move(stranger, help, "accept", 6)
    with pytest.raises(CaseError, match="角色"):
        _move(operator, help, "accept", 6)
    # the provider sends it back (退单) with a reason; the operator dispatches elsewhere
    help = _move(provider_user, help, "refuse", 7, comment="人手不足")
    assert help.case.state == "received" and help.provider is None
    help = _move(operator, help, "dispatch", 8, provider=other)
    assert help.provider == other
    assert selectors.help_request_list(user=provider_user).filter(pk=help.pk).count() == 0
    assert selectors.help_request_list(user=stranger).filter(pk=help.pk).count() == 1


def test_dispatch_needs_a_provider_covering_the_region(personas, cast):
    operator = cast[0]
    far = given.provider(personas.city, given.provider_user("meilan", region="460108"), region="460108",
                         name="美兰服务商")  # fmt: skip
    help = _open(cast)
    with pytest.raises(CaseError, match="须选择服务商"):
        _move(operator, help, "dispatch", 5)
    with pytest.raises(CaseError, match="服务范围"):
        _move(operator, help, "dispatch", 5, provider=far)
    assert HelpRequest.objects.get(pk=help.pk).case.state == "received"  # nothing half-done


def test_a_dissatisfied_callback_sends_it_back_for_rework(cast):
    operator, provider_user, provider, _elderly = cast
    help = _move(operator, _open(cast), "dispatch", 5, provider=provider)
    for action, minute in (("accept", 6), ("arrive", 30), ("finish", 90)):
        help = _move(provider_user, help, action, minute)
    with pytest.raises(CaseError, match="回访不满意才能退回"):
        _move(operator, help, "rework", 100, satisfaction="satisfied", comment="x")
    with pytest.raises(CaseError, match="满意度"):
        _move(operator, help, "callback", 100)
    help = _move(operator, help, "rework", 100, satisfaction="dissatisfied", comment="没有打扫厨房")
    assert help.case.state == "dispatched" and help.provider == provider
    assert help.satisfaction == "dissatisfied"


def test_a_consultation_is_answered_on_the_spot(cast):
    operator = cast[0]
    help = _move(operator, _open(cast, category="consultation"), "answer", 3, comment="已解答高龄津贴政策")
    assert help.case.state == "closed"


def test_intake_checks(personas, cast):
    operator = cast[0]
    with pytest.raises(PermissionDenied, match="12349"):
        services.help_request_open(actor=personas.district, caller_name="甲", caller_phone="13800001111",
                                   category="meals", description="送餐", elderly=cast[3])  # fmt: skip
    with pytest.raises(DomainError, match="号码"):
        services.help_request_open(actor=operator, caller_name="甲", caller_phone="abc", category="meals",
                                   description="送餐", elderly=cast[3])  # fmt: skip
    with pytest.raises(EldercareError, match="区县或以下"):
        services.help_request_open(actor=operator, caller_name="甲", caller_phone="13800001111", category="meals",
                                   description="送餐", region=Region.objects.get(code="460100"))  # fmt: skip
    # a caller not in the registry: the operator names the region
    help = services.help_request_open(actor=operator, caller_name="路人", caller_phone="13800002222",
                                      category="other", description="咨询", region=Region.objects.get(code="460105001"))  # fmt: skip
    assert help.elderly is None and help.case.region.code == "460105001"
