"""12349 help requests on the case engine: 受理 → 派单 → 接单 → 到达 → 完成 → 回访.

Two case types share the states and moves and differ in their time limits: ``eldercare_help`` for
ordinary requests and ``eldercare_help_emergency`` for 助急, whose limits are minutes (30 to accept by
default) and which is put under 督办 when it is taken (``services.help_request_open``). Every limit is
read from the ``HelpTimeLimit`` parameters at the moment the step starts, so the city manager's change
applies to the next step taken.

The engine checks the capability, state and scope; :meth:`HelpCase.on_transition` adds what only this domain
knows: a dispatch names a provider whose service area covers the request, only that provider's own
accounts accept/arrive/finish (or 退单), and a callback records the satisfaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from minzheng.casework.types import EXCEPTIONAL, CaseType, Deadline, Transition, case_type_register

if TYPE_CHECKING:
    from minzheng.casework.models import Case
    from minzheng.core.models import User

HELP = "eldercare_help"
HELP_EMERGENCY = "eldercare_help_emergency"
HELP_TYPES = (HELP, HELP_EMERGENCY)

STATES = {
    "received": "已受理，待派单",
    "dispatched": "已派单，待接单",
    "accepted": "已接单，待到达",
    "arrived": "已到达，服务中",
    "finished": "服务完成，待回访",
    "closed": "已回访办结",
    "cancelled": "已撤销",
}
OPEN_STATES = ("received", "dispatched", "accepted", "arrived", "finished")
PROVIDER_ACTIONS = frozenset({"accept", "arrive", "finish", "refuse"})


@dataclass(frozen=True)
class LimitDeadline(Deadline):
    """A time limit in minutes looked up by key when the step starts (the engine's ``Deadline`` counts
    whole hours or days only; 12349 emergencies need minutes and a limit the city manager can change)."""

    key: str = ""

    def due_from(self, start: datetime) -> datetime:
        from minzheng.eldercare.selectors import help_time_limit

        return timezone.localtime(start) + timedelta(minutes=help_time_limit(self.key))

    def describe(self) -> str:
        from minzheng.eldercare.selectors import help_time_limit

        minutes = help_time_limit(self.key)
        return f"{minutes // 60}小时{minutes % 60}分钟" if minutes >= 60 else f"{minutes}分钟"


def _transitions(kind: str) -> tuple[Transition, ...]:
    def limit(step: str) -> LimitDeadline:
        return LimitDeadline(key=f"{kind}.{step}")

    return (
        Transition("dispatch", "派单", ["received"], "dispatched", capability="help.dispatch",
                   deadline=limit("accept")),
        Transition("answer", "当场答复办结", ["received"], "closed", capability="help.answer", requires_comment=True),
        Transition("redispatch", "改派", ["dispatched"], "dispatched", capability="help.redispatch",
                   kind=EXCEPTIONAL, deadline=limit("accept"), requires_comment=True),
        Transition("cancel", "撤销", ["received", "dispatched"], "cancelled", capability="help.cancel",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("accept", "接单", ["dispatched"], "accepted", capability="help.accept", deadline=limit("arrive")),
        Transition("refuse", "退单", ["dispatched"], "received", capability="help.refuse",
                   kind=EXCEPTIONAL, deadline=limit("dispatch"), requires_comment=True),
        Transition("arrive", "到达签到", ["accepted"], "arrived", capability="help.arrive", deadline=limit("finish")),
        Transition("finish", "服务完成", ["arrived"], "finished", capability="help.finish", deadline=limit("callback")),
        Transition("callback", "回访办结", ["finished"], "closed", capability="help.callback"),
        Transition("rework", "回访不满意，返工", ["finished"], "dispatched", capability="help.rework",
                   kind=EXCEPTIONAL, deadline=limit("accept"), requires_comment=True),
    )  # fmt: skip


class HelpCase(CaseType):
    code = HELP
    label = "12349求助"
    prefix = "YL"
    states = STATES
    initial = "received"
    final = {"closed", "cancelled"}
    transitions = _transitions("normal")
    initial_deadline = LimitDeadline(key="normal.dispatch")
    # 求助类诉求当日或3个工作日内办结 (domain.md §13 [L]).
    total_deadline = Deadline(workdays=3)

    @classmethod
    def on_transition(cls, case: Case, transition: Transition, actor: User, **context: Any) -> None:
        from minzheng.eldercare.services.help import help_request_apply_move

        help_request_apply_move(case=case, action=transition.action, actor=actor, **context)

    @classmethod
    def offered_to(cls, case: Case, transition: Transition, user: User) -> bool:
        """接单, 到达, 完成 and 退单 belong to the accounts of the provider the request was dispatched to."""
        if transition.action not in PROVIDER_ACTIONS:
            return True
        from minzheng.eldercare.models import HelpRequest

        return HelpRequest.objects.filter(case_id=case.pk, provider__operators=user).exists()

    @classmethod
    def detail_url(cls, case: Case) -> str | None:
        from minzheng.eldercare.models import HelpRequest

        pk = HelpRequest.objects.filter(case_id=case.pk).values_list("pk", flat=True).first()
        return reverse("eldercare:help_detail", args=[pk]) if pk else None


class HelpEmergencyCase(HelpCase):
    code = HELP_EMERGENCY
    label = "12349紧急求助"
    prefix = "YJ"
    transitions = _transitions("emergency")
    initial_deadline = LimitDeadline(key="emergency.dispatch")
    total_deadline = LimitDeadline(key="emergency.total")


case_type_register(HelpCase)
case_type_register(HelpEmergencyCase)
