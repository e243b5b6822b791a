"""What social assistance adds to the platform at start-up (called from AssistanceConfig.ready): the
navigation, the person-page panel, the seed step, the price-subsidy payroll source, the indicators."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from minzheng.core.roles import Perm, Role

CASE_ROLES = (Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER)
DECISION_ROLES = (Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER)


def person_panel_context(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.assistance import ledger
    from minzheng.assistance.selectors import applications_for_person

    if user.role not in CASE_ROLES:
        return {"hidden": True}
    return {
        "enrollments": list(ledger.for_person(user=user, person=person)),
        "applications": list(applications_for_person(user=user, person=person)[:20]),
    }


def home_panel_context(user: Any) -> dict[str, Any]:
    from minzheng.assistance.selectors import application_list, reviews_due, reviews_proposed

    return {
        "open_count": application_list(user=user, open_only=True).count(),
        "overdue_count": application_list(user=user, open_only=True, overdue_only=True).count(),
        "reviews_due_count": reviews_due(user=user).count(),
        "proposed_count": reviews_proposed(user=user).count(),
    }


def assistance_register() -> None:
    from minzheng.core.navigation import nav_register
    from minzheng.core.seeding import seed_register

    section = "社会救助"
    for order, label, url_name, roles, perm in (
        (30, "救助申请", "assistance:application_list", CASE_ROLES, ""),
        (31, "新申请", "assistance:application_new", (Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER), ""),
        (32, "待复核", "assistance:reviews_due", DECISION_ROLES, ""),
        (33, "在保统计", "assistance:indicators", CASE_ROLES, ""),
        (34, "备用金", "assistance:reserve_list", DECISION_ROLES, ""),
        (35, "价格补贴/CPI", "assistance:cpi_list", (), Perm.EDIT_STANDARDS),
        (36, "救助参数", "assistance:parameter_list", (), Perm.EDIT_STANDARDS),
    ):
        nav_register(section=section, label=label, url_name=url_name, roles=roles, perm=perm, order=order)

    from minzheng.core.home import home_panel_register

    home_panel_register(
        order=30, template="assistance/_home_panel.html", context=home_panel_context, roles=DECISION_ROLES
    )
    from minzheng.registry.panels import person_panel_register

    person_panel_register(
        order=10, title="社会救助", template="assistance/_person_panel.html", context=person_panel_context
    )

    from minzheng.assistance.seeding import assistance_seed

    seed_register(order=30, label="社会救助", run=assistance_seed)

    from minzheng.assistance.price import price_subsidy_register

    price_subsidy_register()

    if apps.is_installed("minzheng.reports"):
        from minzheng.assistance.indicators import assistance_indicators_register

        assistance_indicators_register()
