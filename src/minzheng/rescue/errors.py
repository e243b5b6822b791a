"""The domain exception of the rescue station."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class RescueError(DomainError):
    """A refused rescue operation; ``message`` is the Chinese text for the user, ``field`` the form field."""
