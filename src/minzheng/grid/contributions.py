"""What grid governance contributes to the spine (discovered at start-up by ``core.contributions``): the
grid event case type, the navigation, the seed steps (the grid itself, the demo accounts' places, and a
synthetic year's campaign and closed events), the Open311 benchmark, the person-page panel and the
indicators."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q

from minzheng.casework.topics import case_topic_register
from minzheng.core.bench import bench_register
from minzheng.core.demo import demo_attach_register
from minzheng.core.home import home_panel_register
from minzheng.core.navigation import nav_register
from minzheng.core.roles import can
from minzheng.core.seeding import seed_register
from minzheng.grid import casetypes  # noqa: F401  (registers the grid_event case type)
from minzheng.grid.bench import events_bench, events_bench_arguments
from minzheng.grid.indicators import indicator_specs
from minzheng.grid.seed import grid_demo_attach, grid_seed
from minzheng.grid.seed_year import grid_year_seed
from minzheng.registry.panels import person_panel_register

SECTION = "网格治理"

# Each entry is shown to the users the page's staff_view accepts: the same capability.
_NAVIGATION = (
    ("上报事件", "grid:event_new", "event.report"),
    ("网格事件", "grid:event_list", "grid.view"),
    ("部门待办", "grid:department_tasks", "department.handle"),
    ("工作负荷", "grid:load", "grid.load"),
    ("网格", "grid:grid_list", "grid.view"),
    ("网格员名册", "grid:worker_list", "grid.view"),
    ("处置单位", "grid:department_list", "grid.view"),
    ("事件分类", "grid:category_list", "grid.view"),
    ("排查任务", "grid:campaign_list", "grid.view"),
    ("居家医学观察", "grid:observation_list", "grid.view"),
    ("绩效考核", "grid:performance", "performance.view"),
    ("接口密钥", "grid:client_list", "open311.keys"),
)
for order, (label, url_name, capability) in enumerate(_NAVIGATION, start=40):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

# The field worker's usual action, first on the home page and big enough for a thumb (issue 12).
home_panel_register(
    order=5, template="grid/_home_report.html", context=lambda user: {}, capability="event.report"
)

seed_register(order=40, label=SECTION, run=grid_seed)
demo_attach_register(order=40, label=SECTION, run=grid_demo_attach)
# After every domain's own step (10–50) and before the ledger's year (85, 90): the year's epidemic
# screening and its closed events, on the grids, workers and households the earlier steps made.
seed_register(order=84, label="网格治理年度业务", run=grid_year_seed)

# other domains find grid events by category (the rescue station takes up 流浪乞讨) through casework's topics
case_topic_register("grid_event", lambda code: Q(grid_event__category__code=code))

bench_register(
    "events",
    events_bench,
    help="Open311 事件受理接口持续压测（生产服务器 + 本机负载发生器）：每秒请求数、p50/p99 延迟",
    arguments=events_bench_arguments,
)


def _person_panel(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.grid.selectors import person_grid_panel

    # the observation pages are grid pages: linked only for users who may open them
    return {**person_grid_panel(user=user, person=person), "can_open": can(user, "grid.view")}


person_panel_register(order=40, title=SECTION, template="grid/_person_panel.html", context=_person_panel)

if apps.is_installed("minzheng.reports"):
    from minzheng.reports.registry import indicator_register

    for spec in indicator_specs():
        indicator_register(**spec)
