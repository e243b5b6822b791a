"""What community governance adds to the platform (discovered by ``core.contributions``): navigation, indicators,
the seed step."""

from __future__ import annotations

from minzheng.community.indicators import community_indicators_register
from minzheng.community.seeding import community_seed
from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register

SECTION = "社区治理"
for order, label, url_name, capability in (
    (80, "大社区与示范点", "community:project_list", "community.read"),
    (81, "证明事项清单", "community:item_list", "community.read"),
    (82, "出具的证明", "community:certificate_list", "community.read"),
    (83, "村（居）务公开", "community:posting_list", "community.read"),
    (84, "逾期未公开", "community:posting_overdue", "community.read"),
    (85, "换届选举", "community:election_list", "community.read"),
    (87, "小微权力清单", "community:power_overview", "community.read"),
    (88, "表彰奖励", "community:award_list", "community.read"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

# 62: after the registry (10) made the residents the voters' list and the certificates are drawn from
seed_register(order=62, label="基层治理与社区建设", run=community_seed)
community_indicators_register()
