"""minzheng payroll run|show|export|return: the monthly payroll from the command line.

    minzheng payroll run --program dibao_rural --month 2021-03 [--user shiju]
    minzheng payroll show --program dibao_rural --month 2021-03
    minzheng payroll export --program dibao_rural --month 2021-03 --user shiju --format csv --out 代发.csv
    minzheng payroll return --program dibao_rural --month 2021-03 --user shiju --file 回盘.csv

``run`` creates the month's regular run if needed and computes it (a draft is recomputed; an approved
month is left as it is), printing the totals and the comparison with last month. Without ``--user`` the
run is recorded as made by the system. Review and approval are done on the run's page.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.benefits import bankfiles
from minzheng.benefits.models import PayrollRun
from minzheng.benefits.payroll import CHUNK_SIZE
from minzheng.benefits.selectors import payroll_run_comparison, payroll_run_district_totals
from minzheng.benefits.services._common import program_get
from minzheng.benefits.services.payroll import payroll_run_run, payroll_run_run_as_system
from minzheng.core.audit import acting_as
from minzheng.core.errors import DomainError
from minzheng.core.models import User
from minzheng.core.money import format_yuan
from minzheng.core.values import month_parse


class Command(BaseCommand):
    help = "月度工资单：run 计算、show 查看、export 导出银行代发文件、return 导入银行回盘"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="操作", required=True)
        for name, text in (
            ("run", "编制并计算某项目某月的工资单（可重复执行，不会重复发放）"),
            ("show", "查看工资单合计与上月对比"),
            ("export", "导出银行代发文件（须已审批）"),
            ("return", "导入银行回盘文件（全部正确才导入）"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("--program", required=True, help="项目代码，如 dibao_rural")
            p.add_argument("--month", required=True, help="月份，如 2021-03")
            p.add_argument("--user", default=None, help="操作人账号（记入审计日志；run 不填则记为系统）")
            if name == "run":
                p.add_argument(
                    "--chunk-size", type=int, default=CHUNK_SIZE, help="每段保障记录数（每段单独提交）"
                )
            if name == "export":
                p.add_argument("--format", dest="fmt", choices=["csv", "xlsx"], default="csv")
                p.add_argument("--encoding", choices=["utf-8", "gbk"], default="utf-8")
                p.add_argument("--out", required=True, help="输出文件路径")
            if name == "return":
                p.add_argument("--file", required=True, help="回盘文件路径（CSV或XLSX）")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = self._user(opts["user"])
        if opts["action"] in ("export", "return") and user is None:
            raise CommandError("导出与导入须用 --user 指明操作人")
        try:
            month = month_parse(opts["month"])
            program = program_get(opts["program"])
            with acting_as(user):
                getattr(self, f"_{opts['action']}")(user=user, program=program, month=month, opts=opts)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"账号“{username}”不存在或已停用")
        return user

    def _regular(self, program: Any, month: Any) -> PayrollRun:
        run = PayrollRun.objects.filter(program=program, month=month, kind=PayrollRun.Kind.REGULAR).first()
        if run is None:
            raise CommandError(f"{program.name}{month:%Y年%m月}尚无工资单，请先执行 minzheng payroll run")
        return run

    def _run(self, *, user: User | None, program: Any, month: Any, opts: dict[str, Any]) -> None:
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"  已计算 {done}/{total} 段", ending="\r" if sys.stderr.isatty() else "\n")

        if user is None:
            run = payroll_run_run_as_system(
                program=program, month=month, chunk_size=opts["chunk_size"], progress=progress
            )
        else:
            run = payroll_run_run(
                actor=user, program=program, month=month, chunk_size=opts["chunk_size"], progress=progress
            )
        if run.frozen:
            self.stdout.write(f"{run}已审批（{run.get_status_display()}），不再重新计算。")
        else:
            self.stdout.write(f"{run}计算完成，用时{time.perf_counter() - started:.1f}秒。")
        self._print(run)

    def _show(self, *, user: User | None, program: Any, month: Any, opts: dict[str, Any]) -> None:
        self._print(self._regular(program, month))

    def _print(self, run: PayrollRun) -> None:
        out = self.stdout.write
        out(f"状态：{run.get_status_display()}{'（须重新计算）' if run.stale else ''}")
        out(
            f"合计：领取人 {run.payees:,} 人，明细 {run.lines:,} 笔，保障 {run.person_times:,} 人次，金额 {format_yuan(run.amount_fen)}"
        )
        for row in payroll_run_district_totals(run=run, user=None):
            signed = row.review_label
            out(
                f"  {row.district.name}：{row.payees:,} 人，{row.lines:,} 笔，{format_yuan(row.amount_fen)}（{signed}）"
            )
        comparison = payroll_run_comparison(run=run, user=None, limit=0)
        if comparison is not None:
            out(
                f"与{comparison.previous_label}对比：上月 {comparison.previous_lines:,} 笔 {format_yuan(comparison.previous_fen)}；"
                f"新增 {comparison.new_lines:,} 笔 {format_yuan(comparison.new_fen)}，"
                f"停发 {comparison.stopped_lines:,} 笔 {format_yuan(comparison.stopped_fen)}，"
                f"金额变化 {comparison.changed_lines:,} 笔（合计{format_yuan(comparison.changed_delta_fen)}）"
            )

    def _export(self, *, user: User | None, program: Any, month: Any, opts: dict[str, Any]) -> None:
        if user is None:  # refused in handle(); the bank file always names its user
            raise CommandError("导出须用 --user 指明操作人")
        run = self._regular(program, month)
        bank_file = bankfiles.bank_file_export(
            actor=user, run=run, fmt=opts["fmt"], encoding=opts["encoding"]
        )
        with Path(opts["out"]).open("wb") as fh:
            shutil.copyfileobj(bank_file.handle, fh)
        bank_file.handle.close()
        self.stdout.write(
            f"已导出 {opts['out']}：{bank_file.lines:,} 笔，合计 {format_yuan(bank_file.amount_fen)}"
        )

    def _return(self, *, user: User | None, program: Any, month: Any, opts: dict[str, Any]) -> None:
        if user is None:  # refused in handle(); the return file always names its user
            raise CommandError("导入须用 --user 指明操作人")
        run = self._regular(program, month)
        path = Path(opts["file"])
        try:
            summary = bankfiles.return_import(actor=user, run=run, data=path.read_bytes(), filename=path.name)
        except bankfiles.ReturnFileError as exc:
            raise CommandError("回盘文件未导入（有错误则全部不导入）：\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(
            f"回盘已导入：成功 {summary.paid_lines:,} 笔，失败 {summary.failed_lines:,} 笔（{format_yuan(summary.failed_fen)}）"
        )
