"""Writes of community governance. Keyword-only; refusals are ``CommunityError`` with a Chinese message naming the
field; ``PermissionDenied`` when the acting user lacks the capability. ``actor=None`` is the system (the seed)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from minzheng.community import rules
from minzheng.community.errors import CommunityError
from minzheng.community.models import (
    Candidate,
    CertificateItem,
    Election,
    IssuedCertificate,
    Posting,
    PostingPhoto,
    Project,
    PublicitySetting,
    Refusal,
    Voter,
)
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.registry.models import Person


def _check(actor: User | None, capability: str, region: Region, what: str) -> None:
    if actor is None:
        return
    require(actor, capability)
    if not region_within_scope(actor, region):
        raise CommunityError(f"“{region.name}”不在您的管辖范围内，不能{what}")


def _committee(region: Region, field: str = "region") -> None:
    if region.level != Region.Level.COMMUNITY:
        raise CommunityError(f"“{region.name}”不是村（社区），请选择村（社区）", field=field)


# --- 大社区综合服务中心与示范点 --------------------------------------------------------------------------------


def project_create(
    *,
    actor: User | None,
    region: Region,
    name: str,
    kind: str,
    planned_on: date,
    facilities: str = "",
    services: str = "",
    area_m2: int | None = None,
    budget_fen: int | None = None,
    note: str = "",
) -> Project:
    """Put a project into the library (项目库): a centre or a pilot site of a 村（社区） or a 镇（街道）."""
    _check(actor, "community.project", region, "登记项目")
    if region.level not in (Region.Level.COMMUNITY, Region.Level.TOWN):
        raise CommunityError(f"“{region.name}”不是村（社区）或镇（街道）", field="region")
    if kind not in Project.Kind.values:
        raise CommunityError("项目类型无效", field="kind")
    name = (name or "").strip()
    if not name:
        raise CommunityError("请填写项目名称", field="name")
    if Project.objects.filter(region=region, kind=kind, name=name).exists():
        raise CommunityError(f"“{region.name}”已有名为“{name}”的同类项目", field="name")
    return Project.objects.create(
        region=region, kind=kind, name=name, planned_on=planned_on, facilities=facilities.strip(),
        services=services.strip(), area_m2=area_m2, budget_fen=budget_fen, note=note.strip()[:200],
        created_by=actor,
    )  # fmt: skip


def project_start(*, actor: User | None, project: Project, on: date) -> Project:
    _check(actor, "community.project", project.region, "登记开工")
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.status != Project.Status.PLANNED:
            raise CommunityError(f"项目“{locked.name}”的状态为“{locked.get_status_display()}”，不能登记开工")
        if on < locked.planned_on:
            raise CommunityError("开工日期不能早于入库日期", field="on")
        locked.status, locked.started_on = Project.Status.BUILDING, on
        locked.save(update_fields=["status", "started_on"])
    return locked


def project_complete(*, actor: User | None, project: Project, on: date) -> Project:
    """建成: the project counts among the year's centres or pilot sites built (figures 17–18) from ``on``."""
    _check(actor, "community.project", project.region, "登记建成")
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.status != Project.Status.BUILDING:
            raise CommunityError(
                f"项目“{locked.name}”尚未开工（{locked.get_status_display()}），不能登记建成"
            )
        if locked.started_on and on < locked.started_on:
            raise CommunityError("建成日期不能早于开工日期", field="on")
        if not locked.facility_list() or not locked.service_list():
            raise CommunityError(f"项目“{locked.name}”须登记设施和服务项目后才能登记建成")
        locked.status, locked.completed_on = Project.Status.COMPLETED, on
        locked.save(update_fields=["status", "completed_on"])
    return locked


def project_export_log(*, actor: User) -> None:
    audit_append(
        action=Action.EXPORT, object_type="community.project", actor=actor, detail="导出大社区与示范点项目"
    )


# --- 证明事项清单 -------------------------------------------------------------------------------------------


def item_save(
    *, actor: User | None, region: Region, name: str, allowed: bool, basis: str, refuse_reason: str = ""
) -> CertificateItem:
    """Add or change a line of ``region``'s 证明事项清单. A refused line needs its reason, an allowed one its legal
    basis (民发〔2020〕20号: 必须是有明确法律法规依据……属于基层群众性自治组织职责范围的事项)."""
    _check(actor, "community.certificate_list", region, "维护证明事项清单")
    name, basis, refuse_reason = (name or "").strip(), (basis or "").strip(), (refuse_reason or "").strip()
    if not name:
        raise CommunityError("请填写证明事项名称", field="name")
    if not basis:
        raise CommunityError("请填写设定依据（可以出具的须有法律法规依据）", field="basis")
    if not allowed and not refuse_reason:
        raise CommunityError("不予出具的事项须写明理由", field="refuse_reason")
    item, _ = CertificateItem.objects.update_or_create(
        region=region, name=name,
        defaults={"allowed": allowed, "basis": basis[:200], "refuse_reason": "" if allowed else refuse_reason[:200],
                  "active": True},
    )  # fmt: skip
    return item


