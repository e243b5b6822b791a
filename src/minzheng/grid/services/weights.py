"""The performance weights (绩效考核权重), set by the city with an effective date."""

from __future__ import annotations

from datetime import date

from minzheng.core.models import User
from minzheng.core.roles import require
from minzheng.grid.models import PerformanceWeights
from minzheng.grid.services._common import GridError, check_text

WEIGHT_FIELDS = (
    "reported",
    "on_time_handling",
    "closure",
    "on_time_closure",
    "rework",
    "satisfaction",
    "visits",
)


def performance_weights_set(
    *,
    actor: User,
    effective_from: date | None,
    weights: dict[str, int],
    reported_target: int = 20,
    visits_target: int = 50,
    note: str = "",
) -> PerformanceWeights:
    """A new version of the weights from ``effective_from`` (the same date replaces that version).
    Each weight is a whole percent and they sum to 100; the targets are positive. Only the city manager
    sets them."""
    require(actor, "performance.weights")
    if effective_from is None:
        raise GridError("请填写生效日期", field="effective_from")
    values = {}
    for name in WEIGHT_FIELDS:
        value = weights.get(name, 0)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            raise GridError(
                f"“{PerformanceWeights._meta.get_field(name).verbose_name}”的权重须为0～100的整数", field=name
            )
        values[name] = value
    if sum(values.values()) != 100:
        raise GridError(f"各项权重之和须为100（现为{sum(values.values())}）", field="reported")
    for name, target in (("reported_target", reported_target), ("visits_target", visits_target)):
        if not isinstance(target, int) or isinstance(target, bool) or not 1 <= target <= 100000:
            raise GridError("目标数须为1～100000的整数", field=name)
    weights_row, _ = PerformanceWeights.objects.update_or_create(
        effective_from=effective_from,
        defaults={
            **values,
            "reported_target": reported_target,
            "visits_target": visits_target,
            "note": check_text(note, field="note", label="说明", max_length=200),
            "created_by": actor,
        },
    )
    return weights_row
