"""12349 help requests: the operator takes the call (a case opens), then every move goes through the case
engine (``casework.services.case_transition``); the domain's part of a move is
:func:`help_request_apply_move`, called by the case type inside the move's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.casework.models import Case
from minzheng.casework.services import CaseError, case_open, case_supervise, case_transition
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.core.values import phone_clean
from minzheng.eldercare import rules
from minzheng.eldercare.casetypes import HELP, HELP_EMERGENCY, PROVIDER_ACTIONS
from minzheng.eldercare.models import HelpCategory, HelpRequest, Institution, Satisfaction
from minzheng.eldercare.selectors import PROVIDER_KINDS
from minzheng.eldercare.services._common import EldercareError, check_text
from minzheng.registry.models import Person


def help_request_open(
    *,
    actor: User,
    caller_name: str,
    caller_phone: str,
    category: str,
    description: str,
    elderly: Person | None = None,
    region: Region | None = None,
    address: str = "",
    caller_relation: str = "",
    at: datetime | None = None,
) -> HelpRequest:
    """受理: a 12349 operator takes a call. The request belongs to the elderly person's region (else the
    region the operator picks, below the city). 助急 opens as an emergency case with minute limits and
    is put under 督办 at once, so the district sees it pressed from the start."""
    require(actor, "eldercare.help_take")
    caller_name = check_text(caller_name, label="来电人", field="caller_name", max_length=50)
    caller_phone = check_text(
        phone_clean(caller_phone, field="caller_phone", label="来电号码"),
        label="来电号码",
        field="caller_phone",
        max_length=20,
    )
    if category not in HelpCategory.values:
        raise EldercareError("请选择求助类别", field="category")
    description = check_text(description, label="诉求内容", field="description", max_length=2000)
    if elderly is not None:
        try:
            elderly = access_scoped(actor, Person, elderly.pk, label="服务对象")
        except OutOfScopeError as exc:
            raise EldercareError(str(exc), field="elderly") from exc
        region = elderly.region
    if region is None:
        raise EldercareError("未关联人员库中的老人时，须选择求助所在区划", field="region")
    if region.parent_id is None:
        raise EldercareError("求助所在区划须具体到区县或以下", field="region")
    emergency = rules.help_is_emergency(category)
    label = HelpCategory(category).label
    who = elderly.name if elderly is not None else caller_name
    with transaction.atomic():
        case = case_open(
            case_type=HELP_EMERGENCY if emergency else HELP,
            actor=actor,
            region=region,
            title=f"{label}：{who}",
            subject=elderly,
            comment=description,
            at=at,
            check_scope=False,  # the hotline takes calls for the whole city
        )
        help = HelpRequest.objects.create(
            case=case,
            caller_name=caller_name,
            caller_phone=caller_phone,
            caller_relation=check_text(caller_relation, label="与老人关系", field="caller_relation", max_length=20,
                                       required=False),
            elderly=elderly,
            category=category,
            emergency=emergency,
            description=description,
            address=check_text(address, label="服务地址", field="address", max_length=200, required=False),
            received_at=case.opened_at,
        )  # fmt: skip
        if emergency:
            case_supervise(
                actor=actor,
                case=case,
                note=f"紧急求助，平台自动督办：须在{timezone.localtime(case.state_due_at):%H:%M}前派单，派单后限时接单。",
            )
    return help


def help_request_move(
    *,
    actor: User,
    help: HelpRequest,
    action: str,
    comment: str = "",
    expected_state: str | None = None,
    provider: Institution | int | None = None,
    satisfaction: str = "",
    at: datetime | None = None,
) -> HelpRequest:
    """Take one step of the request through the case engine (it locks, checks role/state/scope and
    records the timeline; :func:`help_request_apply_move` adds the domain's checks)."""
    case_transition(
        actor=actor,
        case=help.case_id,
        action=action,
        comment=comment,
        expected_state=expected_state,
        at=at,
        provider=provider,
        satisfaction=satisfaction,
    )
    return HelpRequest.objects.select_related("case", "provider", "elderly").get(pk=help.pk)


def _provider_for_dispatch(provider: Institution | int | None, case: Case) -> Institution:
    if provider in (None, ""):
        raise CaseError("派单须选择服务商")
    pk = provider.pk if isinstance(provider, Institution) else provider
    found = Institution.objects.select_related("region").filter(pk=pk).first()
    if found is None or found.kind not in PROVIDER_KINDS or not found.active:
        raise CaseError("所选服务商不存在、已停止运营或不承接居家上门服务")
    if not case.region.path.startswith(found.region.path):
        raise CaseError(f"“{found.name}”的服务范围（{found.region.name}）不包含该求助所在区划")
    if not found.operators.exists():
        raise CaseError(f"“{found.name}”尚未设置经办人账号，不能在系统中接单")
    return found


def help_request_apply_move(
    *, case: Case, action: str, actor: User, provider: Any = None, satisfaction: str = "", **_: Any
) -> None:
    """The domain's part of a move (runs inside the engine's transaction; a refusal rolls it back)."""
    help = HelpRequest.objects.select_for_update().get(case_id=case.pk)
    fields: list[str] = []
    if action in ("dispatch", "redispatch"):
        chosen = _provider_for_dispatch(provider, Case.objects.select_related("region").get(pk=case.pk))
        if action == "redispatch" and help.provider_id == chosen.pk:
            raise CaseError("改派须选择另一家服务商")
        help.provider = chosen
        fields.append("provider")
    elif action in PROVIDER_ACTIONS:
        if help.provider is None or not help.provider.operators.filter(pk=actor.pk).exists():
            raise CaseError("该求助未派给您所在的服务商，不能办理")
        if action == "refuse":
            help.provider = None
            fields.append("provider")
    elif action in ("callback", "rework"):
        if satisfaction not in Satisfaction.values:
            raise CaseError("回访须选择满意度")
        if action == "rework" and satisfaction != Satisfaction.DISSATISFIED:
            raise CaseError("回访不满意才能退回返工")
        help.satisfaction = satisfaction
        fields.append("satisfaction")
    if fields:
        help.save(update_fields=fields)
