"""The domain exception of the policy library."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class PolicyError(DomainError):
    """A refused operation of the policy library (``message``, ``field``)."""
