"""The catalogue of the seed's figures: complete, each computed by an indicator or missing with a reason."""

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from minzheng.reports.annual import DEFAULT_TEMPLATE, template_parse
from minzheng.reports.figures import FIGURES, Fmt, figure_format, figure_get

SEED = Path(__file__).resolve().parents[4] / "docs" / "seed" / "haikou-2020-work-summary.txt"


def test_every_figure_has_an_indicator_or_a_reason_never_both():
    for figure in FIGURES:
        assert bool(figure.indicator) != bool(figure.missing), figure.key


def test_keys_are_unique_and_sections_run_one_to_eight():
    assert len({f.key for f in FIGURES}) == len(FIGURES)
    assert [s for s in dict.fromkeys(f.section for f in FIGURES)] == list("一二三四五六七八")


def test_the_catalogue_quotes_about_sixty_figures():
    assert 55 <= len(FIGURES) <= 70


def test_each_figure_is_quoted_from_the_seed():
    text = SEED.read_text(encoding="utf-8")
    for figure in FIGURES:
        number = re.search(r"\d+(?:\.\d+)?|两", figure.seed).group(0)
        assert number in text, figure.key


def test_the_default_template_uses_every_figure_once():
    blocks = template_parse(DEFAULT_TEMPLATE.read_text(encoding="utf-8"))
    used = re.findall(r"\{\{\s*figure:(\w+)\s*\}\}", "\n".join(b.text for b in blocks))
    assert sorted(used) == sorted(f.key for f in FIGURES)


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        ("dibao_rural_households", 5060, "5060户"),
        ("dibao_rural_paid", 5_383_800_000, "5383.80万元"),  # 分; 万元 with two decimals
        ("persons_collected", 2_386_500, "238.65万人"),
        ("price_subsidy_person_times", 145_651, "14.57万人次"),  # 四舍五入
        ("orphan_allowance_concentrated", 145_000, "1450元/月"),
        ("orphan_allowance_concentrated_rise", 1150, "11.50%"),
    ],
)
def test_values_are_written_as_the_seed_writes_them(key, value, text):
    assert figure_format(figure_get(key), value) == text


@pytest.mark.parametrize(
    ("key", "number"),
    [
        ("dibao_rural_paid", Decimal(5_383_800_000)),
        ("persons_collected", Decimal(2_386_500)),
        ("tekun_persons", Decimal(3064)),
        ("orphan_allowance_dispersed_rise", Decimal(1670)),
    ],
)
def test_the_seed_value_reads_as_a_number_in_the_indicators_unit(key, number):
    assert figure_get(key).seed_number() == number


def test_periods_follow_the_seed():
    assert figure_get("dibao_rural_paid").period(2020)[1].isoformat() == "2020-11-30"  # 截止11月底
    assert figure_get("price_subsidy_paid").period(2020)[1].isoformat() == "2020-08-31"  # 1-8月
    assert figure_get("tekun_paid").period(2020)[0].isoformat() == "2020-01-01"
    assert figure_get("grids").fmt == Fmt.COUNT


# Numbers in sections (一)–(八) that are not figures of the year's work: periods and a phone number.
NOT_FIGURES = {
    "11": "“截止11月底”：统计期间",
    "1": "“1-8月”：统计期间",
    "8": "“1-8月”：统计期间",
    "12349": "12349 养老求助热线号码",
    "2020": "“2020年海口市‘中华慈善日’”：年份",
}


def test_every_number_of_the_2020_work_is_in_the_catalogue():
    # given the seed's text of "2020年主要工作情况", sections (一) to (八)
    text = SEED.read_text(encoding="utf-8")
    start = text.index("2020年主要工作情况") + len("2020年主要工作情况")
    work = text[start : text.index("二、2021年工作计划")]
    # when its numbers are set against the catalogue's, each occurrence counted
    quoted = Counter(re.findall(r"\d+(?:\.\d+)?", work))
    for number in NOT_FIGURES:
        quoted[number] -= 1
    listed = Counter(re.search(r"\d+(?:\.\d+)?|两", f.seed).group(0) for f in FIGURES)
    # then every figure the seed quotes is listed once, and the catalogue lists nothing else
    assert +quoted == +(listed - Counter({"两": 1})), (quoted - listed, listed - quoted)
    assert "两个示范点" in work and listed["两"] == 1
