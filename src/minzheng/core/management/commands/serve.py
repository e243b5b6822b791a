from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "以生产服务器（gunicorn）运行，数据库取自 DATABASE_URL"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("MINZHENG_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("MINZHENG_WORKERS", "3")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("MINZHENG_THREADS", "4")))
        parser.add_argument("--migrate", action="store_true", help="启动前执行数据库迁移")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        if "DATABASE_URL" not in os.environ:
            self.stderr.write("提示：未设置 DATABASE_URL，使用 var/ 下的 SQLite 数据库")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "minzheng.config.wsgi:application",
            "--bind",
            opts["bind"],
            "--workers",
            str(opts["workers"]),
            "--threads",
            str(opts["threads"]),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "20",
            "--timeout",
            "120",
        ]
        os.execv(sys.executable, argv)
