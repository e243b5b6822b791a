"""Writes of social organisations and social work. Keyword-only; refusals are ``OrgsError`` with a Chinese
message naming the field; ``PermissionDenied`` when the acting user lacks the capability. ``actor=None`` is the
system (seed). Rules and their sources: ``rules.py``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.casework.models import Case
from minzheng.casework.services import case_open
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.core.uscc import UsccError, parse_uscc
from minzheng.orgs import rules
from minzheng.orgs.casetypes import AMEND, ESTABLISH
from minzheng.orgs.errors import OrgsError
from minzheng.orgs.models import (
    AnnualReport,
    Application,
    Attendance,
    Filing,
    Listing,
    Organisation,
    Penalty,
    Project,
    Station,
    Training,
    Worker,
)
from minzheng.registry.models import Person
from minzheng.reports.registry import data_changed


def _scope_check(actor: User | None, region: Region, what: str) -> None:
    if actor is not None and not region_within_scope(actor, region):
        raise OrgsError(f"“{region.name}”不在您的管辖范围内，不能{what}")


def _today(at: datetime | None = None) -> date:
    return timezone.localdate(at or timezone.now())


def uscc_check(raw: str, *, kind: str | None = None, field: str = "uscc") -> str:
    """A 统一社会信用代码 (GB 32100-2015, ``core.uscc``); for an organisation registered by 民政 the 登记管理部门代码
    is 5 and the 机构类别代码 matches its type (1 社会团体, 2 民办非企业单位, 3 基金会)."""
    if not (raw or "").strip():
        return ""
    try:
        parsed = parse_uscc(raw)
    except UsccError as exc:
        raise OrgsError(f"统一社会信用代码有误：{exc.reason}", field=field) from exc
    if kind is not None:
        expected = {rules.ASSOCIATION: "1", rules.SERVICE: "2", rules.FOUNDATION: "3"}[kind]
        if not parsed.is_civil_affairs or parsed.entity_type != expected:
            raise OrgsError(
                f"统一社会信用代码前两位应为“5{expected}”（民政登记的{rules.KIND_LABELS[kind]}），实为“{parsed.code[:2]}”",
                field=field,
            )
    return parsed.code


def _authority_check(kind: str, authority: Region) -> None:
    if not rules.establish_authority_allowed(kind, authority.level):
        if kind == rules.FOUNDATION:
            raise OrgsError(
                "基金会由国务院民政部门或省级人民政府民政部门登记（《基金会管理条例》第六条），市、区民政部门不受理基金会设立登记",
                field="kind",
            )
        raise OrgsError("登记管理机关应为市或区民政部门", field="authority")


def _legal_rep_check(*, kind: str, legal_rep: Person | None, exclude_org: int | None = None) -> None:
    """社团条例第十二条第三款: a 社会团体's 法定代表人 may not at the same time be the 法定代表人 of another 社会团体;
    基金会条例第二十三条: a foundation's may not be that of any other organisation."""
    if legal_rep is None:
        return
    others = Organisation.objects.filter(
        legal_rep=legal_rep, status__in=[Organisation.Status.ACTIVE, Organisation.Status.SUSPENDED]
    )
    if exclude_org:
        others = others.exclude(pk=exclude_org)
    if kind == rules.ASSOCIATION:
        clash = others.filter(kind=rules.ASSOCIATION).first()
        if clash:
            raise OrgsError(
                f"{legal_rep.name}已担任社会团体“{clash.name}”的法定代表人，不得同时担任其他社会团体的法定代表人"
                "（《社会团体登记管理条例》第十二条）",
                field="legal_rep",
            )
    elif kind == rules.FOUNDATION:
        clash = others.first()
        if clash:
            raise OrgsError(
                f"{legal_rep.name}已担任“{clash.name}”的法定代表人，基金会的法定代表人不得同时担任其他组织的法定代表人"
                "（《基金会管理条例》第二十三条）",
                field="legal_rep",
            )
    elif others.filter(kind=rules.FOUNDATION).exists():
        clash = others.filter(kind=rules.FOUNDATION).first()
        raise OrgsError(
            f"{legal_rep.name}是基金会“{clash.name}”的法定代表人，不得同时担任其他组织的法定代表人（《基金会管理条例》第二十三条）",
            field="legal_rep",
        )


