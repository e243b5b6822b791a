"""The case engine's refusal, shared by its services and its bulk writer."""

from __future__ import annotations

from minzheng.core.errors import DomainError


class CaseError(DomainError):
    """A refused case operation; ``message`` is the Chinese text for the user."""
