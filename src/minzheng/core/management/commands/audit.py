"""minzheng audit keygen|seal|checkpoint|verify — the keyed audit chain (see minzheng.core.audit)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.core.audit import (
    AuditKeyError,
    audit_checkpoint,
    audit_key_id,
    audit_key_path,
    audit_keygen,
    audit_seal,
    audit_verify,
    checkpoints_read,
)


class Command(BaseCommand):
    help = "审计日志：keygen 生成密钥，seal 封存入链，checkpoint 签署并导出检查点，verify 校验整条审计链"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="操作", required=True)
        keygen = sub.add_parser("keygen", help="生成审计密钥（HMAC-SM3），写入密钥文件")
        keygen.add_argument("--file", help="密钥文件路径（默认：MINZHENG_AUDIT_KEY_FILE 或 var/audit_key）")
        keygen.add_argument(
            "--force", action="store_true", help="覆盖已有密钥（旧密钥签署的日志将无法再校验，慎用）"
        )
        sub.add_parser("seal", help="把已提交、尚未封存的日志封存入链（后台任务也会自动进行）")
        checkpoint = sub.add_parser("checkpoint", help="封存后签署当前链尾检查点")
        checkpoint.add_argument(
            "--export", metavar="FILE", help="把检查点追加写入该文件（JSON 行，“-”为标准输出），请异地保存"
        )
        verify = sub.add_parser("verify", help="校验审计链，报告第一处断裂")
        verify.add_argument(
            "--checkpoints",
            metavar="FILE",
            action="append",
            default=[],
            help="异地保存的检查点文件（可多次）",
        )
        verify.add_argument("--no-seal", action="store_true", help="校验前不封存待封存的日志")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            getattr(self, f"_{opts['action']}")(opts)
        except AuditKeyError as exc:
            raise CommandError(str(exc)) from exc

    def _keygen(self, opts: dict[str, Any]) -> None:
        path = Path(opts["file"]) if opts["file"] else audit_key_path()
        try:
            key = audit_keygen(path, force=opts["force"])
        except FileExistsError:
            raise CommandError(
                f"密钥文件 {path} 已存在，未覆盖（换用新密钥后，旧日志将无法校验；确需更换请加 --force）"
            ) from None
        self.stdout.write(self.style.SUCCESS(f"已生成审计密钥：{path}（指纹 {audit_key_id(key)}）"))
        self.stdout.write("请备份此文件，并与数据库分开保管：能同时改写数据库和读取密钥的人才能伪造审计链。")
        if os.environ.get("MINZHENG_AUDIT_KEY"):
            self.stdout.write(
                self.style.WARNING("注意：已设置环境变量 MINZHENG_AUDIT_KEY，它优先于密钥文件。")
            )

    def _seal(self, opts: dict[str, Any]) -> None:
        sealed = audit_seal()
        self.stdout.write(self.style.SUCCESS(f"已封存 {sealed} 条日志"))

    def _checkpoint(self, opts: dict[str, Any]) -> None:
        point = audit_checkpoint()
        line = json.dumps(point.as_json(), ensure_ascii=False)
        target = opts["export"]
        if target == "-":
            sys.stdout.write(line + "\n")
            return
        if target:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        where = f"，已追加到 {target}" if target else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"检查点：链上第{point.pos}位（序号{point.entry_seq}），密钥指纹 {point.key_id}{where}"
            )
        )

    def _verify(self, opts: dict[str, Any]) -> None:
        points = []
        for name in opts["checkpoints"]:
            try:
                points.extend(checkpoints_read(Path(name)))
            except OSError as exc:
                raise CommandError(f"无法读取检查点文件 {name}：{exc.strerror}") from exc
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        result = audit_verify(checkpoints=points, seal=not opts["no_seal"])
        if not result.ok:
            raise CommandError(f"审计链断裂：{result.reason}（已校验 {result.checked} 条）")
        pending = f"，{result.pending} 条待封存" if result.pending else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"审计链完整：共 {result.checked} 条，HMAC-SM3 逐条相连，{result.checkpoints} 个检查点相符{pending}"
            )
        )
