"""The naming or renaming of a place (地名命名、更名) on the case engine: 申报 → 区县审查 → 专家论证 → 公示 → 批准,
after which the standard name enters the register (``services.application_apply_move``).

Sources: 《地名管理条例》(2022) 第四条第三款 (no naming or renaming without approval) and 第十一条第二款 (综合评估、
专家论证、征求意见 before a decision) [U: 第十一条's wording known through the 实施办法]; 《地名管理条例实施办法》
(2024) 第五条 (what the expert report and the consultation report contain) [V]. The public notice period
``NOTICE_DAYS`` = 30 calendar days is [U]: neither text read here gives a number; it is the period many local
rules use for 征求意见 and a parameter of this module the city may change. The step limits (20 working days
to review, 30 to decide) are [U] demo values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from minzheng.casework.types import EXCEPTIONAL, CaseType, Deadline, Transition, case_type_register

if TYPE_CHECKING:
    from minzheng.casework.models import Case
    from minzheng.core.models import User

CASE_TYPE = "place_naming"
NOTICE_DAYS = 30
STEP = Deadline(workdays=20)


@case_type_register
class NamingCase(CaseType):
    code = CASE_TYPE
    label = "地名命名更名申请"
    prefix = "DM"
    states = {
        "applied": "已申报，待审查",
        "expert": "审查通过，待专家论证",
        "notice": "公示中",
        "approval": "公示期满，待批准",
        "approved": "已批准，已录入地名录",
        "refused": "审查不通过",
        "rejected": "不予批准",
        "withdrawn": "已撤回",
    }
    initial = "applied"
    final = {"approved", "refused", "rejected", "withdrawn"}
    transitions = (
        Transition("review", "审查通过（标准名称核查无误）", ["applied"], "expert", capability="placenames.review",
                   deadline=STEP),
        Transition("expert", "登记专家论证意见并开始公示", ["expert"], "notice", capability="placenames.notice",
                   requires_comment=True),
        Transition("notice_end", "公示期满，报请批准", ["notice"], "approval", capability="placenames.notice",
                   opens_after=Deadline(days=NOTICE_DAYS),
                   opens_note=f"公示期为{NOTICE_DAYS}日，期满后可报请批准", deadline=Deadline(workdays=30)),
        Transition("approve", "批准并录入地名录", ["approval"], "approved", capability="placenames.approve"),
        Transition("refuse", "审查不通过", ["applied", "expert", "notice"], "refused",
                   capability="placenames.review", kind=EXCEPTIONAL, requires_comment=True),
        Transition("reject", "不予批准", ["approval"], "rejected", capability="placenames.approve",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("withdraw", "登记申报单位撤回", ["applied", "expert", "notice"], "withdrawn",
                   capability="placenames.apply", kind=EXCEPTIONAL, requires_comment=True),
    )  # fmt: skip
    initial_deadline = STEP

    @classmethod
    def on_transition(cls, case: Case, transition: Transition, actor: User, **context: Any) -> None:
        from minzheng.placenames.services import application_apply_move

        application_apply_move(case=case, action=transition.action, actor=actor, **context)

    @classmethod
    def detail_url(cls, case: Case) -> str | None:
        from minzheng.placenames.models import NamingApplication

        pk = NamingApplication.objects.filter(case_id=case.pk).values_list("pk", flat=True).first()
        return reverse("placenames:application_detail", args=[pk]) if pk else None
