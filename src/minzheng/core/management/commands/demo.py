from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from minzheng.core.audit import acting_as
from minzheng.core.demo import DEMO_PASSWORD, demo_users_create
from minzheng.core.processes import children_run
from minzheng.core.seeding import seed_run


class Command(BaseCommand):
    help = "演示：迁移数据库、加载区划与合成数据、创建各角色演示账号，并在 http://127.0.0.1:8000 提供服务"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--scale", type=float, default=0.01, help="合成数据规模，1.0 为海口全市（默认 0.01）"
        )
        parser.add_argument("--random-seed", type=int, default=2020)
        parser.add_argument("--reset", action="store_true", help="删除演示数据库后重建")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not 0 < opts["scale"] <= 4:
            raise CommandError("--scale 须在 0 到 4 之间")
        if opts["reset"]:
            self._reset()
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        with acting_as(None):
            seed_run(scale=opts["scale"], random_seed=opts["random_seed"], echo=self.stdout.write)
            logins = demo_users_create(echo=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"\n演示账号（密码均为 {DEMO_PASSWORD}）："))
        for login in logins:
            self.stdout.write(
                f"  {login.username:<15} {login.region.name}（{login.region.code}） {login.display_name}"
            )
        if opts["no_serve"]:
            return
        self._serve(opts["host"], opts["port"])

    def _reset(self) -> None:
        if connection.vendor != "sqlite":
            raise CommandError("--reset 只用于演示用的 SQLite 数据库；生产数据库请勿重置")
        name = settings.DATABASES["default"]["NAME"]
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{name}{suffix}"):
                os.remove(f"{name}{suffix}")
        self.stdout.write(f"已删除 {name}")

    def _serve(self, host: str, port: int) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minzheng.config.settings"}
        commands = [
            [sys.executable, "-m", "minzheng.cli", "worker"],
            [sys.executable, "-m", "minzheng.cli", "serve", "--bind", f"{host}:{port}", "--workers", "2"],
        ]
        self.stdout.write(self.style.SUCCESS(f"\n服务已启动：http://{host}:{port}/ （Ctrl-C 停止）"))
        children_run(commands, env=env)
