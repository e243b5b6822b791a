"""What funeral work adds to the platform (discovered by ``core.contributions`` at start-up): navigation (each entry
shown with the capability its page requires), the person-page panel (a registered death), the seed step and the
indicators of figures 32–39."""

from __future__ import annotations

from typing import Any

from minzheng.core.bench import bench_register
from minzheng.core.demo import demo_attach_register
from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register
from minzheng.funeral.bench import booking_bench, booking_bench_arguments
from minzheng.funeral.indicators import funeral_indicators_register
from minzheng.funeral.seeding import funeral_demo_attach, funeral_seed
from minzheng.registry.panels import person_panel_register

SECTION = "殡葬管理"
for order, label, url_name, capability in (
    (80, "死亡登记", "funeral:death_list", "funeral.read"),
    (81, "火化记录", "funeral:cremation_list", "funeral.read"),
    (82, "公墓与墓位", "funeral:cemetery_list", "funeral.read"),
    (83, "清明祭扫", "funeral:qingming", "funeral.read"),
    (84, "代祭扫", "funeral:proxy_list", "funeral.read"),
    (85, "网上祭祀留言审核", "funeral:message_list", "funeral.moderate"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)


def person_panel_context(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.funeral.models import Death

    return {"death": Death.objects.visible_to(user).filter(person=person).select_related("cremation").first()}


person_panel_register(
    order=90, title="死亡与殡葬", template="funeral/_person_panel.html", context=person_panel_context,
    capability="funeral.read",
)  # fmt: skip
# 60: after the programs made their enrollments (assistance 30, disability 45, children 55), before the ledger's
# payroll history (90) pays the year
seed_register(order=60, label="殡葬管理", run=funeral_seed)
demo_attach_register(order=60, label="殡葬管理", run=funeral_demo_attach)
funeral_indicators_register()
bench_register(
    "booking",
    booking_bench,
    help="清明预约放号并发压测（生产服务器 + 本机HTTP客户端）：每时段接受数、重复预约、吞吐、p50/p99，对照裸条件UPDATE",
    arguments=booking_bench_arguments,
)
