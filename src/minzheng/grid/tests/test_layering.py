"""The grid app's side of issue 12's layering: no role comparisons (capabilities decide, in core/roles.py),
and of reports only the indicator registry, from contributions.py."""

import ast
from pathlib import Path

GRID = Path(__file__).resolve().parents[1]


def _modules() -> list[Path]:
    return [p for p in GRID.rglob("*.py") if not {"tests", "migrations"} & set(p.relative_to(GRID).parts)]


def test_no_module_compares_a_role():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Compare) and any(
                isinstance(side, ast.Attribute) and side.attr == "role"
                for side in (node.left, *node.comparators)
            ):
                found.append(f"{path.relative_to(GRID)}:{node.lineno}")
    assert found == []


def test_reports_is_reached_only_for_the_indicator_registry_from_contributions():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                if name.startswith("minzheng.reports"):
                    found.append((str(path.relative_to(GRID)), name, [a.name for a in node.names]))
    assert found == [("contributions.py", "minzheng.reports.registry", ["indicator_register"])]
