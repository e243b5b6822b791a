"""Programs: the six of social assistance come with the schema; other domains add theirs here."""

from __future__ import annotations

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Program


def program_ensure(
    *, code: str, name: str, unit: str = Program.Unit.PERSON, periodic: bool = True
) -> Program:
    """The program ``code``, created if missing (e.g. eldercare's 长者饭堂 meal subsidy). Idempotent: an
    existing program keeps its name and settings."""
    if not code or len(code) > 30 or not code.replace("_", "").isalnum() or not code.isascii():
        raise BenefitsError(f"项目代码须为不超过30位的英文字母、数字或下划线，实为“{code}”")
    if unit not in Program.Unit.values:
        raise BenefitsError(f"发放单位须为{'/'.join(Program.Unit.values)}")
    program, _ = Program.objects.get_or_create(
        code=code, defaults={"name": name, "unit": unit, "periodic": periodic}
    )
    return program
