"""What the aggregate data sets add to the platform (discovered by ``core.contributions``): navigation under 统计报表,
the indicators over approved values, the seed step."""

from __future__ import annotations

from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register
from minzheng.datasets.indicators import datasets_indicators_register
from minzheng.datasets.seeding import datasets_seed

SECTION = "统计报表"
for order, label, url_name, capability in (
    (20, "汇总报表", "datasets:list", "datasets.read"),
    (21, "填报汇总报表", "datasets:entry_home", "datasets.enter"),
    (22, "审核汇总报表", "datasets:approval_home", "datasets.approve"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

# 96: the regions are all it needs; before the statistics' last step (99) computes the overview
seed_register(order=96, label="汇总报表", run=datasets_seed)
datasets_indicators_register()
