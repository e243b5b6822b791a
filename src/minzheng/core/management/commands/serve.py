from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

# How long an idle keep-alive connection stays open. gunicorn's default (2 s) is shorter than a clerk's pause
# between two clicks: the server then closes connections the client is about to reuse, and a request sent as the
# close happens is answered with a reset (the "HTTP 0" failures of ``bench load``). gthread keeps idle
# connections in its poller, not on a thread, so a longer wait costs a socket, not a worker.
KEEPALIVE_SECONDS = 30


class Command(BaseCommand):
    help = "以生产服务器（gunicorn）运行，数据库取自 DATABASE_URL"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("MINZHENG_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("MINZHENG_WORKERS", "3")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("MINZHENG_THREADS", "4")))
        parser.add_argument(
            "--keep-alive",
            type=int,
            default=int(os.environ.get("MINZHENG_KEEPALIVE", str(KEEPALIVE_SECONDS))),
            help=f"空闲长连接保持的秒数（默认{KEEPALIVE_SECONDS}）",
        )
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
            "--keep-alive",
            str(opts["keep_alive"]),
        ]
        os.execv(sys.executable, argv)
