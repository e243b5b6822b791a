"""minzheng report annual --year 2020 --format md|docx|pdf [--region CODE] [-o FILE]
minzheng report figures --year 2020 [--region CODE]      the seed's figures: computed or missing, and why
minzheng report indicators                               every registered indicator"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.core.audit import Action, acting_as, audit_append
from minzheng.core.models import Region
from minzheng.reports.annual import (
    TemplateError,
    annual_render,
    annual_report_build,
    figures_compute,
    period_text,
    region_root,
)
from minzheng.reports.figures import FIGURES, figure_format, seed_target
from minzheng.reports.registry import Aggregation, indicator_list


class Command(BaseCommand):
    help = "统计报表：年度工作总结（md/docx/pdf）、种子文件数字清单、指标清单"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", metavar="annual|figures|indicators", required=True)
        annual = sub.add_parser("annual", help="生成年度工作总结")
        annual.add_argument("--year", type=int, required=True)
        annual.add_argument("--format", choices=("md", "docx", "pdf"), default="md")
        annual.add_argument("--region", default="", help="区划代码（默认全市）")
        annual.add_argument(
            "-o", "--output", default="", help="输出文件（默认：md 输出到屏幕，其余按标题命名）"
        )
        figures = sub.add_parser("figures", help="列出种子文件中的每个数字及其计算结果")
        figures.add_argument("--year", type=int, required=True)
        figures.add_argument("--region", default="")
        figures.add_argument("--scale", type=float, default=None, help="与种子文件数字×规模比较（合成数据）")
        sub.add_parser("indicators", help="列出已登记的指标")

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(None):
            getattr(self, f"_{opts['what']}")(opts)

    def _region(self, code: str) -> Region:
        if not code:
            try:
                return region_root()
            except Region.DoesNotExist:
                raise CommandError("区划树为空：请先运行 minzheng seed 或 minzheng demo") from None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"没有区划代码为“{code}”的区划")
        return region

    def _annual(self, opts: dict[str, Any]) -> None:
        region = self._region(opts["region"])
        try:
            report = annual_report_build(year=opts["year"], region=region)
        except TemplateError as exc:
            raise CommandError(str(exc)) from exc
        content = annual_render(report, opts["format"])
        audit_append(
            action=Action.EXPORT,
            obj=region,
            detail=f"命令行生成{opts['year']}年度工作总结（{opts['format']}）",
        )
        output = opts["output"]
        if not output and opts["format"] == "md":
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        path = Path(output or f"{report.title}.{opts['format']}")
        path.write_bytes(content)
        self.stderr.write(
            f"已生成 {path}（{len(content):,} 字节）；数字 {len(report.figures)} 处，已计算 {report.computed_count} 处"
        )

    def _figures(self, opts: dict[str, Any]) -> None:
        region = self._region(opts["region"])
        results = figures_compute(list(FIGURES), year=opts["year"], region=region)
        scale = opts.get("scale")
        for n, r in enumerate(results, start=1):
            status = f"已计算 {r.text}（{r.figure.indicator}）" if r.computed else f"未计算：{r.missing}"
            if scale and r.computed:
                wanted = seed_target(r.figure.key, scale)
                status += f" | 种子×{scale:g} = {figure_format(r.figure, wanted)} {'一致' if wanted == r.value else '不一致'}"
            self.stdout.write(
                f"{n:>2}. （{r.figure.section}）{r.figure.fragment} | 原文 {r.figure.seed} | {period_text(r)} | {status}"
            )
        computed = sum(1 for r in results if r.computed)
        self.stdout.write(
            f"\n种子文件数字共 {len(results)} 处，已计算 {computed} 处，未计算 {len(results) - computed} 处"
        )

    def _indicators(self, opts: dict[str, Any]) -> None:
        for i in sorted(indicator_list(), key=lambda i: i.code):
            agg = Aggregation(i.aggregation).label.split("（")[0]
            self.stdout.write(f"{i.code:<40} {i.name}（{'分' if i.money else i.unit}，{agg}）  {i.source}")
