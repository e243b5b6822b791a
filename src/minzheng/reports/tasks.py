"""Background work of the statistics: keeping the dashboards' snapshots fresh (run by ``minzheng worker``)."""

from __future__ import annotations

from django_tasks import task

from minzheng.reports.snapshots import snapshots_refresh


@task()
def snapshots_refresh_task() -> int:
    """Recompute the dashboard figures read in the last hour that are more than a few minutes old. A system
    task, not a user's job: it has no row in 后台任务 (it runs every few minutes while dashboards are read)."""
    return snapshots_refresh()
