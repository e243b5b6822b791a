"""区划调整 as dated records (the region tree itself is core's: this app does not edit ``core.Region``).

Source: 《行政区划管理条例》(国务院令第704号, 2018) — changes of administrative divisions are approved by the
State Council, the province or the county-level government by level [U: not read here]; the record therefore
names its approval (批准机关及文号) and the date it takes effect.
"""

from __future__ import annotations

from datetime import date

from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.placenames.errors import PlacenamesError
from minzheng.placenames.models import RegionChange
from minzheng.placenames.services.common import scope_check

K = RegionChange.Kind


def region_change_record(
    *, actor: User | None, kind: str, region: Region, effective_on: date, approval: str, new_name: str = "",
    new_parent: Region | None = None, note: str = "",
) -> RegionChange:  # fmt: skip
    """Record one change. The names and parents before it are taken from the record of the region's previous
    change (or the region tree when there is none), so the history reads as a chain: a change dated before the
    latest one recorded is refused (history is appended, not rewritten)."""
    if actor is not None:
        require(actor, "placenames.region_change")
    scope_check(actor, region, "登记区划调整")
    if kind not in K.values:
        raise PlacenamesError("请选择调整类别", field="kind")
    if not (approval or "").strip():
        raise PlacenamesError("请填写批准机关及文号", field="approval")
    last = RegionChange.objects.filter(region=region).order_by("-effective_on", "-id").first()
    if last is not None and effective_on < last.effective_on:
        raise PlacenamesError(
            f"{region.name}已有{last.effective_on:%Y年%m月%d日}的调整记录，不能登记更早的调整",
            field="effective_on",
        )
    if last is not None and last.kind in (K.ABOLISH, K.MERGE):
        raise PlacenamesError(
            f"{region.name}已于{last.effective_on:%Y年%m月%d日}{last.get_kind_display()}", field="region"
        )
    current_name = (last.new_name if last and last.new_name else None) or region.name
    current_parent = (last.new_parent if last and last.new_parent_id else None) or region.parent
    new_name = (new_name or "").strip()
    if kind == K.RENAME and (not new_name or new_name == current_name):
        raise PlacenamesError("更名须填写与现名称不同的新名称", field="new_name")
    if kind in (K.REPARENT, K.MERGE) and new_parent is None:
        raise PlacenamesError("隶属变更或撤并须选择新上级（或并入的区划）", field="new_parent")
    if new_parent is not None and (new_parent.pk == region.pk or new_parent.path.startswith(region.path)):
        raise PlacenamesError("新上级不能是该区划本身或其下级", field="new_parent")
    return RegionChange.objects.create(
        kind=kind, region=region, old_name=current_name, new_name=new_name if kind == K.RENAME else "",
        old_parent=current_parent, new_parent=new_parent if kind in (K.REPARENT, K.MERGE) else None,
        effective_on=effective_on, approval=approval.strip()[:150], note=(note or "").strip()[:300], recorded_by=actor,
    )  # fmt: skip


def region_name_on(*, region: Region, on: date) -> str:
    """The region's name in force on ``on``, from its change records (the tree holds only today's name)."""
    renames = list(RegionChange.objects.filter(region=region, kind=K.RENAME).order_by("effective_on", "id"))
    if not renames:
        return region.name
    name = renames[0].old_name
    for change in renames:
        if change.effective_on <= on:
            name = change.new_name
    return name
