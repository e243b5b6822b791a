"""The annual summary as a .docx in the layout of GB/T 9704-2012《党政机关公文格式》.

What the standard asks and what is done here:

* A4 paper; margins top 37 mm, bottom 35 mm, left (订口) 28 mm, right 26 mm — a 156 × 225 mm 版心 (§5.2.1).
* 22 lines per page, 28 characters per line (§5.2.2): a document grid of type "lines and characters",
  line pitch 225 mm / 22 = 28.95 pt, character pitch 156 mm / 28 = 15.79 pt (a 16 pt font squeezed by
  0.21 pt), and every paragraph at an exact 28.95 pt line spacing so the count holds without the grid too.
* 版头: the 发文机关标志 in red 小标宋 centred, above a red 分隔线 as wide as the 版心 (§7.2.3, §7.2.6).
  A summary carries no 发文字号 or 签发人, so none is printed.
* 标题 in 2号 (22 pt) 小标宋, centred, one blank line below the 版头 (§7.3.1).
* 正文 in 3号 (16 pt) 仿宋, first line indented two characters; 一级标题 in 3号黑体, 二级标题 in 3号楷体
  (§7.3.3).
* 落款 (the organ) and 成文日期 in Arabic numerals at the right, the date indented four characters from
  the right (§7.3.5.3).
* 页码 in 4号 (14 pt) 半角 Arabic numerals with a dash each side ("— 1 —"), single pages at the right and
  double pages at the left, one character in from the edge of the 版心 (§7.5).

Approximated (the Founder fonts the standard names are commercial and not on this machine): 方正小标宋
→ Noto Serif CJK SC bold; 仿宋_GB2312 → Noto Serif CJK SC; 黑体 → Noto Sans CJK SC; 楷体_GB2312 →
Noto Serif CJK SC bold (no Kai face is installed). The font names are module constants
(:data:`FONTS`): a bureau whose PCs have the official fonts sets them there and nothing else changes.
The 附注 table of figure sources after the 落款 is this platform's addition, not part of the standard.
"""

from __future__ import annotations

from typing import IO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from minzheng.reports.annual import APPENDIX_HEADERS, AnnualReport, appendix_rows, date_text

FONTS = {
    "title": "Noto Serif CJK SC",  # 方正小标宋简体 (bold)
    "body": "Noto Serif CJK SC",  # 仿宋_GB2312
    "h1": "Noto Sans CJK SC",  # 黑体
    "h2": "Noto Serif CJK SC",  # 楷体_GB2312 (bold)
    "page": "Noto Serif CJK SC",  # 宋体 (page numbers)
}
RED = RGBColor(0xE6, 0x00, 0x12)  # the red of 版头 (GB/T 9704 says 红色; this is the usual PANTONE 485-ish)
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_PT = 14  # 4号
LINE_PITCH_PT = 28.95  # 225 mm / 22 lines
CHAR_PITCH_PT = 156 / 28 / 25.4 * 72  # 15.79 pt


def _fonts(
    run_or_style: object, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None
) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    if color is not None:
        font.color.rgb = color
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _exact_spacing(paragraph: object, *, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)


def _page_setup(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28 - 7)  # 页码 sits 7 mm below the 版心 (§7.5)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))  # twips
    grid.set(
        qn("w:charSpace"), str(round((CHAR_PITCH_PT - BODY_PT) * 4096))
    )  # 1/4096 pt beyond the font size


def _styles(document: Document) -> None:
    normal = document.styles["Normal"]
    _fonts(normal, FONTS["body"], BODY_PT)
    for name, font, bold in (
        ("Title", FONTS["title"], True),
        ("Heading 1", FONTS["h1"], False),
        ("Heading 2", FONTS["h2"], True),
    ):
        style = document.styles[name]
        _fonts(style, font, TITLE_PT if name == "Title" else BODY_PT, bold=bold, color=RGBColor(0, 0, 0))
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.keep_with_next = True
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_PT if name != "Title" else 36)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        # Word's built-in heading styles draw a border and theme colour on some versions: keep them plain.
        ppr = style.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)


