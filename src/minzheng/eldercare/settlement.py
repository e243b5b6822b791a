"""Monthly settlement of canteen meal subsidies (助餐补贴月结算), set-based.

For a finished month, one GROUP BY over the meal table gives each canteen's meals, diners, price total
and subsidy total; each canteen-month is one ``MealSettlement`` row (draft until confirmed, recomputed
in place while a draft, so running a month twice never counts a meal twice); one ``UPDATE … SET
settlement_id = (SELECT …)`` ties the meals to their settlement. Confirming freezes the month (no meal
can be added or removed any more) and books it under the benefits ledger's ``meal_subsidy`` program
(``ledger``: why the ledger's per-person payroll lines do not fit a canteen).

The subsidy of each meal was fixed at checkout (the diner paid price − subsidy there), so the
settlement pays back exactly the recorded subsidies; it never re-prices meals.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.masking import mask_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.money import fen_to_yuan
from minzheng.core.roles import require
from minzheng.core.scope import OutOfScopeError, access_scoped, region_within_scope
from minzheng.eldercare.ledger import meal_subsidy_program
from minzheng.eldercare.models import Institution, InstitutionKind, Meal, MealSettlement
from minzheng.eldercare.services._common import EldercareError


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _totals(meals: QuerySet[Meal]) -> QuerySet:
    return (
        meals.order_by()
        .values("canteen_id")
        .annotate(
            n_meals=Count("id"),
            n_diners=Count("person_id", distinct=True),
            price=Sum("price_fen"),
            subsidy=Sum("subsidy_fen"),
        )
    )


def settlement_run(
    *, actor: User, month: date, region: Region | None = None, today: date | None = None
) -> list[MealSettlement]:
    """Compute (or recompute) the drafts of every canteen in ``region`` (default: the actor's) for
    ``month``. Confirmed canteen-months are left as they are."""
    require(actor, "eldercare.settlement_run")
    start, end = month_bounds(month)
    if end >= (today or timezone.localdate()):
        raise EldercareError(f"{start:%Y年%m月}尚未结束，次月才能结算", field="month")
    region = region or actor.region
    if not region_within_scope(actor, region):
        raise EldercareError(f"“{region.name}”不在您的管辖范围内", field="region")
    canteens = Institution.objects.filter(kind=InstitutionKind.CANTEEN, region__path__startswith=region.path)
    with transaction.atomic():
        settlements = MealSettlement.objects.select_for_update().filter(month=start, canteen__in=canteens)
        existing = {s.canteen_id: s for s in settlements.order_by("pk")}
        frozen = {cid for cid, s in existing.items() if s.status == MealSettlement.Status.CONFIRMED}
        meals = Meal.objects.filter(canteen__in=canteens, served_on__range=(start, end)).exclude(
            canteen_id__in=frozen
        )
        now = timezone.now()
        touched: list[MealSettlement] = []
        for row in _totals(meals):
            settlement = existing.get(row["canteen_id"]) or MealSettlement(
                canteen_id=row["canteen_id"], month=start
            )
            settlement.meals, settlement.diners = row["n_meals"], row["n_diners"]
            settlement.price_total_fen, settlement.subsidy_total_fen = row["price"], row["subsidy"]
            settlement.computed_at = now
            settlement.save()
            touched.append(settlement)
        # drafts whose meals were all withdrawn since the last run
        stale = [s.pk for cid, s in existing.items() if cid not in frozen and s not in touched]
        if stale:
            Meal.objects.filter(settlement_id__in=stale).update(settlement=None)
            for settlement in MealSettlement.objects.filter(pk__in=stale):
                settlement.delete()
        linked = meals.update(
            settlement=Subquery(
                MealSettlement.objects.filter(canteen_id=OuterRef("canteen_id"), month=start).values("pk")[:1]
            )
        )
        audit_append(
            action=Action.BULK,
            object_type="eldercare.mealsettlement",
            object_repr=f"助餐补贴结算 {start:%Y-%m} {region.name}",
            detail=f"{len(touched)}家长者饭堂，{linked}条助餐记录关联到结算单",
        )
    return touched


def settlement_confirm(*, actor: User, settlement: MealSettlement) -> MealSettlement:
    """确认: the draft must still equal the meal records (else recompute first); the month is frozen
    and the amount posted to the benefits ledger."""
    require(actor, "eldercare.settlement_run")
    with transaction.atomic():
        try:
            row = access_scoped(actor, MealSettlement.objects.select_related("canteen"), settlement.pk, lock=True,
                                label="结算单")  # fmt: skip
        except OutOfScopeError as exc:
            raise EldercareError(str(exc)) from exc
        if row.status != MealSettlement.Status.DRAFT:
            raise EldercareError("该结算单已确认")
        start, end = month_bounds(row.month)
        month_meals = Meal.objects.filter(canteen_id=row.canteen_id, served_on__range=(start, end))
        current = next(iter(_totals(month_meals)), None)
        unlinked = month_meals.exclude(settlement=row)
        if (
            current is None
            or (current["n_meals"], current["subsidy"], current["price"])
            != (row.meals, row.subsidy_total_fen, row.price_total_fen)
            or unlinked.exists()
        ):
            raise EldercareError("结算后助餐记录有变动，请重新计算后再确认")
        row.status, row.confirmed_by, row.confirmed_at = (
            MealSettlement.Status.CONFIRMED,
            actor,
            timezone.now(),
        )
        row.program = meal_subsidy_program()
        row.save(update_fields=["status", "confirmed_by", "confirmed_at", "program"])
    return row


STATEMENT_HEADERS = (
    "就餐日期",
    "餐别",
    "姓名",
    "身份证号",
    "补贴类别",
    "餐费(元)",
    "补贴(元)",
    "个人支付(元)",
)


def settlement_statement_rows(*, settlement: MealSettlement) -> Iterator[tuple[Any, ...]]:
    """The XLSX statement of one canteen-month: one row per meal (ID masked), then the totals."""
    meals = (
        Meal.objects.filter(settlement=settlement)
        .select_related("person")
        .order_by("served_on", "meal_type", "person_id")
    )
    for meal in meals.iterator(chunk_size=2000):
        yield (
            meal.served_on.isoformat(),
            meal.get_meal_type_display(),
            meal.person.name,
            mask_citizen_id(meal.person.id_number),
            meal.get_category_display(),
            str(fen_to_yuan(meal.price_fen)),
            str(fen_to_yuan(meal.subsidy_fen)),
            str(fen_to_yuan(meal.paid_fen)),
        )
    yield (
        "合计",
        f"{settlement.meals}餐次",
        f"{settlement.diners}人",
        "",
        "",
        str(fen_to_yuan(settlement.price_total_fen)),
        str(fen_to_yuan(settlement.subsidy_total_fen)),
        str(fen_to_yuan(settlement.price_total_fen - settlement.subsidy_total_fen)),
    )
