"""The domain exception of place names: a refused operation with a Chinese message."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class PlacenamesError(DomainError):
    """A refused operation of place names (``message``, ``field``)."""
