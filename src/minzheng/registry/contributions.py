"""What the registry contributes to the spine (discovered by ``core.contributions``): its pages in the
navigation, the synthetic registry as a seed step, and ``minzheng bench registry``.

Each navigation entry asks the capability its page's ``staff_view`` requires, so a link is shown only to
those the page accepts: 人员查询/户/房屋 ``registry.read``, 疑似重复 维护人房信息 (``Perm.EDIT_REGISTRY``),
批量导入 ``registry.import``. The person page's panels are contributed by the domains
(``registry.panels.person_panel_register`` in their own contributions modules); the registry adds none.
"""

from __future__ import annotations

from minzheng.core.bench import bench_register
from minzheng.core.jobs import worker_startup_register
from minzheng.core.navigation import nav_register
from minzheng.core.roles import Perm
from minzheng.core.seeding import seed_register
from minzheng.registry.bench import registry_bench, registry_bench_arguments
from minzheng.registry.importing.debris import worker_startup_cleanup
from minzheng.registry.synthetic import synthetic_registry_seed

SECTION = "人房信息"

for order, (label, url_name) in enumerate(
    [
        ("人员查询", "registry:person_list"),
        ("户", "registry:household_list"),
        ("房屋", "registry:house_list"),
    ],
    start=10,
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability="registry.read", order=order)
nav_register(
    section=SECTION,
    label="疑似重复",
    url_name="registry:duplicate_list",
    capability=Perm.EDIT_REGISTRY,
    order=13,
)
nav_register(
    section=SECTION, label="批量导入", url_name="registry_import:home", capability="registry.import", order=50
)

seed_register(order=10, label="人房信息", run=synthetic_registry_seed)
# an import killed with the worker: its staging table, its batch
worker_startup_register(worker_startup_cleanup)
bench_register(
    "registry",
    registry_bench,
    help="人员导入对比裸COPY、内存、按身份证/姓名/拼音查询",
    arguments=registry_bench_arguments,
)

# the registry's figures (people, houses, households) for dashboards and the annual report
from minzheng.registry.indicators import registry_indicators_register  # noqa: E402

registry_indicators_register()
