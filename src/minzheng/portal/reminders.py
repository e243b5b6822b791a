"""Reminders to citizens (a review due, a booking tomorrow), sent once a day by ``minzheng manage reminders``
(the deployment runs it from a timer; the demo's worker does not). Each service of the site registers a function
that, for a day, notifies whom it must; ``notify``'s key makes a second run of the same day send nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

Reminder = Callable[[date], int]  # notifies for ``day``, returns how many notices it sent

_REMINDERS: dict[str, Reminder] = {}


def reminder_register(name: str) -> Callable[[Reminder], Reminder]:
    def decorator(fn: Reminder) -> Reminder:
        _REMINDERS[name] = fn
        return fn

    return decorator


def reminders_send(day: date) -> dict[str, int]:
    """Run every registered reminder for ``day``: {its name: notices sent}."""
    return {name: fn(day) for name, fn in sorted(_REMINDERS.items())}