def _name_check(name: str, authority: Region, exclude_org: int | None = None) -> None:
    """社团条例第十三条（二）/ 民非条例第十一条（三）: a name already used by an organisation of the same authority."""
    qs = Organisation.objects.filter(
        authority=authority, name=name, status__in=[Organisation.Status.ACTIVE, Organisation.Status.SUSPENDED]
    )
    if exclude_org:
        qs = qs.exclude(pk=exclude_org)
    if qs.exists():
        raise OrgsError(f"{authority.name}民政部门已登记名为“{name}”的社会组织", field="name")


# --- registration applications -------------------------------------------------------------------------


def application_create(
    *,
    actor: User | None,
    purpose: str,
    authority: Region | None = None,
    region: Region | None = None,
    organisation: Organisation | None = None,
    kind: str = "",
    name: str = "",
    uscc: str = "",
    domicile: str = "",
    business_scope: str = "",
    sponsor: str = "",
    legal_rep_name: str = "",
    legal_rep: Person | None = None,
    funds_fen: int = 0,
    comment: str = "",
    at: datetime | None = None,
) -> Application:
    """申请 a 成立/变更/注销登记: opens the case (the decision period runs from 受理). For 变更 the fields given are
    the new values; empty ones stay as registered."""
    if actor is not None:
        require(actor, "orgs.register")
    purposes = Application.Purpose
    if purpose not in purposes.values:
        raise OrgsError("请选择申请事项", field="purpose")
    if purpose == purposes.ESTABLISH:
        if kind not in rules.KIND_LABELS:
            raise OrgsError("请选择社会组织类型", field="kind")
        if authority is None or region is None:
            raise OrgsError("请选择登记管理机关和住所所在地", field="authority")
        if not (name or "").strip():
            raise OrgsError("请填写名称", field="name")
        if not (business_scope or "").strip():
            raise OrgsError("请填写业务范围", field="business_scope")
        if not (legal_rep_name or "").strip():
            raise OrgsError("请填写法定代表人", field="legal_rep_name")
        _authority_check(kind, authority)
        if not region.path.startswith(authority.path):
            raise OrgsError(
                f"住所所在地“{region.name}”不在登记管理机关“{authority.name}”的行政区域内", field="region"
            )
        _name_check(name.strip(), authority)
        _legal_rep_check(kind=kind, legal_rep=legal_rep)
        uscc = uscc_check(uscc, kind=kind)
    else:
        if organisation is None:
            raise OrgsError("请选择社会组织", field="organisation")
        if not organisation.is_active:
            raise OrgsError(
                f"“{organisation.name}”的登记状态为{organisation.get_status_display()}，不能申请{purposes(purpose).label}"
            )
        authority, region, kind = organisation.authority, organisation.region, organisation.kind
        name = (name or "").strip() or organisation.name
        if purpose == purposes.CHANGE and name != organisation.name:
            _name_check(name, authority, exclude_org=organisation.pk)
        if purpose == purposes.CHANGE and legal_rep is not None:
            _legal_rep_check(kind=kind, legal_rep=legal_rep, exclude_org=organisation.pk)
        if Application.objects.filter(organisation=organisation, case__closed_at__isnull=True).exists():
            raise OrgsError(f"“{organisation.name}”已有办理中的登记申请", field="organisation")
    _scope_check(actor, authority, "登记该登记管理机关的申请")
    case_type = ESTABLISH if purpose == purposes.ESTABLISH else AMEND
    with transaction.atomic():
        case = case_open(
            case_type=case_type, actor=actor, region=region, title=f"{name} {purposes(purpose).label}",
            comment=comment, at=at or timezone.now(),
        )  # fmt: skip
        return Application.objects.create(
            case=case, purpose=purpose, organisation=organisation, kind=kind, name=name.strip(), uscc=uscc,
            authority=authority, region=region, domicile=domicile.strip(), business_scope=business_scope.strip(),
            sponsor=sponsor.strip(), legal_rep_name=legal_rep_name.strip(), legal_rep=legal_rep, funds_fen=funds_fen,
        )  # fmt: skip


def application_set_uscc(*, actor: User, application: Application, uscc: str) -> Application:
    """The 统一社会信用代码 the authority assigns before 准予成立登记."""
    require(actor, "orgs.register")
    _scope_check(actor, application.authority, "填写统一社会信用代码")
    code = uscc_check(uscc, kind=application.kind)
    if not code:
        raise OrgsError("请填写统一社会信用代码", field="uscc")
    if Organisation.objects.filter(uscc=code).exists():
        raise OrgsError(f"统一社会信用代码{code}已被其他社会组织使用", field="uscc")
    application.uscc = code
    application.save(update_fields=["uscc"])
    return application


