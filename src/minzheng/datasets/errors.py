"""The domain exception of the aggregate data sets: a refused operation with a Chinese message."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class DatasetError(DomainError):
    """A refused operation of the aggregate data sets (``message``, ``field``)."""
