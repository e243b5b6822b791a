"""The annual summary as documents: docx round-trips through python-docx; the PDF embeds its CJK fonts
and renders Chinese (page 1 turned into a PNG that is not blank)."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from minzheng.core.models import Region
from minzheng.reports.annual import annual_report_build
from minzheng.reports.officedoc import render_docx
from minzheng.reports.pdf import render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(personas):
    return annual_report_build(year=2020, region=Region.objects.get(parent__isnull=True))


def test_the_docx_round_trips_through_python_docx(figure_uncomputed, report):
    # given the report written as docx
    buffer = io.BytesIO()
    render_docx(report, buffer)
    # when python-docx opens it again
    document = docx.Document(io.BytesIO(buffer.getvalue()))
    # then the title, the headings and a computed figure are there
    paragraphs = document.paragraphs
    assert paragraphs[0].text == "海口市民政局"  # 发文机关标志
    titles = [p.text for p in paragraphs if p.style.name == "Title"]
    assert titles == ["海口市民政局2020年年终工作总结"]
    h1 = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    h2 = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert h1 == ["一、2020年主要工作情况", "附：数字来源说明"]
    assert [t[:3] for t in h2] == [f"（{n}）" for n in "一二三四五六七八"]
    grids = next(r for r in report.figures if r.figure.key == "grids")
    body = "\n".join(p.text for p in paragraphs)
    assert f"全市共划分为{grids.text}网格" in body
    assert "【此数未计算：本系统尚未记录此项数据（政策文件）】" in body
    # and the sources table lists every figure
    table = document.tables[0]
    assert len(table.rows) == 1 + len(report.figures)


def test_the_docx_page_is_laid_out_as_gb_t_9704(report):
    buffer = io.BytesIO()
    render_docx(report, buffer)
    document = docx.Document(io.BytesIO(buffer.getvalue()))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    normal = document.styles["Normal"].font
    assert normal.size.pt == 16  # 3号
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.runs[0].font.size.pt == 22  # 2号
    grid = section._sectPr.xpath("./w:docGrid")[0]
    assert (
        grid.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}linePitch") == "579"
    )  # 22 行
    body = next(p for p in document.paragraphs if p.text.startswith("一是精心组织落实"))
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert body.paragraph_format.first_line_indent.pt == 32  # 空两字


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="需要 poppler-utils 的 pdffonts")
def test_the_pdf_embeds_its_chinese_fonts(report, tmp_path):
    pdf = render_pdf(report)
    assert pdf.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(pdf)
    listing = subprocess.run(
        ["pdffonts", str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True
    )
    fonts = [line.split() for line in listing.stdout.splitlines()[2:]]
    assert any("Noto-Serif-CJK-SC" in f[0] for f in fonts)
    # columns: name type… encoding emb sub uni: every font embedded (a subset), none left to the viewer
    assert fonts and all(f[-5] == "yes" for f in fonts), listing.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="需要 poppler-utils 的 pdftoppm")
def test_the_first_pdf_page_renders_chinese_ink(report, tmp_path):
    from PIL import Image

    (tmp_path / "report.pdf").write_bytes(render_pdf(report))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "report.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    if os.environ.get("MINZHENG_KEEP_PNG"):  # a directory: keep page 1 there, to look at it
        shutil.copy(png, Path(os.environ["MINZHENG_KEEP_PNG"]) / "annual-page1.png")
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > 0.01 * image.width * image.height  # ink of text, not a blank page
    rgb = Image.open(png).convert("RGB")
    reds = sum(1 for x in range(rgb.width) for y in range(rgb.height // 4) if _is_red(rgb.getpixel((x, y))))
    assert reds > 100  # the red 发文机关标志 at the top


def _is_red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return r > 180 and g < 100 and b < 100