def application_apply_move(*, case: Case, action: str, actor: User, at: datetime, **context: Any) -> None:
    """The consequences of a move (called by the case engine inside the move's transaction). Only the
    registration authority itself (the city's or the district's bureau) decides."""
    app = Application.objects.select_for_update(of=("self",)).select_related("authority").get(case=case)
    if action in ("approve", "refuse", "accept"):
        _scope_check(actor, app.authority, "办理其他登记管理机关的申请")
    if action == "approve":
        _approve(app, actor=actor, at=at)
    elif action == "refuse":
        app.approved, app.decided_at = False, at
        app.decision_reason = case.events.order_by("-id").values_list("comment", flat=True).first() or ""
        app.save(update_fields=["approved", "decided_at", "decision_reason"])


def _approve(app: Application, *, actor: User, at: datetime) -> None:
    day = _today(at)
    purposes = Application.Purpose
    if app.purpose == purposes.ESTABLISH:
        if not app.uscc:
            raise OrgsError("准予登记前请填写统一社会信用代码", field="uscc")
        _name_check(app.name, app.authority)
        _legal_rep_check(kind=app.kind, legal_rep=app.legal_rep)
        try:
            with transaction.atomic():
                org = Organisation.objects.create(
                    name=app.name, kind=app.kind, uscc=app.uscc, authority=app.authority, region=app.region,
                    domicile=app.domicile, business_scope=app.business_scope, sponsor=app.sponsor,
                    legal_rep_name=app.legal_rep_name, legal_rep=app.legal_rep, funds_fen=app.funds_fen,
                    registered_on=day, created_by=actor,
                )  # fmt: skip
        except IntegrityError as exc:
            raise OrgsError(f"统一社会信用代码{app.uscc}或名称“{app.name}”已被使用", field="uscc") from exc
        app.organisation = org
        app.decision_reason = f"准予成立登记，{day:%Y年%m月%d日}发给登记证书"
    else:
        org = Organisation.objects.select_for_update().get(pk=app.organisation_id)
        if app.purpose == purposes.CHANGE:
            changed = []
            for attr in ("name", "domicile", "business_scope", "sponsor", "legal_rep_name"):
                value = getattr(app, attr)
                if value and value != getattr(org, attr):
                    setattr(org, attr, value)
                    changed.append(Organisation._meta.get_field(attr).verbose_name)
            if app.legal_rep_id and app.legal_rep_id != org.legal_rep_id:
                _legal_rep_check(kind=org.kind, legal_rep=app.legal_rep, exclude_org=org.pk)
                org.legal_rep = app.legal_rep
            if app.funds_fen and app.funds_fen != org.funds_fen:
                org.funds_fen = app.funds_fen
                changed.append("活动资金")
            org.save()
            app.decision_reason = "准予变更登记：" + ("、".join(changed) or "登记事项未变")
        else:
            org.status, org.status_on = Organisation.Status.DEREGISTERED, day
            org.save(update_fields=["status", "status_on"])
            Listing.objects.filter(organisation=org, removed_on__isnull=True).update(
                removed_on=day, removal_reason="已注销登记"
            )
            app.decision_reason = f"准予注销登记，{day:%Y年%m月%d日}发给注销证明文件"
    app.approved, app.decided_at = True, at
    app.save(update_fields=["organisation", "approved", "decided_at", "decision_reason"])


def organisation_register(
    *,
    actor: User | None,
    name: str,
    kind: str,
    authority: Region,
    region: Region,
    business_scope: str,
    legal_rep_name: str,
    registered_on: date,
    uscc: str = "",
    legal_rep: Person | None = None,
    domicile: str = "",
    sponsor: str = "",
    funds_fen: int = 0,
) -> Organisation:
    """Record an organisation registered before this system (or, for a foundation, by the province): the
    existing register taken over, not a new registration."""
    if actor is not None:
        require(actor, "orgs.register")
    _scope_check(actor, region, "登记该社会组织")
    if kind == rules.FOUNDATION:
        if authority.level not in ("city",):
            raise OrgsError(
                "基金会由省级以上民政部门登记，请将登记管理机关记为市（省厅登记、在本市活动）",
                field="authority",
            )
    else:
        _authority_check(kind, authority)
    _name_check(name.strip(), authority)
    _legal_rep_check(kind=kind, legal_rep=legal_rep)
    code = uscc_check(uscc, kind=kind)
    if code and Organisation.objects.filter(uscc=code).exists():
        raise OrgsError(f"统一社会信用代码{code}已登记", field="uscc")
    return Organisation.objects.create(
        name=name.strip(), kind=kind, uscc=code, authority=authority, region=region, domicile=domicile,
        business_scope=business_scope, sponsor=sponsor, legal_rep_name=legal_rep_name, legal_rep=legal_rep,
        funds_fen=funds_fen, registered_on=registered_on, created_by=actor,
    )  # fmt: skip


