"""CSV injection (OWASP): every CSV the platform writes for people to open escapes formulas, through one
writer (core.excel.csv_writer)."""

import ast
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

import minzheng
from minzheng.core.excel import csv_cell, csv_writer
from minzheng.registry.importing.template_file import template_csv

# csv.writer outside core/excel.py only where no person opens the file: (path under src/minzheng, why)
INTERNAL_WRITERS = {
    "registry/importing/support.py": "the import's issue spool, a temporary file the import reads back",
    "registry/importing/testing.py": "test files written the way spreadsheet programs write them",
    "registry/bench.py": "the bench's input file for the import, compared with a bare COPY",
}


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/","点我")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(text):
    assert csv_cell(text) == "'" + text


def test_other_text_and_numbers_pass_unchanged():
    for value in ("张三", "6228480000000000001", "", "a=b", " =1", "＝1", Decimal("-12.50"), -3, 1.5, None):
        assert csv_cell(value) == value


def test_the_writer_escapes_text_cells_and_keeps_negative_amounts_numeric():
    out = io.StringIO()
    csv_writer(out).writerows([["=1+1", Decimal("-610.00"), "-610.00", 7]])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "-610.00", "'-610.00", "7"]


def test_the_import_templates_go_through_the_writer():
    text = template_csv(kind="persons").decode("utf-8-sig")
    assert text.startswith("身份证号码,")


def _csv_writer_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "csv":
            lines += [node.lineno for alias in node.names if alias.name in ("writer", "DictWriter")]
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("writer", "DictWriter")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "csv"
        ):
            lines.append(node.lineno)
    return lines


@pytest.mark.slow
def test_no_module_writes_a_csv_for_people_without_the_escaping_writer():
    root = Path(minzheng.__file__).parent
    found = {}
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in f"/{relative}" or relative == "core/excel.py" or relative in INTERNAL_WRITERS:
            continue
        if lines := _csv_writer_calls(path):
            found[relative] = lines
    assert found == {}, f"用 core.excel.csv_writer 写 CSV（公式转义）：{found}"
    for relative in INTERNAL_WRITERS:
        assert _csv_writer_calls(root / relative), f"{relative} 已不再直接写 CSV：从 INTERNAL_WRITERS 中删除"
