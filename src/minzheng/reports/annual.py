"""The annual summary: the bureau's narrative template filled with figures computed from records.

The template (:class:`~minzheng.reports.models.AnnualTemplate`, else ``templates/reports/annual/default.md``)
is plain text: a line starting with "# " is the title, "## " a first-level heading (一、), "### " a
second-level heading (（一）…), any other line a paragraph. Figures are placeholders only —
``{{ figure:KEY }}`` with a key of :data:`minzheng.reports.figures.FIGURES` — and ``{{ year }}``; a typed
number cannot be told apart from narrative, so the bureau is asked to write none. Each placeholder is
replaced by the indicator's value for the report's region and the figure's period, written the way the
seed writes it; a figure the platform does not record says so in the text, plainly ("本系统尚未记录…").

Renderers: Markdown, docx (GB/T 9704-2012 layout, see :mod:`minzheng.reports.docx`) and PDF (WeasyPrint,
fonts embedded, see :mod:`minzheng.reports.pdf`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils import timezone

from minzheng.core.errors import DomainError
from minzheng.core.models import Region
from minzheng.reports.dashboards import latest_data_year
from minzheng.reports.figures import FIGURES, Figure, figure_format, figure_get
from minzheng.reports.models import AnnualTemplate
from minzheng.reports.registry import (
    DOMAINS,
    Indicator,
    Query,
    indicator_exists,
    indicator_get,
    indicator_values,
)

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "reports" / "annual" / "default.md"
ORG_NAME = "海口市民政局"
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


class TemplateError(DomainError):
    """The narrative template cannot be used; the message names the line."""


@dataclass(frozen=True)
class TemplateBlock:
    kind: str  # title | h1 | h2 | p
    text: str  # with placeholders
    line: int


@dataclass
class FigureResult:
    figure: Figure
    start: date
    end: date
    value: int | None = None
    text: str = ""
    missing: str = ""

    @property
    def computed(self) -> bool:
        return self.value is not None

    @property
    def source(self) -> str:
        """Where the figure comes from, in a clerk's words: the indicator's area and Chinese name."""
        return figure_source(self.figure) if self.computed else f"未计算：{self.missing}"


@dataclass
class Block:
    kind: str
    text: str  # rendered
    parts: list[tuple[str, FigureResult | None]] = field(default_factory=list)  # text runs, figure runs


@dataclass
class AnnualReport:
    year: int
    region: Region
    title: str
    org: str
    blocks: list[Block]
    figures: list[FigureResult]
    generated_at: date

    @property
    def computed_count(self) -> int:
        return sum(1 for f in self.figures if f.computed)

    @property
    def scope_note(self) -> str:
        if self.region.parent_id is None:
            return f"统计范围：{self.region.name}全市"
        return f"统计范围：{self.region.full_name()}"


# --- the template ------------------------------------------------------------------------------------------


def template_text(*, year: int) -> str:
    """The template for ``year``: its own, else the latest earlier year's, else the shipped default."""
    row = AnnualTemplate.objects.filter(year__lte=year).order_by("-year").first()
    if row is not None:
        return row.text
    return DEFAULT_TEMPLATE.read_text(encoding="utf-8")


def template_parse(text: str) -> list[TemplateBlock]:
    """Split the template into blocks and check every placeholder (a :class:`TemplateError` names the line)."""
    blocks: list[TemplateBlock] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        for kind, prefix in (("h2", "### "), ("h1", "## "), ("title", "# ")):
            if line.startswith(prefix):
                block = TemplateBlock(kind, line[len(prefix) :].strip(), lineno)
                break
        else:
            block = TemplateBlock("p", line, lineno)
        for match in _PLACEHOLDER.finditer(block.text):
            _placeholder_check(match.group(1), lineno)
        blocks.append(block)
    if not blocks or blocks[0].kind != "title":
        raise TemplateError("模板第一行须为标题（以“# ”开头）")
    return blocks


def _placeholder_check(name: str, lineno: int) -> None:
    if name == "year":
        return
    if name.startswith("figure:"):
        key = name.removeprefix("figure:").strip()
        try:
            figure_get(key)
        except LookupError:
            raise TemplateError(f"模板第{lineno}行：没有名为“{key}”的数字占位符") from None
        return
    raise TemplateError(f"模板第{lineno}行：无法识别的占位符“{{{{ {name} }}}}”")


# --- figures ------------------------------------------------------------------------------------------------


def figure_missing_reason(figure: Figure) -> str:
    """Why a figure is not computed, as a clerk would say it (no code names)."""
    if figure.missing:
        return figure.missing
    label = DOMAINS.get(figure.indicator.split(".", 1)[0])
    return f"本系统尚未记录此项数据（{label}）" if label else "本系统尚未记录此项数据"


def figure_source(figure: Figure) -> str:
    """The indicator that computes ``figure``, by its area and Chinese name ("养老服务·养老护理员培训人数"),
    or why it is not computed."""
    if figure.missing or not indicator_exists(figure.indicator):
        return figure_missing_reason(figure)
    indicator = indicator_get(figure.indicator)
    return f"{indicator.domain_label}·{indicator.name}"


def annual_default_year(*, region: Region, today: date | None = None) -> int:
    """The year the annual summary opens on: the latest year in which any figure of the catalogue counted
    over a period (events closed, amounts paid, people trained …) is not zero for ``region``."""
    return latest_data_year(
        region=region, indicators=annual_indicators(), today=today or timezone.localdate()
    )


def annual_indicators() -> list[Indicator]:
    """The indicators the catalogue's figures read, each once."""
    indicators = [
        indicator_get(f.indicator) for f in FIGURES if f.indicator and indicator_exists(f.indicator)
    ]
    return list({i.code: i for i in indicators}.values())


