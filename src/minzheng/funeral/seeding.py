"""The synthetic year of funeral work (``minzheng seed`` step)."""

from __future__ import annotations

from datetime import date

from minzheng.benefits.models import Standard
from minzheng.benefits.services import standard_load_as_system
from minzheng.core.models import Region
from minzheng.funeral import rules
from minzheng.funeral.services import subsidy_program

# 惠民殡葬 basic-service subsidy per deceased resident, 元 — a demo value (Haikou's 2020 amount was not found,
# domain.md §8 [U]), chosen so that the seed's 3,049 cremations and 98.1万元 fit: 981,000 / 360 ≈ 2,725 residents.
DEMO_SUBSIDY_YUAN = 360
DEMO_FROM = date(2016, 1, 1)


def subsidy_standard_demo_load() -> int:
    program = subsidy_program()
    city = Region.objects.get(parent__isnull=True)
    if Standard.objects.filter(program=program, region=city, category=rules.SUBSIDY_CATEGORY).exists():
        return 0
    standard_load_as_system(
        program=program, region=city, effective_from=DEMO_FROM, amount_fen=DEMO_SUBSIDY_YUAN * 100,
        category=rules.SUBSIDY_CATEGORY,
    )  # fmt: skip
    return 1
