"""rules: ability assessment — MZ/T 039-2013 ADL grades and overall levels, GB/T 42195-2022 levels by the
cut-offs, and the care level from the six self-care items."""

import pytest

from minzheng.eldercare import rules
from minzheng.eldercare.models import CareLevel

DEFAULT = rules.GBT42195_DEFAULT_CUTOFFS


def _barthel(**lower: int) -> dict[str, int]:
    items = {i.code: i.best for i in rules.MZT039_ADL_ITEMS}
    items.update(lower)
    return items


def _gbt(**lower: int) -> dict[str, int]:
    items = {i.code: i.best for _c, _l, domain in rules.GBT42195_DOMAINS for i in domain}
    items.update(lower)
    return items


@pytest.mark.parametrize(
    ("score", "grade"),
    [(100, 0), (95, 1), (65, 1), (60, 2), (45, 2), (40, 3), (0, 3)],
)
def test_adl_grade_at_the_boundaries(score, grade):
    # MZ/T 039-2013: 100 完好, 65–95 轻度, 45–60 中度, ≤40 重度 (domain.md §10)
    assert rules.adl_grade(score) == grade


def test_barthel_total_and_grade_from_the_ten_items():
    # given a person who needs help on the stairs (5 of 10) and walking (10 of 15)
    result = rules.assess_mzt039(items=_barthel(stairs=5, walking=10), mental=0, sensory=0, social=0)
    # then the total is 90, ADL 轻度受损, overall 轻度失能
    assert result.total == 90
    assert result.domain_scores["adl"] == 1
    assert (result.level, result.level_label) == (1, "轻度失能")


def test_a_score_the_item_does_not_allow_is_refused():
    with pytest.raises(rules.AssessmentError, match="床椅转移.*15、10、5、0"):
        rules.assess_mzt039(items=_barthel(transfer=7), mental=0, sensory=0, social=0)
    with pytest.raises(rules.AssessmentError, match="未评分"):
        rules.assess_mzt039(items={"eating": 10}, mental=0, sensory=0, social=0)


@pytest.mark.parametrize(
    ("adl", "mental", "sensory", "social", "level"),
    [
        (0, 0, 0, 0, 0),
        (0, 0, 0, 1, 0),  # 社会参与 1 is still 能力完好
        (0, 1, 0, 0, 1),
        (0, 0, 0, 2, 1),
        (1, 0, 1, 2, 1),  # ADL 1 and one of the others 0 or 1
        (1, 2, 2, 2, 2),  # ADL 1 and the others all 2
        (1, 3, 0, 0, 2),  # ADL 1 and one 3: the more severe row wins
        (2, 1, 0, 0, 2),
        (2, 0, 0, 0, 2),  # silent in the table: our choice (中度)
        (2, 2, 2, 2, 3),
        (2, 3, 0, 0, 3),
        (3, 0, 0, 0, 3),
        (0, 0, 0, 3, 1),  # silent in the table: our choice (轻度)
    ],
)
def test_mzt039_overall_level_table(adl, mental, sensory, social, level):
    assert rules.mzt039_level(adl=adl, mental=mental, sensory=sensory, social=social) == level


def test_coma_and_aggravating_conditions():
    intact = _barthel()
    assert rules.assess_mzt039(items=intact, mental=0, sensory=0, social=0, coma=True).level == 3
    assert rules.assess_mzt039(items=intact, mental=0, sensory=0, social=0, raise_one=True).level == 1
    worst = rules.assess_mzt039(items=_barthel(eating=0), mental=3, sensory=3, social=3, raise_one=True)
    assert worst.level == 3  # never above 重度失能


@pytest.mark.parametrize(
    ("total", "level"),
    [(90, 0), (89, 1), (66, 1), (65, 2), (46, 2), (45, 3), (30, 3), (29, 4), (0, 4)],
)
def test_gbt42195_levels_at_the_default_cutoffs(total, level):
    assert rules.gbt42195_level(total, cutoffs=DEFAULT) == level


def test_gbt42195_cutoffs_are_parameters():
    stricter = {"intact_min": 88, "mild_min": 70, "moderate_min": 50, "severe_min": 30}
    assert rules.gbt42195_level(89, cutoffs=stricter) == 0
    assert rules.gbt42195_level(66, cutoffs=stricter) == 2


def test_gbt42195_items_add_up_to_ninety():
    full = rules.assess_gbt42195(items=_gbt(), cutoffs=DEFAULT)
    assert full.total == rules.GBT42195_MAX == 90
    assert full.domain_scores == {"self_care": 32, "mobility": 16, "mental": 28, "perception_social": 14}
    assert (full.level_label, full.care_level) == ("能力完好", CareLevel.SELF_CARE)
    lower = rules.assess_gbt42195(
        items=_gbt(memory=0, stairs=0, daily_affairs=0, social=0, vision=0), cutoffs=DEFAULT
    )
    assert lower.total == 90 - 4 - 4 - 4 - 3 - 2
    assert lower.level_label == "轻度失能"


@pytest.mark.parametrize(
    ("failed", "care"), [(0, "self_care"), (1, "semi"), (3, "semi"), (4, "full"), (6, "full")]
)
def test_care_level_from_the_six_items(failed, care):
    # domain.md §2: all six achieved → 全自理; ≤3 failed → 半护理; ≥4 failed → 全护理
    assert rules.care_level_from_failed(failed) == care


def test_care_level_is_read_off_the_assessment_items():
    # given an MZ/T 039 assessment failing eating, bathing, dressing and toileting (4 of the six)
    result = rules.assess_mzt039(
        items=_barthel(eating=5, bathing=0, dressing=5, toilet=5), mental=0, sensory=0, social=0
    )
    assert result.care_level == CareLevel.FULL
    # and GB/T 42195 counts 穿衣 as failed when either dressing item is below its best
    semi = rules.assess_gbt42195(items=_gbt(dress_lower=3), cutoffs=DEFAULT)
    assert semi.care_level == CareLevel.SEMI