# --- annual reports ------------------------------------------------------------------------------------


def annual_report_record(
    *,
    actor: User | None,
    organisation: Organisation,
    year: int,
    submitted_on: date,
    sponsor_reviewed_on: date | None = None,
    result: str = "",
) -> AnnualReport:
    """Record the report on ``year`` (社团条例第二十八条、民非条例第二十三条: due by 5月31日; 基金会条例第三十六条: by
    3月31日). A report after the due day is recorded as late; the year must be over and the organisation
    registered by its end."""
    if actor is not None:
        require(actor, "orgs.supervise")
        _scope_check(actor, organisation.authority, "登记其年度报告")
    if year < organisation.registered_on.year:
        raise OrgsError(f"{year}年“{organisation.name}”尚未成立", field="year")
    if submitted_on.year <= year:
        raise OrgsError(f"{year}年度工作报告应在{year + 1}年报送", field="submitted_on")
    if sponsor_reviewed_on and sponsor_reviewed_on > submitted_on:
        raise OrgsError("业务主管单位初审日期不能晚于报送登记管理机关日期", field="sponsor_reviewed_on")
    if result and result not in AnnualReport.Result.values:
        raise OrgsError("年检结论无效", field="result")
    if AnnualReport.objects.filter(organisation=organisation, year=year).exists():
        raise OrgsError(f"“{organisation.name}”的{year}年度工作报告已登记", field="year")
    late = submitted_on > rules.annual_report_due(organisation.kind, year)
    return AnnualReport.objects.create(
        organisation=organisation, year=year, submitted_on=submitted_on, sponsor_reviewed_on=sponsor_reviewed_on,
        result=result, late=late, created_by=actor,
    )  # fmt: skip


def overdue_sweep(*, actor: User | None, year: int, on: date, authority: Region | None = None) -> int:
    """列入活动异常名录 every organisation whose report on ``year`` is overdue on ``on`` (not received by the due
    day, ``rules.annual_report_due``) and not listed already: one INSERT … SELECT. Returns how many were listed."""
    if actor is not None:
        require(actor, "orgs.supervise")
    if authority is not None:
        _scope_check(actor, authority, "核查年度报告")
    from minzheng.orgs.selectors import overdue_reports

    qs = overdue_reports(year=year, on=on, authority=authority).exclude(
        pk__in=Listing.objects.filter(removed_on__isnull=True).values("organisation_id")
    )
    ids = list(qs.values_list("pk", flat=True))
    if not ids:
        return 0
    detail = f"{year}年度工作报告逾期未报送"
    Listing.objects.bulk_create(
        [
            Listing(organisation_id=pk, reason=Listing.Reason.NO_ANNUAL_REPORT, detail=detail, listed_on=on,
                    created_by=actor)
            for pk in ids
        ],
        batch_size=2000,
    )  # fmt: skip
    data_changed("orgs.listing")
    audit_append(action=Action.UPDATE, object_type="orgs.listing", actor=actor,
                 detail=f"年报逾期列入活动异常名录{len(ids)}个（{year}年度）")  # fmt: skip
    return len(ids)


# --- penalties and the abnormal-activity list ------------------------------------------------------------


