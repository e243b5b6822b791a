"""Background work of the statistics: keeping the dashboards' snapshots fresh (run by ``minzheng worker``)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from minzheng.core.models import Region
from minzheng.reports.snapshots import snapshots_refresh


@task()
def snapshots_refresh_task() -> int:
    """Recompute the dashboard figures read in the last hour that are more than a few minutes old. A system
    task, not a user's job: it has no row in 后台任务 (it runs every few minutes while dashboards are read)."""
    return snapshots_refresh()


@task()
def dashboard_children_warm_task(region_id: int, domain: str, year: int, today: str) -> int:
    """A dashboard was read: compute the same dashboard of each of its child regions (the drill-down) so that
    those pages, opened next, read snapshots. A system task, like the refresh."""
    from minzheng.reports.dashboards import dashboard_children_warm

    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        return 0
    return dashboard_children_warm(region=region, domain=domain, year=year, today=date.fromisoformat(today))
