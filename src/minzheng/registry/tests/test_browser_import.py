"""In a real browser: upload a file with bad rows, watch it run, read the report, download it."""

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from minzheng.core.testing import browser_login, nav_click
from minzheng.registry.importing.testing import citizen_id, person_row, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_with_bad_rows_then_read_and_download_the_report(page, personas, tmp_path):
    # given a community worker with a file of three people, two of them wrong
    rows = [
        person_row(),
        person_row(**{"身份证号码": citizen_id(13)[:-1] + "0", "姓名": "李四"}),
        person_row(**{"身份证号码": citizen_id(15), "性别": "女", "姓名": "王五"}),
    ]
    path = write_csv(tmp_path / "社区人员.csv", rows, encoding="gbk")
    browser_login(page, "community")
    # when they open 批量导入 from the menu, choose to keep the good rows and upload
    nav_click(page, "批量导入")
    page.select_option("#id_kind", "persons")
    page.check("input[name=mode][value=good]")
    page.set_input_files("#id_file", str(path))
    page.click("[data-testid=upload-form] button[type=submit]")
    page.wait_for_selector("[data-testid=batch]")
    # and the job worker picks the job up (the page polls meanwhile)
    call_command("worker", batch=True)
    page.wait_for_selector("[data-testid=batch][data-status=committed]", timeout=20_000)
    # then the page shows the counts and each bad row with its row number, field and reason
    assert page.inner_text("[data-testid=rows-total]") == "3"
    assert page.inner_text("[data-testid=rows-written]") == "1"
    assert page.inner_text("[data-testid=rows-rejected]") == "2"
    issues = page.inner_text("[data-testid=issues]")
    assert "第3行" in issues and "校验码错误" in issues
    assert "第4行" in issues and "性别“女”与身份证号码（男）不符" in issues
    # and the report downloads as XLSX with the same rows
    with page.expect_download() as download_info:
        page.click("[data-testid=report-link]")
    download = download_info.value
    assert download.suggested_filename == "导入错误报告-社区人员.xlsx"
    saved = tmp_path / "report.xlsx"
    download.save_as(saved)
    sheet = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert [r[:2] for r in sheet[1:]] == [[3, "身份证号码"], [4, "性别"]]