def penalty_decide(
    *,
    actor: User | None,
    organisation: Organisation,
    kind: str,
    decided_on: date,
    facts: str,
    basis: str,
    fine_fen: int = 0,
    turnover_fen: int = 0,
    gain_fen: int = 0,
    suspend_until: date | None = None,
) -> Penalty:
    """An administrative penalty by the authority that registered the organisation (《社会组织登记管理机关行政处罚
    程序规定》第三条: 各级登记管理机关负责管辖在本机关登记的社会组织的行政处罚案件). The kinds each regulation allows
    (``rules.PENALTIES_BY_KIND``); a fine within the bounds of 社团条例第三十条第二款 / 民非条例第二十五条第二款; 限期
    停止活动 suspends the organisation until its end (社团条例第三十三条: 证书、印章和财务凭证封存); 撤销登记 ends it.
    A 警告 or a fine under 5万元 lists it on the abnormal-activity list."""
    if actor is not None:
        require(actor, "orgs.supervise")
        _scope_check(actor, organisation.authority, "处罚在其他登记管理机关登记的社会组织")
    if kind not in rules.PENALTY_LABELS:
        raise OrgsError("请选择处罚种类", field="kind")
    if kind not in rules.PENALTIES_BY_KIND[organisation.kind]:
        raise OrgsError(
            f"{rules.KIND_LABELS[organisation.kind]}的行政处罚不包括{rules.PENALTY_LABELS[kind]}"
            "（《基金会管理条例》第四十二条：警告、责令停止活动、撤销登记）",
            field="kind",
        )
    if not organisation.is_active:
        raise OrgsError(
            f"“{organisation.name}”已{organisation.get_status_display()}，不能再作处罚", field="organisation"
        )
    if not (facts or "").strip():
        raise OrgsError("请填写违法事实", field="facts")
    if not (basis or "").strip():
        raise OrgsError("请填写处罚依据（条款）", field="basis")
    if kind == rules.FINE:
        bounds = rules.fine_bounds(turnover_fen=turnover_fen, gain_fen=gain_fen)
        if bounds is None:
            raise OrgsError("罚款须以违法经营额或违法所得为基数，请填写其金额", field="turnover_fen")
        low, high = bounds
        if not low <= fine_fen <= high:
            raise OrgsError(
                f"罚款应在{low / 100:.2f}元至{high / 100:.2f}元之间（违法经营额1倍以上3倍以下或者违法所得3倍以上5倍以下）",
                field="fine_fen",
            )
    else:
        fine_fen = 0
    if kind == rules.SUSPEND:
        if suspend_until is None or suspend_until <= decided_on:
            raise OrgsError("请填写停止活动的截止日期（晚于决定日期）", field="suspend_until")
    else:
        suspend_until = None
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        penalty = Penalty.objects.create(
            organisation=org, kind=kind, decided_on=decided_on, facts=facts.strip(), basis=basis.strip(),
            fine_fen=fine_fen, turnover_fen=turnover_fen, gain_fen=gain_fen, suspend_until=suspend_until,
            created_by=actor,
        )  # fmt: skip
        if kind == rules.SUSPEND:
            org.status, org.status_on, org.suspended_until = (
                Organisation.Status.SUSPENDED,
                decided_on,
                suspend_until,
            )
            org.save(update_fields=["status", "status_on", "suspended_until"])
        elif kind == rules.REVOKE:
            org.status, org.status_on = Organisation.Status.REVOKED, decided_on
            org.save(update_fields=["status", "status_on"])
        if rules.penalty_lists(kind, fine_fen):
            listing_add(
                actor=None, organisation=org, reason=Listing.Reason.PENALISED, on=decided_on,
                detail=f"{decided_on:%Y年%m月%d日}受到{rules.PENALTY_LABELS[kind]}处罚",
            )  # fmt: skip
    return penalty


def listing_add(
    *, actor: User | None, organisation: Organisation, reason: str, on: date, detail: str = ""
) -> Listing:
    """列入活动异常名录. Listed again while listed, the listing's term starts again from ``on`` (列入期间再次出现
    应当列入情形的，重新计算列入时限) and the new grounds are added to its note."""
    if actor is not None:
        require(actor, "orgs.supervise")
        _scope_check(actor, organisation.authority, "列入其他登记管理机关的社会组织")
    if reason not in Listing.Reason.values:
        raise OrgsError("请选择列入事由", field="reason")
    if reason == Listing.Reason.OTHER and not (detail or "").strip():
        raise OrgsError("“其他法定情形”须写明情况", field="detail")
    with transaction.atomic():
        current = (
            Listing.objects.select_for_update()
            .filter(organisation=organisation, removed_on__isnull=True)
            .first()
        )
        if current is not None:
            if on < current.listed_on:
                raise OrgsError("列入日期不能早于现有列入日期", field="on")
            current.listed_on = on
            current.detail = f"{current.detail}；{on:%Y-%m-%d}再次列入：{rules.LISTING_REASONS[reason]}{('，' + detail) if detail else ''}"[
                :300
            ]
            current.save(update_fields=["listed_on", "detail"])
            return current
        return Listing.objects.create(
            organisation=organisation,
            reason=reason,
            detail=(detail or "").strip()[:300],
            listed_on=on,
            created_by=actor,
        )


