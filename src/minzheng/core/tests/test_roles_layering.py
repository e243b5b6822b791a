"""Permissions live in one table: no module outside core/roles.py compares a user's role."""

from __future__ import annotations

import ast
from pathlib import Path

import minzheng

SRC = Path(minzheng.__file__).resolve().parent
ALLOWED = {SRC / "core" / "roles.py"}


def _role_comparisons(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        if not any(isinstance(op, ast.In | ast.NotIn | ast.Eq | ast.NotEq) for op in node.ops):
            continue
        operands = [node.left, *node.comparators]
        if any(isinstance(o, ast.Attribute) and o.attr == "role" for o in operands):
            name = path.relative_to(SRC) if path.is_relative_to(SRC) else path.name
            found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return found


def _modules() -> list[Path]:
    return [
        p
        for p in sorted(SRC.rglob("*.py"))
        if "tests" not in p.parts and "migrations" not in p.parts and p not in ALLOWED
    ]


def test_no_role_comparison_outside_the_capability_table():
    found = [line for path in _modules() for line in _role_comparisons(path)]
    assert not found, "比较角色请改用 core.roles 的能力表（can/require）：\n" + "\n".join(found)


def test_the_walker_finds_a_role_comparison(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(user):\n    return user.role in {'a'} or 'b' == user.role\n")
    assert len(_role_comparisons(sample)) == 2
