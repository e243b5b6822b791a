"""What social assistance adds to the platform (discovered by core at start-up): its case types, the
navigation, the home and person-page panels, the seed step, the price-subsidy payroll source, the labels
of its enrollment categories and its indicators."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from minzheng.assistance import casetypes, rules  # noqa: F401  (casetypes registers the case types)
from minzheng.assistance.festival import festival_subsidy_register, festival_year_seed
from minzheng.assistance.price import price_subsidy_register
from minzheng.assistance.seeding import assistance_seed
from minzheng.benefits.programs import category_labels_register
from minzheng.core.home import home_panel_register
from minzheng.core.navigation import nav_register
from minzheng.core.parameters import DatedParameter, parameter_catalogue_register
from minzheng.core.roles import Perm, can
from minzheng.core.seeding import seed_register
from minzheng.registry.panels import person_panel_register


def person_panel_context(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.assistance import ledger
    from minzheng.assistance.selectors import applications_for_person

    if not can(user, "assistance.read"):
        return {"hidden": True}
    return {
        "enrollments": list(ledger.for_person(user=user, person=person)),
        "applications": list(applications_for_person(user=user, person=person)[:20]),
        "can_read_enrollments": can(user, "assistance.reviews"),
    }


def home_panel_context(user: Any) -> dict[str, Any]:
    from minzheng.assistance.selectors import application_list, reviews_due, reviews_proposed

    return {
        "open_count": application_list(user=user, open_only=True).count(),
        "overdue_count": application_list(user=user, open_only=True, overdue_only=True).count(),
        "reviews_due_count": reviews_due(user=user).count(),
        "proposed_count": reviews_proposed(user=user).count(),
    }


def parameter_catalogue() -> list[DatedParameter]:
    """The 救助参数 as dated parameters (``assistance.<code>``), for the policy library's links."""
    from minzheng.assistance.selectors import parameter_list, plain_decimal

    return [DatedParameter(key=f"assistance.{p.code}", effective_from=p.effective_from, label=p.get_code_display(),
                           value=f"{plain_decimal(p.value)}{rules.PARAM_SPECS[p.code].unit}", region=p.region.name)
            for p in parameter_list() if p.code in rules.PARAM_SPECS]  # fmt: skip


SECTION = "社会救助"
for order, label, url_name, capability in (
    (30, "救助申请", "assistance:application_list", "assistance.read"),
    (31, "新申请", "assistance:application_new", "assistance.apply"),
    (32, "待复核", "assistance:reviews_due", "assistance.reviews"),
    (33, "在保统计", "assistance:indicators", "assistance.read"),
    (34, "备用金", "assistance:reserve_list", "reserve.read"),
    (35, "价格补贴/CPI", "assistance:cpi_list", Perm.EDIT_STANDARDS),
    (36, "救助参数", "assistance:parameter_list", Perm.EDIT_STANDARDS),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

# The panel's links lead to the reviews and applications, so it is shown to who may open them.
home_panel_register(
    order=30,
    template="assistance/_home_panel.html",
    context=home_panel_context,
    capability="assistance.reviews",
)
person_panel_register(
    order=10, title="社会救助", template="assistance/_person_panel.html", context=person_panel_context
)
seed_register(order=30, label="社会救助", run=assistance_seed)
# 86: after every program's enrollments of the year, before the ledger's payroll history (90) pays December
seed_register(order=86, label="节日一次性价格补贴", run=festival_year_seed)
price_subsidy_register()
festival_subsidy_register()
parameter_catalogue_register(parameter_catalogue)
# 临时救助's enrollments carry the kind of help as their category (支出型 / 急难型).
category_labels_register(
    {str(kind): f"临时救助：{label}" for kind, label in rules.TEMPORARY_KIND_LABELS.items()}
)

if apps.is_installed("minzheng.reports"):
    from minzheng.assistance.indicators import assistance_indicators_register

    assistance_indicators_register()
