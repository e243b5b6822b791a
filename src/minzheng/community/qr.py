"""A small QR Code encoder (ISO/IEC 18004: byte mode, error correction level M, versions 1–10) drawing an SVG, for
the verification link printed on a certificate. No QR library is installed and the link is short (≤ 213 bytes at
version 10-M), so the platform draws its own, after Project Nayuki's reference implementation."""

from __future__ import annotations

# Level M, versions 1–10: error-correction codewords per block, number of blocks, total codewords.
_ECC_PER_BLOCK = (10, 16, 26, 18, 24, 16, 18, 22, 22, 26)
_BLOCKS = (1, 1, 1, 2, 2, 4, 4, 4, 5, 5)
_TOTAL = (26, 44, 70, 100, 134, 172, 196, 242, 292, 346)
_ALIGN = ((), (6, 18), (6, 22), (6, 26), (6, 30), (6, 34), (6, 22, 38), (6, 24, 42), (6, 26, 46), (6, 28, 50))
_FORMAT_M = 0  # the two error-correction-level bits of M


def _gf_mul(x: int, y: int) -> int:
    z = 0
    for i in range(7, -1, -1):
        z = (z << 1) ^ ((z >> 7) * 0x11D)
        z ^= ((y >> i) & 1) * x
    return z & 0xFF


def _rs_divisor(degree: int) -> list[int]:
    result = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for j in range(degree):
            result[j] = _gf_mul(result[j], root)
            if j + 1 < degree:
                result[j] ^= result[j + 1]
        root = _gf_mul(root, 0x02)
    return result


def _rs_remainder(data: list[int], divisor: list[int]) -> list[int]:
    result = [0] * len(divisor)
    for b in data:
        factor = b ^ result.pop(0)
        result.append(0)
        for i, coef in enumerate(divisor):
            result[i] ^= _gf_mul(coef, factor)
    return result


def _codewords(data: bytes) -> tuple[int, list[int]]:
    for version in range(1, 11):
        capacity = (_TOTAL[version - 1] - _ECC_PER_BLOCK[version - 1] * _BLOCKS[version - 1]) * 8
        count_bits = 8 if version <= 9 else 16
        if 4 + count_bits + 8 * len(data) <= capacity:
            break
    else:
        raise ValueError("二维码内容过长")
    bits: list[int] = []

    def put(value: int, n: int) -> None:
        bits.extend((value >> i) & 1 for i in range(n - 1, -1, -1))

    put(0b0100, 4)
    put(len(data), count_bits)
    for b in data:
        put(b, 8)
    put(0, min(4, capacity - len(bits)))
    put(0, -len(bits) % 8)
    pad = 0xEC
    while len(bits) < capacity:
        put(pad, 8)
        pad ^= 0xEC ^ 0x11
    payload = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits), 8)]
    # split into blocks, append each block's error correction, interleave
    blocks_n, ecc_n, total = _BLOCKS[version - 1], _ECC_PER_BLOCK[version - 1], _TOTAL[version - 1]
    short_n = blocks_n - total % blocks_n
    short_len = total // blocks_n
    divisor = _rs_divisor(ecc_n)
    blocks, k = [], 0
    for i in range(blocks_n):
        dat = payload[k : k + short_len - ecc_n + (0 if i < short_n else 1)]
        k += len(dat)
        block = dat + _rs_remainder(dat, divisor)
        if i < short_n:
            block.insert(short_len - ecc_n, 0)  # a placeholder, skipped when interleaving
        blocks.append(block)
    out = [
        blocks[j][i]
        for i in range(len(blocks[0]))
        for j in range(blocks_n)
        if i != short_len - ecc_n or j >= short_n
    ]
    return version, out


