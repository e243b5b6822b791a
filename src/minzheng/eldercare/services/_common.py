"""What every eldercare service shares: the domain error and the checks of who may act where."""

from __future__ import annotations

from collections.abc import Iterable

from minzheng.core.models import User
from minzheng.core.roles import Perm, Role
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.eldercare.errors import EldercareError
from minzheng.eldercare.models import Institution

__all__ = ["OFFICE", "EldercareError", "check_text", "institution_for", "require_perm", "require_role"]


def require_role(actor: User, roles: Iterable[str], what: str) -> None:
    if actor.role not in set(roles):
        raise EldercareError(f"您的角色（{actor.get_role_display()}）不能{what}")


def require_perm(actor: User, perm: str, what: str) -> None:
    if not actor.has_role_perm(perm):
        raise EldercareError(f"您的角色没有“{Perm(perm).label}”权限，不能{what}")


OFFICE = (Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.TOWN_CASEWORKER)


def institution_for(
    actor: User, institution: Institution | int, *, what: str, lock: bool = False
) -> Institution:
    """The institution, if ``actor`` may act for it: an office role whose region contains it, or one of
    its own operator accounts."""
    pk = institution.pk if isinstance(institution, Institution) else institution
    try:
        found = access_scoped(actor, Institution, pk, lock=lock, label="机构")
    except OutOfScopeError as exc:
        raise EldercareError(str(exc)) from exc
    if actor.role == Role.INSTITUTION_OPERATOR:
        if not found.operators.filter(pk=actor.pk).exists():
            raise EldercareError(f"您不是“{found.name}”的经办人，不能{what}")
    elif actor.role not in OFFICE:
        raise EldercareError(f"您的角色（{actor.get_role_display()}）不能{what}")
    return found


def check_text(value: str, *, label: str, field: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise EldercareError(f"请填写{label}", field=field)
    if len(value) > max_length:
        raise EldercareError(f"{label}不能超过{max_length}个字", field=field)
    return value