def items_effective(region: Region) -> list[CertificateItem]:
    """The list that applies to a committee: the lines of its own region and of every region above it, the
    nearest line winning for a name."""
    codes = [c for c in region.path.split("/") if c]
    found: dict[str, CertificateItem] = {}
    for item in (
        CertificateItem.objects.filter(region__code__in=codes, active=True)
        .select_related("region")
        .order_by("region__depth", "id")
    ):
        found[item.name] = item
    return sorted(found.values(), key=lambda i: (not i.allowed, i.name))


def _resident(person: Person, region: Region) -> bool:
    paths = [r.path for r in (person.region, person.hukou_region) if r is not None]
    return any(p.startswith(region.path) for p in paths)


def certificate_number(region: Region, year: int, seq: int) -> str:
    """证明编号: the committee's code, the year and a sequence starting at 1 each year."""
    return f"（{year}）{region.code}证字第{seq:04d}号"


def certificate_request(
    *,
    actor: User | None,
    region: Region,
    person: Person,
    item: CertificateItem,
    purpose: str,
    content: str = "",
    on: date | None = None,
) -> IssuedCertificate | Refusal:
    """A person asks the committee of ``region`` for the certificate ``item``. A line it may issue gives a numbered
    certificate; a line it must refuse records the refusal with the list's reason and returns it (民发〔2020〕20号:
    没有法律法规依据……的证明事项，基层群众性自治组织不予出具)."""
    _check(actor, "community.certificate_issue", region, "出具证明")
    _committee(region)
    on = on or timezone.localdate()
    if item.pk not in {i.pk for i in items_effective(region)}:
        raise CommunityError(f"“{item.name}”不在“{region.name}”适用的证明事项清单中", field="item")
    if not _resident(person, region):
        raise CommunityError(
            f"{person.name}不是“{region.name}”的居民，本村（社区）不能为其出具证明", field="person"
        )
    if not item.allowed:
        return Refusal.objects.create(
            region=region, item=item, requested=item.name, person=person, reason=item.refuse_reason,
            refer_to=item.basis, refused_on=on, refused_by=actor,
        )  # fmt: skip
    purpose = (purpose or "").strip()
    if not purpose:
        raise CommunityError("请填写证明用途", field="purpose")
    text = (content or "").strip() or f"兹证明{person.name}为本村（社区）居民，特此证明。"
    for _attempt in range(5):
        seq = (
            IssuedCertificate.objects.filter(region=region, year=on.year).aggregate(m=Max("seq"))["m"] or 0
        ) + 1
        try:
            with transaction.atomic():
                return IssuedCertificate.objects.create(
                    region=region, item=item, person=person, year=on.year, seq=seq,
                    number=certificate_number(region, on.year, seq), purpose=purpose[:100], content=text,
                    issued_on=on, verify_code=secrets.token_hex(8), issued_by=actor,
                )  # fmt: skip
        except IntegrityError:
            continue  # another clerk took the number: take the next one
    raise CommunityError("证明编号冲突，请重试")


def certificate_refuse(
    *,
    actor: User | None,
    region: Region,
    requested: str,
    reason: str,
    person: Person | None = None,
    refer_to: str = "",
    on: date | None = None,
) -> Refusal:
    """Record the refusal of a certificate that is on no list (the reason said to the person, where to go)."""
    _check(actor, "community.certificate_issue", region, "登记不予出具")
    _committee(region)
    requested, reason = (requested or "").strip(), (reason or "").strip()
    if not requested:
        raise CommunityError("请填写申请出具的证明名称", field="requested")
    if not reason:
        raise CommunityError("请写明不予出具的理由", field="reason")
    return Refusal.objects.create(
        region=region, requested=requested[:60], person=person, reason=reason[:200], refer_to=refer_to.strip()[:200],
        refused_on=on or timezone.localdate(), refused_by=actor,
    )  # fmt: skip


def certificate_revoke(*, actor: User | None, certificate: IssuedCertificate, reason: str, on: date) -> None:
    """作废 (issued in error): the public verification then says so."""
    _check(actor, "community.certificate_issue", certificate.region, "作废证明")
    if not (reason or "").strip():
        raise CommunityError("请写明作废原因", field="reason")
    with transaction.atomic():
        locked = IssuedCertificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_on:
            raise CommunityError(f"证明{locked.number}已作废")
        locked.revoked_on, locked.revoke_reason = on, reason.strip()[:200]
        locked.save(update_fields=["revoked_on", "revoke_reason"])


