"""The means test with its "why": each test names the rule's source (domain.md §1–3) and shows it."""

from datetime import date
from decimal import Decimal

from minzheng.assistance import rules
from minzheng.assistance.means_test import (
    AssetEntry,
    IncomeEntry,
    MemberFacts,
    StandardInfo,
    TekunFacts,
    dibao_test,
    low_income_test,
    tekun_test,
    temporary_test,
)
from minzheng.assistance.rules import AssetLimits, IncomeType, Program

LIMITS = AssetLimits(financial_months=Decimal(24), vehicles_max=0, houses_max=1)
STD = StandardInfo(61000, "城市低保，秀英区，2020-01-01起，演示数据")
ON = date(2020, 6, 1)


def _family(*incomes_fen: int) -> list[MemberFacts]:
    names = ["张三", "李四", "张小五", "张小六"]
    return [
        MemberFacts(
            name=names[i],
            relation="户主" if i == 0 else "家庭成员",
            is_applicant=i == 0,
            incomes=(IncomeEntry(IncomeType.WAGE, fen),) if fen else (),
        )
        for i, fen in enumerate(incomes_fen)
    ]


def test_gap_formula_art_12_shows_each_line():
    """《社会救助暂行办法》第十二条：月低保金 = (保障标准 − 家庭月人均收入) × 保障人口数."""
    # given a household of 4 whose counted income is 2,000 元 a month, standard 610 元
    members = _family(120000, 80000, 0, 0)
    # when the means test runs
    result = dibao_test(program=Program.DIBAO_URBAN, members=members, assets=[], standard=STD, limits=LIMITS,
                        on=ON, near_multiple=Decimal("1.5"))  # fmt: skip
    # then it is eligible for (610 − 500) × 4 = 440 元, and says why, line by line
    assert result.eligible and result.amount_fen == 44000 and result.members == 4
    text = "\n".join(result.lines)
    assert "家庭月总收入 2,000.00 元 = 1,200.00 + 800.00" in text
    assert "共同生活人口 4 人" in text
    assert "家庭月人均收入 500.00 元 = 2,000.00 ÷ 4" in text
    assert "保障标准 610.00 元（城市低保，秀英区，2020-01-01起，演示数据）" in text
    assert "= 440.00 元（《社会救助暂行办法》第十二条）" in text


def test_gap_is_exact_when_per_capita_is_not_a_whole_fen():
    """Art. 12 computed as standard × n − total: no rounding of the per-capita income decides the amount."""
    result = dibao_test(program=Program.DIBAO_URBAN, members=_family(100000, 0, 0), assets=[], standard=STD,
                        limits=LIMITS, on=ON, near_multiple=Decimal("1.5"))  # fmt: skip
    assert result.amount_fen == 61000 * 3 - 100000
    assert "家庭月人均收入 333.33 元" in "\n".join(result.lines)


def test_income_above_standard_gets_nothing_art_9():
    """《社会救助暂行办法》第九条：人均收入低于当地低保标准 — a household at or above it gets nothing."""
    result = dibao_test(program=Program.DIBAO_URBAN, members=_family(150000, 100000), assets=[], standard=STD,
                        limits=LIMITS, on=ON, near_multiple=Decimal("1.5"))  # fmt: skip
    assert not result.eligible and result.amount_fen == 0
    assert "人均收入不低于保障标准：不符合（《社会救助暂行办法》第九条）" in result.lines
    assert result.reasons == ["家庭月人均收入1,250.00元不低于保障标准610.00元"]


def test_member_not_living_together_is_not_counted():
    members = _family(50000, 0)
    members.append(MemberFacts(name="张在外", relation="子女", included=False, exclusion_reason="在外地工作，不共同生活",
                               incomes=(IncomeEntry(IncomeType.WAGE, 500000),)))  # fmt: skip
    result = dibao_test(program=Program.DIBAO_URBAN, members=members, assets=[], standard=STD, limits=LIMITS, on=ON,
                        near_multiple=Decimal("1.5"))  # fmt: skip
    assert result.members == 2 and result.amount_fen == 61000 * 2 - 50000
    assert "不计入共同生活人口：张在外（在外地工作，不共同生活）" in result.lines


