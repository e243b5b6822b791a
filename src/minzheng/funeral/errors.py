"""The funeral app's refusals (Chinese message naming the field)."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class FuneralError(DomainError):
    """A refused funeral operation (death registration, cremation, subsidy, plot, booking…)."""


class SlotFullError(FuneralError):
    """The time slot's quota is used up."""


class DuplicateBookingError(FuneralError):
    """The person already holds a booking for this cemetery this season."""
