"""The domain exception of the materials ledger: a refused operation with a Chinese message."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class SuppliesError(DomainError):
    """A refused operation of the materials ledger (``message``, ``field``)."""
