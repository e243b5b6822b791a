"""The synthetic 敬老院 upgrades (``minzheng seed`` step 51, after the institutions of step 50; seed section (四):
"稳步推进7家敬老院的升级改造"): round(7·S) of the 敬老院 (at least one), 立项 the November before, three progress
reports through the year, every other one accepted in December — through the services. Resumable: a home that has
a works project is left alone."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from minzheng.eldercare import services
from minzheng.eldercare.models import Institution, InstitutionKind, WorksProject

WORKS_BUDGET_FEN = 80_000_000  # 80万元 a 敬老院 (demo value [U])
# (day, progress %, share of the budget paid) of the year's progress reports; every other home is accepted in December
WORKS_REPORTS = (((3, 20), 20, 0.2), ((7, 15), 60, 0.5), ((11, 10), 100, 0.9))


def works_seed(scale: float, year: int) -> int:
    """Works projects for the first round(7·S) 敬老院 (at least one); returns how many were made."""
    homes = list(
        Institution.objects.filter(kind=InstitutionKind.TOWN_HOME).select_related("region").order_by("id")
    )
    wanted = min(len(homes), max(1, round(7 * scale))) if homes else 0
    done = set(WorksProject.objects.values_list("institution_id", flat=True))
    made = 0
    for n, home in enumerate(homes[:wanted]):
        if home.pk in done:
            continue
        with transaction.atomic():
            works = services.works_create(actor=None, institution=home, name=f"{home.name}升级改造工程",
                                          budget_fen=WORKS_BUDGET_FEN, approved_on=date(year - 1, 11, 20),
                                          scope_text="演示数据：消防设施、适老化改造、护理区提升")  # fmt: skip
            for (month, day), progress, share in WORKS_REPORTS:
                services.works_report(actor=None, project=works, on=date(year, month, day), progress=progress,
                                      spent_fen=round(WORKS_BUDGET_FEN * share))  # fmt: skip
            if n % 2 == 0:
                services.works_accept(actor=None, project=works, on=date(year, 12, 18), passed=True,
                                      note="演示数据：验收合格")  # fmt: skip
        made += 1
    return made


def works_seed_step(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    return f"敬老院改造工程新增{works_seed(scale, year or 2020)}项（演示数据）"
