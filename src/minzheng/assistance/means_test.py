"""家庭经济状况核对 with a "why": pure functions from recorded facts to a result and the lines that explain
it, each line naming the figure, the standard or the rule it used (rules in :mod:`assistance.rules`).

Nothing here reads the database: the caller (services) gathers the members, incomes, assets, the
standard in force and the parameters, so the same computation runs on a page, in a review and in a
test. Money is integer 分; the per-capita income is shown rounded to the 分 but never used rounded:
eligibility compares ``total < standard × members`` and the benefit is ``standard × members − total``
(《社会救助暂行办法》第十二条), both exact.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from minzheng.assistance import rules
from minzheng.assistance.rules import (
    CARE_LABELS,
    FINANCIAL_ASSETS,
    INCOME_LABELS,
    AssetLimits,
    AssetType,
    Program,
)
from minzheng.core.money import fen_to_yuan


def yuan(fen: int | Decimal) -> str:
    """分 → "1,234.50" (no unit), for formula lines."""
    if isinstance(fen, Decimal):
        fen = int(fen.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{fen_to_yuan(fen):,.2f}"


@dataclass(frozen=True)
class IncomeEntry:
    income_type: str
    monthly_fen: int
    note: str = ""


@dataclass(frozen=True)
class MemberFacts:
    name: str
    relation: str = ""
    included: bool = True  # 共同生活家庭成员 (counted in 共同生活人口)
    exclusion_reason: str = ""
    age: int = 40
    disability_kind: str = ""
    disability_grade: int | None = None
    major_illness: bool = False
    is_applicant: bool = False
    incomes: tuple[IncomeEntry, ...] = ()


@dataclass(frozen=True)
class AssetEntry:
    asset_type: str
    value_fen: int = 0
    count: int = 1
    livelihood: bool = False  # 生活、就业必需 (e.g. a motorcycle for work): not counted against the limit
    owner: str = ""


@dataclass(frozen=True)
class StandardInfo:
    amount_fen: int
    label: str  # "城市低保，秀英区，2020-01-01起，演示数据"


@dataclass
class MeansResult:
    eligible: bool
    amount_fen: int
    members: int
    total_income_fen: int
    lines: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why not eligible, for the written refusal
    category: str = ""
    standard_fen: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- building blocks ------------------------------------------------------------------------------


def counted_income(*, program: str, members: list[MemberFacts], on: date) -> tuple[int, list[str], list[int]]:
    """Total counted monthly income of ``members`` with one line per recorded income (counted or not,
    and by which rule); also the counted amounts, for the "=" line."""
    lines, parts, total = [], [], 0
    for member in members:
        for income in member.incomes:
            rule = rules.income_rule(program=program, income_type=income.income_type, on=on)
            label = INCOME_LABELS.get(income.income_type, income.income_type)
            verdict = "计入" if rule.counted else "不计入"
            lines.append(f"{member.name} {label} {yuan(income.monthly_fen)} 元/月：{verdict}——{rule.rule}")
            if rule.counted:
                total += income.monthly_fen
                parts.append(income.monthly_fen)
    return total, lines, parts


def _sum_line(title: str, total: int, parts: list[int]) -> str:
    if len(parts) > 1:
        return f"{title} {yuan(total)} 元 = " + " + ".join(yuan(p) for p in parts)
    return f"{title} {yuan(total)} 元"


def assets_check(
    *, assets: list[AssetEntry], members: int, standard_fen: int, limits: AssetLimits
) -> tuple[bool, list[str]]:
    """The local asset rule (《社会救助暂行办法》第九条 “符合当地财产状况规定”; limits are parameters [U])."""
    lines: list[str] = []
    ok = True
    financial = sum(a.value_fen for a in assets if a.asset_type in FINANCIAL_ASSETS)
    limit = rules.financial_asset_limit(standard_fen=standard_fen, limits=limits)
    per_head = rules.per_capita(financial, members)
    fits = per_head <= limit
    lines.append(
        f"家庭金融资产 {yuan(financial)} 元，人均 {yuan(per_head)} 元；上限 {limits.financial_months} × "
        f"{yuan(standard_fen)} = {yuan(limit)} 元/人：{'符合' if fits else '不符合'}"
    )
    ok &= fits
    vehicles = sum(a.count for a in assets if a.asset_type == AssetType.VEHICLE and not a.livelihood)
    needed = sum(a.count for a in assets if a.asset_type == AssetType.VEHICLE and a.livelihood)
    fits = vehicles <= limits.vehicles_max
    extra = f"（另有生活、就业必需车辆{needed}辆，不计）" if needed else ""
    lines.append(
        f"机动车 {vehicles} 辆{extra}；上限 {limits.vehicles_max} 辆：{'符合' if fits else '不符合'}"
    )
    ok &= fits
    houses = sum(a.count for a in assets if a.asset_type == AssetType.HOUSE)
    fits = houses <= limits.houses_max
    lines.append(f"房产 {houses} 套；上限 {limits.houses_max} 套：{'符合' if fits else '不符合'}")
    ok &= fits
    others = [a for a in assets if a.asset_type == AssetType.OTHER]
    if others:
        lines.append(
            f"其他财产 {len(others)} 项，合计 {yuan(sum(a.value_fen for a in others))} 元（记录备查，不设上限）"
        )
    return ok, lines


def _members_lines(members: list[MemberFacts]) -> tuple[list[MemberFacts], list[str]]:
    included = [m for m in members if m.included]
    names = "、".join(f"{m.name}（{m.relation}）" if m.relation else m.name for m in included)
    lines = [f"共同生活人口 {len(included)} 人：{names or '无'}"]
    for m in members:
        if not m.included:
            lines.append(f"不计入共同生活人口：{m.name}（{m.exclusion_reason or '不共同生活'}）")
    return included, lines


# --- 低保 -----------------------------------------------------------------------------------------


def dibao_test(
    *,
    program: str,
    members: list[MemberFacts],
    assets: list[AssetEntry],
    standard: StandardInfo,
    limits: AssetLimits,
    on: date,
    near_multiple: Decimal,
    single_person_reason: str = "",
) -> MeansResult:
    """The 低保 means test of one household (《社会救助暂行办法》第九条、第十二条), or of one member applying
    alone as a 单人户 (domain.md §1) when ``single_person_reason`` is given."""
    included, lines = _members_lines(members)
    n = len(included)
    total, income_lines, parts = counted_income(program=program, members=included, on=on)
    lines += income_lines
    lines.append(_sum_line("家庭月总收入", total, parts))
    lines.append(f"共同生活人口 {n} 人")
    pc = rules.per_capita(total, n)
    lines.append(f"家庭月人均收入 {yuan(pc)} 元 = {yuan(total)} ÷ {n}")
    lines.append(f"保障标准 {yuan(standard.amount_fen)} 元（{standard.label}）")
    assets_ok, asset_lines = assets_check(
        assets=assets, members=max(n, 1), standard_fen=standard.amount_fen, limits=limits
    )
    lines += asset_lines
    result = MeansResult(False, 0, n, total, lines, standard_fen=standard.amount_fen)
    if n == 0:
        result.reasons.append("没有共同生活家庭成员")
        lines.append("没有共同生活家庭成员：不符合")
        return result
    if single_person_reason:
        return _single_person(result, included, program=program, standard=standard, on=on,
                              near_multiple=near_multiple, reason=single_person_reason, assets_ok=assets_ok)  # fmt: skip
    below = rules.dibao_eligible_by_income(
        total_income_fen=total, members=n, standard_fen=standard.amount_fen
    )
    if not below:
        lines.append("人均收入不低于保障标准：不符合（《社会救助暂行办法》第九条）")
        result.reasons.append(f"家庭月人均收入{yuan(pc)}元不低于保障标准{yuan(standard.amount_fen)}元")
    else:
        lines.append("人均收入低于保障标准：收入条件符合（《社会救助暂行办法》第九条）")
    if not assets_ok:
        lines.append("家庭财产不符合当地规定：不符合")
        result.reasons.append("家庭财产状况不符合当地规定")
    if below and assets_ok:
        amount = rules.dibao_gap(total_income_fen=total, members=n, standard_fen=standard.amount_fen)
        lines.append(
            f"月低保金 = (保障标准 {yuan(standard.amount_fen)} − 人均收入 {yuan(pc)}) × {n} 人 = "
            f"{yuan(standard.amount_fen)} × {n} − {yuan(total)} = {yuan(amount)} 元（《社会救助暂行办法》第十二条）"
        )
        result.eligible, result.amount_fen = True, amount
    else:
        lines.append("月低保金 0.00 元")
    return result


def _single_person(
    result: MeansResult,
    included: list[MemberFacts],
    *,
    program: str,
    standard: StandardInfo,
    on: date,
    near_multiple: Decimal,
    reason: str,
    assets_ok: bool,
) -> MeansResult:
    lines, n, total = result.lines, result.members, result.total_income_fen
    applicant = next((m for m in included if m.is_applicant), None)
    if applicant is None:
        result.reasons.append("申请人须为共同生活家庭成员")
        lines.append("单人户：申请人不在共同生活家庭成员中：不符合")
        return result
    qualifies, why = rules.single_person_qualifies(
        reason=reason,
        disability_kind=applicant.disability_kind,
        disability_grade=applicant.disability_grade,
        major_illness=applicant.major_illness,
    )
    lines.append(
        f"单人户申请：{applicant.name}，{why}：{'符合' if qualifies else '不符合'}（低保单人户规定）"
    )
    near = rules.near_dibao(
        total_income_fen=total, members=n, standard_fen=standard.amount_fen, multiple=near_multiple
    )
    line = Decimal(standard.amount_fen) * near_multiple
    lines.append(
        f"低保边缘家庭：人均收入 {yuan(rules.per_capita(total, n))} 元，须不低于保障标准且低于 {near_multiple} × "
        f"{yuan(standard.amount_fen)} = {yuan(line)} 元：{'符合' if near else '不符合'}"
    )
    if not qualifies:
        result.reasons.append(f"不属于可单独申请的情形：{why}")
    if not near:
        result.reasons.append("家庭不属于低保边缘家庭（人均收入低于标准的应整户申请，高于边缘线的不符合）")
    if not assets_ok:
        result.reasons.append("家庭财产状况不符合当地规定")
    own, own_lines, _ = counted_income(program=program, members=[applicant], on=on)
    if qualifies and near and assets_ok:
        amount = rules.single_person_amount(own_income_fen=own, standard_fen=standard.amount_fen)
        lines.append(
            f"单人户月低保金 = 保障标准 {yuan(standard.amount_fen)} − 本人收入 {yuan(own)} = {yuan(amount)} 元，"
            f"保障人口 1 人（《社会救助暂行办法》第十二条）"
        )
        result.eligible, result.amount_fen, result.members = amount > 0, amount, 1
        if amount == 0:
            result.reasons.append("本人收入不低于保障标准")
    else:
        lines.append("月低保金 0.00 元")
    return result


# --- 低收入家庭 -------------------------------------------------------------------------------------


def low_income_test(
    *,
    members: list[MemberFacts],
    assets: list[AssetEntry],
    standard: StandardInfo,
    limits: AssetLimits,
    on: date,
    near_multiple: Decimal,
) -> MeansResult:
    """低收入家庭 (低保边缘家庭) recognition: not eligible for 低保 or 特困, per-capita income below
    ``near_multiple`` × 低保标准, assets compliant (domain.md §1 单人户 [V]). Recognition carries no cash
    of its own (专项救助 follow from it): the amount is 0."""
    included, lines = _members_lines(members)
    n = len(included)
    total, income_lines, parts = counted_income(program=Program.LOW_INCOME, members=included, on=on)
    lines += income_lines
    lines.append(_sum_line("家庭月总收入", total, parts))
    pc = rules.per_capita(total, n)
    lines.append(f"家庭月人均收入 {yuan(pc)} 元 = {yuan(total)} ÷ {n}" if n else "没有共同生活家庭成员")
    line = Decimal(standard.amount_fen) * near_multiple
    lines.append(
        f"低保标准 {yuan(standard.amount_fen)} 元（{standard.label}）；低保边缘线 {near_multiple} × 标准 = {yuan(line)} 元"
    )
    assets_ok, asset_lines = assets_check(
        assets=assets, members=max(n, 1), standard_fen=standard.amount_fen, limits=limits
    )
    lines += asset_lines
    result = MeansResult(False, 0, n, total, lines, standard_fen=standard.amount_fen)
    near = rules.near_dibao(
        total_income_fen=total, members=n, standard_fen=standard.amount_fen, multiple=near_multiple
    )
    if n and rules.dibao_eligible_by_income(
        total_income_fen=total, members=n, standard_fen=standard.amount_fen
    ):
        result.reasons.append("人均收入低于低保标准，应申请低保")
        lines.append("人均收入低于低保标准：应申请低保，不作低收入家庭认定")
    elif not near:
        result.reasons.append(f"人均收入{yuan(pc)}元不低于低保边缘线{yuan(line)}元")
        lines.append("人均收入不低于低保边缘线：不符合")
    if not assets_ok:
        result.reasons.append("家庭财产状况不符合当地规定")
    if near and assets_ok:
        lines.append("符合低收入家庭（低保边缘家庭）认定条件，可享受专项救助；认定本身不发放现金")
        result.eligible = True
    return result


# --- 特困 -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TekunFacts:
    applicant: MemberFacts
    no_supporter: bool  # 无法定赡养、抚养、扶养义务人，或其无履行能力 (recorded by the investigation)
    orphan: bool = False
    care_items_failed: int = 0
    support: str = rules.TekunSupport.DISPERSED


def tekun_test(
    *,
    facts: TekunFacts,
    assets: list[AssetEntry],
    dibao_standard: StandardInfo,
    basic_table_fen: int | None,
    multiple: Decimal,
    care_standards: dict[str, int],
    limits: AssetLimits,
    on: date,
) -> MeansResult:
    """特困人员 (《社会救助暂行办法》第十四条 [V]): 无劳动能力, 无生活来源 (income below the 低保 standard,
    assets compliant), no obliged supporter able to pay; a minor who is an orphan goes to the 孤儿
    scheme instead (domain.md §2). Amount = 基本生活标准 (≥ 1.3 × 低保标准, 国发〔2016〕14号) + the
    照料护理标准 of the person's care category."""
    person = facts.applicant
    lines = [f"申请人 {person.name}，{person.age} 岁"]
    result = MeansResult(False, 0, 1, 0, lines, standard_fen=dibao_standard.amount_fen)
    unable, why = rules.unable_to_work(age=person.age, disability_kind=person.disability_kind,
                                       disability_grade=person.disability_grade)  # fmt: skip
    lines.append(f"无劳动能力：{why}：{'符合' if unable else '不符合'}（2021年特困人员认定办法）")
    if not unable:
        result.reasons.append(f"具有劳动能力（{why}）")
    total, income_lines, parts = counted_income(program=Program.TEKUN, members=[person], on=on)
    result.total_income_fen = total
    lines += income_lines
    lines.append(_sum_line("本人月收入", total, parts))
    lines.append(f"低保标准 {yuan(dibao_standard.amount_fen)} 元（{dibao_standard.label}）")
    no_income = total < dibao_standard.amount_fen
    lines.append(
        f"无生活来源：本人收入{'低于' if no_income else '不低于'}低保标准：{'符合' if no_income else '不符合'}（第十四条）"
    )
    if not no_income:
        result.reasons.append(f"本人月收入{yuan(total)}元不低于低保标准")
    assets_ok, asset_lines = assets_check(
        assets=assets, members=1, standard_fen=dibao_standard.amount_fen, limits=limits
    )
    lines += asset_lines
    if not assets_ok:
        result.reasons.append("财产状况不符合当地规定")
    lines.append(
        f"无法定赡养、抚养、扶养义务人或其无履行能力：{'符合' if facts.no_supporter else '不符合'}（第十四条）"
    )
    if not facts.no_supporter:
        result.reasons.append("有法定赡养、抚养、扶养义务人且其有履行能力")
    if facts.orphan and person.age < 18:
        lines.append("未成年人同时符合孤儿条件：纳入孤儿保障，不纳入特困（《特困人员认定办法》）")
        result.reasons.append("符合孤儿条件的未成年人应纳入孤儿基本生活保障")
    basic = rules.tekun_basic_standard(
        dibao_standard_fen=dibao_standard.amount_fen, table_fen=basic_table_fen, multiple=multiple
    )
    floor_text = f"{multiple} × {yuan(dibao_standard.amount_fen)} 向上取整到元"
    table_text = f"；标准表 {yuan(basic_table_fen)} 元" if basic_table_fen else "；标准表未另定"
    lines.append(f"基本生活标准 {yuan(basic)} 元（不低于{floor_text}{table_text}；国发〔2016〕14号）")
    level = rules.care_level(items_failed=facts.care_items_failed)
    care = care_standards.get(level, 0)
    lines.append(
        f"生活自理能力：6项中{facts.care_items_failed}项不能完成 → {CARE_LABELS[level]}；照料护理标准 {yuan(care)} 元"
    )
    support = rules.TEKUN_SUPPORT_LABELS.get(facts.support, facts.support)
    result.category = level
    if not result.reasons:
        result.eligible, result.amount_fen = True, basic + care
        lines.append(f"月供养金 = {yuan(basic)} + {yuan(care)} = {yuan(basic + care)} 元（{support}）")
    else:
        lines.append("不符合特困人员条件，月供养金 0.00 元")
    return result


