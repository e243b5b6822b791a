"""JSON API of child welfare under /api/v1/children/ (django-ninja, in the OpenAPI document).

The same reads as the pages (``children.views``): the capability of the pages (``children.read``, else 403), the
records through the scoped selectors (``selectors.support_list``/``support_get``, ``worker_list``, ``visit_list``,
``intake_list``, ``outreach_list``: the user's region; outside it 404). Personal data as the pages show it: a
child's or a worker's name, the ID number masked, a phone masked. Opening a child's record is audited as the page
audits it (``registry.services.person_view_log``). Read-only: applications, moves and records are made on the
pages, where the case's moves and the person picker are.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema

from minzheng.children import selectors
from minzheng.children.models import Guardian, InfantIntake, Outreach, Support, Visit, Worker
from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.masking import mask_citizen_id, mask_phone
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.registry.services import person_view_log

router = Router(tags=["儿童福利"])

READ = "children.read"  # the child-welfare pages (children.views)


# --- 孤儿 / 事实无人抚养儿童 ----------------------------------------------------------------------------------------


class ChildSupportItem(Schema):
    id: int
    case_number: str = Field(description="认定案件编号")
    child_id: int
    child_name: str = Field(description="儿童姓名")
    child_id_number: str = Field(description="儿童身份证号码（脱敏）")
    kind: str = Field(description="orphan 孤儿 / de_facto 事实无人抚养儿童")
    kind_label: str
    placement: str = Field(description="institution 集中养育 / dispersed 散居")
    placement_label: str
    state: str = Field(description="认定案件状态")
    state_label: str = Field(description="状态（已终止时写明终止原因）")
    region_code: str = Field(description="所属区划代码")
    region_name: str
    applied_on: date
    decided_on: date | None = Field(description="认定日期")
    pay_until: date | None = Field(description="末次发放月（含该月）")
    ended_on: date | None = Field(description="终止事由发生日期")
    end_reason: str = Field(description="终止原因（未终止为空）")

    @staticmethod
    def resolve_case_number(obj: Support) -> str:
        return obj.case.number

    @staticmethod
    def resolve_child_name(obj: Support) -> str:
        return obj.child.name

    @staticmethod
    def resolve_child_id_number(obj: Support) -> str:
        return mask_citizen_id(obj.child.id_number)

    @staticmethod
    def resolve_kind_label(obj: Support) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_placement_label(obj: Support) -> str:
        return obj.get_placement_display()

    @staticmethod
    def resolve_state(obj: Support) -> str:
        return obj.case.state

    @staticmethod
    def resolve_state_label(obj: Support) -> str:
        return obj.state_label

    @staticmethod
    def resolve_region_code(obj: Support) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Support) -> str:
        return obj.region.name


class ChildGuardianOut(Schema):
    name: str
    relation: str = Field(description="与儿童关系")
    phone: str = Field(description="联系电话（脱敏）")

    @staticmethod
    def resolve_phone(obj: Guardian) -> str:
        return mask_phone(obj.phone)


class ChildSupportOut(ChildSupportItem):
    home_name: str | None = Field(description="儿童福利机构（集中养育）")
    father_situation: str
    father_months: int
    mother_situation: str
    mother_months: int
    applicant_name: str
    applicant_relation: str
    in_school_until: date | None = Field(description="年满18周岁后在校就读至")
    enrollment_id: int | None = Field(description="保障记录（认定后）")
    guardians: list[ChildGuardianOut]

    @staticmethod
    def resolve_home_name(obj: Support) -> str | None:
        return obj.home.name if obj.home is not None else None

    @staticmethod
    def resolve_guardians(obj: Support) -> list[Guardian]:
        return list(obj.guardians.all())


class ChildSupportPage(Schema):
    items: list[ChildSupportItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class ChildSupportFilter(PageFilter):
    state: str = Field("", description="open 办理中 / paying 保障中 / ended 已终止 / 案件状态（如 rejected）")
    kind: str = Field("", description="orphan / de_facto")
    q: str = Field("", description="儿童姓名（前缀）")
    region: str | None = Field(None, description="区划代码：只列此区划内的儿童")
    date_from: date | None = Field(None, description="申请日期起（含）")
    date_to: date | None = Field(None, description="申请日期止（含）")


@router.get(
    "/children/supports",
    response=responses({200: ChildSupportPage}, 403, 404, 422),
    summary="孤儿和事实无人抚养儿童（键集分页）",
)
def support_list(request: StaffRequest, filters: Query[ChildSupportFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.support_list(
            user=request.user, state=filters.state, kind=filters.kind, q=filters.q.strip()
        ),
        capability=READ,
        dates="applied_on",
    )


@router.get(
    "/children/supports/{child_support_id}",
    response=responses({200: ChildSupportOut}, 403, 404, 422),
    summary="儿童保障详情（查看记入审计）",
)
def support_detail(request: StaffRequest, child_support_id: int) -> Support:
    require(request.user, READ)
    support = selectors.support_get(user=request.user, pk=child_support_id)
    person_view_log(actor=request.user, person=support.child)
    return support


# --- 儿童主任 / 儿童督导员 ----------------------------------------------------------------------------------------


class ChildWorkerOut(Schema):
    id: int
    post: str = Field(description="director 儿童主任 / supervisor 儿童督导员")
    post_label: str
    person_id: int
    person_name: str
    person_id_number: str = Field(description="身份证号码（脱敏）")
    region_code: str = Field(description="负责区划代码（村居或乡镇街道）")
    region_name: str
    phone: str = Field(description="联系电话（脱敏）")
    appointed_on: date
    left_on: date | None = Field(description="离任日期（在任为 null）")

    @staticmethod
    def resolve_post_label(obj: Worker) -> str:
        return obj.get_post_display()

    @staticmethod
    def resolve_person_name(obj: Worker) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_number(obj: Worker) -> str:
        return mask_citizen_id(obj.person.id_number)

    @staticmethod
    def resolve_region_code(obj: Worker) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Worker) -> str:
        return obj.region.name

    @staticmethod
    def resolve_phone(obj: Worker) -> str:
        return mask_phone(obj.phone)


class ChildWorkerPage(Schema):
    items: list[ChildWorkerOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class ChildWorkerFilter(PageFilter):
    all: bool = Field(False, description="含已离任")
    post: str = Field("", description="director / supervisor")
    region: str | None = Field(None, description="区划代码：只列此区划内的")


@router.get(
    "/children/workers",
    response=responses({200: ChildWorkerPage}, 403, 404, 422),
    summary="儿童主任和儿童督导员（键集分页）",
)
def worker_list(request: StaffRequest, filters: Query[ChildWorkerFilter]) -> dict[str, Any]:
    def rows() -> QuerySet[Worker]:
        qs = selectors.worker_list(user=request.user, current_only=not filters.all)
        return qs.filter(post=filters.post) if filters.post else qs

    return keyset_list(request, filters, rows, capability=READ)


# --- 走访 ---------------------------------------------------------------------------------------------------------


class ChildVisitOut(Schema):
    id: int
    visited_on: date
    child_id: int
    child_name: str
    category: str = Field(description="left_behind 留守儿童 / plight 困境儿童 等")
    category_label: str
    worker_id: int
    worker_name: str = Field(description="走访人")
    worker_post: str = Field(description="走访人岗位")
    risk: str = Field(description="low / medium / high")
    risk_label: str
    follow_up: str = Field(description="跟进措施")
    case_number: str | None = Field(description="高风险的跟进案件编号")
    region_code: str = Field(description="所属区划代码")
    region_name: str

    @staticmethod
    def resolve_child_name(obj: Visit) -> str:
        return obj.child.name

    @staticmethod
    def resolve_category_label(obj: Visit) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_worker_name(obj: Visit) -> str:
        return obj.worker.person.name

    @staticmethod
    def resolve_worker_post(obj: Visit) -> str:
        return obj.worker.get_post_display()

    @staticmethod
    def resolve_risk_label(obj: Visit) -> str:
        return obj.get_risk_display()

    @staticmethod
    def resolve_case_number(obj: Visit) -> str | None:
        return obj.case.number if obj.case is not None else None

    @staticmethod
    def resolve_region_code(obj: Visit) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Visit) -> str:
        return obj.region.name


class ChildVisitPage(Schema):
    items: list[ChildVisitOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class ChildVisitFilter(PageFilter):
    risk: str = Field("", description="low / medium / high")
    region: str | None = Field(None, description="区划代码：只列此区划内的走访")
    date_from: date | None = Field(None, description="走访日期起（含）")
    date_to: date | None = Field(None, description="走访日期止（含）")


@router.get(
    "/children/visits",
    response=responses({200: ChildVisitPage}, 403, 404, 422),
    summary="儿童走访记录（键集分页）",
)
def visit_list(request: StaffRequest, filters: Query[ChildVisitFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.visit_list(user=request.user, risk=filters.risk),
        capability=READ,
        dates="visited_on",
    )


# --- 弃婴接收 / 宣讲 -----------------------------------------------------------------------------------------------


class ChildIntakeOut(Schema):
    id: int
    home_name: str = Field(description="接收机构")
    received_on: date
    found_on: date
    found_place: str
    gender: str = Field(description="M 男 / F 女")
    estimated_birth: date
    disabled: bool = Field(description="残疾或患病")
    police_report: str = Field(description="公安机关捡拾报案证明编号")
    region_code: str = Field(description="所属区划代码")
    region_name: str

    @staticmethod
    def resolve_home_name(obj: InfantIntake) -> str:
        return obj.home.name

    @staticmethod
    def resolve_region_code(obj: InfantIntake) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: InfantIntake) -> str:
        return obj.region.name


class ChildIntakePage(Schema):
    items: list[ChildIntakeOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class ChildDatedFilter(PageFilter):
    region: str | None = Field(None, description="区划代码：只列此区划内的")
    date_from: date | None = Field(None, description="日期起（含）")
    date_to: date | None = Field(None, description="日期止（含）")


@router.get(
    "/children/intakes",
    response=responses({200: ChildIntakePage}, 403, 404, 422),
    summary="儿童福利机构接收弃婴（键集分页）",
)
def intake_list(request: StaffRequest, filters: Query[ChildDatedFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.intake_list(user=request.user).select_related("region"),
        capability=READ,
        dates="received_on",
    )


class ChildOutreachOut(Schema):
    id: int
    held_on: date
    title: str = Field(description="主题")
    speaker: str = Field(description="宣讲人")
    audience: int = Field(description="参加人数")
    children: int = Field(description="其中儿童及监护人")
    region_code: str = Field(description="宣讲地点区划代码")
    region_name: str

    @staticmethod
    def resolve_region_code(obj: Outreach) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Outreach) -> str:
        return obj.region.name


class ChildOutreachPage(Schema):
    items: list[ChildOutreachOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


@router.get(
    "/children/outreach",
    response=responses({200: ChildOutreachPage}, 403, 404, 422),
    summary="关爱保护政策宣讲（键集分页）",
)
def outreach_list(request: StaffRequest, filters: Query[ChildDatedFilter]) -> dict[str, Any]:
    return keyset_list(
        request, filters, lambda: selectors.outreach_list(user=request.user), capability=READ, dates="held_on"
    )