def test_assets_above_the_local_rule_refuse():
    """《社会救助暂行办法》第九条：财产状况符合当地规定 (limits are [U] parameters)."""
    assets = [
        AssetEntry(rules.AssetType.DEPOSIT, value_fen=61000 * 24 * 2 + 1),
        AssetEntry(rules.AssetType.HOUSE, count=1),
    ]
    result = dibao_test(program=Program.DIBAO_URBAN, members=_family(0, 0), assets=assets, standard=STD, limits=LIMITS,
                        on=ON, near_multiple=Decimal("1.5"))  # fmt: skip
    assert not result.eligible
    assert "家庭财产状况不符合当地规定" in result.reasons
    assert any(line.startswith("家庭金融资产") and line.endswith("不符合") for line in result.lines)


def test_livelihood_vehicle_is_not_counted():
    assets = [AssetEntry(rules.AssetType.VEHICLE, count=1, livelihood=True)]
    result = dibao_test(program=Program.DIBAO_RURAL, members=_family(0), assets=assets, standard=STD, limits=LIMITS,
                        on=ON, near_multiple=Decimal("1.5"))  # fmt: skip
    assert result.eligible
    assert "机动车 0 辆（另有生活、就业必需车辆1辆，不计）；上限 0 辆：符合" in result.lines


def test_single_person_household_for_severe_disability_in_near_dibao_family():
    """domain.md §1 单人户: 一、二级残疾 in a 低保边缘家庭 (人均收入 < 1.5 × 标准) may be enrolled alone."""
    # given a family of 2 with per-capita 700 元 (≥ 610, < 915) and an applicant disabled grade 1, no own income
    members = [
        MemberFacts(
            name="王残", relation="本人", is_applicant=True, disability_kind="physical", disability_grade=1
        ),
        MemberFacts(name="王父", relation="父母", incomes=(IncomeEntry(IncomeType.WAGE, 140000),)),
    ]
    result = dibao_test(program=Program.DIBAO_URBAN, members=members, assets=[], standard=STD, limits=LIMITS, on=ON,
                        near_multiple=Decimal("1.5"), single_person_reason=rules.SinglePersonReason.SEVERE_DISABILITY)  # fmt: skip
    # then the applicant alone is enrolled for the full standard
    assert result.eligible and result.members == 1 and result.amount_fen == 61000
    assert any("低保边缘家庭" in line and line.endswith("符合") for line in result.lines)


def test_single_person_refused_when_family_is_above_the_near_dibao_line():
    members = [
        MemberFacts(
            name="王残", relation="本人", is_applicant=True, disability_kind="physical", disability_grade=2
        ),
        MemberFacts(name="王父", relation="父母", incomes=(IncomeEntry(IncomeType.WAGE, 200000),)),
    ]
    result = dibao_test(program=Program.DIBAO_URBAN, members=members, assets=[], standard=STD, limits=LIMITS, on=ON,
                        near_multiple=Decimal("1.5"), single_person_reason=rules.SinglePersonReason.SEVERE_DISABILITY)  # fmt: skip
    assert not result.eligible and result.amount_fen == 0
    assert any("不属于低保边缘家庭" in r for r in result.reasons)


def test_single_person_grade_3_physical_does_not_qualify():
    assert rules.severe_disability(kind="physical", grade=3) is False
    assert rules.severe_disability(kind="mental", grade=3) is True


def test_tekun_basic_pension_not_counted_domain_2():
    """domain.md §2: 基础养老金、医疗保险、高龄津贴 are not counted for 特困 (2021 认定办法 [V])."""
    person = MemberFacts(name="符老伯", age=72, is_applicant=True, incomes=(
        IncomeEntry(IncomeType.BASIC_PENSION, 18000), IncomeEntry(IncomeType.OLD_AGE_ALLOWANCE, 5000),
    ))  # fmt: skip
    result = tekun_test(
        facts=TekunFacts(applicant=person, no_supporter=True, care_items_failed=4),
        assets=[], dibao_standard=StandardInfo(50000, "农村低保，演示数据"), basic_table_fen=None,
        multiple=Decimal("1.3"), care_standards={"full_care": 30000}, limits=LIMITS, on=date(2021, 7, 1),
    )  # fmt: skip
    # then eligible: 1.3 × 500 = 650 basic + 300 full care (4 items failed → 全护理)
    assert result.eligible and result.amount_fen == 65000 + 30000 and result.category == "full_care"
    assert any("基础养老金" in line and "不计入" in line for line in result.lines)
    assert "月供养金 = 650.00 + 300.00 = 950.00 元（分散供养）" in result.lines