def listing_remove(*, actor: User | None, listing: Listing, on: date, reason: str) -> Listing:
    """移出活动异常名录 with the reason (obligations fulfilled, rectification done) and the date."""
    if actor is not None:
        require(actor, "orgs.supervise")
        _scope_check(actor, listing.organisation.authority, "移出其他登记管理机关的社会组织")
    if not (reason or "").strip():
        raise OrgsError("请填写移出理由", field="reason")
    with transaction.atomic():
        locked = Listing.objects.select_for_update().get(pk=listing.pk)
        if locked.removed_on is not None:
            raise OrgsError("已移出活动异常名录")
        if on < locked.listed_on:
            raise OrgsError("移出日期不能早于列入日期", field="on")
        locked.removed_on, locked.removal_reason = on, reason.strip()[:300]
        locked.save(update_fields=["removed_on", "removal_reason"])
    return locked


# --- 社区社会组织 filing -------------------------------------------------------------------------------------


def filing_create(
    *,
    actor: User | None,
    name: str,
    field: str,
    town: Region,
    leader_name: str,
    filed_on: date,
    community: Region | None = None,
    leader: Person | None = None,
    members: int = 0,
) -> Filing:
    """备案 of a 社区社会组织 at the 街道/乡镇 (社区社会组织 not meeting the registration conditions are filed and
    managed by the town — domain.md §12, a local practice [L], not a national article)."""
    if actor is not None:
        require(actor, "orgs.filing")
    if town.level != Region.Level.TOWN:
        raise OrgsError("备案机关应为乡镇（街道）", field="town")
    _scope_check(actor, town, "备案")
    if community is not None and (community.parent_id != town.pk):
        raise OrgsError(f"“{community.name}”不属于{town.name}", field="community")
    if not (name or "").strip():
        raise OrgsError("请填写名称", field="name")
    if not (leader_name or "").strip():
        raise OrgsError("请填写负责人", field="leader_name")
    if Filing.objects.filter(town=town, name=name.strip(), status=Filing.Status.FILED).exists():
        raise OrgsError(f"{town.name}已备案名为“{name.strip()}”的社区社会组织", field="name")
    return Filing.objects.create(
        name=name.strip(), field=field.strip(), town=town, community=community, region=community or town,
        leader_name=leader_name.strip(), leader=leader, members=members, filed_on=filed_on, created_by=actor,
    )  # fmt: skip


def filing_cancel(*, actor: User | None, filing: Filing, on: date) -> Filing:
    if actor is not None:
        require(actor, "orgs.filing")
        _scope_check(actor, filing.town, "撤销备案")
    if filing.status != Filing.Status.FILED:
        raise OrgsError("该备案已撤销")
    filing.status, filing.cancelled_on = Filing.Status.CANCELLED, on
    filing.save(update_fields=["status", "cancelled_on"])
    return filing


# --- social work ---------------------------------------------------------------------------------------


def station_open(*, actor: User | None, town: Region, name: str, opened_on: date,
                 operator: Organisation | None = None) -> Station:  # fmt: skip
    """A town's 社工站 (one a town)."""
    if actor is not None:
        require(actor, "orgs.social_work")
    if town.level != Region.Level.TOWN:
        raise OrgsError("社工站设在乡镇（街道）", field="town")
    _scope_check(actor, town, "建立社工站")
    if operator is not None and not operator.is_active:
        raise OrgsError(
            f"“{operator.name}”已{operator.get_status_display()}，不能运营社工站", field="operator"
        )
    if Station.objects.filter(town=town).exists():
        raise OrgsError(f"{town.name}已有社工站", field="town")
    return Station.objects.create(town=town, name=name.strip() or f"{town.name}社会工作服务站", opened_on=opened_on,
                                  operator=operator)  # fmt: skip


