"""Figures the seed quotes that a domain's own ``indicators.py`` does not (yet) provide, computed here by
reading that domain's tables read-only. Registered as *replaceable*: when the domain registers an
indicator with the same code, the domain's wins. The spine imports no domain, so models are looked
up by label, and a bridge is registered only when its app is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef

from minzheng.core.models import Region
from minzheng.reports.registry import Aggregation, indicator_register
from minzheng.reports.spine import in_subtree


def _rural_workers(region: Region) -> Any:
    """Active workers (in ``region``'s subtree) assigned to at least one rural grid."""
    worker = apps.get_model("grid", "GridWorker")
    assignment = apps.get_model("grid", "GridAssignment")
    rural = assignment.objects.filter(worker=OuterRef("pk"), grid__grid_type="rural")
    qs = in_subtree(worker.objects.filter(status="active"), "user__region", region)
    return qs.annotate(rural=Exists(rural))


def grid_workers_urban(region: Region, start: date, end: date) -> int:
    """社区网格员：在岗网格员中，负责的网格没有农村网格的（现有数）。"""
    return _rural_workers(region).filter(rural=False).count()


def grid_workers_rural(region: Region, start: date, end: date) -> int:
    """农村网格员：在岗网格员中，负责至少一个农村网格的（现有数）。"""
    return _rural_workers(region).filter(rural=True).count()


def campaign_grids(region: Region, start: date, end: date) -> int:
    """排查任务覆盖网格数：期间内进行的疫情防控排查任务下达到的不重复网格。"""
    campaign_grid = apps.get_model("grid", "CampaignGrid")
    qs = campaign_grid.objects.filter(
        campaign__kind="epidemic", campaign__starts_on__lte=end, campaign__ends_on__gte=start
    )
    return in_subtree(qs, "grid", region).values("grid_id").distinct().count()


def _register_grid() -> None:
    for code, name, unit, agg, fn, deps in (
        ("grid.workers_urban", "社区网格员", "名", Aggregation.SNAPSHOT, grid_workers_urban,
         ("grid.GridWorker", "grid.GridAssignment", "grid.GridProfile", "core.User")),
        ("grid.workers_rural", "农村网格员", "名", Aggregation.SNAPSHOT, grid_workers_rural,
         ("grid.GridWorker", "grid.GridAssignment", "grid.GridProfile", "core.User")),
        ("grid.campaign_grids", "疫情排查覆盖网格", "个", Aggregation.COUNT, campaign_grids,
         ("grid.CampaignGrid", "grid.Campaign")),
    ):  # fmt: skip
        indicator_register(
            code=code, name=name, unit=unit, aggregation=agg, domain="grid", compute=fn, depends_on=deps,
            description=fn.__doc__ or "", replaceable=True, trend=agg != Aggregation.SNAPSHOT,
        )  # fmt: skip


def _paid(fn_name: str, program: str | None, doc: str) -> Callable[[Region, date, date], int]:
    """An indicator over the ledger's plain functions (``benefits.indicators``), which define "paid":
    lines of approved runs not returned as failed, by benefit month."""

    def compute(region: Region, start: date, end: date) -> int:
        from minzheng.benefits import indicators  # the ledger is an app of its own; looked up late

        return getattr(indicators, fn_name)(program=program, region=region, start=start, end=end)

    compute.__doc__ = doc
    compute.__qualname__ = f"{fn_name}[{program or 'all'}]"
    return compute


PAID_PROGRAMS = (
    ("dibao_urban", "城市低保金"),
    ("dibao_rural", "农村低保金"),
    ("tekun", "特困供养金"),
    ("temporary", "临时救助金（经工资单发放）"),
    ("low_income", "低收入家庭专项救助金"),
    ("price_subsidy", "价格临时补贴"),
)


def _register_benefits() -> None:
    deps = ("benefits.Payment", "benefits.PayrollRun")
    specs = [
        (
            "benefits.paid_total",
            "救助资金发放总额",
            "元",
            _paid("amount_paid", None, "各项目发放金额合计（分）。"),
            True,
        )
    ]
    specs += [
        (f"benefits.{code}_paid", label, "元", _paid("amount_paid", code, f"{label}发放金额（分）。"), True)
        for code, label in PAID_PROGRAMS
    ]
    specs += [
        ("benefits.price_subsidy_person_times", "价格临时补贴惠及人次", "人次",
         _paid("person_times_paid", "price_subsidy", "价格临时补贴人次：每月每笔发放覆盖的保障人数之和。"), False),
        ("benefits.payees", "领取人数", "人", _paid("payees_paid", None, "期间内至少领取一次的不重复领取人。"), False),
    ]  # fmt: skip
    for code, name, unit, fn, money in specs:
        indicator_register(
            code=code, name=name, unit=unit, domain="benefits", compute=fn, money=money, depends_on=deps,
            aggregation=Aggregation.COUNT if code == "benefits.payees" else Aggregation.SUM,
            description=fn.__doc__ or "", replaceable=True,
        )  # fmt: skip


def bridges_register() -> None:
    if apps.is_installed("minzheng.grid"):
        _register_grid()
    if apps.is_installed("minzheng.benefits"):
        _register_benefits()
