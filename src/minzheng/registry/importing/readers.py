"""Reading an import file row by row, without loading it: CSV (UTF-8 with or without BOM, GBK/GB18030,
UTF-16 from Excel's "Unicode 文本") or XLSX (streamed, ``importing.xlsx``).

The format is told by the file's first bytes, not its name: an XLSX renamed to .csv still reads, an old
binary .xls or a picture gets a clear error. For CSV the whole file is first decoded in 1 MB blocks to
settle the encoding (strict UTF-8, else GB18030) — cheap next to parsing, and it means a file that
starts in plain ASCII but has GBK names on row 90,000 is still read right, and a file that is neither
is refused before anything is written.

Memory: CSV is streamed (the csv module over a decoding text wrapper), XLSX too (``importing.xlsx``:
the sheet's XML parsed incrementally, shared strings spilled to a temporary file), so memory is flat
in the file's size either way. (python-calamine 0.9, used before, materialises the whole worksheet
before ``iter_rows`` yields a row: about 0.65 KB a 12-column row, which needed an XLSX size cap.)
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.xlsx import xlsx_first_sheet

_BLOCK = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SAMPLE = 64 * 1024


@dataclass
class Table:
    """An open import file: the header row and then the data rows, each with its row number as a
    spreadsheet shows it (the header is usually row 1)."""

    header: list[Any]
    header_row: int
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str
    size: int
    consumed: Callable[[], int]  # bytes (CSV) read so far, for progress
    total_rows: int | None = None  # known up front for XLSX


@contextmanager
def table_open(path: Path) -> Iterator[Table]:
    """Open ``path`` as CSV or XLSX by its content; raise :class:`ImportFileError` for anything else."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("文件是空的")
    with path.open("rb") as fh:
        head = fh.read(_SAMPLE)
    if head.startswith(_ZIP_MAGIC):
        with _xlsx_open(path, size) as table:
            yield table
    elif head.startswith(_OLE_MAGIC):
        raise ImportFileError("不支持旧版Excel（.xls）文件，请在Excel中“另存为”.xlsx或CSV（UTF-8）后再导入")
    else:
        with _csv_open(path, head, size) as table:
            yield table


# --- CSV ---------------------------------------------------------------------------------------------


def detect_encoding(path: Path, head: bytes) -> str:
    """BOM first; else the encoding (UTF-8, then GB18030 — a superset of GBK) that decodes the whole
    file strictly. Raise :class:`ImportFileError` naming the row where neither works."""
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in head:
            raise ImportFileError("文件不是文本格式的CSV（含有二进制内容），请上传CSV或XLSX文件")
        candidates = ["utf-8", "gb18030"]
    furthest = (0, 0)  # (byte offset, line) where decoding failed, furthest of the candidates
    for encoding in candidates:
        failure = _decode_failure(path, encoding)
        if failure is None:
            return "utf-8" if encoding == "utf-8-sig" else encoding
        furthest = max(furthest, failure)
    names = "UTF-16" if candidates == ["utf-16"] else "UTF-8，也不是GBK/GB18030"
    raise ImportFileError(
        f"文件编码无法识别：既不是{names}（第{furthest[1]}行附近有无法解码的内容）。"
        "请用Excel或WPS“另存为”CSV（UTF-8）或XLSX后再导入",
        row=furthest[1],
    )


def _decode_failure(path: Path, encoding: str) -> tuple[int, int] | None:
    """None when the whole file decodes; else (byte offset, 1-based line) of the first bad byte."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset, lines = 0, 1
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            try:
                decoder.decode(block, final=False)
            except UnicodeDecodeError as exc:
                start = max(0, exc.start)
                return offset + start, lines + block.count(b"\n", 0, start)
            offset += len(block)
            lines += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, lines
    return None


def _delimiter(head: bytes, encoding: str) -> str:
    first = head.decode(encoding, errors="ignore").lstrip("\ufeff").split("\n", 1)[0]
    return "\t" if first.count("\t") > first.count(",") else ","


@contextmanager
def _csv_open(path: Path, head: bytes, size: int) -> Iterator[Table]:
    encoding = detect_encoding(path, head)
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    raw = path.open("rb")
    try:
        text = io.TextIOWrapper(raw, encoding=codec, errors="strict", newline="")
        records = _csv_records(csv.reader(text, delimiter=_delimiter(head, codec), strict=True))
        header_row, header = _first_nonblank(records)
        yield Table(
            header=header,
            header_row=header_row,
            rows=records,
            encoding=encoding,
            size=size,
            consumed=raw.tell,
        )
    finally:
        raw.close()


def _csv_records(reader: Any) -> Iterator[tuple[int, list[Any]]]:
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(
                f"CSV格式错误（{exc}）：可能有未配对的引号，或文件不完整（被截断）", row=number + 1
            ) from None
        except UnicodeDecodeError:
            raise ImportFileError("文件编码在此行之后发生变化，无法解码", row=number + 1) from None
        number += 1
        yield number, record


# --- XLSX --------------------------------------------------------------------------------------------


@contextmanager
def _xlsx_open(path: Path, size: int) -> Iterator[Table]:
    with xlsx_first_sheet(path) as sheet:
        records = iter(sheet.rows)
        header_row, header = _first_nonblank(records)
        yield Table(
            header=header,
            header_row=header_row,
            rows=records,
            encoding="xlsx",
            size=size,
            consumed=lambda: 0,
            total_rows=None if sheet.last_row is None else max(0, sheet.last_row - header_row),
        )


def _first_nonblank(records: Iterator[tuple[int, list[Any]]]) -> tuple[int, list[Any]]:
    for number, cells in records:
        if not row_is_blank(cells):
            return number, cells
    raise ImportFileError("文件中没有表头，也没有数据")


def row_is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)