class _Matrix:
    def __init__(self, version: int) -> None:
        self.version = version
        self.size = version * 4 + 17
        self.dark = [[False] * self.size for _ in range(self.size)]
        self.fixed = [[False] * self.size for _ in range(self.size)]

    def set(self, x: int, y: int, dark: bool) -> None:
        self.dark[y][x] = dark
        self.fixed[y][x] = True

    def function_patterns(self) -> None:
        size = self.size
        for i in range(size):
            self.set(6, i, i % 2 == 0)
            self.set(i, 6, i % 2 == 0)
        for cx, cy in ((3, 3), (size - 4, 3), (3, size - 4)):
            for dy in range(-4, 5):
                for dx in range(-4, 5):
                    x, y = cx + dx, cy + dy
                    if 0 <= x < size and 0 <= y < size:
                        self.set(x, y, max(abs(dx), abs(dy)) not in (2, 4))
        align = _ALIGN[self.version - 1]
        last = len(align) - 1
        for i, ax in enumerate(align):
            for j, ay in enumerate(align):
                if (i, j) in ((0, 0), (0, last), (last, 0)):
                    continue
                for dy in range(-2, 3):
                    for dx in range(-2, 3):
                        self.set(ax + dx, ay + dy, max(abs(dx), abs(dy)) != 1)
        self.format_bits(0)  # reserve, redrawn with the chosen mask
        if self.version >= 7:
            rem = self.version
            for _ in range(12):
                rem = (rem << 1) ^ ((rem >> 11) * 0x1F25)
            bits = self.version << 12 | rem
            for i in range(18):
                bit = (bits >> i) & 1 == 1
                a, b = size - 11 + i % 3, i // 3
                self.set(a, b, bit)
                self.set(b, a, bit)

    def format_bits(self, mask: int) -> None:
        data = _FORMAT_M << 3 | mask
        rem = data
        for _ in range(10):
            rem = (rem << 1) ^ ((rem >> 9) * 0x537)
        bits = (data << 10 | rem) ^ 0x5412
        size = self.size

        def bit(i: int) -> bool:
            return (bits >> i) & 1 == 1

        for i in range(6):
            self.set(8, i, bit(i))
        self.set(8, 7, bit(6))
        self.set(8, 8, bit(7))
        self.set(7, 8, bit(8))
        for i in range(9, 15):
            self.set(14 - i, 8, bit(i))
        for i in range(8):
            self.set(size - 1 - i, 8, bit(i))
        for i in range(8, 15):
            self.set(8, size - 15 + i, bit(i))
        self.set(8, size - 8, True)  # the dark module

    def place(self, codewords: list[int]) -> None:
        size, i = self.size, 0
        total_bits = len(codewords) * 8
        right = size - 1
        while right >= 1:
            if right == 6:
                right = 5
            for vert in range(size):
                for j in range(2):
                    x = right - j
                    upward = ((right + 1) & 2) == 0
                    y = size - 1 - vert if upward else vert
                    if not self.fixed[y][x] and i < total_bits:
                        self.dark[y][x] = (codewords[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
            right -= 2

    def apply_mask(self, mask: int) -> None:
        for y in range(self.size):
            for x in range(self.size):
                if self.fixed[y][x]:
                    continue
                flip = (
                    (x + y) % 2 == 0,
                    y % 2 == 0,
                    x % 3 == 0,
                    (x + y) % 3 == 0,
                    (x // 3 + y // 2) % 2 == 0,
                    x * y % 2 + x * y % 3 == 0,
                    (x * y % 2 + x * y % 3) % 2 == 0,
                    ((x + y) % 2 + x * y % 3) % 2 == 0,
                )[mask]
                if flip:
                    self.dark[y][x] = not self.dark[y][x]

    def penalty(self) -> int:
        size, score = self.size, 0
        lines = [row for row in self.dark] + [[self.dark[y][x] for y in range(size)] for x in range(size)]
        finder = ([True, False, True, True, True, False, True, False, False, False, False],)
        finder += (finder[0][::-1],)
        for line in lines:
            run, prev = 0, None
            for cell in line:
                if cell == prev:
                    run += 1
                    if run == 5:
                        score += 3
                    elif run > 5:
                        score += 1
                else:
                    run, prev = 1, cell
            for k in range(size - 10):
                if line[k : k + 11] in finder:
                    score += 40
        for y in range(size - 1):
            for x in range(size - 1):
                c = self.dark[y][x]
                if c == self.dark[y][x + 1] == self.dark[y + 1][x] == self.dark[y + 1][x + 1]:
                    score += 3
        dark = sum(map(sum, self.dark))
        total = size * size
        score += (
            (abs(dark * 20 - total * 10) + total - 1) // total * 10 - 10 if dark * 20 != total * 10 else 0
        )
        return score


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of the QR code of ``text`` (UTF-8, level M), the mask with the lowest penalty."""
    version, codewords = _codewords(text.encode("utf-8"))
    best: tuple[int, list[list[bool]]] | None = None
    for mask in range(8):
        m = _Matrix(version)
        m.function_patterns()
        m.place(codewords)
        m.apply_mask(mask)
        m.format_bits(mask)
        score = m.penalty()
        if best is None or score < best[0]:
            best = (score, m.dark)
    assert best is not None
    return best[1]


def qr_svg(text: str, *, module: int = 4, quiet: int = 4) -> str:
    """An SVG of the QR code of ``text``: one path of the dark modules, a quiet zone of ``quiet`` modules."""
    matrix = qr_matrix(text)
    size = len(matrix) + 2 * quiet
    path = "".join(
        f"M{x + quiet},{y + quiet}h1v1h-1z"
        for y, row in enumerate(matrix)
        for x, dark in enumerate(row)
        if dark
    )
    px = size * module
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{px}" height="{px}" '
        f'shape-rendering="crispEdges" role="img" aria-label="核验二维码"><rect width="{size}" height="{size}" '
        f'fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
