"""Background tasks of the grid domain (run by ``minzheng worker``)."""

from __future__ import annotations

from django_tasks import task

from minzheng.core.audit import acting_as


@task()
def open311_intake_task() -> int:
    """File the pending Open311 requests as events (services/intake.py)."""
    from minzheng.grid.services.intake import open311_intake_drain

    with acting_as(None):
        return open311_intake_drain()
