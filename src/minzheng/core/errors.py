"""The one refusal every service raises: a Chinese message for the user and, where it applies, the form field.

Apps subclass :class:`DomainError` for naming only (``AssistanceError``, ``CaseError`` …); the constructor is the
same everywhere. The web layer handles it once (``core.web``): a page shows it on the form or as a message, the
API answers 422 ``{"field", "message"}``, an HTMX request gets the message partial.
"""

from __future__ import annotations


class DomainError(ValueError):
    """A refused operation. ``message`` is the Chinese text shown to the user; ``field`` the form field
    (or import column) it concerns, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field or ""

    def as_dict(self) -> dict[str, str | None]:
        return {"field": self.field or None, "message": self.message}
