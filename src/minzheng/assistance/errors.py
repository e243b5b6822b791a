"""The domain exception of social assistance: a refused operation with a Chinese message for the user."""

from __future__ import annotations


class AssistanceError(ValueError):
    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
