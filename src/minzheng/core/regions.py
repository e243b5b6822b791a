"""Loading the region tree: official divisions from a CSV, grids generated beneath the communities.

The tree is data, not code: another city loads its own CSV (columns ``code,name,level,parent_code``,
levels ``city/district/town/village``). Grids are not published anywhere, so they are generated:
marked ``generated=True`` and numbered under their community (12-digit community code + 3-digit
sequence = 15 digits, domain.md §9 单元网格 coding).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from minzheng.core.models import Region

HAIKOU_DIVISIONS = Path(__file__).parent / "fixtures" / "haikou-divisions.csv"

# Seed document, section 八: 4,667 grids = 2,465 urban community grids + 2,202 rural grids.
HAIKOU_URBAN_GRIDS = 2465
HAIKOU_RURAL_GRIDS = 2202

_LEVELS = {
    "city": "city",
    "district": "district",
    "town": "town",
    "village": "community",
    "community": "community",
}
_RURAL_NAME = re.compile(r"村(民)?委")
_NAME_SUFFIX = re.compile(r"(社区居民委员会|居民委员会|村民委员会|村委员会|村委员|居委会|村委会)$")


class RegionFileError(ValueError):
    pass


def community_kind(name: str) -> str:
    """城镇 or 农村 for a 村/居 committee, from its name: 村民委员会/村委会 are rural; 居委会, 社区 and
    farm 生活区 are urban. (The NBS urban-rural class code would be better; the public table lacks it.)"""
    return Region.Kind.RURAL if _RURAL_NAME.search(name) else Region.Kind.URBAN


def short_name(name: str) -> str:
    stem = _NAME_SUFFIX.sub("", name)
    if name.endswith(("村民委员会", "村委员会", "村委员", "村委会")) and not stem.endswith("村"):
        stem += "村"
    if name.endswith(("社区居民委员会",)) and not stem.endswith("社区"):
        stem += "社区"
    return stem or name


@dataclass(frozen=True)
class LoadResult:
    divisions_created: int
    grids_created: int
    grids_total: int


def _read_divisions(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"code", "name", "level", "parent_code"} - set(reader.fieldnames or [])
        if missing:
            raise RegionFileError(f"区划文件缺少列：{'、'.join(sorted(missing))}")
        rows = []
        for lineno, row in enumerate(reader, start=2):
            level = _LEVELS.get(row["level"].strip())
            if level is None or not row["code"].strip().isdigit():
                raise RegionFileError(f"区划文件第{lineno}行：层级“{row['level']}”或代码“{row['code']}”无效")
            rows.append({**{k: v.strip() for k, v in row.items()}, "level": level})
    return rows


def grid_counts(
    communities: list[Region], *, urban_total: int, rural_total: int, scale: float
) -> dict[int, int]:
    """Spread the city's grid totals evenly over its urban and rural communities (at least one each)."""
    counts: dict[int, int] = {}
    for kind, total in ((Region.Kind.URBAN, urban_total), (Region.Kind.RURAL, rural_total)):
        group = [c for c in communities if c.kind == kind]
        if not group:
            continue
        wanted = max(len(group), round(total * scale))
        base, extra = divmod(wanted, len(group))
        for i, community in enumerate(group):
            counts[community.pk] = base + (1 if i < extra else 0)
    return counts


@transaction.atomic
def regions_load(
    *,
    path: Path = HAIKOU_DIVISIONS,
    scale: float = 1.0,
    urban_grids: int = HAIKOU_URBAN_GRIDS,
    rural_grids: int = HAIKOU_RURAL_GRIDS,
) -> LoadResult:
    """Load (or complete) the tree. Re-running is safe: existing codes are kept, missing ones added."""
    rows = _read_divisions(path)
    existing = {r.code: r for r in Region.objects.all()}
    created = 0
    by_code = dict(existing)
    for row in rows:  # the file lists parents before children
        if row["code"] in by_code:
            continue
        parent = by_code.get(row["parent_code"])
        region = Region(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            parent=parent,
            path=f"{parent.path if parent else '/'}{row['code']}/",
            depth=(parent.depth + 1) if parent else 0,
            kind=community_kind(row["name"]) if row["level"] == Region.Level.COMMUNITY else "",
        )
        region.save(force_insert=True)
        by_code[region.code] = region
        created += 1

    communities = [r for r in by_code.values() if r.level == Region.Level.COMMUNITY]
    communities.sort(key=lambda r: r.code)
    counts = grid_counts(communities, urban_total=urban_grids, rural_total=rural_grids, scale=scale)
    have: dict[int, int] = {}
    for parent_id in Region.objects.filter(level=Region.Level.GRID).values_list("parent_id", flat=True):
        have[parent_id] = have.get(parent_id, 0) + 1
    new_grids = []
    for community in communities:
        for n in range(have.get(community.pk, 0) + 1, counts.get(community.pk, 0) + 1):
            code = f"{community.code}{n:03d}"
            new_grids.append(
                Region(
                    code=code,
                    name=f"{short_name(community.name)}第{n}网格",
                    level=Region.Level.GRID,
                    parent=community,
                    path=f"{community.path}{code}/",
                    depth=community.depth + 1,
                    kind=community.kind,
                    generated=True,
                )
            )
    Region.objects.bulk_create(new_grids, batch_size=1000)
    total = Region.objects.filter(level=Region.Level.GRID).count()
    return LoadResult(divisions_created=created, grids_created=len(new_grids), grids_total=total)
