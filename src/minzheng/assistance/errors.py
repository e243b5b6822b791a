"""The domain exception of social assistance: a refused operation with a Chinese message for the user."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class AssistanceError(DomainError):
    """A refused social-assistance operation (``message``, ``field``)."""
