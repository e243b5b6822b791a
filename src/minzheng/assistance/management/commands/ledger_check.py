"""``minzheng manage ledger_check --year 2020``: recompute every payment line of social assistance of a year
from its decision and the standards, and list the differences (exit status 1 when there are any)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "按决定和保障标准逐笔重算社会救助发放明细，列出不一致之处"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="待遇年度")

    def handle(self, *args: Any, **options: Any) -> None:
        from minzheng.assistance.ledger_check import ledger_differences

        differences = ledger_differences(year=options["year"])
        for difference in differences:
            self.stdout.write(str(difference))
        self.stdout.write(f"{options['year']}年社会救助发放明细核对：不一致{len(differences)}处")
        if differences:
            sys.exit(1)