def certificate_view_log(*, actor: User, certificate: IssuedCertificate) -> None:
    audit_append(action=Action.VIEW, obj=certificate, actor=actor, detail=f"查看证明{certificate.number}")


def certificate_export_log(*, actor: User) -> None:
    audit_append(action=Action.EXPORT, object_type="community.issuedcertificate", actor=actor,
                 detail="导出出具的证明")  # fmt: skip


# --- 村（居）务公开 -----------------------------------------------------------------------------------------


def finance_monthly(region: Region) -> bool:
    setting = PublicitySetting.objects.filter(region=region).first()
    return bool(setting and setting.finance_monthly)


def publicity_setting_set(*, actor: User | None, region: Region, finance_monthly: bool) -> PublicitySetting:
    """集体财务往来较多的村 posts its finances monthly (《村民委员会组织法》第三十条第二款)."""
    _check(actor, "community.posting", region, "修改村务公开设置")
    _committee(region)
    setting, _ = PublicitySetting.objects.update_or_create(
        region=region, defaults={"finance_monthly": finance_monthly}
    )
    return setting


def posting_create(
    *,
    actor: User | None,
    region: Region,
    category: str,
    period_start: date,
    period_end: date,
    title: str,
    content: str,
    posted_on: date,
    photos: Iterable[Any] = (),
) -> Posting:
    """Record a posting on the 公开栏 for one whole period of its category's frequency (rules.posting_frequency),
    with its deadline (rules.posting_due); a late posting is recorded and shows as late."""
    _check(actor, "community.posting", region, "登记公开")
    _committee(region)
    if category not in Posting.Category.values:
        raise CommunityError("公开类别无效", field="category")
    frequency = rules.posting_frequency(category, finance_monthly=finance_monthly(region))
    problem = rules.period_check(start=period_start, end=period_end, frequency=frequency)
    if problem:
        raise CommunityError(problem, field="period_start")
    if posted_on < period_start:
        raise CommunityError("公开日期不能早于公开期间的开始日期", field="posted_on")
    if not (title or "").strip() or not (content or "").strip():
        raise CommunityError("请填写标题和公开内容", field="content")
    if Posting.objects.filter(region=region, category=category, period_start=period_start).exists():
        label = rules.CATEGORY_LABELS[category]
        raise CommunityError(f"“{region.name}”{rules.period_of(period_start, frequency).label}的{label}已登记",
                             field="period_start")  # fmt: skip
    with transaction.atomic():
        posting = Posting.objects.create(
            region=region, category=category, period_start=period_start, period_end=period_end,
            title=title.strip()[:100], content=content.strip(), posted_on=posted_on,
            due_on=rules.posting_due(period_end), posted_by=actor,
        )  # fmt: skip
        for photo in photos:
            PostingPhoto.objects.create(posting=posting, image=photo)
    return posting


# --- 换届选举 -----------------------------------------------------------------------------------------------


def election_create(
    *, actor: User | None, region: Region, term: int, election_day: date, seats: int, kind: str = ""
) -> Election:
    _check(actor, "community.election", region, "组织选举")
    _committee(region)
    kind = kind or (Election.Kind.VILLAGE if region.kind == Region.Kind.RURAL else Election.Kind.RESIDENTS)
    if kind not in Election.Kind.values:
        raise CommunityError("委员会类型无效", field="kind")
    if not 3 <= seats <= 9:
        raise CommunityError("应选名额应为3至9名（村民委员会3至7名，居民委员会5至9名）", field="seats")
    if Election.objects.filter(region=region, term=term).exists():
        raise CommunityError(f"“{region.name}”第{term}届选举已登记", field="term")
    return Election.objects.create(region=region, kind=kind, term=term, election_day=election_day, seats=seats,
                                   created_by=actor)  # fmt: skip


_VOTERS_SQL = """
INSERT INTO community_voter (election_id, person_id, voted)
SELECT %s, p.id, %s
FROM registry_person p
JOIN core_region r ON r.id = p.region_id
LEFT JOIN core_region h ON h.id = p.hukou_region_id
WHERE p.status = 'normal' AND p.birth_date <= %s
  AND (r.path LIKE %s OR h.path LIKE %s)
  AND NOT EXISTS (SELECT 1 FROM community_voter v WHERE v.election_id = %s AND v.person_id = p.id)
"""


