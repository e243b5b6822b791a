"""The QR code of a verification link reads back as the link: drawn as SVG, printed into a PDF by WeasyPrint,
rasterised by poppler and decoded by zbar (the tools a phone's camera stands in for)."""

import shutil
import subprocess

import pytest
from weasyprint import HTML

from minzheng.core.qr import qr_data_uri, qr_svg

URL = "https://mz.haikou.gov.cn/verify/2f6c0b6a9d3e4f1a8b7c6d5e4f3a2b1c/"


def test_the_svg_is_standalone_and_sized():
    svg = qr_svg(URL, size_mm=25)
    assert svg.startswith("<?xml") and 'width="25mm" height="25mm"' in svg and "<script" not in svg
    assert qr_data_uri(URL).startswith("data:image/svg+xml;base64,")


@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="需要 zbar-tools 的 zbarimg 和 poppler-utils 的 pdftoppm",
)
def test_the_printed_code_decodes_to_the_link(tmp_path):
    html = f'<html><body><p>核验</p><img src="{qr_data_uri(URL, size_mm=40)}"></body></html>'
    (tmp_path / "c.pdf").write_bytes(HTML(string=html).write_pdf())
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(tmp_path / "c.pdf"), str(tmp_path / "p")],
                   check=True)  # fmt: skip
    page = next(tmp_path.glob("p*.png"))
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == URL
