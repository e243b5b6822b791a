from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.core.audit import audit_verify


class Command(BaseCommand):
    help = "审计日志：verify 校验 SM3 哈希链，报告第一处断裂"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **opts: Any) -> None:
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"审计链断裂：{result.reason}（已校验 {result.checked} 条）")
        self.stdout.write(self.style.SUCCESS(f"审计链完整：共 {result.checked} 条，SM3 哈希逐条相连"))
