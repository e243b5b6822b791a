"""minzheng report annual|figures|indicators."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command

from minzheng.core.models import AuditEntry
from minzheng.reports.figures import FIGURES

pytestmark = pytest.mark.django_db


def test_annual_markdown_goes_to_stdout(personas):
    out = io.StringIO()
    call_command("report", "annual", "--year", "2020", "--format", "md", stdout=out)
    text = out.getvalue()
    assert text.startswith("# 海口市民政局2020年年终工作总结")
    assert "## 附：数字来源说明" in text
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, detail__contains="命令行生成").exists()


def test_annual_docx_of_a_district_to_a_file(personas, tmp_path):
    target = tmp_path / "xiuying.docx"
    err = io.StringIO()
    call_command(
        "report",
        "annual",
        "--year",
        "2020",
        "--format",
        "docx",
        "--region",
        "460105",
        "-o",
        str(target),
        stderr=err,
    )
    document = docx.Document(str(target))
    assert any(p.text == "海口市民政局2020年年终工作总结（秀英区）" for p in document.paragraphs)
    assert "已生成" in err.getvalue()


def test_an_unknown_region_is_a_clear_error(personas):
    with pytest.raises(CommandError, match="没有区划代码为“999999”的区划"):
        call_command("report", "annual", "--year", "2020", "--region", "999999")


def test_figures_lists_every_seed_figure_with_its_status(personas, figure_uncomputed):
    out = io.StringIO()
    call_command("report", "figures", "--year", "2020", stdout=out)
    lines = out.getvalue().splitlines()
    assert sum(1 for line in lines if "| 原文 " in line) == len(FIGURES)
    assert "未计算：本系统尚未记录此项数据（政策文件）" in out.getvalue()
    assert lines[-1].startswith(f"种子文件数字共 {len(FIGURES)} 处")


def test_indicators_lists_the_registry():
    out = io.StringIO()
    call_command("report", "indicators", stdout=out)
    assert "registry.persons" in out.getvalue()
    assert "core.grids" in out.getvalue()
