"""What the grid domain contributes to the shared registries (called once from GridConfig.ready()):
navigation, the seed step, the benchmark, the person-page panel and the indicators."""

from __future__ import annotations

from typing import Any

from minzheng.core.roles import Role

SECTION = "网格治理"


def grid_register_all() -> None:
    _navigation()
    _seed()
    _bench()
    _person_panel()
    from minzheng.grid.indicators import grid_indicators_register

    grid_indicators_register()


def _navigation() -> None:
    from minzheng.core.navigation import nav_register
    from minzheng.grid.views._common import GRID_ROLES, MANAGER_ROLES, REPORTER_ROLES

    everyone = tuple(sorted(GRID_ROLES))
    managers = tuple(sorted(MANAGER_ROLES))
    entries: list[tuple[str, str, tuple[str, ...]]] = [
        ("上报事件", "grid:event_new", tuple(sorted(REPORTER_ROLES))),
        ("网格事件", "grid:event_list", everyone),
        ("部门待办", "grid:department_tasks", (Role.INSTITUTION_OPERATOR,)),
        ("工作负荷", "grid:load", managers),
        ("网格", "grid:grid_list", everyone),
        ("网格员名册", "grid:worker_list", everyone),
        ("处置单位", "grid:department_list", everyone),
        ("事件分类", "grid:category_list", everyone),
        ("排查任务", "grid:campaign_list", everyone),
        ("居家医学观察", "grid:observation_list", everyone),
        ("绩效考核", "grid:performance", (*managers, Role.GRID_WORKER)),
        ("接口密钥", "grid:client_list", (Role.CITY_MANAGER, Role.SYSADMIN)),
    ]
    for order, (label, url_name, roles) in enumerate(entries, start=40):
        nav_register(section=SECTION, label=label, url_name=url_name, roles=roles, order=order)


def _seed() -> None:
    from minzheng.core.demo import demo_attach_register
    from minzheng.core.seeding import seed_register
    from minzheng.grid.seed import grid_demo_attach, grid_seed
    from minzheng.grid.seed_year import grid_year_seed

    seed_register(order=40, label=SECTION, run=grid_seed)
    seed_register(order=85, label="网格治理年度业务（按种子文件总数）", run=grid_year_seed)
    demo_attach_register(order=40, label=SECTION, run=grid_demo_attach)


def _bench() -> None:
    from minzheng.core.bench import bench_register
    from minzheng.grid.bench import events_bench, events_bench_arguments

    bench_register(
        "events",
        events_bench,
        help="Open311 事件受理接口持续压测（生产服务器 + 本机负载发生器）：每秒请求数、p50/p99 延迟",
        arguments=events_bench_arguments,
    )


def _person_panel() -> None:
    from minzheng.registry.panels import person_panel_register

    def context(user: Any, person: Any) -> dict[str, Any]:
        from minzheng.grid.selectors import person_grid_panel

        return person_grid_panel(user=user, person=person)

    person_panel_register(order=40, title=SECTION, template="grid/_person_panel.html", context=context)
