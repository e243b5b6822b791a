"""``minzheng manage marriage_expire [--date YYYY-MM-DD]``: close, in one UPDATE, every divorce application whose
30 days to come back for the certificate have passed (民法典 第一千零七十七条第二款: 视为撤回). Run daily (cron)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.marriage.services import divorce_expire


class Command(BaseCommand):
    help = "离婚登记申请逾期未申领离婚证的，视为撤回"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default="", help="按哪一天核查（默认今天），YYYY-MM-DD")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            today = date.fromisoformat(opts["date"]) if opts["date"] else None
        except ValueError as exc:
            raise CommandError(f"日期格式应为YYYY-MM-DD：{opts['date']}") from exc
        count = divorce_expire(today=today)
        self.stdout.write(f"视为撤回的离婚登记申请：{count}件")
