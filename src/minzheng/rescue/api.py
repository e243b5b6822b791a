"""JSON API of the rescue station: /api/v1/rescue/intakes (django-ninja, in the OpenAPI document).

The same reads as the stays' pages: the capability of the list (``rescue.read``, else 403), the stays through
``selectors.intake_list``/``intake_get`` (the user's region; outside it 404), the self-declared ID number masked as
on the stay's page, and the opening of a stay audited as the page audits it (``intake_view_log``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Query, Router, Schema

from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.rescue import selectors
from minzheng.rescue.casetypes import IntakeCase
from minzheng.rescue.models import Intake
from minzheng.rescue.services import intakes

router = Router(tags=["救助管理"])

READ = "rescue.read"  # the stays' list page (rescue.views.intake_list)


class IntakeItem(Schema):
    id: int
    number: str = Field(description="救助登记编号")
    state: str
    state_label: str
    station_name: str
    region_code: str = Field(description="所属区划代码")
    rescuee_code: str = Field(description="受助人员编号")
    rescuee_name: str = Field(description="姓名（自述或代称）")
    gender: str = Field(description="M 男 / F 女 / U 不明")
    identified: bool = Field(description="身份已查明")
    age: int = Field(description="入站时年龄（周岁，身份不明的为估计）")
    minor: bool
    source: str = Field(description="来站方式代码")
    arrived_at: datetime
    stay_until: date | None = Field(description="救助期限至")
    left_at: datetime | None
    leave: str = Field(description="离站方式代码（未离站为空）")

    @staticmethod
    def resolve_number(obj: Intake) -> str:
        return obj.case.number

    @staticmethod
    def resolve_state(obj: Intake) -> str:
        return obj.case.state

    @staticmethod
    def resolve_state_label(obj: Intake) -> str:
        return IntakeCase.state_label(obj.case.state)

    @staticmethod
    def resolve_station_name(obj: Intake) -> str:
        return obj.station.name

    @staticmethod
    def resolve_region_code(obj: Intake) -> str:
        return obj.region.code

    @staticmethod
    def resolve_rescuee_code(obj: Intake) -> str:
        return obj.rescuee.code

    @staticmethod
    def resolve_rescuee_name(obj: Intake) -> str:
        return obj.rescuee.name

    @staticmethod
    def resolve_gender(obj: Intake) -> str:
        return obj.rescuee.gender

    @staticmethod
    def resolve_identified(obj: Intake) -> bool:
        return obj.rescuee.identified_at is not None


class IntakeOut(IntakeItem):
    id_number: str = Field(description="自述身份证号（脱敏；未提供为空）")
    person_id: int | None = Field(description="人员库中的人员 id（身份已查明时）")
    identified_at: datetime | None
    found_place: str
    voluntary: bool
    impaired: bool = Field(description="疑似精神障碍或智力残疾")
    reason: str
    family_notified_at: datetime | None
    guardian_notified_at: datetime | None
    handover_to: str
    handover_relation: str
    handover_place: str
    transfer_to: str

    @staticmethod
    def resolve_id_number(obj: Intake) -> str:
        return mask_citizen_id(obj.rescuee.id_number) if obj.rescuee.id_number else ""

    @staticmethod
    def resolve_person_id(obj: Intake) -> int | None:
        return obj.rescuee.person_id

    @staticmethod
    def resolve_identified_at(obj: Intake) -> datetime | None:
        return obj.rescuee.identified_at


class IntakePage(Schema):
    items: list[IntakeItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class IntakeFilter(PageFilter):
    q: str = Field("", description="姓名（前缀）、救助登记编号或受助人员编号")
    state: str = Field("", description="状态代码；open 为在站（未离站）")
    minors: bool = Field(False, description="只列未成年人")
    region: str | None = Field(None, description="区划代码：只列此区划内的救助登记")
    date_from: date | None = Field(None, description="入站日期起（含）")
    date_to: date | None = Field(None, description="入站日期止（含）")


@router.get(
    "/rescue/intakes",
    response=responses({200: IntakePage}, 403, 404, 422),
    summary="救助登记列表（键集分页）",
)
def intake_list(request: StaffRequest, filters: Query[IntakeFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.intake_list(
            user=request.user, state=filters.state, q=filters.q.strip(), minors=filters.minors
        ).select_related("region"),
        capability=READ,
        dates="arrived_at__date",
    )


@router.get(
    "/rescue/intakes/{intake_id}",
    response=responses({200: IntakeOut}, 403, 404, 422),
    summary="救助登记详情（查看记入审计）",
)
def intake_detail(request: StaffRequest, intake_id: int) -> Intake:
    require(request.user, READ)
    intake = selectors.intake_get(user=request.user, pk=intake_id)
    intakes.intake_view_log(actor=request.user, intake=intake)
    return intake
