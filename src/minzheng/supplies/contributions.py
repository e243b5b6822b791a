"""What the materials ledger adds to the platform (discovered by ``core.contributions``): navigation, the
person-page panel, indicators, the seed step."""

from __future__ import annotations

from typing import Any

from minzheng.core.navigation import nav_register
from minzheng.core.roles import can
from minzheng.core.seeding import seed_register
from minzheng.registry.panels import person_panel_register
from minzheng.supplies.indicators import supplies_indicators_register
from minzheng.supplies.seeding import supplies_seed


def _person_panel(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.supplies.selectors import person_issues

    if not can(user, "supplies.read"):
        return {"hidden": True}
    return {"issues": person_issues(user=user, person=person)}


SECTION = "物资"
for order, label, url_name, capability in (
    (85, "物资库存", "supplies:stock_list", "supplies.read"),
    (86, "出入库记录", "supplies:movement_list", "supplies.read"),
    (87, "物资品目", "supplies:item_list", "supplies.read"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

person_panel_register(
    order=61, title="领取物资", template="supplies/_person_panel.html", context=_person_panel
)
# 64: after the registry's people (the recipients) exist
seed_register(order=64, label="物资台账", run=supplies_seed)
supplies_indicators_register()
