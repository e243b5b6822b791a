"""The ledger's refusals, each with a Chinese message for the user (``.message``)."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class BenefitsError(DomainError):
    """A refused ledger operation; ``message`` is the Chinese text shown to the user."""


class StandardMissingError(BenefitsError):
    """No standard of the program covers the region and date."""


class MonthClosedError(BenefitsError):
    """The change would alter a month whose payroll is already approved."""
