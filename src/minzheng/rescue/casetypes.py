"""A stay at the rescue station on the case engine (``rescue_intake``).

求助登记 → 甄别 within a day → 在站救助 (the 10-day stay of 实施细则, for people aged 16 or over without signs of
mental or intellectual disability) or 在站保护 (minors under 16 and impaired people: no day limit, they leave when
collected or placed, 工作规程) → a longer stay only when the district or city bureau approves it (实施细则: 因特殊
情况需要延长的，报上级民政主管部门备案) → leaving: 自行离站 (办法: never stopped), 护送返乡/亲属接领 with its hand-over
record, 移交, 长期滞留安置 (over 3 months unidentified, decided by the bureau), or death. 送医 (办法 第七条(三)) from
any stay. The domain's consequences of each move are in ``services.intakes.intake_apply_move``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from minzheng.casework.types import EXCEPTIONAL, CaseType, Deadline, Transition, case_type_register
from minzheng.rescue import rules

if TYPE_CHECKING:
    from minzheng.casework.models import Case
    from minzheng.core.models import User

INTAKE = "rescue_intake"

STATES = {
    "registered": "求助登记，待甄别",
    "sheltered": "在站救助",
    "protected": "在站保护（未成年人/特殊困难）",
    "extension_pending": "延长救助期限待批准",
    "extended": "延期救助",
    "hospital": "送医救治",
    "refused": "不予救助",
    "left": "自行离站",
    "returned": "已返乡（护送/接领）",
    "transferred": "已移交",
    "settled": "长期滞留安置",
    "died": "死亡",
}
IN_STATION = ("sheltered", "protected", "extension_pending", "extended", "hospital")
OPEN = ("registered", *IN_STATION)
FINAL = ("refused", "left", "returned", "transferred", "settled", "died")
# moves that need the domain's own inputs (hand-over record, hospital): their fields are in the move's form
WITH_FIELDS = ("hospitalize", "escort")

ORDINARY_ONLY = ("admit", "discharge", "leave", "extend_request")  # aged 16+, no sign of mental impairment
SPECIAL_ONLY = ("admit_protected", "discharge_protected")
STAY = Deadline(days=rules.STAY_LIMIT_DAYS)
STAYING = ("sheltered", "protected", "extended")


class IntakeCase(CaseType):
    code = INTAKE
    label = "流浪乞讨人员救助"
    prefix = "JZ"
    states = STATES
    initial = "registered"
    final = set(FINAL)
    transitions = (
        Transition("admit", "甄别完毕，在站救助", ["registered"], "sheltered", capability="rescue.station",
                   deadline=STAY),
        Transition("admit_protected", "甄别完毕，在站保护（未成年人/特殊困难）", ["registered"], "protected",
                   capability="rescue.station"),
        Transition("refuse", "不予救助（说明理由）", ["registered"], "refused", capability="rescue.station",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("escort", "护送返乡/亲属接领", [*STAYING, "hospital"], "returned", capability="rescue.station"),
        Transition("leave", "自行离站", [*STAYING, "hospital"], "left", capability="rescue.station"),
        Transition("extend_request", "申请延长救助期限", ["sheltered"], "extension_pending",
                   capability="rescue.station", requires_comment=True, deadline=Deadline(workdays=1)),
        Transition("extend_approve", "批准延长救助期限", ["extension_pending"], "extended",
                   capability="rescue.extend_approve", deadline=Deadline(days=rules.EXTENSION_DAYS)),
        Transition("extend_refuse", "不批准延长", ["extension_pending"], "sheltered",
                   capability="rescue.extend_approve", kind=EXCEPTIONAL, requires_comment=True,
                   deadline=Deadline(days=1)),
        Transition("hospitalize", "送医救治", [*STAYING], "hospital", capability="rescue.station"),
        Transition("discharge", "出院回站", ["hospital"], "sheltered", capability="rescue.station",
                   deadline=Deadline(days=1)),
        Transition("discharge_protected", "出院回站（在站保护）", ["hospital"], "protected",
                   capability="rescue.station"),
        Transition("transfer", "移交（福利、医疗、公安等机构）", [*STAYING, "hospital"], "transferred",
                   capability="rescue.station", kind=EXCEPTIONAL, requires_comment=True),
        Transition("settle", "决定长期滞留人员落户安置", ["protected", "extended", "sheltered", "hospital"], "settled",
                   capability="rescue.settle", requires_comment=True),
        Transition("die", "登记死亡", [*STAYING, "hospital", "extension_pending"], "died",
                   capability="rescue.station", kind=EXCEPTIONAL, requires_comment=True),
    )  # fmt: skip
    initial_deadline = Deadline(days=1)

    @classmethod
    def on_transition(cls, case: Case, transition: Transition, actor: User, **context: Any) -> None:
        from minzheng.rescue.services.intakes import intake_apply_move

        intake_apply_move(case=case, action=transition.action, actor=actor, **context)

    @classmethod
    def offered_to(cls, case: Case, transition: Transition, user: User) -> bool:
        """The page offers the moves that fit the person: 在站救助 (10 days) or 在站保护 by age and condition,
        自行离站 only to whoever may leave alone (工作规程); the services refuse the others all the same."""
        from minzheng.rescue.models import Intake

        if transition.action not in SPECIAL_ONLY and transition.action not in ORDINARY_ONLY:
            return True
        flags = Intake.objects.filter(case_id=case.pk).values_list("age", "impaired").first()
        if flags is None:
            return True
        ordinary = rules.may_leave_alone(age=flags[0], impaired=flags[1])
        return ordinary if transition.action in ORDINARY_ONLY else not ordinary

    @classmethod
    def detail_url(cls, case: Case) -> str | None:
        from minzheng.rescue.models import Intake

        pk = Intake.objects.filter(case_id=case.pk).values_list("pk", flat=True).first()
        return reverse("rescue:intake_detail", args=[pk]) if pk else None


case_type_register(IntakeCase)
