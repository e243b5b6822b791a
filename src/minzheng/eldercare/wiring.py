"""What eldercare registers with the platform at start-up (called from ``EldercareConfig.ready``):
navigation, the person-page panel, the seed step and the indicators."""

from __future__ import annotations

from minzheng.core.roles import Perm, Role

OFFICE = (Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.TOWN_CASEWORKER)


def wiring_register() -> None:
    from minzheng.core.demo import demo_attach_register
    from minzheng.core.navigation import nav_register
    from minzheng.core.seeding import seed_register
    from minzheng.eldercare.indicators import eldercare_indicators_register
    from minzheng.eldercare.seed import eldercare_demo_attach, eldercare_seed
    from minzheng.eldercare.selectors import ELDERCARE_ROLES, person_panel
    from minzheng.registry.panels import person_panel_register

    section = "养老服务"
    operator, provider = Role.HOTLINE_OPERATOR, Role.INSTITUTION_OPERATOR
    for order, label, url_name, roles, perm in (
        (60, "养老服务概览", "eldercare:home", tuple(sorted(ELDERCARE_ROLES)), ""),
        (61, "12349看板", "eldercare:help_board", (operator, provider, *OFFICE), ""),
        (62, "12349受理", "eldercare:help_new", (operator,), ""),
        (63, "养老机构", "eldercare:institution_list", (*OFFICE, provider, Role.COMMUNITY_WORKER), ""),
        (64, "长者饭堂助餐", "eldercare:meal_list", (*OFFICE, provider, Role.COMMUNITY_WORKER), ""),
        (
            65,
            "助餐补贴结算",
            "eldercare:settlement_list",
            (Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, provider),
            "",
        ),
        (66, "能力评估", "eldercare:assessment_list", (*OFFICE, provider, Role.COMMUNITY_WORKER), ""),
        (67, "检查与整改", "eldercare:inspection_list", (*OFFICE, provider), ""),
        (68, "养老参数设置", "eldercare:parameters", (Role.CITY_MANAGER,), Perm.EDIT_STANDARDS),
    ):
        nav_register(section=section, label=label, url_name=url_name, roles=roles, perm=perm, order=order)
    person_panel_register(
        order=20,
        title="养老服务",
        template="eldercare/_person_panel.html",
        context=lambda user, person: person_panel(user=user, person=person),
    )
    seed_register(order=50, label="养老服务", run=eldercare_seed)
    demo_attach_register(order=50, label="养老服务", run=eldercare_demo_attach)
    eldercare_indicators_register()
