from __future__ import annotations

import os
import sys
import time
import traceback
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

# How long an idle keep-alive connection stays open. gunicorn's default (2 s) is shorter than a clerk's pause
# between two clicks: the server then closes connections the client is about to reuse, and a request sent as the
# close happens is answered with a reset (the "HTTP 0" failures of ``bench load``). gthread keeps idle
# connections in its poller, not on a thread, so a longer wait costs a socket, not a worker.
KEEPALIVE_SECONDS = 30


# The access log stays on (``--access-logfile -``: one line per request, the combined format, to the service's
# journal). gunicorn's own logger builds every atom of every format for each line — all request and response
# headers, every environ key, a strftime, a Basic-auth decode — about 29 µs per request, 3 % of the server's CPU
# per booking under ``minzheng bench booking``. ``AccessLogger`` writes the very same line (gunicorn's default
# format, the same quoting, the same ``gunicorn.access`` logger and handlers) from the nine atoms the format uses,
# with the timestamp formatted once a second; a configured ``--access-logformat`` falls back to gunicorn's code.
ACCESS_LOGGER = "minzheng.core.management.commands.serve.AccessLogger"


def _access_logger_class() -> type:
    from gunicorn.config import AccessLogFormat
    from gunicorn.glogging import Logger

    default_format = AccessLogFormat.default

    class _AccessLogger(Logger):
        _stamp: tuple[int, str] = (-1, "")

        def _now(self) -> str:
            second = int(time.time())
            if self._stamp[0] != second:
                self._stamp = (second, time.strftime("[%d/%b/%Y:%H:%M:%S %z]", time.localtime(second)))
            return self._stamp[1]

        def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
            if not self.access_log_enabled:
                return
            if self.cfg.access_log_format != default_format:
                super().access(resp, req, environ, request_time)
                return
            auth = environ.get("HTTP_AUTHORIZATION", "")
            user = self._get_user(environ) if auth[:5].lower() == "basic" else None
            status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
            sent = getattr(resp, "sent", None)
            request = f"{environ['REQUEST_METHOD']} {environ['RAW_URI']} {environ['SERVER_PROTOCOL']}"
            try:
                self.access_log.info(
                    '%s - %s %s "%s" %s %s "%s" "%s"',
                    environ.get("REMOTE_ADDR", "-"),
                    (user or "-").replace('"', '\\"'),
                    self._now(),
                    request.replace('"', '\\"'),
                    status,
                    str(sent) if sent is not None else "-",
                    environ.get("HTTP_REFERER", "-").replace('"', '\\"'),
                    environ.get("HTTP_USER_AGENT", "-").replace('"', '\\"'),
                )
            except Exception:  # as gunicorn's own access(): a log line never fails a request
                self.error(traceback.format_exc())

    return _AccessLogger


def __getattr__(name: str) -> Any:  # gunicorn imports ``AccessLogger`` by name, in its own processes only
    if name == "AccessLogger":
        return _access_logger_class()
    raise AttributeError(name)


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
            "--logger-class",
            ACCESS_LOGGER,
            "--graceful-timeout",
            "20",
            "--timeout",
            "120",
            "--keep-alive",
            str(opts["keep_alive"]),
        ]
        os.execv(sys.executable, argv)
