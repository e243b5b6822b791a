# ruff: noqa: N999  (the command is `minzheng import`, so the module is import.py)
"""minzheng import persons|households|houses FILE [--mode all|good] [--report rejected.xlsx] [--user NAME]
[--offline] [--max-issues N]"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.core.audit import acting_as
from minzheng.core.inputs import text_refusal
from minzheng.core.models import User
from minzheng.core.roles import can, refusal
from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.report import import_report_path
from minzheng.registry.importing.selectors import import_issue_list
from minzheng.registry.importing.services import import_file
from minzheng.registry.models import ImportBatch, ImportIssue


class Command(BaseCommand):
    help = "从CSV或XLSX文件批量导入人员、户或房屋（先导入房屋，再导入人员，最后导入户）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", choices=ImportBatch.Kind.values, help="persons 人员 / households 户 / houses 房屋"
        )
        parser.add_argument("file", type=Path, help="CSV（UTF-8或GBK）或XLSX文件，表头同下载的模板")
        parser.add_argument(
            "--mode",
            choices=ImportBatch.Mode.values,
            default=ImportBatch.Mode.ALL_OR_NOTHING,
            help="all：有错误则全部不导入（默认）；good：导入正确的行，跳过错误行",
        )
        parser.add_argument("--report", type=Path, help="把错误和警告写入此XLSX文件")
        parser.add_argument("--user", help="以此账号导入（按其管辖区划校验）；不填则为系统、全市范围")
        parser.add_argument(
            "--offline",
            action="store_true",
            help="停机导入：仅在网站已关闭、无人使用时使用。人员文件不小于人员表时，先删除索引、"
            "导入后重建（锁住人员表直到导入结束，期间所有读写人员表的页面都会等待）。"
            "不加此项时，导入分批短事务写入，不影响网站使用",
        )
        parser.add_argument(
            "--max-issues",
            type=int,
            default=None,
            help="最多保存的问题行数（默认10000，或设置 MINZHENG_IMPORT_MAX_ISSUES）；各原因的条数总是完整统计",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        refused = text_refusal(opts["file"].name, label="文件名") or text_refusal(
            opts["user"] or "", label="账号"
        )
        if refused is not None:  # core.inputs: the name is stored with the batch and shown on its page
            raise CommandError(refused)
        user = self._user(opts["user"])
        progress = _StderrProgress(self.stderr)
        try:
            with acting_as(user):
                batch = import_file(
                    path=opts["file"],
                    kind=opts["kind"],
                    mode=opts["mode"],
                    user=user,
                    progress=progress,
                    offline=opts["offline"],
                    max_issues=opts["max_issues"],
                )
        except ImportFileError as exc:
            progress.done()
            raise CommandError(f"文件未导入：{exc}") from exc
        progress.done()
        built = import_report_path(batch)
        if opts["report"] and built is not None:
            shutil.copyfile(built, opts["report"])  # the report the import built (issues and their counts)
            self.stdout.write(f"错误报告已写入 {opts['report']}")
        self.stdout.write(f"{batch.get_status_display()}：{batch.message}（批次 {batch.pk}）")
        if batch.rows_rejected:
            for issue in import_issue_list(batch=batch, severity=ImportIssue.Severity.ERROR, limit=10):
                self.stderr.write(f"  第{issue.row_number}行 {issue.field}：{issue.reason}（{issue.value}）")
            if batch.rows_rejected > 10:
                self.stderr.write(
                    f"  ……共{batch.rows_rejected}行有错误"
                    + ("" if opts["report"] else "，用 --report 导出全部")
                )
            raise CommandError(f"有{batch.rows_rejected}行错误：{batch.message}")

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).select_related("region").first()
        if user is None:
            raise CommandError(f"账号“{username}”不存在或已停用")
        if not can(user, "registry.import"):  # the same capability as the page and the service
            raise CommandError(f"账号“{username}”不能导入：{refusal(user, 'registry.import')}")
        return user


class _StderrProgress:
    """Progress on one line of stderr, refreshed at most twice a second."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.last = 0.0
        self.started = time.monotonic()
        self.tty = getattr(sys.stderr, "isatty", lambda: False)()

    def __call__(self, done: int, total: int | None, message: str) -> None:
        now = time.monotonic()
        if now - self.last < 0.5:
            return
        self.last = now
        share = f"{min(100, done * 100 // total)}% " if total else ""
        rate = done / (now - self.started) if now > self.started else 0
        line = f"{share}{message}（{rate:,.0f}行/秒）"
        if self.tty:
            self.stream.write(f"\r\033[K{line}", ending="")
            self.stream.flush()
        else:
            self.stream.write(line)

    def done(self) -> None:
        if self.tty:
            self.stream.write("")
