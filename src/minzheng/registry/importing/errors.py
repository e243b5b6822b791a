"""Errors that stop a whole import file (as opposed to a rejected row, which is an ImportIssue)."""

from __future__ import annotations


class ImportFileError(ValueError):
    """The file cannot be imported at all (encoding, format, header, size); nothing is written.

    ``reason`` is the Chinese message for the user; ``row`` and ``field`` say where, when known.
    """

    def __init__(self, reason: str, *, row: int | None = None, field: str = "") -> None:
        where = f"第{row}行" if row else ""
        if field:
            where += f"“{field}”列" if where else f"“{field}”列"
        super().__init__(f"{where}：{reason}" if where else reason)
        self.reason = reason
        self.row = row
        self.field = field


class RowError(ValueError):
    """One bad value in one row: ``field`` is the column's Chinese header, ``reason`` the message."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
