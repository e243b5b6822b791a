"""The domain exception of elderly care."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class EldercareError(DomainError):
    """A refused eldercare operation; ``message`` is the Chinese text for the user, ``field`` the form field."""