def election_register_voters(*, actor: User | None, election: Election) -> int:
    """The voters' list from the registry in one statement: the living residents of the committee's area (by
    residence or by hukou) aged 18 or more on the election day (《村民委员会组织法》第十三条；《城市居民委员会
    组织法》(2018)第八条). Re-running adds only who is missing. Returns the number on the list."""
    _check(actor, "community.election", election.region, "登记选民")
    with transaction.atomic():
        locked = Election.objects.select_for_update().get(pk=election.pk)
        if locked.status not in (Election.Status.DRAFT, Election.Status.REGISTERED):
            raise CommunityError("已计票的选举不能再登记选民")
        like = locked.region.path + "%"
        with connection.cursor() as cursor:
            cursor.execute(_VOTERS_SQL, [locked.pk, False, rules.born_on_or_before(locked.election_day), like, like,
                                         locked.pk])  # fmt: skip
        locked.registered = Voter.objects.filter(election=locked).count()
        locked.status = Election.Status.REGISTERED
        locked.save(update_fields=["registered", "status"])
    audit_append(action=Action.BULK, obj=locked, actor=actor, detail=f"登记选民{locked.registered}人")
    election.refresh_from_db()
    return locked.registered


def candidate_add(*, actor: User | None, election: Election, person: Person) -> Candidate:
    """A candidate must be on the voters' list (被选举权, 《村民委员会组织法》第十三条)."""
    _check(actor, "community.election", election.region, "登记候选人")
    if election.status != Election.Status.REGISTERED:
        raise CommunityError("选民名单公布后、计票前才能登记候选人")
    if not Voter.objects.filter(election=election, person=person).exists():
        raise CommunityError(f"{person.name}不在本次选举的选民名单中，不能作为候选人", field="person")
    if Candidate.objects.filter(election=election, person=person).exists():
        raise CommunityError(f"{person.name}已是候选人", field="person")
    return Candidate.objects.create(election=election, person=person)


def election_count(
    *,
    actor: User | None,
    election: Election,
    voted: int,
    ballots_returned: int,
    ballots_invalid: int,
    votes: dict[int, int],
) -> Election:
    """Record the count: turnout, ballots, each candidate's votes. The election is valid when more than half
    of the registered voters voted (第十五条第二款) and no more ballots came back than voters voted (a local rule
    of the provinces' election rules [U]); a candidate is elected with more than half the votes of those who voted,
    the most votes first, up to the seats (rules.elected)."""
    _check(actor, "community.election", election.region, "登记计票结果")
    candidates = list(Candidate.objects.filter(election=election))
    if not candidates:
        raise CommunityError("尚未登记候选人")
    if not 0 <= voted <= election.registered:
        raise CommunityError(f"参加投票人数应在0至登记选民数{election.registered}之间", field="voted")
    if not 0 <= ballots_invalid <= ballots_returned:
        raise CommunityError("无效票数不能多于收回选票数", field="ballots_invalid")
    valid_ballots = ballots_returned - ballots_invalid
    for c in candidates:
        n = votes.get(c.pk)
        if n is None or n < 0:
            raise CommunityError(f"请填写候选人{c.person.name}的得票数", field=f"votes_{c.pk}")
        if n > valid_ballots:
            raise CommunityError(
                f"候选人{c.person.name}的得票数{n}多于有效选票{valid_ballots}张", field=f"votes_{c.pk}"
            )
    with transaction.atomic():
        locked = Election.objects.select_for_update().get(pk=election.pk)
        if locked.status != Election.Status.REGISTERED:
            raise CommunityError(f"选举状态为“{locked.get_status_display()}”，不能登记计票结果")
        valid = rules.election_valid(registered=locked.registered, voted=voted) and ballots_returned <= voted
        winners = set(rules.elected(tallies=[(c.pk, votes[c.pk]) for c in candidates], voted=voted,
                                    seats=locked.seats)) if valid else set()  # fmt: skip
        for c in candidates:
            c.votes, c.elected = votes[c.pk], c.pk in winners
            c.save(update_fields=["votes", "elected"])
        locked.voted, locked.ballots_returned, locked.ballots_invalid = (
            voted,
            ballots_returned,
            ballots_invalid,
        )
        locked.valid, locked.counted_at, locked.status = valid, timezone.now(), Election.Status.COUNTED
        locked.save(
            update_fields=["voted", "ballots_returned", "ballots_invalid", "valid", "counted_at", "status"]
        )
    return locked


def election_file(*, actor: User | None, election: Election, on: date) -> Election:
    """备案: the 乡镇（街道） receives the valid result (《村民委员会组织法》: 选举结果报乡镇人民政府备案 [U: the
    article number was not checked])."""
    _check(actor, "community.election_file", election.region, "受理选举备案")
    with transaction.atomic():
        locked = Election.objects.select_for_update().get(pk=election.pk)
        if locked.status != Election.Status.COUNTED:
            raise CommunityError(f"选举状态为“{locked.get_status_display()}”，计票后才能备案")
        if not locked.valid:
            raise CommunityError(
                "参加投票的选民未过半数（或选票多于投票人数），选举无效，不能备案，应重新组织选举"
            )
        if on < locked.election_day:
            raise CommunityError("备案日期不能早于选举日", field="on")
        locked.status, locked.filed_on, locked.filed_by = Election.Status.FILED, on, actor
        locked.save(update_fields=["status", "filed_on", "filed_by"])
    return locked
