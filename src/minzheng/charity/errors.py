"""The domain exception of charity: a refused operation with a Chinese message."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class CharityError(DomainError):
    """A refused operation of charity fundraising (``message``, ``field``)."""
