"""The programs of the ledger: the six of social assistance are part of the schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Program

# The six programs of social assistance (issue 4), as the data migration 0002_programs creates them.
BUILTIN_PROGRAMS: dict[str, dict[str, Any]] = {
    "dibao_urban": {"name": "城市低保", "unit": "household", "periodic": True},
    "dibao_rural": {"name": "农村低保", "unit": "household", "periodic": True},
    "tekun": {"name": "特困人员供养", "unit": "person", "periodic": True},
    "temporary": {"name": "临时救助", "unit": "household", "periodic": False},
    "low_income": {"name": "低收入家庭专项救助", "unit": "household", "periodic": False},
    "price_subsidy": {"name": "价格临时补贴", "unit": "person", "periodic": True},
}


def program_get(code: str | Program) -> Program:
    """The program by code. The six built-in programs are part of the schema (data migration); if a
    database lost them (a flushed test database), they are put back rather than reported missing."""
    if isinstance(code, Program):
        return code
    program = Program.objects.filter(code=code).first()
    if program is None and code in BUILTIN_PROGRAMS:
        program, _ = Program.objects.get_or_create(code=code, defaults=BUILTIN_PROGRAMS[code])
    if program is None:
        raise BenefitsError(f"未知的救助项目：“{code}”")
    return program


# Categories of standards and enrollments the ledger knows (特困's care levels and forms of support), with
# the label a clerk reads; a program adds the categories it gives its enrollments through
# ``category_labels_register`` (from its contributions module).
STANDARD_CATEGORIES: dict[str, str] = {
    "self_care": "特困：全自理",
    "partial_care": "特困：半护理",
    "full_care": "特困：全护理",
    "basic": "特困：基本生活",
    "concentrated": "特困：集中供养",
    "dispersed": "特困：分散供养",
}
_category_labels: dict[str, str] = dict(STANDARD_CATEGORIES)


def category_labels_register(labels: Mapping[str, str]) -> None:
    """Labels of a program's own enrollment categories (code → Chinese label)."""
    _category_labels.update({str(code): str(label) for code, label in labels.items()})


def category_label(code: str) -> str:
    """The Chinese label of a category code ("" for none); an unregistered code is shown as 其他类别."""
    if not code:
        return ""
    return _category_labels.get(code, "其他类别")


# Groups of programs another program's rule names by what they are, not by code: e.g. the price subsidy's scope
# "孤儿、事实无人抚养儿童" (发改价格〔2021〕1553号) is whichever programs the children's domain pays them from.
_PROGRAM_GROUPS: dict[str, set[str]] = {}


def program_group_register(group: str, codes: tuple[str, ...]) -> None:
    """Declare that the programs ``codes`` belong to ``group`` (from the paying domain's contributions)."""
    _PROGRAM_GROUPS.setdefault(group, set()).update(codes)


def program_group(group: str) -> tuple[str, ...]:
    """The program codes of ``group`` (empty when no installed domain pays it), in a stable order."""
    return tuple(sorted(_PROGRAM_GROUPS.get(group, ())))
