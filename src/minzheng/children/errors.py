"""The domain exception of child welfare."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class ChildrenError(DomainError):
    """A refused child-welfare operation; ``message`` is the Chinese text for the user, ``field`` the form field."""
