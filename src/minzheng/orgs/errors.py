"""The domain exception of social organisations and social work: a refused operation with a Chinese message."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class OrgsError(DomainError):
    """A refused operation of the orgs app (``message``, ``field``)."""
