"""What the policy library adds to the platform: navigation, indicators, the seed step, and the lookup that shows on
the parameters' own pages which document set each value (``core.parameters``)."""

from __future__ import annotations

from minzheng.core.navigation import nav_register
from minzheng.core.parameters import parameter_source_register
from minzheng.core.seeding import seed_register
from minzheng.policy.indicators import policy_indicators_register
from minzheng.policy.seeding import policy_seed
from minzheng.policy.selectors import parameter_sources_lookup

nav_register(
    section="政策文件",
    label="政策文件库",
    url_name="policy:document_list",
    capability="policy.read",
    order=95,
)
seed_register(order=63, label="政策文件库", run=policy_seed)
policy_indicators_register()
parameter_source_register(parameter_sources_lookup)
