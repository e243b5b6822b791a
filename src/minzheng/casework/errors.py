"""The case engine's refusal, shared by its services and its bulk writer."""

from __future__ import annotations


class CaseError(ValueError):
    """A refused case operation; ``message`` is the Chinese text for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
