"""Streaming XLSX reading: one row in memory at a time, whatever the size of the sheet.

An XLSX file is a zip of XML parts (ECMA-376 Part 1, SpreadsheetML): ``xl/workbook.xml`` lists the
sheets, ``xl/worksheets/sheetN.xml`` holds the rows (``<row r="5"><c r="B5" t="s" s="3"><v>…``),
``xl/sharedStrings.xml`` the text that cells of type ``s`` point to by index, and ``xl/styles.xml``
the number formats that make a number a date. The sheet is parsed incrementally (lxml ``iterparse``,
events for ``<row>`` only) and each row dropped once yielded. The shared-string table can be as large
as the sheet (every ID number and name is a shared string in a file saved by Excel), so it is spilled
to a temporary file with a fixed-width offset index and read back by position, the most recently used
16,384 strings cached: memory stays flat, the disk holds the strings.

Values come out as python-calamine gave them: text as ``str``, numbers as ``float``, cells with a date
format as ``date``/``datetime``, booleans as ``bool``, empty cells as ``None``; every row as wide as
the sheet's ``<dimension>`` (else as its widest row so far).
"""

from __future__ import annotations

import functools
import os
import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

from lxml import etree

from minzheng.registry.importing.errors import ImportFileError

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _C, _V, _IS, _T, _R, _SI = (f"{_MAIN}{t}" for t in ("row", "c", "v", "is", "t", "r", "si"))
# Built-in number formats that are dates or times (ECMA-376 Part 1 §18.8.30; 27–36 and 50–58 are the
# East Asian date formats, e.g. 31 = yyyy"年"m"月"d"日").
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)})
_DATE_CODE = re.compile(r"[dmyhs]")
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_INDEX = struct.Struct("<QI")  # offset, length of one shared string in the spill file
_CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, etree.LxmlError, KeyError, ValueError, OSError)
_CACHED_STRINGS = 16384  # most recently used shared strings kept in memory (bounded)


@dataclass
class XlsxSheet:
    name: str
    rows: Iterator[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, cells)
    last_row: int | None  # the last row's number, per <dimension>, if the file says


def corrupt() -> ImportFileError:
    return ImportFileError("XLSX文件已损坏或不完整（可能在复制或上传时被截断），无法读取")


@contextmanager
def xlsx_first_sheet(path: str | os.PathLike[str]) -> Iterator[XlsxSheet]:
    """The first visible worksheet of the workbook at ``path``, read lazily."""
    try:
        book = zipfile.ZipFile(path)
    except _CORRUPT:
        raise corrupt() from None
    with book, tempfile.TemporaryFile() as data, tempfile.TemporaryFile() as index:
        try:
            name, part, date1904 = _first_visible_sheet(book)
            date_styles = _date_styles(book)
            strings = _SharedStrings(book, data, index)
            last_row, columns = _dimension(book, part)
        except _CORRUPT:
            raise corrupt() from None
        rows = _rows(book, part, strings, date_styles, date1904, columns)
        yield XlsxSheet(name=name, rows=rows, last_row=last_row)


def _parse(
    book: zipfile.ZipFile, part: str, *, tag: str | None = None, events: tuple[str, ...] = ("start", "end")
) -> Any:
    """Incremental parse of one part (lxml, a dependency of python-docx): no external entities, no
    network, so a crafted file cannot make the server read anything else."""
    return etree.iterparse(book.open(part), events=events, tag=tag, resolve_entities=False, no_network=True)


