"""The domain exception of community governance: a refused operation with a Chinese message."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class CommunityError(DomainError):
    """A refused operation of community governance (``message``, ``field``)."""
