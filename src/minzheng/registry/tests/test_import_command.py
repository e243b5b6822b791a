"""minzheng import persons|households|houses FILE: exit status, messages, the XLSX report."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from minzheng.core.testing import GRID_A
from minzheng.registry.importing.testing import HOUSE_HEADERS, citizen_id, person_row, write_csv
from minzheng.registry.models import House, ImportBatch, Person

pytestmark = pytest.mark.django_db


def test_a_clean_file_imports_and_says_so(personas, tmp_path, capsys):
    path = write_csv(tmp_path / "h.csv", [["H-1", "秀华路1号", GRID_A, "", "", ""]], header=HOUSE_HEADERS)
    call_command("import", "houses", str(path))
    assert "已导入1处房屋" in capsys.readouterr().out
    assert House.objects.get().code == "H-1"
    batch = ImportBatch.objects.get()
    assert batch.uploaded_by is None and batch.region.parent is None  # the system, whole city


def test_rejected_rows_exit_non_zero_with_the_rows_and_a_report(personas, tmp_path, capsys):
    rows = [
        person_row(**{"身份证号码": citizen_id(11, region="460103")}),
        person_row(**{"身份证号码": "460105199001011239"}),
    ]
    report = tmp_path / "rejected.xlsx"
    with pytest.raises(CommandError) as caught:
        call_command("import", "persons", str(write_csv(tmp_path / "p.csv", rows)), "--report", str(report))
    assert "有1行错误" in str(caught.value) and "未导入任何数据" in str(caught.value)
    err = capsys.readouterr().err
    assert "第3行 身份证号码：校验码错误" in err
    assert not Person.objects.exists()
    sheet = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert sheet[0] == ["行号", "字段", "内容", "原因", "级别"]
    assert sheet[1][:2] == [3, "身份证号码"] and sheet[1][4] == "错误"
    # errors come first, then warnings (a whole city's file warns on half its rows: old 地址码)
    assert sheet[2][0] == 2 and sheet[2][4] == "警告" and len(sheet) == 3


def test_good_mode_commits_the_good_rows_but_still_exits_non_zero(personas, tmp_path):
    rows = [person_row(), person_row(**{"身份证号码": citizen_id(13), "网格代码": "999"})]
    with pytest.raises(CommandError, match="已导入1名人员，跳过1行错误"):
        call_command("import", "persons", str(write_csv(tmp_path / "p.csv", rows)), "--mode", "good")
    assert Person.objects.count() == 1


def test_a_refused_file_exits_with_the_reason(personas, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(CommandError, match="文件未导入：.*不是文本格式的CSV"):
        call_command("import", "persons", str(path))


def test_a_user_imports_within_their_region(personas, tmp_path):
    path = write_csv(tmp_path / "p.csv", [person_row(**{"网格代码": "460105001002001"})])
    with pytest.raises(CommandError):
        call_command("import", "persons", str(path), "--user", "grid_a")
    assert ImportBatch.objects.get().uploaded_by == personas.grid_a


def test_a_missing_file_or_user_is_a_clear_error(personas, tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import", "persons", str(tmp_path / "none.csv"))
    with pytest.raises(CommandError, match="账号“nobody”不存在"):
        call_command("import", "persons", str(tmp_path / "none.csv"), "--user", "nobody")
