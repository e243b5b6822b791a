"""The domain exception of the two disability subsidies: a refused operation with a Chinese message."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class DisabilityError(DomainError):
    """A refused operation of the disability subsidies (``message``, ``field``)."""
