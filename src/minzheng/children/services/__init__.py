"""Writes of child welfare (``supports``: 孤儿/事实无人抚养儿童; ``records``: workers, visits, intake, outreach)."""

from minzheng.children.services.records import (
    infant_intake_record,
    outreach_record,
    visit_record,
    welfare_home_ensure,
    worker_appoint,
    worker_leave,
)
from minzheng.children.services.supports import (
    GuardianInput,
    support_apply,
    support_end,
    support_move,
    supports_end_aged,
)

__all__ = [
    "GuardianInput",
    "infant_intake_record",
    "outreach_record",
    "support_apply",
    "support_end",
    "support_move",
    "supports_end_aged",
    "visit_record",
    "welfare_home_ensure",
    "worker_appoint",
    "worker_leave",
]
