"""What place names add to the platform (discovered by ``core.contributions``): the naming case type, navigation,
indicators, the seed step."""

from __future__ import annotations

from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register
from minzheng.placenames import casetypes  # noqa: F401  (registers the naming case type)
from minzheng.placenames.indicators import placenames_indicators_register
from minzheng.placenames.seeding import placenames_seed

SECTION = "区划地名"
for order, label, url_name, capability in (
    (80, "地名录", "placenames:name_list", "placenames.read"),
    (81, "命名更名申请", "placenames:application_list", "placenames.read"),
    (82, "地名标志", "placenames:sign_list", "placenames.read"),
    (83, "界桩", "placenames:marker_list", "placenames.read"),
    (84, "损坏修复", "placenames:repair_list", "placenames.read"),
    (85, "区划调整", "placenames:change_list", "placenames.read"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

# 85: after the grid's year (84), whose accounts it may share (seed_<code>); it needs only the region tree
seed_register(order=85, label="区划地名", run=placenames_seed)
placenames_indicators_register()
