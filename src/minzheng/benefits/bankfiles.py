"""Bank files: the disbursement file sent to the bank (银行代发文件) and the bank's return file (回盘文件).

Disbursement file, one line per payee (a payee's lines of the run are summed: one transfer each):
序号, 姓名, 身份证号码, 开户银行, 账号, 金额(元), 摘要 — then a control line 合计 with the 笔数 and the
总金额, which the bank checks against the lines. CSV is UTF-8 with BOM (Excel opens it right) or GBK,
which many bank systems still require; a name GBK cannot write (a rare character) is refused with the
row named, instead of a "?" reaching the bank. XLSX keeps ID numbers and accounts as text.

A name, bank or account that a spreadsheet would run as a formula (``=HYPERLINK(…)``, OWASP CSV injection)
is written with a leading apostrophe (``core.excel.csv_writer``); the amounts are written as numbers, in
their own column, so a negative amount stays a number the bank reads as one.

Return file (CSV or XLSX): columns 身份证号码 and/or 账号, 金额, 结果 (成功/失败), 失败原因 (optional 返回码).
Each row must match one line of the file sent, with the same amount; every line sent must come back
exactly once; the totals must agree. Any error and nothing is applied (all or nothing), with every
error listed by row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import connection, transaction

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import PayrollRun
from minzheng.benefits.payroll import PAYMENT
from minzheng.benefits.rules import bank_summary
from minzheng.core.audit import Action, audit_append
from minzheng.core.excel import csv_writer
from minzheng.core.masking import mask_citizen_id, mask_name
from minzheng.core.models import User
from minzheng.core.money import fen_to_yuan, format_yuan, yuan_to_fen
from minzheng.core.roles import require
from minzheng.registry.models import Person

HEADERS = ("序号", "姓名", "身份证号码", "开户银行", "账号", "金额(元)", "摘要")
ENCODINGS = {"utf-8": "utf-8-sig", "gbk": "gbk"}
PERSON = Person._meta.db_table


@dataclass(frozen=True)
class BankLine:
    number: int
    person_id: int
    name: str
    id_number: str
    bank_name: str
    bank_account: str
    amount_fen: int


def run_summary(run: PayrollRun) -> str:
    suffixes: dict[str, str] = {PayrollRun.Kind.ARREARS: "补发", PayrollRun.Kind.REISSUE: "重发"}
    suffix = suffixes.get(run.kind, "")
    return bank_summary(program_name=run.program.name, month=run.month, kind_label=suffix)


def bank_lines(run: PayrollRun) -> Iterator[BankLine]:
    """The run's payees in the order of their first line, one per (person, account), streamed."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT p.person_id, per.name, per.id_number, p.bank_name, p.bank_account, SUM(p.amount_fen), MIN(p.id)
            FROM {PAYMENT} p JOIN {PERSON} per ON per.id = p.person_id
            WHERE p.run_id = %s
            GROUP BY p.person_id, per.name, per.id_number, p.bank_name, p.bank_account
            ORDER BY MIN(p.id)
            """,
            [run.pk],
        )
        number = 0
        while rows := cursor.fetchmany(2000):
            for person_id, name, id_number, bank_name, account, amount, _ in rows:
                number += 1
                yield BankLine(number, person_id, name, id_number, bank_name, account, int(amount))


@dataclass(frozen=True)
class BankFile:
    filename: str
    content_type: str
    handle: IO[bytes]
    lines: int
    amount_fen: int


def _rows(run: PayrollRun) -> Iterator[tuple[list[Any], BankLine | None]]:
    summary = run_summary(run)
    count = total = 0
    for line in bank_lines(run):
        count += 1
        total += line.amount_fen
        cells = [str(line.number), line.name, line.id_number, line.bank_name, line.bank_account]
        yield [*cells, fen_to_yuan(line.amount_fen), summary], line
    yield (
        ["合计", f"笔数 {count}", "", "", "", fen_to_yuan(total), f"总金额 {fen_to_yuan(total)} 元"],
        None,
    )


def bank_file_build(*, run: PayrollRun, fmt: str = "csv", encoding: str = "utf-8") -> BankFile:
    """Write the disbursement file to a temporary file (constant memory); refuse a run not yet approved."""
    run = PayrollRun.objects.select_related("program").get(pk=run.pk)
    if run.status not in (
        PayrollRun.Status.APPROVED,
        PayrollRun.Status.EXPORTED,
        PayrollRun.Status.RECONCILED,
    ):
        raise BenefitsError(f"{run}尚未审批，不能导出银行文件")
    base = f"{run.program.name}{run.month:%Y%m}{'' if run.kind == PayrollRun.Kind.REGULAR else run.get_kind_display()}-银行代发"
    tmp = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the response, which closes it)
    count = total = 0
    if fmt == "xlsx":
        from minzheng.core.excel import xlsx_write

        collected: dict[str, int] = {"count": 0, "total": 0}

        def cells() -> Iterator[list[Any]]:
            for row, line in _rows(run):
                if line is not None:
                    collected["count"] += 1
                    collected["total"] += line.amount_fen
                yield row

        xlsx_write(tmp, sheet="银行代发", headers=HEADERS, rows=cells())
        count, total = collected["count"], collected["total"]
        name, content_type = (
            f"{base}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        codec = ENCODINGS.get(encoding)
        if codec is None:
            raise BenefitsError(f"不支持的编码：{encoding}（可选 utf-8、gbk）")
        buffer = io.StringIO()
        writer = csv_writer(buffer, lineterminator="\r\n")  # text cells escaped; amounts stay numbers
        tmp.write(codecs.BOM_UTF8 if codec == "utf-8-sig" else b"")
        for row, line in [(list(HEADERS), None), *_rows(run)]:
            writer.writerow(row)
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            try:
                tmp.write(text.encode("gbk" if codec == "gbk" else "utf-8"))
            except UnicodeEncodeError as exc:
                tmp.close()
                raise BenefitsError(
                    f"第{row[0]}行的“{exc.object[exc.start : exc.end]}”无法用GBK编码（生僻字），请改用UTF-8导出或与银行确认"
                ) from None
            if line is not None:
                count += 1
                total += line.amount_fen
        name, content_type = f"{base}.csv", f"text/csv; charset={'gbk' if codec == 'gbk' else 'utf-8'}"
    else:
        raise BenefitsError(f"不支持的文件格式：{fmt}（可选 csv、xlsx）")
    tmp.seek(0)
    return BankFile(name, content_type, tmp, count, total)


def bank_file_export(*, actor: User, run: PayrollRun, fmt: str = "csv", encoding: str = "utf-8") -> BankFile:
    """Build the disbursement file, record the export in the audit log and move the run to 已导出."""
    from minzheng.benefits.services.payroll import payroll_bank_check, payroll_run_mark_exported

    require(actor, "payroll.bank")
    payroll_bank_check(actor, run, what="导出银行代发文件")
    bank_file = bank_file_build(run=run, fmt=fmt, encoding=encoding)
    with transaction.atomic():
        payroll_run_mark_exported(actor=actor, run=run)
        audit_append(
            action=Action.EXPORT,
            obj=run,
            actor=actor,
            detail=f"导出银行代发文件 {bank_file.filename}：{bank_file.lines}笔，合计{format_yuan(bank_file.amount_fen)}",
        )
    return bank_file


# --- the return file -----------------------------------------------------------------------------------

_COLUMN_NAMES = {
    "id_number": ("身份证号码", "身份证号", "证件号码", "证件号"),
    "account": ("账号", "银行账号", "卡号", "收款账号"),
    "amount": ("金额(元)", "金额（元）", "金额", "交易金额"),
    "result": ("结果", "处理结果", "交易结果", "状态"),
    "reason": ("失败原因", "原因", "备注", "说明"),
    "code": ("返回码", "错误码", "响应码"),
    "name": ("姓名", "户名"),
}
_OK = {"成功", "已成功", "交易成功", "success", "ok", "s"}
_FAILED = {"失败", "交易失败", "fail", "failed", "f"}


class ReturnFileError(BenefitsError):
    """The return file was refused as a whole; ``errors`` lists every problem by row (raise it through
    :func:`return_refused`, which writes the message)."""

    errors: list[str]


def return_refused(errors: list[str]) -> ReturnFileError:
    """The refusal of a return file with these problems: the message names the first 50, ``errors`` all."""
    more = f"；另有{len(errors) - 50}处错误" if len(errors) > 50 else ""
    refused = ReturnFileError("回盘文件未导入（有错误则全部不导入）：" + "；".join(errors[:50]) + more)
    refused.errors = list(errors)
    return refused


def _read_table(data: bytes) -> list[tuple[int, list[str]]]:
    if data.startswith(b"PK\x03\x04"):
        from python_calamine import CalamineError, CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = book.get_sheet_by_index(0)
        except CalamineError as exc:
            raise return_refused([f"XLSX文件无法读取（{type(exc).__name__}）"]) from None
        first = (sheet.start[0] + 1) if sheet.start else 1
        return [(first + i, [_cell_text(c) for c in row]) for i, row in enumerate(sheet.to_python())]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise return_refused(["不支持旧版Excel（.xls），请另存为.xlsx或CSV"])
    for codec in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise return_refused(["文件编码无法识别（既不是UTF-8也不是GBK）"])
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        return [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
    except csv.Error as exc:
        raise return_refused([f"CSV格式错误：{exc}"]) from None


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    cleaned = [re.sub(r"\s+", "", h) for h in header]
    for key, names in _COLUMN_NAMES.items():
        for i, cell in enumerate(cleaned):
            if cell in names and key not in found:
                found[key] = i
    return found


@dataclass
class ReturnSummary:
    lines: int = 0
    amount_fen: int = 0
    paid_lines: int = 0
    failed_lines: int = 0
    failed_fen: int = 0
    failed: list[str] = field(default_factory=list)


def return_check(
    *, run: PayrollRun, data: bytes
) -> tuple[dict[tuple[int, str], tuple[str, str]], ReturnSummary]:
    """Check a return file against the run's bank lines; return the failures keyed by (person id, account)
    and a summary, or raise :class:`ReturnFileError` listing every problem."""
    table = [(n, row) for n, row in _read_table(data) if any(str(c).strip() for c in row)]
    if not table:
        raise return_refused(["文件中没有内容"])
    header_row, header = table[0]
    columns = _columns(header)
    missing = [label for key, label in (("amount", "金额"), ("result", "结果")) if key not in columns]
    if "id_number" not in columns and "account" not in columns:
        missing.insert(0, "身份证号码或账号")
    if missing:
        raise return_refused([f"第{header_row}行表头缺少列：{'、'.join(missing)}"])
    sent = list(bank_lines(run))
    by_id: dict[str, list[BankLine]] = {}
    by_account: dict[str, list[BankLine]] = {}
    for line in sent:
        by_id.setdefault(line.id_number, []).append(line)
        if line.bank_account:
            by_account.setdefault(line.bank_account, []).append(line)
    errors: list[str] = []
    seen: dict[int, int] = {}
    failures: dict[tuple[int, str], tuple[str, str]] = {}
    summary = ReturnSummary()

    def cell(row: list[str], key: str) -> str:
        index = columns.get(key)
        return re.sub(r"\s+", "", str(row[index])) if index is not None and index < len(row) else ""

    for number, row in table[1:]:
        first = cell(row, "id_number") or str(row[0]).strip()
        if first.startswith("合计") or str(row[0]).strip().startswith("合计"):
            continue
        id_number, account = cell(row, "id_number").upper(), cell(row, "account")
        candidates = by_id.get(id_number, []) if id_number else by_account.get(account, [])
        if id_number and account and len(candidates) > 1:
            candidates = [c for c in candidates if c.bank_account == account]
        if not candidates:
            key = f"身份证号码{mask_citizen_id(id_number)}" if id_number else f"账号{account}"
            errors.append(f"第{number}行：{key}在本工资单的银行代发文件中没有对应记录")
            continue
        if len(candidates) > 1:
            errors.append(
                f"第{number}行：该身份证号码在代发文件中有{len(candidates)}笔（不同账号），请同时提供账号"
            )
            continue
        line = candidates[0]
        if line.number in seen:
            errors.append(f"第{number}行：与第{seen[line.number]}行重复（代发文件第{line.number}笔）")
            continue
        seen[line.number] = number
        try:
            amount = yuan_to_fen(Decimal(cell(row, "amount").replace(",", "").replace("元", "")))
        except (InvalidOperation, ValueError, TypeError):
            errors.append(f"第{number}行：金额“{cell(row, 'amount')}”不是有效金额")
            continue
        if amount != line.amount_fen:
            errors.append(
                f"第{number}行：金额{fen_to_yuan(amount)}元与代发金额{fen_to_yuan(line.amount_fen)}元不符"
            )
            continue
        result = cell(row, "result").lower()
        summary.lines += 1
        summary.amount_fen += amount
        if result in _OK:
            summary.paid_lines += 1
        elif result in _FAILED:
            reason = (
                str(row[columns["reason"]]).strip()
                if "reason" in columns and columns["reason"] < len(row)
                else ""
            ) or "银行未说明原因"
            failures[(line.person_id, line.bank_account)] = (cell(row, "code"), reason)
            summary.failed_lines += 1
            summary.failed_fen += amount
            summary.failed.append(f"{mask_name(line.name)}（{mask_citizen_id(line.id_number)}）：{reason}")
        else:
            errors.append(f"第{number}行：结果应为“成功”或“失败”，实为“{cell(row, 'result')}”")
    absent = [line for line in sent if line.number not in seen]
    if absent:
        names = "、".join(f"第{a.number}笔{mask_name(a.name)}" for a in absent[:10])
        errors.append(f"回盘文件缺少代发文件中的{len(absent)}笔：{names}{'等' if len(absent) > 10 else ''}")
    total_sent = sum(line.amount_fen for line in sent)
    if not errors and (summary.lines != len(sent) or summary.amount_fen != total_sent):
        errors.append(
            f"回盘合计{summary.lines}笔{fen_to_yuan(summary.amount_fen)}元，与代发合计{len(sent)}笔{fen_to_yuan(total_sent)}元不符"
        )
    if errors:
        raise return_refused(errors)
    return failures, summary


def return_import(*, actor: User, run: PayrollRun, data: bytes, filename: str = "") -> ReturnSummary:
    """Check the whole return file, then mark the run's lines paid or failed and the run 已对账 — or,
    on any error, change nothing (:class:`ReturnFileError`)."""
    from minzheng.benefits.services.payroll import payroll_bank_check, payroll_run_reconcile

    require(actor, "payroll.bank")
    payroll_bank_check(actor, run, what="导入银行回盘")
    run = PayrollRun.objects.select_related("program").get(pk=run.pk)
    if run.status != PayrollRun.Status.EXPORTED:
        raise BenefitsError(
            f"{run}当前为“{run.get_status_display()}”，只有已导出银行文件的工资单可以导入回盘"
        )
    failures, summary = return_check(run=run, data=data)
    with transaction.atomic():
        payroll_run_reconcile(actor=actor, run=run, failures=failures)
        audit_append(
            action=Action.IMPORT,
            obj=run,
            actor=actor,
            detail=(
                f"导入银行回盘{(' ' + filename) if filename else ''}：{summary.lines}笔，成功{summary.paid_lines}笔，"
                f"失败{summary.failed_lines}笔（{format_yuan(summary.failed_fen)}）"
            ),
        )
    return summary
