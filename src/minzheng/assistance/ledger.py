"""The benefits ledger as social assistance uses it: only its service and selector functions (DESIGN:
a domain calls the ledger's services, never writes its tables). One place to read if the contract moves."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from minzheng.assistance.errors import AssistanceError
from minzheng.core.models import Region, User


def _benefits() -> Any:
    from minzheng.benefits import services

    return services


def _selectors() -> Any:
    from minzheng.benefits import (
        selectors,
        services,  # noqa: F401  (benefits.selectors imported first is circular)
    )

    return selectors


def ledger_error(exc: Exception) -> AssistanceError:
    return AssistanceError(getattr(exc, "message", str(exc)))


def enrol(
    *,
    actor: User,
    program: str,
    person: Any,
    region: Region,
    start_month: date,
    amount_fen: int,
    members_count: int = 1,
    household: Any = None,
    category: str = "",
    case: Any = None,
    review_due: date | None = None,
    basis: dict[str, Any] | None = None,
    one_off: bool = False,
) -> Any:
    """Create the enrollment; a one-off payment (临时救助) is an enrollment whose last month is its first."""
    services = _benefits()
    try:
        enrollment = services.enrollment_create(
            actor=actor, program=program, person=person, region=region, start_month=start_month,
            amount_fen=amount_fen, members_count=members_count, household=household, category=category,
            case=case, review_due=review_due, basis=basis,
        )  # fmt: skip
        if one_off:
            services.enrollment_stop(
                actor=actor, enrollment=enrollment, last_month=start_month, reason="一次性发放"
            )
    except services.BenefitsError as exc:
        raise ledger_error(exc) from exc
    return enrollment


def pay_one_off(
    *,
    actor: User,
    program: str,
    person: Any,
    region: Region,
    amount_fen: int,
    paid_at: Any,
    source: str,
    members_count: int = 1,
    household: Any = None,
    category: str = "",
    case: Any = None,
    basis: dict[str, Any] | None = None,
) -> Any:
    """Money handed over on the spot (先行救助 from the town's 备用金): the ledger's one-off enrollment and its
    payment line, 已发放, with the moment and the source."""
    services = _benefits()
    try:
        return services.payment_record_one_off(
            actor=actor, program=program, person=person, region=region, amount_fen=amount_fen, paid_at=paid_at,
            source=source, members_count=members_count, household=household, category=category, case=case,
            basis=basis,
        )  # fmt: skip
    except services.BenefitsError as exc:
        raise ledger_error(exc) from exc


def change_amount(
    *,
    actor: User,
    enrollment: Any,
    from_month: date,
    amount_fen: int,
    reason: str,
    basis: dict[str, Any] | None = None,
    members_count: int | None = None,
) -> Any:
    services = _benefits()
    try:
        return services.enrollment_change_amount(
            actor=actor, enrollment=enrollment, from_month=from_month, amount_fen=amount_fen, reason=reason,
            basis=basis, members_count=members_count,
        )  # fmt: skip
    except services.BenefitsError as exc:
        raise ledger_error(exc) from exc


def set_review_due(*, actor: User, enrollment: Any, review_due: date | None) -> None:
    """Keep the ledger's 下次复核日期 in step with the review plan (shown on the ledger's pages)."""
    services = _benefits()
    try:
        services.enrollment_set_review_due(actor=actor, enrollment=enrollment, review_due=review_due)
    except services.BenefitsError as exc:
        raise ledger_error(exc) from exc


def stop(*, actor: User, enrollment: Any, last_month: date, reason: str) -> Any:
    services = _benefits()
    try:
        return services.enrollment_stop(
            actor=actor, enrollment=enrollment, last_month=last_month, reason=reason
        )
    except services.BenefitsError as exc:
        raise ledger_error(exc) from exc


def active(*, on: date, person: Any = None, program: str | None = None) -> QuerySet:
    return _selectors().enrollments_active(person=person, program=program, on=on)


def active_touching(*, on: date, persons: list[Any], households: list[Any]) -> QuerySet:
    """Active enrollments paid to one of ``persons`` or covering one of ``households`` (a 低保 household's
    enrollment is paid to one member but covers all)."""
    cond = Q(person__in=persons)
    if households:
        cond |= Q(household__in=households)
    return active(on=on).filter(cond).select_related("program", "person")


def for_person(*, user: User, person: Any) -> list[Any]:
    return _selectors().enrollment_list_for_person(person, user=user)


def standard_amount(*, program: str, region: Region, on: date, category: str = "") -> int:
    return standard_in_force(program=program, region=region, on=on, category=category).amount_fen


def standard_in_force(*, program: str, region: Region, on: date, category: str = "") -> Any:
    """The ledger's standard row in force (amount, region it was set for, start date, demo flag)."""
    from minzheng.benefits.errors import BenefitsError

    try:
        return _selectors().standard_in_force(program=program, region=region, on=on, category=category)
    except BenefitsError as exc:
        raise ledger_error(exc) from exc


def amount_on(enrollment: Any, month: date) -> int:
    """The enrollment's monthly amount in force for ``month`` (its amount history); 0 before it starts."""
    return _selectors().enrollment_amount_on(enrollment, month) or 0
