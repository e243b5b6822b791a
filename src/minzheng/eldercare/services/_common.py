"""What every eldercare service shares: the domain error, who may act for an institution, text checks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from minzheng.core.models import User
from minzheng.core.roles import can, refusal
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.eldercare.errors import EldercareError
from minzheng.eldercare.models import Institution

__all__ = ["EldercareError", "check_text", "institution_for"]


def institution_for(
    actor: User, institution: Institution | int, *, what: str, lock: bool = False
) -> Institution:
    """The institution, if ``actor`` may act for it: an office of a region containing it
    (``eldercare.institution_act``), or one of its own operator accounts (``eldercare.institution_own``)."""
    if not can(actor, "eldercare.institution_act") and not can(actor, "eldercare.institution_own"):
        raise PermissionDenied(refusal(actor, "eldercare.institution_act"))
    pk = institution.pk if isinstance(institution, Institution) else institution
    try:
        found = access_scoped(actor, Institution, pk, lock=lock, label="机构")
    except OutOfScopeError as exc:
        raise EldercareError(str(exc)) from exc
    if not can(actor, "eldercare.institution_act") and not found.operators.filter(pk=actor.pk).exists():
        raise EldercareError(f"您不是“{found.name}”的经办人，不能{what}")
    return found


def check_text(value: str, *, label: str, field: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise EldercareError(f"请填写{label}", field=field)
    if len(value) > max_length:
        raise EldercareError(f"{label}不能超过{max_length}个字", field=field)
    return value
