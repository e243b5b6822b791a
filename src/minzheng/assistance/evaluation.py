"""Run the means test of one recorded assessment: gather the facts, the standard in force and the
parameters from the database and hand them to the pure functions of :mod:`assistance.means_test`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from minzheng.assistance import ledger, rules
from minzheng.assistance import means_test as mt
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.models import Assessment
from minzheng.assistance.rules import AssetLimits, Program, program_label
from minzheng.assistance.selectors import assessment_members, parameter_value
from minzheng.core.models import Region
from minzheng.registry.selectors import person_age


def standard_info(*, program: str, region: Region, on: date, category: str = "") -> mt.StandardInfo:
    """The standard in force (the ledger's table), with a label saying which one: program, the region it
    was set for, its start date, and whether it is demo data."""
    try:
        found = ledger.standard_in_force(program=program, region=region, on=on, category=category)
    except AssistanceError as exc:
        raise AssistanceError(f"{exc.message}（{program_label(program)}）") from exc
    demo = "，演示数据" if found.is_demo else ""
    label = f"{program_label(program)}，{found.region.name}，{found.effective_from:%Y-%m-%d}起{demo}"
    return mt.StandardInfo(found.amount_fen, label)


def standard_optional(*, program: str, region: Region, on: date, category: str) -> int | None:
    try:
        return ledger.standard_in_force(program=program, region=region, on=on, category=category).amount_fen
    except AssistanceError:
        return None


def urban_rural(assessment: Assessment) -> str:
    if assessment.household_id is not None:
        return assessment.household.kind
    return assessment.region.kind or "urban"


def dibao_program_of(assessment: Assessment) -> str:
    if assessment.program in rules.DIBAO_PROGRAMS:
        return assessment.program
    return rules.dibao_program_for(urban_rural(assessment))


def asset_limits(*, region: Region, on: date) -> AssetLimits:
    return AssetLimits(
        financial_months=parameter_value("asset_financial_months", region=region, on=on).value,
        vehicles_max=parameter_value("asset_vehicles_max", region=region, on=on).as_int(),
        houses_max=parameter_value("asset_houses_max", region=region, on=on).as_int(),
    )


def member_facts(assessment: Assessment) -> list[mt.MemberFacts]:
    return [
        mt.MemberFacts(
            name=m.person.name,
            relation=m.relation,
            included=m.included,
            exclusion_reason=m.exclusion_reason,
            age=person_age(m.person, on=assessment.on),
            disability_kind=m.disability_kind,
            disability_grade=m.disability_grade,
            major_illness=m.major_illness,
            is_applicant=m.is_applicant,
            incomes=tuple(mt.IncomeEntry(i.income_type, i.monthly_fen, i.note) for i in m.incomes.all()),
        )
        for m in assessment_members(assessment=assessment)
    ]


def asset_facts(assessment: Assessment) -> list[mt.AssetEntry]:
    return [
        mt.AssetEntry(
            a.asset_type, a.value_fen, a.count, a.livelihood, a.member.person.name if a.member else ""
        )
        for a in assessment.assets.select_related("member__person")
    ]


def assessment_evaluate(
    *, assessment: Assessment, on: date | None = None, kind: str = "", requested_fen: int = 0
) -> mt.MeansResult:
    """The means test of ``assessment`` under the standard and parameters in force ``on`` (default: the
    assessment's date). Raises :class:`AssistanceError` when a standard or parameter is missing."""
    day = on or assessment.on
    region = assessment.region
    members, assets = member_facts(assessment), asset_facts(assessment)
    if assessment.program in rules.DIBAO_PROGRAMS:
        return mt.dibao_test(
            program=assessment.program,
            members=members,
            assets=assets,
            standard=standard_info(program=assessment.program, region=region, on=day),
            limits=asset_limits(region=region, on=day),
            on=day,
            near_multiple=parameter_value("near_dibao_multiple", region=region, on=day).value,
            single_person_reason=assessment.single_person_reason,
        )
    dibao = dibao_program_of(assessment)
    if assessment.program == Program.LOW_INCOME:
        return mt.low_income_test(
            members=members,
            assets=assets,
            standard=standard_info(program=dibao, region=region, on=day),
            limits=asset_limits(region=region, on=day),
            on=day,
            near_multiple=parameter_value("near_dibao_multiple", region=region, on=day).value,
        )
    if assessment.program == Program.TEKUN:
        return _tekun(assessment, members, assets, dibao=dibao, day=day)
    if assessment.program == Program.TEMPORARY:
        standard = standard_info(program=dibao, region=region, on=day)
        multiple = parameter_value("temporary_town_limit_multiple", region=region, on=day).value
        return mt.temporary_test(
            kind=kind,
            members=members,
            rigid_expenses_fen=assessment.rigid_expenses_fen,
            standard=standard,
            town_limit_fen=rules.temporary_town_limit(standard_fen=standard.amount_fen, multiple=multiple),
            limit_multiple=multiple,
            requested_fen=requested_fen,
            on=day,
        )
    raise AssistanceError(f"未知的救助项目：{assessment.program}")


def _tekun(
    assessment: Assessment,
    members: list[mt.MemberFacts],
    assets: list[mt.AssetEntry],
    *,
    dibao: str,
    day: date,
) -> mt.MeansResult:
    region = assessment.region
    applicant = next((m for m in members if m.is_applicant), None)
    if applicant is None:
        raise AssistanceError("调查中没有申请人")
    level = rules.care_level(items_failed=assessment.care_items_failed)
    care = standard_optional(program=Program.TEKUN, region=region, on=day, category=level)
    if care is None:
        raise AssistanceError(
            f"特困照料护理标准（{rules.CARE_LABELS[level]}）未设置：{region.name}，{day:%Y-%m-%d}"
        )
    application = getattr(assessment, "application", None)
    return mt.tekun_test(
        facts=mt.TekunFacts(
            applicant=applicant,
            no_supporter=assessment.no_supporter,
            orphan=assessment.orphan,
            care_items_failed=assessment.care_items_failed,
            support=(application.kind if application else "") or rules.TekunSupport.DISPERSED,
        ),
        assets=assets,
        dibao_standard=standard_info(program=dibao, region=region, on=day),
        basic_table_fen=standard_optional(program=Program.TEKUN, region=region, on=day, category="basic"),
        multiple=parameter_value("tekun_basic_multiple", region=region, on=day).value,
        care_standards={level: care},
        limits=asset_limits(region=region, on=day),
        on=day,
    )


def temporary_town_limit_for(*, assessment: Assessment, on: date) -> tuple[int, Decimal, mt.StandardInfo]:
    """The 乡镇's delegated limit for 临时救助 on ``on`` (《社会救助暂行办法》第四十八条; parameter)."""
    standard = standard_info(program=dibao_program_of(assessment), region=assessment.region, on=on)
    multiple = parameter_value("temporary_town_limit_multiple", region=assessment.region, on=on).value
    return rules.temporary_town_limit(standard_fen=standard.amount_fen, multiple=multiple), multiple, standard
