"""Names through every door of the registry (issue 13, item 4): ESC, BEL and U+202E were stored through the
API and the import. The services' text check (core.inputs.text_check's rule), the import's row check and
the command line's argument check refuse them, in Chinese, naming the field, row or argument."""

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minzheng import cli
from minzheng.core.models import Region
from minzheng.core.testing import GRID_A, client_for
from minzheng.registry import services
from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.readers import _SAMPLE as SAMPLE_BYTES
from minzheng.registry.importing.testing import (
    HOUSE_HEADERS,
    citizen_id,
    errors_of,
    person_row,
    run_import,
    write_csv,
    write_xlsx,
)
from minzheng.registry.models import House, ImportBatch, Person
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db

NAMES = [
    ("张三\x1b[2J", "U+001B"),
    ("张\x07三", "U+0007"),
    ("\u202e丰三张", "U+202E"),
    ("张\u2067三", "U+2067"),
]


@pytest.mark.parametrize(("name", "code"), NAMES)
def test_the_person_service_refuses_a_name_with_a_control_or_bidi_character(name, code, personas):
    with pytest.raises(ValueError, match=re.escape(code)) as refused:
        services.person_create(
            actor=personas.grid_a, id_number=given.id_number(seq=31), name=name,
            region=Region.objects.get(code=GRID_A),
        )  # fmt: skip
    assert refused.value.field == "name" and "姓名" in str(refused.value)
    zsf = given.person(personas.grid_a)
    with pytest.raises(ValueError, match=re.escape(code)):
        services.person_update(actor=personas.grid_a, person=zsf, name=name)
    with pytest.raises(ValueError, match=re.escape(code)):
        services.person_update(actor=personas.grid_a, person=zsf, hukou_address=f"秀华路{name}")
    assert list(Person.objects.values_list("name", flat=True)) == ["张三丰"]


def test_a_bidi_override_in_a_name_through_the_api_is_refused_naming_the_field(personas):
    # when a name ending in U+202E is posted (the HTTP boundary lets bidi through; the service does not)
    body = {"id_number": given.id_number(seq=31), "name": "王五\u202e", "region": GRID_A}
    response = client_for(personas.grid_a).post(
        "/api/v1/persons", json.dumps(body), content_type="application/json"
    )
    # then it is refused with the field and the character named, and nothing is stored
    assert response.status_code == 422
    text = (
        response.content.decode("unicode_escape") if b"\\u" in response.content else response.content.decode()
    )
    assert "name" in text and "姓名" in text and "U+202E" in text
    assert not Person.objects.exists()
    # and ESC or BEL never reach the service: the JSON body is refused at the door
    body["name"] = "王五\x1b"
    response = client_for(personas.grid_a).post(
        "/api/v1/persons", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "name"


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_the_import_refuses_rows_with_control_or_bidi_characters_naming_row_and_column(
    writer, personas, tmp_path
):
    # given a file with a clean row and rows whose name or address holds ESC, BEL, U+202E or DEL
    suffix = "csv" if writer is write_csv else "xlsx"
    bad = [
        ("姓名", "李\x1b四", "U+001B"),
        ("姓名", "王\x07五", "U+0007"),
        ("姓名", "\u202e六赵", "U+202E"),
        ("户籍地址", "秀华路\x7f12号", "U+007F"),
    ]
    if writer is write_xlsx:  # an XLSX keeps C0 characters escaped (_x001B_): only the others arrive raw
        bad = [bad[2], bad[3]]
    rows = [person_row()] + [
        person_row(**{"身份证号码": citizen_id(13 + 2 * i), column: value})
        for i, (column, value, _) in enumerate(bad)
    ]
    path = writer(tmp_path / f"p.{suffix}", rows)
    # when the good rows are imported
    batch = run_import(personas.community, path, mode="good")
    # then the clean row is written and each bad row is refused, naming its row, column and character
    assert batch.status == ImportBatch.Status.COMMITTED
    assert list(Person.objects.values_list("name", flat=True)) == ["张三丰"]
    refused = errors_of(batch)
    assert [(row, field) for row, field, _ in refused] == [(3 + i, c) for i, (c, _, _) in enumerate(bad)]
    for (_, field, reason), (_, _, code) in zip(refused, bad, strict=True):
        assert reason.startswith(field) and code in reason
    # and the report shows each value with the character made visible
    for _, _, code in bad:
        assert batch.issues.filter(value__contains=f"<{code}>").exists()


def test_nul_in_a_csv_is_refused_in_chinese_at_the_start_as_a_file_and_further_on_as_a_row(
    personas, tmp_path
):
    # given a NUL in the first row: the file is refused as not being text
    path = write_csv(tmp_path / "p.csv", [person_row(**{"户籍地址": "秀华路\x0012号"})])
    with pytest.raises(ImportFileError, match="二进制"):
        run_import(personas.community, path)
    # given a NUL past the part of the file that is sniffed: the row is refused, naming the column
    filler = [
        person_row(**{"身份证号码": citizen_id(21 + 2 * i), "户籍地址": "秀" * 150}) for i in range(200)
    ]
    late = person_row(**{"身份证号码": citizen_id(901), "户籍地址": "秀华路\x0012号"})
    path = write_csv(tmp_path / "late.csv", [*filler, late])
    assert path.stat().st_size > SAMPLE_BYTES + 1000
    batch = run_import(personas.community, path, mode="good")
    assert errors_of(batch) == [
        (202, "户籍地址", "户籍地址含有不允许的U+0000（空字符 NUL），请删除后重新填写")
    ]
    assert Person.objects.count() == 200 and batch.status == ImportBatch.Status.COMMITTED


def test_the_command_line_refuses_arguments_with_control_characters(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["import", "persons", "人员\x1b[2J.csv", "--user", "admin"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "第3个参数" in err and "U+001B（转义符 ESC）" in err and "\x1b" not in err


def test_the_import_command_refuses_a_file_name_with_a_control_or_bidi_character(personas, tmp_path):
    path = write_csv(
        tmp_path / "房屋\u202etxt.csv", [["H-1", "秀华路1号", GRID_A, "", "", ""]], header=HOUSE_HEADERS
    )
    with pytest.raises(CommandError, match="文件名含有U\\+202E"):
        call_command("import", "houses", str(path))
    clean = write_csv(tmp_path / "房屋.csv", [["H-1", "秀华路1号", GRID_A, "", "", ""]], header=HOUSE_HEADERS)
    with pytest.raises(CommandError, match="账号含有不允许的U\\+0000"):
        call_command("import", "houses", str(clean), "--user", "ad\x00min")
    assert not House.objects.exists() and not ImportBatch.objects.exists()