def _first_visible_sheet(book: zipfile.ZipFile) -> tuple[str, str, bool]:
    targets = {}
    for _event, el in _parse(book, "xl/_rels/workbook.xml.rels"):
        if _event == "end" and el.tag == f"{_PKG_REL}Relationship":
            target = el.get("Target", "")
            targets[el.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    sheets: list[tuple[str, str, str]] = []
    date1904 = False
    for event, el in _parse(book, "xl/workbook.xml"):
        if event != "end":
            continue
        if el.tag == f"{_MAIN}workbookPr":
            date1904 = el.get("date1904") in ("1", "true")
        elif el.tag == f"{_MAIN}sheet":
            sheet_part = targets.get(el.get(f"{_DOC_REL}id"))
            if sheet_part:
                sheets.append((el.get("name", ""), sheet_part, el.get("state", "visible")))
    if not sheets:
        raise ImportFileError("XLSX文件中没有工作表")
    name, part, _state = next((s for s in sheets if s[2] == "visible"), sheets[0])
    return name, part, date1904


def _date_styles(book: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell formats (``s="…"``) whose number format is a date or a time."""
    if "xl/styles.xml" not in book.namelist():
        return frozenset()
    custom: dict[int, str] = {}
    styles: list[int] = []
    in_xfs = False
    for event, el in _parse(book, "xl/styles.xml"):
        if el.tag == f"{_MAIN}cellXfs":
            in_xfs = event == "start"
        elif event == "end" and el.tag == f"{_MAIN}numFmt":
            custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
        elif event == "end" and in_xfs and el.tag == f"{_MAIN}xf":
            styles.append(int(el.get("numFmtId", "0")))
    dates = {
        fmt
        for fmt in set(styles)
        if fmt in _DATE_FORMAT_IDS
        or (fmt in custom and _DATE_CODE.search(_QUOTED.sub("", custom[fmt]).lower()))
    }
    return frozenset(i for i, fmt in enumerate(styles) if fmt in dates)


def _dimension(book: zipfile.ZipFile, part: str) -> tuple[int | None, tuple[int, int] | None]:
    """Last row and (first, last) column of ``<dimension ref="A1:L200001">``, read from the sheet's
    start (it comes before ``<sheetData>``)."""
    for event, el in _parse(book, part):
        if event == "start" and el.tag == f"{_MAIN}sheetData":
            return None, None
        if event == "end" and el.tag == f"{_MAIN}dimension":
            refs = [_CELL_REF.fullmatch(r) for r in el.get("ref", "").replace("$", "").split(":")]
            if len(refs) == 2 and all(refs):
                (c1, _r1), (c2, r2) = (m.groups() for m in refs)  # type: ignore[union-attr]
                return int(r2), (_column(c1), _column(c2))
            return None, None
    return None, None


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class _SharedStrings:
    """The shared-string table, spilled to disk: ``data`` holds the UTF-8 text, ``index`` one
    (offset, length) record per string."""

    def __init__(self, book: zipfile.ZipFile, data: IO[bytes], index: IO[bytes]) -> None:
        self.data, self.index, self.count = data, index, 0
        self.get = functools.lru_cache(maxsize=_CACHED_STRINGS)(self._read)
        if "xl/sharedStrings.xml" not in book.namelist():
            return
        offset = 0
        for _event, el in _parse(book, "xl/sharedStrings.xml", tag=_SI, events=("end",)):
            blob = _rich_text(el).encode()
            data.write(blob)
            index.write(_INDEX.pack(offset, len(blob)))
            offset += len(blob)
            self.count += 1
            _drop(el)
        data.flush()
        index.flush()

    def _read(self, i: int) -> str:
        if not 0 <= i < self.count:
            raise ValueError(f"shared string {i} out of range")
        offset, length = _INDEX.unpack(os.pread(self.index.fileno(), _INDEX.size, i * _INDEX.size))
        return os.pread(self.data.fileno(), length, offset).decode()


def _drop(el: Any) -> None:
    """Free an element that has been read, and the siblings read before it."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _rich_text(el: Any) -> str:
    """The text of an ``<si>`` or ``<is>``: its ``<t>``, or the ``<t>`` of each run; phonetic
    guides (``<rPh>``) are not part of the value."""
    parts = []
    for child in el:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.extend(t.text or "" for t in child.iter(_T))
    return "".join(parts)


def _rows(
    book: zipfile.ZipFile,
    part: str,
    strings: _SharedStrings,
    date_styles: frozenset[int],
    date1904: bool,
    columns: tuple[int, int] | None,
) -> Iterator[tuple[int, list[Any]]]:
    first_col, width = (columns[0], columns[1] - columns[0] + 1) if columns else (0, 0)
    # A spreadsheet's date and time are wall-clock values without a zone, as python-calamine gave them.
    epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)  # noqa: DTZ001
    number = 0
    columns_at: dict[str, int] = {}  # "AB" -> position in the row
    date_styles_text = {str(i) for i in date_styles}
    try:
        for _event, el in _parse(book, part, tag=_ROW, events=("end",)):
            number = int(el.get("r") or number + 1)
            cells: list[Any] = [None] * width
            at = -1
            for c in el:
                if c.tag != _C:
                    continue
                ref = c.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    at = columns_at.get(letters, -1)
                    if at < 0:
                        at = columns_at[letters] = _column(letters) - first_col
                else:
                    at += 1
                if at < 0:
                    continue
                if at >= len(cells):
                    cells.extend([None] * (at + 1 - len(cells)))
                    width = len(cells)
                kind = c.get("t")
                if kind == "s":  # the common cases first: a shared string, a plain number
                    text = c.findtext(_V)
                    cells[at] = strings.get(int(text)) if text else None
                elif kind is None or kind == "n":
                    text = c.findtext(_V)
                    if text:
                        style = c.get("s")
                        value = float(text)
                        cells[at] = _date(value, epoch) if style in date_styles_text and value >= 1 else value
                else:
                    cells[at] = _value(c, kind)
            _drop(el)
            yield number, cells
    except _CORRUPT:
        raise corrupt() from None


def _value(c: Any, kind: str) -> Any:
    if kind == "inlineStr":
        box = c.find(_IS)
        return _rich_text(box) if box is not None else None
    text = c.findtext(_V)
    if text is None:
        return None
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text == "1"
    if kind == "d":
        return datetime.fromisoformat(text)
    return text


def _date(serial: float, epoch: datetime) -> Any:
    moment = epoch + timedelta(days=serial)
    return moment.date() if moment.time() == datetime.min.time() else moment
