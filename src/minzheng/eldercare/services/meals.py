"""长者饭堂 meals: the subsidy standards (city manager) and the meal recorded at checkout with the subsidy
in force that day (a snapshot the monthly settlement pays back to the canteen)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.roles import Perm, require
from minzheng.core.scope import OutOfScopeError, access_scoped, region_within_scope
from minzheng.eldercare import rules, selectors
from minzheng.eldercare.models import (
    InstitutionKind,
    Meal,
    MealSettlement,
    MealSubsidyRule,
    MealType,
    SubsidyCategory,
)
from minzheng.eldercare.services._common import EldercareError, check_text, institution_for
from minzheng.registry.models import Person


def meal_subsidy_rule_set(
    *,
    actor: User,
    region: Region,
    category: str,
    amount_fen: int,
    effective_from: date,
    is_demo: bool = False,
    note: str = "",
) -> MealSubsidyRule:
    """A new 助餐补贴标准 for a category in a region from a date; the one in force before it ends the day
    before. A new standard may not reach back over meals already discounted under the old one (the diner
    paid the old price at checkout), nor start before a later standard of the same kind."""
    require(actor, Perm.EDIT_STANDARDS)
    if not region_within_scope(actor, region):
        raise EldercareError(f"“{region.name}”不在您的管辖范围内", field="region")
    if category not in SubsidyCategory.values or category == SubsidyCategory.NONE:
        raise EldercareError("请选择补贴类别", field="category")
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen < 0:
        raise EldercareError("补贴金额应为不小于0的金额", field="amount")
    note = check_text(note, label="依据/说明", field="note", max_length=200, required=False)
    label = SubsidyCategory(category).label
    with transaction.atomic():
        rows = MealSubsidyRule.objects.select_for_update().filter(region=region, category=category)
        later = rows.filter(effective_from__gte=effective_from).order_by("effective_from").first()
        if later is not None:
            raise EldercareError(
                f"{region.name}已有{later.effective_from:%Y-%m-%d}起施行的“{label}”标准，新标准的生效日期须晚于该日",
                field="effective_from",
            )
        used = (
            Meal.objects.filter(
                canteen__region__path__startswith=region.path,
                served_on__gte=effective_from,
                eligible__contains=category,
            )
            .order_by("-served_on")
            .values_list("served_on", flat=True)
            .first()
        )
        if used is not None:
            raise EldercareError(
                f"已有{used:%Y-%m-%d}的“{label}”助餐记录按原标准结算优惠，新标准生效日期须晚于{used:%Y-%m-%d}",
                field="effective_from",
            )
        for previous in rows.filter(effective_to__isnull=True):
            previous.effective_to = effective_from - timedelta(days=1)
            previous.save(update_fields=["effective_to"])
        return MealSubsidyRule.objects.create(
            region=region,
            category=category,
            amount_fen=amount_fen,
            effective_from=effective_from,
            is_demo=is_demo,
            note=note,
        )


def meal_record(
    *,
    actor: User,
    canteen: object,
    person: Person,
    served_on: date,
    meal_type: str,
    price_fen: int,
    today: date | None = None,
) -> Meal:
    """助餐登记 at checkout: the diner must be 60 or older that day; the subsidy is the most favourable
    category's amount in force that day for the canteen's region (``rules.meal_subsidy``), recorded with
    the rule it came from. One meal of a kind per person per day."""
    if meal_type not in MealType.values:
        raise EldercareError("请选择餐别", field="meal_type")
    if isinstance(price_fen, bool) or not isinstance(price_fen, int) or price_fen <= 0:
        raise EldercareError("餐费应大于0", field="price")
    if served_on > (today or timezone.localdate()):
        raise EldercareError("不能登记未来日期的助餐", field="served_on")
    with transaction.atomic():
        inst = institution_for(actor, canteen, what="登记助餐")
        if inst.kind != InstitutionKind.CANTEEN or not inst.active:
            raise EldercareError(f"“{inst.name}”不是运营中的长者饭堂", field="canteen")
        try:
            who = access_scoped(
                actor, Person.objects.select_related("hukou_region"), person.pk, label="就餐老人"
            )
        except OutOfScopeError as exc:
            raise EldercareError(str(exc), field="person") from exc
        if who.status != Person.Status.NORMAL:
            raise EldercareError(f"{who.name}的人员状态为“{who.get_status_display()}”", field="person")
        month = served_on.replace(day=1)
        if MealSettlement.objects.filter(
            canteen=inst, month=month, status=MealSettlement.Status.CONFIRMED
        ).exists():
            raise EldercareError(
                f"{inst.name}{month:%Y年%m月}的助餐补贴已确认结算，不能再登记该月助餐", field="served_on"
            )
        try:
            eligible = rules.meal_eligible_categories(
                age=rules.age_on(who.birth_date, served_on),
                local_hukou=who.hukou_region_id is not None,
                statuses=selectors.person_subsidy_statuses(person=who, on=served_on),
            )
        except rules.MealEligibilityError as exc:
            raise EldercareError(exc.message, field="person") from exc
        subsidy = rules.meal_subsidy(
            selectors.subsidy_rules_for(inst.region),
            eligible=eligible,
            on=served_on,
            region_path=inst.region.path,
            price_fen=price_fen,
        )
        try:
            with transaction.atomic():
                return Meal.objects.create(
                    canteen=inst,
                    person=who,
                    served_on=served_on,
                    meal_type=meal_type,
                    price_fen=price_fen,
                    subsidy_fen=subsidy.subsidy_fen,
                    paid_fen=price_fen - subsidy.subsidy_fen,
                    category=subsidy.category,
                    eligible=",".join(subsidy.eligible),
                    rule_id=subsidy.rule_id,
                    recorded_by=actor,
                )
        except IntegrityError as exc:
            label = MealType(meal_type).label
            raise EldercareError(
                f"{who.name}在{served_on:%Y-%m-%d}的{label}已登记", field="meal_type"
            ) from exc


def meal_cancel(*, actor: User, meal: Meal) -> None:
    """Remove a mistaken record while its month is not confirmed (the deletion is audited)."""
    with transaction.atomic():
        institution_for(actor, meal.canteen_id, what="撤销助餐记录")
        row = Meal.objects.select_for_update().get(pk=meal.pk)
        if MealSettlement.objects.filter(
            canteen_id=row.canteen_id,
            month=row.served_on.replace(day=1),
            status=MealSettlement.Status.CONFIRMED,
        ).exists():
            raise EldercareError("该月助餐补贴已确认结算，记录不能撤销")
        row.delete()
