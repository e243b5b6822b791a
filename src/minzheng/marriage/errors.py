"""The domain exception of marriage registration: a refused operation with a Chinese message."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class MarriageError(DomainError):
    """A refused operation of marriage registration (``message``, ``field``)."""
