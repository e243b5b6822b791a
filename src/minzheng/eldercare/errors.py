class EldercareError(ValueError):
    """A refused eldercare operation; ``message`` is the Chinese text for the user, ``field`` the form field."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
