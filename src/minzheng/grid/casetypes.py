"""The grid event as a case type: the 7-step flow of digital city management (domain.md §9) on the
shared casework engine.

信息收集 (reported) → 案卷建立 (file: filed) → 任务派遣 (dispatch to a department, or to the grid itself)
→ 任务处理 (to_department / to_grid) → 处理反馈 (feedback: handled_*) → 核查结案 (verify: closed, or
rework back to the same unit) → 综合评价 (evaluate: evaluated, with the satisfaction callback; a
substantive dissatisfaction reopens the event for a new dispatch). 作废 (void) before dispatch; 退单
(return) by a unit that was wrongly dispatched. States and actions follow the practice listed in domain.md
§13 (待受理, 立案派遣, 处理中, 核查结案, 结案, 作废; 事件上报, 审核受理, 任务分派, 事件处置, 核查结案, 退回).

Handling by a department and by the grid are separate states, so that each role's one queue (casework's
worklist) holds only what it can act on: a 网格员 does not see a department's tasks as their own.
The handling time limit depends on the event's category, which a static ``Transition.deadline`` cannot
express; ``on_transition`` sets it (see services.events.event_on_transition).
"""

from __future__ import annotations

from typing import Any

from minzheng.casework.types import EXCEPTIONAL, CaseType, Transition, case_type_register
from minzheng.grid import rules

UNIT_MOVES = frozenset({"feedback", "return"})
"""The moves of a dispatched unit's task: only that unit's own accounts take them."""


@case_type_register
class GridEvent(CaseType):
    code = "grid_event"
    label = "网格事件"
    prefix = "SJ"
    states = {
        "reported": "待受理",
        "filed": "待派遣",
        "to_department": "部门处置中",
        "to_grid": "网格处置中",
        "handled_department": "待核查",
        "handled_grid": "待核查",
        "closed": "已结案待评价",
        "evaluated": "已评价",
        "void": "作废",
    }
    initial = "reported"
    final = {"evaluated", "void"}
    initial_deadline = rules.FILING_DEADLINE
    transitions = (
        Transition("file", "受理立案", ["reported"], "filed", capability="event.file",
                   deadline=rules.DISPATCH_DEADLINE),
        Transition("void", "作废", ["reported", "filed"], "void", capability="event.void",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("dispatch", "派遣至处置单位", ["filed"], "to_department", capability="event.dispatch"),
        Transition("dispatch_grid", "交网格处置", ["filed"], "to_grid", capability="event.dispatch_grid"),
        Transition("feedback", "处置反馈", ["to_department"], "handled_department",
                   capability="event.feedback_department", deadline=rules.VERIFY_DEADLINE, requires_comment=True),
        Transition("return", "退单", ["to_department"], "filed", capability="event.return_department",
                   kind=EXCEPTIONAL, deadline=rules.DISPATCH_DEADLINE, requires_comment=True),
        Transition("feedback", "处置反馈", ["to_grid"], "handled_grid", capability="event.feedback_grid",
                   deadline=rules.VERIFY_DEADLINE, requires_comment=True),
        Transition("return", "退单", ["to_grid"], "filed", capability="event.return_grid",
                   kind=EXCEPTIONAL, deadline=rules.DISPATCH_DEADLINE, requires_comment=True),
        Transition("verify", "核查结案", ["handled_department", "handled_grid"], "closed", capability="event.verify",
                   deadline=rules.CALLBACK_DEADLINE),
        Transition("rework", "返工", ["handled_department"], "to_department", capability="event.rework",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("rework", "返工", ["handled_grid"], "to_grid", capability="event.rework",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("evaluate", "回访评价", ["closed"], "evaluated", capability="event.evaluate"),
        Transition("reopen", "不满意重办", ["closed"], "filed", capability="event.reopen",
                   kind=EXCEPTIONAL, deadline=rules.DISPATCH_DEADLINE, requires_comment=True),
    )  # fmt: skip

    @classmethod
    def offered_to(cls, case: Any, transition: Transition, user: Any) -> bool:
        """A unit's task is handled (反馈, 退单) by that unit's own accounts only."""
        if case.state != "to_department" or transition.action not in UNIT_MOVES:
            return True
        from minzheng.grid.models import Event

        unit = Event.objects.filter(case_id=case.pk, department__isnull=False)
        return not unit.exclude(department__users=user).exists()

    @classmethod
    def on_transition(cls, case: Any, transition: Transition, actor: Any, **context: Any) -> None:
        from minzheng.grid.services.events import event_on_transition

        event_on_transition(case=case, transition=transition, actor=actor, **context)

    @classmethod
    def detail_url(cls, case: Any) -> str | None:
        from django.urls import reverse

        return reverse("grid:event_detail", args=[case.pk])
