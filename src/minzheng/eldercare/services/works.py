"""Works projects of institutions (敬老院升级改造, figure 20): 立项 with a budget, progress reports, 验收.

The 市局 and 区局 (``eldercare.works``) record them for the institutions of their region; ``actor=None`` is the
system (the seed)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.eldercare.errors import EldercareError
from minzheng.eldercare.models import Institution, WorksProject, WorksReport

WORKS = "eldercare.works"


def _check(actor: User | None, region: Region, what: str) -> None:
    if actor is None:
        return
    require(actor, WORKS)
    if not region_within_scope(actor, region):
        raise EldercareError(f"“{region.name}”不在您的管辖范围内，不能{what}")


def works_create(
    *,
    actor: User | None,
    institution: Institution,
    name: str,
    budget_fen: int,
    approved_on: date,
    scope_text: str = "",
) -> WorksProject:
    """立项 of an institution's works project, with its budget."""
    _check(actor, institution.region, "登记改造工程")
    name = (name or "").strip()
    if not name:
        raise EldercareError("请填写工程名称", field="name")
    if not budget_fen or budget_fen <= 0:
        raise EldercareError("请填写预算（大于0元）", field="budget")
    return WorksProject.objects.create(
        institution=institution, region=institution.region, name=name[:100], scope_text=(scope_text or "").strip(),
        budget_fen=budget_fen, approved_on=approved_on, created_by=actor,
    )  # fmt: skip


def works_report(
    *, actor: User | None, project: WorksProject, on: date, progress: int, spent_fen: int, note: str = ""
) -> WorksProject:
    """A progress report: the first one starts the works; progress and money paid never go back, and the money
    paid never exceeds the budget."""
    _check(actor, project.region, "填报工程进度")
    with transaction.atomic():
        locked = WorksProject.objects.select_for_update().get(pk=project.pk)
        if locked.status == WorksProject.Status.ACCEPTED:
            raise EldercareError(f"工程“{locked.name}”已验收，不能再填报进度")
        if not 0 <= progress <= 100:
            raise EldercareError("形象进度应在0至100之间", field="progress")
        if progress < locked.progress:
            raise EldercareError(f"形象进度不能低于上次填报的{locked.progress}%", field="progress")
        if spent_fen < locked.spent_fen:
            raise EldercareError("累计支付不能少于上次填报的金额", field="spent")
        if spent_fen > locked.budget_fen:
            raise EldercareError(
                f"累计支付{spent_fen / 100:.2f}元超过预算{locked.budget_fen / 100:.2f}元", field="spent"
            )
        if on < locked.approved_on:
            raise EldercareError("填报日期不能早于立项日期", field="on")
        WorksReport.objects.create(project=locked, on=on, progress=progress, spent_fen=spent_fen,
                                   note=(note or "").strip()[:200], by=actor)  # fmt: skip
        locked.progress, locked.spent_fen = progress, spent_fen
        fields = ["progress", "spent_fen"]
        if locked.status == WorksProject.Status.PLANNED:
            locked.status, locked.started_on = WorksProject.Status.BUILDING, on
            fields += ["status", "started_on"]
        locked.save(update_fields=fields)
    return locked


def works_accept(
    *, actor: User | None, project: WorksProject, on: date, passed: bool, note: str
) -> WorksProject:
    """验收: only a works at 100 %; a failed acceptance keeps it under way with the opinion recorded."""
    _check(actor, project.region, "验收改造工程")
    if not (note or "").strip():
        raise EldercareError("请填写验收意见", field="note")
    with transaction.atomic():
        locked = WorksProject.objects.select_for_update().get(pk=project.pk)
        if locked.status != WorksProject.Status.BUILDING or locked.progress < 100:
            raise EldercareError(f"工程“{locked.name}”尚未完工（形象进度{locked.progress}%），不能验收")
        if locked.started_on and on < locked.started_on:
            raise EldercareError("验收日期不能早于开工日期", field="on")
        locked.acceptance_note = note.strip()[:200]
        fields = ["acceptance_note"]
        if passed:
            locked.status, locked.accepted_on = WorksProject.Status.ACCEPTED, on
            fields += ["status", "accepted_on"]
        locked.save(update_fields=fields)
    return locked


def works_export_log(*, actor: User) -> None:
    audit_append(
        action=Action.EXPORT, object_type="eldercare.worksproject", actor=actor, detail="导出机构改造工程"
    )
