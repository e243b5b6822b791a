"""What the statistics add to the spine (discovered by core at start-up): the region tree's indicators, the
navigation, the last seed step (forget cached figures after bulk work, compute the city's overview) and
``minzheng bench report``. Every other app registers its own figures from its ``indicators`` module."""

from minzheng.core.bench import bench_register
from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register
from minzheng.reports.bench import report_bench, report_bench_arguments
from minzheng.reports.snapshots import snapshots_seed
from minzheng.reports.spine import spine_indicators_register

spine_indicators_register()

for order, (label, url_name) in enumerate(
    (
        ("综合看板", "reports:dashboard_home"),
        ("指标表", "reports:table_home"),
        ("年度总结", "reports:annual"),
    ),
    start=1,
):
    nav_register(section="统计报表", label=label, url_name=url_name, capability="report.view", order=order)

# 99: after every domain's step and the synthetic year, whose bulk paths send no signals.
seed_register(order=99, label="统计看板", run=snapshots_seed)
bench_register(
    "report",
    report_bench,
    help="年度总结（海口全市规模，PostgreSQL）：冷缓存与热缓存用时，对比同次测得的裸SQL计数",
    arguments=report_bench_arguments,
)