def worker_register(
    *,
    actor: User | None,
    person: Person,
    level: str = "none",
    certificate_no: str = "",
    certified_year: int | None = None,
    employer: Organisation | None = None,
    station: Station | None = None,
) -> Worker:
    """A social worker; a 职业水平 level other than 未取得 needs its certificate number and year."""
    if actor is not None:
        require(actor, "orgs.social_work")
    region = station.town if station is not None else person.region
    _scope_check(actor, region, "登记社会工作者")
    if level not in Worker.Level.values:
        raise OrgsError("请选择职业水平", field="level")
    certificate_no = (certificate_no or "").strip()
    if level != Worker.Level.NONE and not (certificate_no and certified_year):
        raise OrgsError(f"{rules.LEVEL_LABELS[level]}须填写证书编号和取证年度", field="certificate_no")
    if level == Worker.Level.NONE:
        certificate_no, certified_year = "", None
    if Worker.objects.filter(person=person).exists():
        raise OrgsError(f"{person.name}已登记为社会工作者", field="person")
    if certificate_no and Worker.objects.filter(certificate_no=certificate_no).exists():
        raise OrgsError(f"证书编号{certificate_no}已登记", field="certificate_no")
    return Worker.objects.create(
        person=person, level=level, certificate_no=certificate_no, certified_year=certified_year, employer=employer,
        station=station, region=region,
    )  # fmt: skip


def training_record(
    *, actor: User | None, title: str, held_on: date, hours: int, region: Region, workers: list[Worker]
) -> Training:
    """A training session and who attended (figure 55 counts the workers trained in the year)."""
    if actor is not None:
        require(actor, "orgs.social_work")
    _scope_check(actor, region, "登记培训")
    if not (title or "").strip():
        raise OrgsError("请填写培训名称", field="title")
    if hours <= 0:
        raise OrgsError("学时应大于0", field="hours")
    if not workers:
        raise OrgsError("请选择参训的社会工作者", field="workers")
    with transaction.atomic():
        training = Training.objects.create(title=title.strip(), held_on=held_on, hours=hours, region=region)
        Attendance.objects.bulk_create([Attendance(training=training, worker=w) for w in workers])
        data_changed("orgs.attendance")
    return training


def worker_training_hours(worker: Worker, *, year: int | None = None) -> int:
    qs = Training.objects.filter(attendance__worker=worker)
    if year:
        qs = qs.filter(held_on__year=year)
    return sum(qs.values_list("hours", flat=True))


def project_create(
    *,
    actor: User | None,
    title: str,
    year: int,
    region: Region,
    provider: Organisation,
    budget_fen: int,
    deliverables: str,
    start_on: date,
    end_on: date,
) -> Project:
    """A government-purchased service project: the provider must be a registered organisation in good
    standing (not revoked, deregistered or suspended)."""
    if actor is not None:
        require(actor, "orgs.social_work")
    _scope_check(actor, region, "登记购买服务项目")
    if provider.status != Organisation.Status.ACTIVE:
        raise OrgsError(
            f"“{provider.name}”{provider.get_status_display()}，不能承接政府购买服务", field="provider"
        )
    if budget_fen <= 0:
        raise OrgsError("项目预算应大于0", field="budget_fen")
    if end_on < start_on:
        raise OrgsError("结束日期不能早于开始日期", field="end_on")
    if not (deliverables or "").strip():
        raise OrgsError("请填写服务内容与产出", field="deliverables")
    return Project.objects.create(
        title=title.strip(), year=year, region=region, provider=provider, budget_fen=budget_fen,
        deliverables=deliverables.strip(), start_on=start_on, end_on=end_on,
    )  # fmt: skip


def project_evaluate(
    *, actor: User | None, project: Project, evaluator: str, score: Decimal, on: date
) -> Project:
    """The third-party evaluation (第三方评估): its agency, score (0–100) and date, after the project started."""
    if actor is not None:
        require(actor, "orgs.social_work")
        _scope_check(actor, project.region, "评估该项目")
    if not (evaluator or "").strip():
        raise OrgsError("请填写第三方评估机构", field="evaluator")
    if not Decimal(0) <= score <= Decimal(100):
        raise OrgsError("评估得分应在0至100之间", field="score")
    if on < project.start_on:
        raise OrgsError("评估日期不能早于项目开始日期", field="on")
    project.evaluator, project.score, project.evaluated_on = evaluator.strip(), score, on
    project.status = Project.Status.EVALUATED
    project.save(update_fields=["evaluator", "score", "evaluated_on", "status"])
    return project


def export_log(*, actor: User, what: str) -> None:
    audit_append(action=Action.EXPORT, object_type="orgs", actor=actor, detail=f"导出{what}")
