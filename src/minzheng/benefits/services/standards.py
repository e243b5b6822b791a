"""Standards (保障标准): dated, region-scoped amounts edited by the city manager, with audit."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Program, Standard
from minzheng.benefits.rules import month_first
from minzheng.benefits.services._common import (
    amount_require,
    month_open_require,
    program_get,
    program_lock,
    runs_mark_stale,
)
from minzheng.core.models import Region, User
from minzheng.core.roles import Perm, require
from minzheng.core.scope import region_within_scope

DEMO_SOURCE = "演示数据：未找到海口2020/2021年标准的公开文件"


def standard_create(
    *,
    actor: User,
    program: str | Program,
    region: Region,
    effective_from: date,
    amount_fen: int,
    category: str = "",
    is_demo: bool = False,
    source: str = "",
) -> Standard:
    """Add a standard from ``effective_from`` on. The standard in force before it for the same program,
    region and category ends the day before (its ``effective_to`` is set); a standard that starts on or
    after ``effective_from`` makes the periods overlap and is refused. A standard may not take effect in
    a month whose payroll is already approved (a closed month is never rewritten).

    Standards are the city's (or a district's) policy: only a user with 维护保障标准 (the city manager)
    may add one, for a region within their scope (domain.md "How to treat unverified amounts")."""
    require(actor, Perm.EDIT_STANDARDS)
    if not region_within_scope(actor, region):
        raise BenefitsError(f"“{region.name}”不在您的管辖范围内")
    return _standard_add(
        created_by=actor, program=program, region=region, effective_from=effective_from,
        amount_fen=amount_fen, category=category, is_demo=is_demo, source=source,
    )  # fmt: skip


def standard_load_as_system(
    *, program: str | Program, region: Region, effective_from: date, amount_fen: int, category: str = ""
) -> Standard:
    """A demo standard loaded by the seed (no user: recorded without 录入人), marked as demo data and
    checked like any other (no overlap, no closed month)."""
    return _standard_add(
        created_by=None, program=program, region=region, effective_from=effective_from,
        amount_fen=amount_fen, category=category, is_demo=True, source=DEMO_SOURCE,
    )  # fmt: skip


def _standard_add(
    *,
    created_by: User | None,
    program: str | Program,
    region: Region,
    effective_from: date,
    amount_fen: int,
    category: str,
    is_demo: bool,
    source: str,
) -> Standard:
    if region.level not in (Region.Level.CITY, Region.Level.DISTRICT):
        raise BenefitsError(f"保障标准按市或区制定，“{region.name}”是{region.get_level_display()}")
    amount_require(amount_fen, field="标准金额")
    category = (category or "").strip()
    if not is_demo and not (source or "").strip():
        raise BenefitsError("请填写标准的依据（文件名称与文号）")
    with transaction.atomic():
        program = program_lock(program_get(program))
        month_open_require(program, month_first(effective_from), what="新标准的生效日期")
        periods = Standard.objects.select_for_update().filter(
            program=program, region=region, category=category
        )
        later = periods.filter(effective_from__gte=effective_from).order_by("effective_from").first()
        if later is not None:
            raise BenefitsError(
                f"与已有标准重叠：{program.name}{_category_text(category)}在{region.name}已有"
                f"自{later.effective_from:%Y-%m-%d}起的标准，新标准须晚于该日期生效"
            )
        previous = periods.filter(effective_from__lt=effective_from).order_by("-effective_from").first()
        if previous is not None and (
            previous.effective_to is None or previous.effective_to >= effective_from
        ):
            previous.effective_to = effective_from - timedelta(days=1)
            previous.save(update_fields=["effective_to"])
        standard = Standard.objects.create(
            program=program,
            region=region,
            category=category,
            effective_from=effective_from,
            amount_fen=amount_fen,
            is_demo=is_demo,
            source=(source or (DEMO_SOURCE if is_demo else "")).strip()[:300],
            created_by=created_by,
        )
        runs_mark_stale(program, month_first(effective_from))
    return standard


def _category_text(category: str) -> str:
    return f"（{category}）" if category else ""