def _red_rule(paragraph: object) -> None:
    """A red 分隔线 as wide as the 版心: the bottom border of the 版头 paragraph."""
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "12")  # eighths of a point: 1.5 pt
    bottom.set(qn("w:space"), "6")
    bottom.set(qn("w:color"), str(RED))
    border.append(bottom)
    ppr.append(border)


def _page_number_field(paragraph: object) -> None:
    """ "— PAGE —" with a real PAGE field, so Word numbers the pages itself."""

    def run(text: str = "") -> object:
        r = paragraph.add_run(text)  # type: ignore[attr-defined]
        _fonts(r, FONTS["page"], PAGE_PT)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            r._r.append(element)  # type: ignore[attr-defined]
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)  # type: ignore[attr-defined]
        else:
            r.text = text  # type: ignore[attr-defined]
    run(" —")


def _footers(document: Document) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align, indent in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = align
        setattr(paragraph.paragraph_format, f"{indent}_indent", Pt(BODY_PT))  # 空一字
        _page_number_field(paragraph)


def _paragraph(
    document: Document, text: str, *, style: str | None = None, align: object = None, indent_chars: int = 2
) -> object:
    paragraph = document.add_paragraph(style=style)
    if style is None:
        run = paragraph.add_run(text)
        _fonts(run, FONTS["body"], BODY_PT)
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * indent_chars)
        paragraph.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
        _exact_spacing(paragraph)
    else:
        run = paragraph.add_run(text)
        if style == "Heading 1":
            _fonts(run, FONTS["h1"], BODY_PT)
        elif style == "Heading 2":
            _fonts(run, FONTS["h2"], BODY_PT, bold=True)
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * indent_chars)
    return paragraph


def render_docx(report: AnnualReport, fh: IO[bytes]) -> None:
    document = Document()
    _page_setup(document)
    _styles(document)
    _footers(document)
    document.core_properties.title = report.title
    document.core_properties.author = report.org
    document.core_properties.subject = f"{report.year}年度工作总结（数字由民政综合业务平台计算）"

    masthead = document.add_paragraph()
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(masthead.add_run(report.org), FONTS["title"], 36, bold=True, color=RED)
    masthead.paragraph_format.space_after = Pt(LINE_PITCH_PT)
    _red_rule(masthead)
    _exact_spacing(document.add_paragraph())  # one blank line below the 分隔线

    for block in report.blocks:
        if block.kind == "title":
            title = document.add_paragraph(style="Title")
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _fonts(title.add_run(block.text), FONTS["title"], TITLE_PT, bold=True)
            _exact_spacing(document.add_paragraph())
        elif block.kind == "h1":
            _paragraph(document, block.text, style="Heading 1")
        elif block.kind == "h2":
            _paragraph(document, block.text, style="Heading 2")
        else:
            _paragraph(document, block.text)

    _exact_spacing(document.add_paragraph())
    _exact_spacing(document.add_paragraph())
    for text, right_chars in ((report.org, 6), (date_text(report.generated_at), 4)):
        p = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent_chars=0)
        p.paragraph_format.right_indent = Pt(BODY_PT * right_chars)

    document.add_page_break()
    _paragraph(document, "附：数字来源说明", style="Heading 1", indent_chars=0)
    computed, total = report.computed_count, len(report.figures)
    _paragraph(
        document,
        f"{report.scope_note}。文中数字由民政综合业务平台从业务记录计算，共{total}处，已计算{computed}处，"
        f"未计算{total - computed}处（本系统尚未记录的数据，文中已注明原因）。",
    )
    table = document.add_table(rows=1, cols=len(APPENDIX_HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, APPENDIX_HEADERS, strict=True):
        _fonts(cell.paragraphs[0].add_run(header), FONTS["h1"], 9)
    for row in appendix_rows(report):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _fonts(cell.paragraphs[0].add_run(value), FONTS["body"], 9)
    document.save(fh)
