"""What the ledger adds to the platform at start-up: navigation, the person-page panel, seed steps and
the payroll benchmark."""

from __future__ import annotations

from typing import Any

from minzheng.core.roles import Role

RUN_ROLES = (Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.TOWN_CASEWORKER, Role.AUDITOR)
STANDARD_ROLES = (
    Role.CITY_MANAGER,
    Role.DISTRICT_REVIEWER,
    Role.TOWN_CASEWORKER,
    Role.COMMUNITY_WORKER,
    Role.AUDITOR,
)


def _person_panel_context(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.benefits.selectors import enrollment_list_for_person

    return {"enrollments": enrollment_list_for_person(person, user=user)}


def benefits_register() -> None:
    from minzheng.core.bench import bench_register
    from minzheng.core.navigation import nav_register
    from minzheng.core.seeding import seed_register
    from minzheng.registry.panels import person_panel_register

    nav_register(section="待遇发放", label="工资单", url_name="benefits:run_list", roles=RUN_ROLES, order=40)
    nav_register(
        section="待遇发放",
        label="保障标准",
        url_name="benefits:standard_list",
        roles=STANDARD_ROLES,
        order=41,
    )
    person_panel_register(
        order=30, title="救助待遇", template="benefits/_person_panel.html", context=_person_panel_context
    )
    from minzheng.benefits.indicators import benefits_indicators_register
    from minzheng.benefits.seed_year import ledger_year_seed
    from minzheng.benefits.seeding import payroll_history_seed, standards_seed

    benefits_indicators_register()
    seed_register(order=15, label="保障标准（演示）", run=standards_seed)
    # 85: after the domains' own steps (10–50) made the enrollments, before the payroll history (90) pays them
    seed_register(order=85, label="救助资金年度校准（按种子文件总额）", run=ledger_year_seed)
    seed_register(order=90, label="历史工资单（演示）", run=payroll_history_seed)
    from minzheng.benefits.bench import payroll_bench, payroll_bench_arguments

    bench_register(
        "payroll",
        payroll_bench,
        help="100万条保障记录的月度工资单计算，对比同次测得的裸 INSERT … SELECT",
        arguments=payroll_bench_arguments,
    )
