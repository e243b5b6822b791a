"""The QR encoder of the certificates' verification link (community/qr.py, ISO/IEC 18004 byte mode, level M): the
symbol's structure, the format information (level M and the mask, BCH-protected), and — where the zbar decoder is
installed — a round trip through a real decoder for versions 1 to 10."""

import shutil
import subprocess

import pytest
from PIL import Image

from minzheng.community.qr import qr_matrix, qr_svg

LINK = "http://127.0.0.1:8000/verify/certificates/0123456789abcdef/"


def _finder_at(m, x0, y0):  # noqa: ANN001, ANN202
    return all(
        m[y0 + dy][x0 + dx] == (max(abs(dx - 3), abs(dy - 3)) != 2) for dy in range(7) for dx in range(7)
    )


def test_the_symbol_has_its_finders_timing_and_the_smallest_version():
    m = qr_matrix(LINK)  # 59 bytes: version 4-M holds 62
    size = len(m)
    assert size == 4 * 4 + 17 and all(len(row) == size for row in m)
    assert _finder_at(m, 0, 0) and _finder_at(m, size - 7, 0) and _finder_at(m, 0, size - 7)
    assert [m[6][x] for x in range(8, size - 8)] == [x % 2 == 0 for x in range(8, size - 8)]
    assert m[size - 8][8] is True  # the dark module
    assert len(qr_matrix("A")) == 21 and len(qr_matrix("z" * 210)) == 57  # versions 1 and 10


def test_the_format_information_says_level_m_and_checks():
    m = qr_matrix(LINK)
    bits = [m[i][8] for i in range(6)] + [m[7][8], m[8][8], m[8][7]] + [m[8][14 - i] for i in range(9, 15)]
    value = sum(1 << i for i, b in enumerate(bits) if b) ^ 0x5412
    data, rem = value >> 10, value & 0x3FF
    check = data
    for _ in range(10):
        check = (check << 1) ^ ((check >> 9) * 0x537)
    assert data >> 3 == 0  # level M
    assert check & 0x3FF == rem
    # the second copy says the same
    second = [m[8][len(m) - 1 - i] for i in range(8)] + [m[len(m) - 15 + i][8] for i in range(8, 15)]
    assert second == bits


def test_too_long_a_text_is_refused_and_the_svg_holds_no_text():
    with pytest.raises(ValueError, match="过长"):
        qr_matrix("x" * 300)
    svg = qr_svg(LINK)
    assert svg.startswith("<svg") and "verify" not in svg


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar 解码器未安装")
@pytest.mark.parametrize("text", ["A", LINK, "证明" * 30, "y" * 150, "z" * 210])
def test_a_real_decoder_reads_it_back(text, tmp_path):
    m = qr_matrix(text)
    scale, quiet = 4, 4
    side = (len(m) + 2 * quiet) * scale
    image = Image.new("L", (side, side), 255)
    for y, row in enumerate(m):
        for x, dark in enumerate(row):
            if dark:
                image.paste(
                    0,
                    (
                        (x + quiet) * scale,
                        (y + quiet) * scale,
                        (x + quiet + 1) * scale,
                        (y + quiet + 1) * scale,
                    ),
                )
    path = tmp_path / "qr.png"
    image.save(path)
    out = subprocess.run(
        ["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert out.rstrip("\n") == text