# --- 临时救助 ---------------------------------------------------------------------------------------


def temporary_test(
    *,
    kind: str,
    members: list[MemberFacts],
    rigid_expenses_fen: int,
    standard: StandardInfo,
    town_limit_fen: int,
    limit_multiple: Decimal,
    requested_fen: int,
    on: date,
) -> MeansResult:
    """临时救助 (《社会救助暂行办法》第四十七—四十九条 [V]). 支出型: the essential (刚性) expenses are deducted
    from the household's income before comparing with the 低保 standard (domain.md §3). 急难型: help first,
    the means test is completed afterwards, so it only informs. The amount is decided case by case; up to
    the 乡镇 limit the town approves, above it the county (第四十八条; the limit is a parameter)."""
    included, lines = _members_lines(members)
    n = max(len(included), 1)
    total, income_lines, parts = counted_income(program=Program.TEMPORARY, members=included, on=on)
    lines += income_lines
    lines.append(_sum_line("家庭月总收入", total, parts))
    result = MeansResult(True, requested_fen, len(included), total, lines, standard_fen=standard.amount_fen)
    lines.append(f"低保标准 {yuan(standard.amount_fen)} 元（{standard.label}）")
    if kind == rules.TemporaryKind.EXPENSE:
        net = total - rigid_expenses_fen
        lines.append(
            f"刚性支出 {yuan(rigid_expenses_fen)} 元/月；扣除后人均 {yuan(rules.per_capita(net, n))} 元"
        )
        if net >= standard.amount_fen * n:
            result.eligible = False
            result.reasons.append("扣除刚性支出后家庭人均收入不低于低保标准，生活未陷入困境")
            lines.append("扣除刚性支出后人均收入不低于低保标准：不符合支出型临时救助")
        else:
            lines.append("扣除刚性支出后人均收入低于低保标准：基本生活困难，符合")
    else:
        lines.append("急难型：先行救助，家庭经济状况核对事后补办（临时救助先行救助规定）")
    who = "乡镇（街道）审批" if requested_fen <= town_limit_fen else "超过乡镇限额，须报区县审批"
    lines.append(
        f"乡镇审批限额 = {limit_multiple} × {yuan(standard.amount_fen)} = {yuan(town_limit_fen)} 元；"
        f"拟救助 {yuan(requested_fen)} 元：{who}（《社会救助暂行办法》第四十八条）"
    )
    if not result.eligible:
        result.amount_fen = 0
    return result
