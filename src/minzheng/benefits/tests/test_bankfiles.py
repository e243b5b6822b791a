"""bankfiles: the disbursement file, the bank's return file (all or nothing), and 失败重发."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from minzheng.benefits import services
from minzheng.benefits.bankfiles import ReturnFileError, bank_file_build, bank_file_export, return_import
from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Payment, PayrollRun
from minzheng.benefits.tests import given
from minzheng.core.models import AuditEntry
from minzheng.core.money import fen_to_yuan

MARCH = date(2021, 3, 1)


def _approved_run(personas, names=("甲", "乙", "丙")) -> PayrollRun:  # noqa: ANN001
    for i, name in enumerate(names):
        given.enrolled(name=f"王{name}", amount_fen=61_000 + i * 1_000, account=f"62284800000000{i:05d}")
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    given.through_review(run, [personas.district])
    return services.payroll_run_approve(actor=given.second_city_manager(), run=run)


def _csv_rows(bank_file) -> list[list[str]]:  # noqa: ANN001
    return list(csv.reader(io.StringIO(bank_file.handle.read().decode("utf-8-sig"))))


def _return_file(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["身份证号码", "账号", "金额", "结果", "失败原因"], *rows])
    return buffer.getvalue().encode("utf-8-sig")


def _lines(run: PayrollRun) -> list[Payment]:
    return list(Payment.objects.filter(run=run).select_related("person").order_by("id"))


def test_the_bank_file_has_one_line_per_payee_and_control_totals(personas):
    # given an approved run
    run = _approved_run(personas)
    # when it is exported as CSV
    bank_file = bank_file_export(actor=given.second_city_manager(), run=run, fmt="csv")
    rows = _csv_rows(bank_file)
    # then the header, one line per payee and a 合计 line with 笔数 and 总金额
    assert rows[0] == ["序号", "姓名", "身份证号码", "开户银行", "账号", "金额(元)", "摘要"]
    assert [r[1] for r in rows[1:4]] == ["王甲", "王乙", "王丙"]
    assert rows[1][5] == "610.00" and rows[1][6] == "2021年03月城市低保"
    assert rows[4][0] == "合计" and rows[4][1] == "笔数 3" and rows[4][5] == "1860.00"
    assert (bank_file.lines, bank_file.amount_fen) == (3, 186_000)
    # and the run is exported, the export audited
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.EXPORTED
    assert AuditEntry.objects.filter(action="export", object_id=str(run.pk), detail__contains="3笔").exists()


def test_xlsx_and_gbk(personas):
    run = _approved_run(personas)
    xlsx = bank_file_build(run=run, fmt="xlsx")
    sheet = CalamineWorkbook.from_filelike(xlsx.handle).get_sheet_by_index(0).to_python()
    assert sheet[1][2] == _lines(run)[0].person.id_number  # the ID stays text
    assert sheet[-1][0] == "合计"
    gbk = bank_file_build(run=run, fmt="csv", encoding="gbk")
    assert "王甲" in gbk.handle.read().decode("gbk")


def test_a_name_gbk_cannot_write_is_refused_with_its_row(personas):
    run = _approved_run(personas, names=("甲", "𠀋"))
    with pytest.raises(BenefitsError, match="第2行.*无法用GBK编码"):
        bank_file_build(run=run, fmt="csv", encoding="gbk")


def test_a_draft_cannot_be_exported(personas):
    given.enrolled()
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    with pytest.raises(BenefitsError, match="尚未审批"):
        bank_file_export(actor=personas.city, run=run)


def test_the_return_file_marks_failures_and_the_reissue_pays_them_once(personas):
    # given an exported run
    run = _approved_run(personas)
    bank_file_export(actor=personas.city, run=run)
    a, b, c = _lines(run)
    # when the bank returns one failure
    data = _return_file(
        [
            [a.person.id_number, a.bank_account, str(fen_to_yuan(a.amount_fen)), "成功", ""],
            [b.person.id_number, b.bank_account, str(fen_to_yuan(b.amount_fen)), "失败", "账户已销户"],
            [c.person.id_number, c.bank_account, str(fen_to_yuan(c.amount_fen)), "成功", ""],
        ]
    )
    summary = return_import(actor=personas.city, run=run, data=data, filename="回盘.csv")
    # then that line is failed with its reason, the others paid, the run reconciled
    run.refresh_from_db()
    assert (summary.paid_lines, summary.failed_lines, summary.failed_fen) == (2, 1, b.amount_fen)
    assert run.status == PayrollRun.Status.RECONCILED and (run.failed_lines, run.failed_fen) == (
        1,
        b.amount_fen,
    )
    statuses = {p.person.name: (p.status, p.bank_reason) for p in _lines(run)}
    assert statuses["王乙"] == ("failed", "账户已销户") and statuses["王甲"][0] == "paid"
    # when the account is corrected and a re-issue run made twice
    services.enrollment_change_bank(
        actor=None, enrollment=b.enrollment, bank_name="海南农信", bank_account="6229000000000000099"
    )
    reissue = services.payroll_run_reissue(actor=personas.city, run=run)
    again = services.payroll_run_reissue(actor=personas.city, run=run)
    # then one re-issue run pays the failed line once, to the new account
    assert again.pk == reissue.pk
    lines = _lines(reissue)
    assert [(p.reissue_of_id, p.amount_fen, p.bank_account) for p in lines] == [
        (b.pk, b.amount_fen, "6229000000000000099")
    ]
    assert Payment.objects.get(pk=b.pk).status == Payment.Status.REISSUED
    assert reissue.kind == PayrollRun.Kind.REISSUE and reissue.amount_fen == b.amount_fen
    # and after its own approval nothing more can be re-issued from the first run
    given.through_review(reissue, [personas.district])
    services.payroll_run_approve(actor=given.second_city_manager(), run=reissue)
    with pytest.raises(BenefitsError, match="没有待重发"):
        services.payroll_run_reissue(actor=personas.city, run=run)


def test_a_return_file_with_errors_changes_nothing(personas):
    run = _approved_run(personas)
    bank_file_export(actor=personas.city, run=run)
    a, b, c = _lines(run)
    data = _return_file(
        [
            [a.person.id_number, "", "999.00", "成功", ""],  # wrong amount
            ["460105196005019999", "", "610.00", "成功", ""],  # not in the file
            [b.person.id_number, "", str(fen_to_yuan(b.amount_fen)), "退票", ""],  # bad result
            # c missing
        ]
    )
    with pytest.raises(ReturnFileError) as refused:
        return_import(actor=personas.city, run=run, data=data)
    errors = refused.value.errors
    assert any("第2行：金额999.00元与代发金额610.00元不符" in e for e in errors)
    assert any(e.startswith("第3行：身份证号码") and "没有对应记录" in e for e in errors)
    assert any("第4行：结果应为“成功”或“失败”" in e for e in errors)
    assert any("缺少代发文件中的1笔" in e for e in errors)
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.EXPORTED
    assert set(Payment.objects.filter(run=run).values_list("status", flat=True)) == {"pending"}


def test_duplicate_rows_and_missing_columns_are_refused(personas):
    run = _approved_run(personas, names=("甲",))
    bank_file_export(actor=personas.city, run=run)
    (a,) = _lines(run)
    row = [a.person.id_number, "", "610.00", "成功", ""]
    with pytest.raises(ReturnFileError, match="与第2行重复"):
        return_import(actor=personas.city, run=run, data=_return_file([row, row]))
    with pytest.raises(ReturnFileError, match="表头缺少列：金额"):
        return_import(actor=personas.city, run=run, data="身份证号码,结果\n1,成功\n".encode())


def test_the_return_file_may_be_xlsx_matched_by_account(personas, tmp_path):
    import xlsxwriter

    run = _approved_run(personas, names=("甲",))
    bank_file_export(actor=personas.city, run=run)
    (a,) = _lines(run)
    path = tmp_path / "return.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for r, row in enumerate(
        [
            ["账号", "金额(元)", "结果", "失败原因"],
            [a.bank_account, 610, "失败", "户名不符"],
            ["合计", 610, "", ""],
        ]
    ):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    book.close()
    summary = return_import(actor=personas.city, run=run, data=path.read_bytes())
    assert summary.failed_lines == 1 and Payment.objects.get(pk=a.pk).bank_reason == "户名不符"
