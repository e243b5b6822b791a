"""The annual summary: every computed figure equals an independent SQL count over the raw records, and
follows the records when they change."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.models import Region
from minzheng.core.testing import DISTRICT, GRID_A
from minzheng.registry.synthetic import synthetic_registry_seed
from minzheng.reports.annual import TemplateError, annual_report_build, render_markdown, template_parse
from minzheng.reports.crosscheck import CROSSCHECK, crosscheck_value
from minzheng.reports.figures import FIGURES
from minzheng.reports.models import AnnualTemplate
from minzheng.reports.services import annual_template_save
from minzheng.reports.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(personas):
    synthetic_registry_seed(scale=0.0005, random_seed=7)
    return personas


def _city() -> Region:
    return Region.objects.get(parent__isnull=True)


@pytest.mark.parametrize("code", [None, DISTRICT])
def test_every_computed_figure_equals_an_independent_sql_count(seeded, code):
    region = Region.objects.get(code=code) if code else _city()
    report = annual_report_build(year=2020, region=region)
    assert report.computed_count >= 5
    for result in report.figures:
        if not result.computed:
            continue
        code_ = result.figure.indicator
        assert code_ in CROSSCHECK, f"{code_} 没有独立核对SQL"
        expected = crosscheck_value(code_, region=region, start=result.start, end=result.end)
        assert result.value == expected, result.figure.key


def test_figures_follow_the_records(seeded):
    before = {r.figure.key: r.value for r in annual_report_build(year=2020, region=_city()).figures}
    # when a house and a person are added in grid A
    home = given.house(seeded.grid_a, code="H-NEW-1", grid=GRID_A)
    given.person(seeded.grid_a, seq=11, home=home)
    # then the report's figures change with them (the cached values were invalidated)
    after = {r.figure.key: r.value for r in annual_report_build(year=2020, region=_city()).figures}
    assert after["persons_collected"] == before["persons_collected"] + 1
    assert after["houses_collected"] == before["houses_collected"] + 1
    assert after["grids"] == before["grids"]


def test_the_report_follows_the_seeds_structure(personas):
    report = annual_report_build(year=2020, region=_city(), today=date(2020, 12, 31))
    assert report.title == "海口市民政局2020年年终工作总结"
    h2 = [b.text for b in report.blocks if b.kind == "h2"]
    assert [t[:3] for t in h2] == [f"（{n}）" for n in "一二三四五六七八"]
    assert [b.text for b in report.blocks if b.kind == "h1"] == ["一、2020年主要工作情况"]
    assert len(report.figures) == len(FIGURES)


def test_a_missing_domain_is_said_plainly(personas, figure_uncomputed):
    text = render_markdown(annual_report_build(year=2020, region=_city()))
    # (a figure whose indicator is not installed: policy documents, see figure_uncomputed)
    assert "【此数未计算：本系统尚未记录此项数据（政策文件）】" in text
    assert "政策文件" in text.split("附：数字来源说明")[1]


def test_a_figure_is_formatted_as_the_seed_writes_it(personas):
    text = render_markdown(annual_report_build(year=2020, region=_city()))
    persons = crosscheck_value(
        "registry.persons", region=_city(), start=date(2020, 1, 1), end=date(2020, 12, 31)
    )
    assert f"累计采集人口基础信息{persons / 10000:.2f}万人" in text


def test_a_district_report_names_its_region(personas):
    report = annual_report_build(year=2020, region=Region.objects.get(code=DISTRICT))
    assert report.title.endswith("（秀英区）")
    assert "统计范围：秀英区" in render_markdown(report)


def test_an_unknown_placeholder_is_refused_with_its_line():
    with pytest.raises(TemplateError, match="第2行：没有名为“marriages_total”的数字占位符"):
        template_parse("# 标题\n婚姻登记{{ figure:marriages_total }}")
    with pytest.raises(TemplateError, match="第一行须为标题"):
        template_parse("正文")


def test_the_bureau_edits_the_narrative_and_the_figures_stay_computed(personas):
    text = "# {{ year }}年网格工作\n## 一、网格\n全市共划分为{{ figure:grids }}网格。"
    annual_template_save(actor=personas.city, year=2020, text=text)
    report = annual_report_build(year=2021, region=_city())  # 2021 has no template: the latest earlier one
    assert report.title == "2021年网格工作"
    grids = crosscheck_value("core.grids", region=_city(), start=date(2021, 1, 1), end=date(2021, 12, 31))
    assert report.blocks[-1].text == f"全市共划分为{grids}个网格。"


def test_only_the_city_bureau_edits_the_template(personas):
    with pytest.raises(PermissionDenied, match="不能“修改年度总结模板”"):
        annual_template_save(actor=personas.district, year=2020, text="# 标题")
    assert not AnnualTemplate.objects.exists()
