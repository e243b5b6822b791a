"""Formula injection in the bank file (issue 13, item 3): a payee named ``=HYPERLINK(…)`` — accepted by the
registry's form, API and import — is written to the CSV bank file as text a spreadsheet will not run; the
amounts stay numbers."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from minzheng.benefits import services
from minzheng.benefits.bankfiles import bank_file_build
from minzheng.benefits.tests import given
from minzheng.core.testing import GRID_A, client_for
from minzheng.registry.importing.testing import citizen_id, errors_of, person_row, run_import, write_csv
from minzheng.registry.models import Person

pytestmark = pytest.mark.django_db
MARCH = date(2021, 3, 1)
HYPERLINK = '=HYPERLINK("http://evil.example/","点我")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
PLUS = "+1+cmd|' /C calc'!A0"


def _payees_through_every_door(personas, tmp_path) -> list[Person]:  # noqa: ANN001
    # the page's form
    client = client_for(personas.grid_a)
    form = {"id_number": citizen_id(31), "name": HYPERLINK, "region": GRID_A}
    client.post("/registry/persons/new/", form)
    # the API
    body = {"id_number": citizen_id(33), "name": DDE, "region": GRID_A}
    client.post("/api/v1/persons", json.dumps(body), content_type="application/json")
    # the import
    row = person_row(**{"身份证号码": citizen_id(35), "姓名": PLUS})
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", [row]))
    assert errors_of(batch) == []
    people = [Person.objects.get(id_number=citizen_id(seq)) for seq in (31, 33, 35)]
    assert [p.name for p in people] == [HYPERLINK, DDE, PLUS]  # names are not refused: the file escapes
    return people


def _approved_run(personas, people: list[Person]):  # noqa: ANN001, ANN202
    for i, person in enumerate(people):
        services.enrollment_create(
            actor=None, program="dibao_urban", person=person, region=person.region, start_month=date(2021, 1, 1),
            amount_fen=61_000 + i * 1_000, bank_name="-中国农业银行" if i == 0 else "中国农业银行海口分行",
            bank_account=f"62284800000000{i:05d}",
        )  # fmt: skip
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    given.through_review(run, [personas.district])
    return services.payroll_run_approve(actor=given.second_city_manager(), run=run)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_payee_named_as_a_formula_is_written_as_text_in_the_csv_bank_file(encoding, personas, tmp_path):
    # given payees named as formulas through the form, the API and the import, enrolled and paid
    run = _approved_run(personas, _payees_through_every_door(personas, tmp_path))
    # when the bank file is written as CSV
    bank_file = bank_file_build(run=run, fmt="csv", encoding=encoding)
    text = bank_file.handle.read().decode("utf-8-sig" if encoding == "utf-8" else "gbk")
    rows = list(csv.reader(io.StringIO(text)))
    # then every text cell a spreadsheet would run as a formula starts with an apostrophe
    assert [r[1] for r in rows[1:4]] == [f"'{HYPERLINK}", f"'{DDE}", f"'{PLUS}"]
    assert rows[1][3] == "'-中国农业银行"
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    # and the amounts are the plain numbers the bank reads, with the control line's total
    assert [r[5] for r in rows[1:4]] == ["610.00", "620.00", "630.00"]
    assert rows[4][0] == "合计" and rows[4][5] == "1860.00"


def test_the_xlsx_bank_file_keeps_a_formula_name_as_a_text_cell(personas, tmp_path):
    run = _approved_run(personas, _payees_through_every_door(personas, tmp_path))
    xlsx = bank_file_build(run=run, fmt="xlsx")
    raw = xlsx.handle.read()
    # a text cell, never a formula element
    sheet_xml = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode()
    assert "HYPERLINK" in sheet_xml or "sharedStrings" in str(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(raw)).get_sheet_by_index(0).to_python()
    assert sheet[1][1] == HYPERLINK
