"""What social organisations and social work add to the platform (discovered by ``core.contributions``): the
registration case types, navigation, indicators (figure 55), the seed step."""

from __future__ import annotations

from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register
from minzheng.orgs import casetypes  # noqa: F401  (registers the registration case types)
from minzheng.orgs.indicators import orgs_indicators_register
from minzheng.orgs.seeding import orgs_seed

SECTION = "社会组织"  # the bar files it under 基层治理 (core.navigation.MENUS)
for order, label, url_name, capability in (
    (75, "社会组织名录", "orgs:organisation_list", "orgs.read"),
    (76, "社会组织登记申请", "orgs:application_list", "orgs.read"),
    (77, "年报逾期名单", "orgs:overdue", "orgs.read"),
    (78, "活动异常名录", "orgs:listing_list", "orgs.read"),
    (79, "社区社会组织备案", "orgs:filing_list", "orgs.read"),
    (80, "社会工作者与社工站", "orgs:worker_list", "orgs.read"),
    (81, "政府购买服务项目", "orgs:project_list", "orgs.read"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

# 60: after the registry (10) made the people the legal representatives and social workers are drawn from
seed_register(order=60, label="社会组织与社会工作", run=orgs_seed)
orgs_indicators_register()
