from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from minzheng.portal.reminders import reminders_send


class Command(BaseCommand):
    help = "向公众用户发送当日提醒（复核到期、预约前一天等）；同一天重复运行不会重复发送。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="按哪一天发送（默认今天）")

    def handle(self, *args: Any, **opts: Any) -> None:
        day = opts["date"] or timezone.localdate()
        for name, sent in reminders_send(day).items():
            self.stdout.write(f"{name}：发送{sent}条")