def figures_compute(figures: list[Figure], *, year: int, region: Region) -> list[FigureResult]:
    """Every figure for the region subtree: the computable ones in one batch (one cache round trip)."""
    results = []
    for figure in figures:
        start, end = figure.period(year)
        results.append(FigureResult(figure=figure, start=start, end=end))
    wanted = [
        r
        for r in results
        if r.figure.indicator and not r.figure.missing and indicator_exists(r.figure.indicator)
    ]
    values = indicator_values([Query(r.figure.indicator, region, r.start, r.end) for r in wanted])
    for result, value in zip(wanted, values, strict=True):
        result.value = value
        result.text = figure_format(result.figure, value)
    for result in results:
        if result.value is None:
            result.missing = figure_missing_reason(result.figure)
            result.text = f"【此数未计算：{result.missing}】"
    return results


# --- the report ----------------------------------------------------------------------------------------------


def annual_report_build(
    *, year: int, region: Region, text: str | None = None, today: date | None = None
) -> AnnualReport:
    blocks_in = template_parse(text if text is not None else template_text(year=year))
    used: list[str] = []
    for block in blocks_in:
        for match in _PLACEHOLDER.finditer(block.text):
            name = match.group(1)
            if name.startswith("figure:"):
                key = name.removeprefix("figure:").strip()
                if key not in used:
                    used.append(key)
    order = {f.key: i for i, f in enumerate(FIGURES)}
    figures = figures_compute(
        sorted((figure_get(k) for k in used), key=lambda f: order[f.key]), year=year, region=region
    )
    by_key = {r.figure.key: r for r in figures}
    blocks = [_block_render(b, year=year, by_key=by_key) for b in blocks_in]
    title = blocks[0].text
    if region.parent_id is not None:
        title = f"{title}（{region.name}）"
        blocks[0] = Block("title", title, [(title, None)])
    return AnnualReport(
        year=year,
        region=region,
        title=title,
        org=ORG_NAME,
        blocks=blocks,
        figures=figures,
        generated_at=today or timezone.localdate(),
    )


def _block_render(block: TemplateBlock, *, year: int, by_key: dict[str, FigureResult]) -> Block:
    parts: list[tuple[str, FigureResult | None]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(block.text):
        if match.start() > position:
            parts.append((block.text[position : match.start()], None))
        name = match.group(1)
        if name == "year":
            parts.append((str(year), None))
        else:
            result = by_key[name.removeprefix("figure:").strip()]
            parts.append((result.text, result))
        position = match.end()
    if position < len(block.text):
        parts.append((block.text[position:], None))
    merged: list[tuple[str, FigureResult | None]] = []
    for text, result in parts:  # join adjacent plain runs (a year inside a sentence)
        if merged and result is None and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + text, None)
        else:
            merged.append((text, result))
    return Block(block.kind, "".join(t for t, _ in merged), merged)


def period_text(result: FigureResult) -> str:
    start, end = result.start, result.end
    if start.month == 1 and end.month == 12:
        return f"{start.year}年全年"
    return f"{start.year}年{start.month}-{end.month}月"


def appendix_rows(report: AnnualReport) -> list[tuple[str, ...]]:
    """序号, 段落, 原文, 原文数字, 本系统计算, 统计期间, 来源/缺失原因."""
    rows = []
    for n, r in enumerate(report.figures, start=1):
        rows.append(
            (
                str(n),
                f"（{r.figure.section}）",
                r.figure.fragment,
                r.figure.seed,
                r.text if r.computed else "—",
                period_text(r),
                r.source,
            )
        )
    return rows


APPENDIX_HEADERS = ("序号", "段落", "原文", "原文数字", "本系统计算", "统计期间", "来源")


def render_markdown(report: AnnualReport) -> str:
    out: list[str] = []
    for block in report.blocks:
        prefix = {"title": "# ", "h1": "## ", "h2": "### ", "p": ""}[block.kind]
        out.append(f"{prefix}{block.text}")
        out.append("")
    out.append(f"{report.org}")
    out.append("")
    out.append(date_text(report.generated_at))
    out.append("")
    out.append("## 附：数字来源说明")
    out.append("")
    out.append(
        f"{report.scope_note}。本文数字由民政综合业务平台从业务记录计算，共{len(report.figures)}处，"
        f"已计算{report.computed_count}处，未计算{len(report.figures) - report.computed_count}处"
        "（本系统尚未记录的数据，文中已注明原因）。"
    )
    out.append("")
    out.append("| " + " | ".join(APPENDIX_HEADERS) + " |")
    out.append("|" + "---|" * len(APPENDIX_HEADERS))
    for row in appendix_rows(report):
        out.append("| " + " | ".join(cell.replace("|", "／") for cell in row) + " |")
    out.append("")
    return "\n".join(out)


def date_text(day: date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 §7.3.5.3 writes it: 2020年12月31日."""
    return f"{day.year}年{day.month}月{day.day}日"


def annual_render(report: AnnualReport, fmt: str) -> bytes:
    """The report as ``md``, ``docx`` or ``pdf`` bytes."""
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "docx":
        from minzheng.reports.officedoc import render_docx  # the renderers import this module

        buffer = io.BytesIO()
        render_docx(report, buffer)
        return buffer.getvalue()
    if fmt == "pdf":
        from minzheng.reports.pdf import render_pdf

        return render_pdf(report)
    raise ValueError(f"不支持的格式：{fmt}（可选 md、docx、pdf）")


def region_root() -> Region:
    return Region.objects.get(parent__isnull=True)
