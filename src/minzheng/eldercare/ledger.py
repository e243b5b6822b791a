"""The benefits-ledger side of a confirmed canteen-month (DESIGN "one ledger": money is a benefits program).

The ledger's program ``meal_subsidy`` (created through ``benefits.services.program_ensure``) is the
budget line every confirmed ``MealSettlement`` belongs to. The ledger's PayrollRun/Payment lines are paid
to a *person* under an *enrollment*; a canteen is neither, and paying the diners would pay the subsidy a
second time (they got it as a discount at checkout). So the canteen-months stay in eldercare's own
settlement table, each pointing at the program; the ledger's indicators and reports can join on it.
"""

from __future__ import annotations

from minzheng.benefits.models import Program
from minzheng.benefits.services import program_ensure

PROGRAM_CODE = "meal_subsidy"
PROGRAM_NAME = "长者饭堂助餐补贴"


def meal_subsidy_program() -> Program:
    """The ledger's program for canteen meal subsidies (created on first use, idempotent)."""
    return program_ensure(code=PROGRAM_CODE, name=PROGRAM_NAME, unit=Program.Unit.PERSON, periodic=True)
