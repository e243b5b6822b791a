"""minzheng payroll run|show|export|return."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from minzheng.benefits import services
from minzheng.benefits.models import Payment, PayrollRun
from minzheng.benefits.tests import given


def _call(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("payroll", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_run_twice_then_show(personas):
    # given February paid to two, March with one stopped and one new
    kept = given.enrolled(name="甲", start=date(2021, 2, 1))
    gone = given.enrolled(name="乙", start=date(2021, 2, 1))
    _call("run", "--program", "dibao_urban", "--month", "2021-02")
    services.enrollment_stop(actor=None, enrollment=gone, last_month=date(2021, 2, 1), reason="死亡")
    given.enrolled(name="丙", start=date(2021, 3, 1), amount_fen=30_000)
    # when March is run twice from the command line
    _call("run", "--program", "dibao_urban", "--month", "2021-03", "--user", "city")
    out = _call(
        "run", "--program", "dibao_urban", "--month", "2021-03", "--user", "city", "--chunk-size", "1"
    )
    # then it prints the totals and the comparison, and pays nobody twice
    assert "领取人 2 人，明细 2 笔" in out and "金额 910.00 元" in out
    assert "新增 1 笔 300.00 元" in out and "停发 1 笔 610.00 元" in out
    run = PayrollRun.objects.get(program__code="dibao_urban", month=date(2021, 3, 1))
    assert run.created_by == personas.city
    assert Payment.objects.filter(enrollment=kept, month=date(2021, 3, 1)).count() == 1
    assert "金额 910.00 元" in _call("show", "--program", "dibao_urban", "--month", "2021-03")


def test_export_and_return(personas, tmp_path):
    given.enrolled(name="甲")
    run = services.payroll_run_run_as_system(program="dibao_urban", month=date(2021, 3, 1))
    given.through_review(run, [personas.district])
    services.payroll_run_approve(actor=personas.city, run=run)
    path = tmp_path / "out.csv"
    assert "1 笔" in _call(
        "export", "--program", "dibao_urban", "--month", "2021-03", "--user", "city", "--out", str(path)
    )
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    returned = tmp_path / "return.csv"
    returned.write_text(f"身份证号码,金额,结果\n{rows[1][2]},{rows[1][5]},成功\n", encoding="utf-8")
    out = _call(
        "return", "--program", "dibao_urban", "--month", "2021-03", "--user", "city", "--file", str(returned)
    )
    assert "成功 1 笔，失败 0 笔" in out


def test_errors_are_chinese(personas):
    with pytest.raises(CommandError, match="月份格式"):
        _call("run", "--program", "dibao_urban", "--month", "2021-13")
    with pytest.raises(CommandError, match="未知的救助项目"):
        _call("run", "--program", "nope", "--month", "2021-03")
    with pytest.raises(CommandError, match="尚无工资单"):
        _call("show", "--program", "tekun", "--month", "2021-03")
