"""What the two disability subsidies add to the platform (discovered by ``core.contributions``): the case type,
the ledger's payroll sources and category labels, navigation, the person-page panel, indicators, the seed
step."""

from __future__ import annotations

from typing import Any

from minzheng.benefits.payroll import payroll_source_register
from minzheng.benefits.programs import category_labels_register
from minzheng.core.navigation import nav_register
from minzheng.core.roles import can
from minzheng.core.seeding import seed_register
from minzheng.disability import (
    casetypes,  # noqa: F401  (registers the application case type)
    rules,
)
from minzheng.disability.indicators import disability_indicators_register
from minzheng.disability.payroll import care_source, living_source
from minzheng.disability.seeding import disability_seed
from minzheng.registry.panels import person_panel_register


def _person_panel(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.disability.selectors import person_applications, person_certificates

    if not can(user, "disability.read"):
        return {"hidden": True}
    return {
        "certificates": person_certificates(person=person),
        "applications": person_applications(user=user, person=person),
    }


payroll_source_register(rules.LIVING, living_source)
payroll_source_register(rules.CARE, care_source)
category_labels_register(rules.CATEGORY_LABELS)

SECTION = "残疾人两项补贴"
for order, label, url_name, capability in (
    (70, "两项补贴申请", "disability:application_list", "disability.read"),
    (71, "登记申请", "disability:application_new", "disability.apply"),
    (72, "残疾人证信息", "disability:certificate_list", "disability.read"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

person_panel_register(
    order=35, title="残疾人两项补贴", template="disability/_person_panel.html", context=_person_panel
)
# 45: after social assistance (30) made the year's 低保 households, before the ledger's payroll history (90)
seed_register(order=45, label="残疾人两项补贴", run=disability_seed)
disability_indicators_register()
