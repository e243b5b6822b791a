from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "运行后台任务进程（队列保存在本系统数据库中）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="处理完队列中的任务后退出")

    def handle(self, *args: Any, **opts: Any) -> None:
        from minzheng.core.audit import AuditSealer
        from minzheng.core.jobs import worker_startup_run
        from minzheng.core.liveness import worker_id

        for line in worker_startup_run():  # e.g. an import killed with the previous worker: its debris
            self.stderr.write(line)
        with AuditSealer():  # seals committed audit entries into the chain while the worker runs
            call_command(
                "db_worker", batch=opts["batch"], interval=0.5, no_startup_delay=True, worker_id=worker_id()
            )
