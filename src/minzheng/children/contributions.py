"""What child welfare adds to the platform (discovered by ``core.contributions`` at start-up): its two case types,
the navigation (each entry shown with the capability its page requires), the person-page panel, the payroll
sources and category labels of its two allowances on the ledger, the seed step and the indicators."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from minzheng.benefits.programs import category_labels_register, program_group_register
from minzheng.children import casetypes, rules  # noqa: F401  (casetypes registers the case types)
from minzheng.children.payroll import children_payroll_register
from minzheng.children.seeding import children_seed
from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register
from minzheng.registry.panels import person_panel_register

SECTION = "儿童福利"
for order, label, url_name, capability in (
    (70, "孤儿和事实无人抚养儿童", "children:support_list", "children.read"),
    (71, "新申请", "children:support_new", "children.apply"),
    (72, "儿童主任和督导员", "children:worker_list", "children.read"),
    (73, "走访记录", "children:visit_list", "children.read"),
    (74, "弃婴接收", "children:intake_list", "children.read"),
    (75, "关爱政策宣讲", "children:outreach_list", "children.read"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)


def person_panel_context(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.children.models import Support

    supports = list(Support.objects.visible_to(user).filter(child=person).select_related("case")[:10])
    return {"supports": supports}


person_panel_register(
    order=25,
    title="儿童福利",
    template="children/_person_panel.html",
    context=person_panel_context,
    capability="children.read",
)
category_labels_register(rules.CATEGORY_LABELS)
# 孤儿、事实无人抚养儿童: the price subsidy's scope
program_group_register("children_in_care", rules.PROGRAMS)
children_payroll_register()
seed_register(order=55, label="儿童福利", run=children_seed)

if apps.is_installed("minzheng.reports"):
    from minzheng.children.indicators import children_indicators_register

    children_indicators_register()