def test_tekun_basic_standard_is_at_least_1_3_times_dibao_2016_14():
    """国发〔2016〕14号: 基本生活标准 ≥ 1.3 × 低保标准; rounded up to the 元; a higher table value wins."""
    assert (
        rules.tekun_basic_standard(dibao_standard_fen=61050, table_fen=None, multiple=Decimal("1.3")) == 79400
    )
    assert (
        rules.tekun_basic_standard(dibao_standard_fen=61000, table_fen=90000, multiple=Decimal("1.3"))
        == 90000
    )


def test_tekun_able_bodied_adult_is_refused():
    person = MemberFacts(name="青壮", age=35, is_applicant=True)
    result = tekun_test(facts=TekunFacts(applicant=person, no_supporter=True), assets=[], dibao_standard=STD,
                        basic_table_fen=None, multiple=Decimal("1.3"), care_standards={}, limits=LIMITS, on=ON)  # fmt: skip
    assert not result.eligible and any("具有劳动能力" in r for r in result.reasons)


def test_tekun_orphan_minor_goes_to_orphan_scheme():
    person = MemberFacts(name="小孤", age=10, is_applicant=True)
    result = tekun_test(facts=TekunFacts(applicant=person, no_supporter=True, orphan=True), assets=[], dibao_standard=STD,
                        basic_table_fen=None, multiple=Decimal("1.3"), care_standards={}, limits=LIMITS, on=ON)  # fmt: skip
    assert not result.eligible and any("孤儿" in r for r in result.reasons)


def test_care_level_domain_2():
    """domain.md §2 照料护理: 0 failed → 全自理, ≤3 → 半护理, ≥4 → 全护理."""
    assert [rules.care_level(items_failed=n) for n in (0, 1, 3, 4, 6)] == [
        "self_care", "partial_care", "partial_care", "full_care", "full_care",
    ]  # fmt: skip


def test_low_income_recognition_between_standard_and_1_5_times():
    """domain.md §1: 低保边缘家庭 = not eligible for 低保, per-capita income < 1.5 × standard."""
    result = low_income_test(members=_family(80000, 60000), assets=[], standard=STD, limits=LIMITS, on=ON,
                             near_multiple=Decimal("1.5"))  # fmt: skip
    assert result.eligible and result.amount_fen == 0
    below = low_income_test(members=_family(50000, 60000), assets=[], standard=STD, limits=LIMITS, on=ON,
                            near_multiple=Decimal("1.5"))  # fmt: skip
    assert not below.eligible and below.reasons == ["人均收入低于低保标准，应申请低保"]


def test_dibao_basic_pension_counted_before_57_and_not_after():
    """民发〔2021〕57号 art. 11 [U]: 基础养老金 not counted from 2021-06-11; counted before."""
    before = rules.income_rule(
        program=Program.DIBAO_URBAN, income_type=IncomeType.BASIC_PENSION, on=date(2021, 6, 10)
    )
    after = rules.income_rule(
        program=Program.DIBAO_URBAN, income_type=IncomeType.BASIC_PENSION, on=date(2021, 6, 11)
    )
    assert before.counted and not after.counted


def test_expense_type_temporary_deducts_rigid_expenses():
    """domain.md §3 支出型: the means test recognises 刚性支出."""
    result = temporary_test(kind="expense", members=_family(150000), rigid_expenses_fen=120000, standard=STD,
                            town_limit_fen=244000, limit_multiple=Decimal(4), requested_fen=200000, on=ON)  # fmt: skip
    assert result.eligible
    assert any("乡镇（街道）审批" in line for line in result.lines)
    above = temporary_test(kind="expense", members=_family(150000), rigid_expenses_fen=0, standard=STD,
                           town_limit_fen=244000, limit_multiple=Decimal(4), requested_fen=300000, on=ON)  # fmt: skip
    assert not above.eligible
    assert any("须报区县审批" in line for line in above.lines)
