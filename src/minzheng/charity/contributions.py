"""What charity fundraising adds to the platform (discovered by ``core.contributions``): navigation, the
person-page panel, indicators, the seed step."""

from __future__ import annotations

from typing import Any

from minzheng.charity.indicators import charity_indicators_register
from minzheng.charity.seeding import charity_seed
from minzheng.core.navigation import nav_register
from minzheng.core.roles import can
from minzheng.core.seeding import seed_register
from minzheng.registry.panels import person_panel_register


def _person_panel(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.charity.selectors import person_distributions

    if not can(user, "charity.read"):
        return {"hidden": True}
    return {"distributions": person_distributions(user=user, person=person)}


SECTION = "慈善"
for order, label, url_name, capability in (
    (80, "公开募捐活动", "charity:campaign_list", "charity.read"),
    (81, "登记募捐活动备案", "charity:campaign_new", "charity.campaign"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

person_panel_register(
    order=60, title="慈善款物", template="charity/_person_panel.html", context=_person_panel
)
# 62: after the registry's people (the recipients) exist
seed_register(order=62, label="慈善募捐", run=charity_seed)
charity_indicators_register()
