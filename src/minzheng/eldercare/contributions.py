"""What elderly care adds to the platform (discovered by ``core.contributions`` at start-up): the 12349 case
types, the navigation entries (each shown with the capability its page requires), the person-page panel, the
seed and demo steps and the indicators."""

from __future__ import annotations

from minzheng.core.demo import demo_attach_register
from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register
from minzheng.eldercare import casetypes  # noqa: F401  (registers the 12349 case types)
from minzheng.eldercare.indicators import eldercare_indicators_register
from minzheng.eldercare.seed import eldercare_demo_attach, eldercare_seed
from minzheng.eldercare.seed_works import works_seed_step
from minzheng.eldercare.selectors import person_panel
from minzheng.registry.panels import person_panel_register

SECTION = "养老服务"
NAV = (
    (60, "养老服务概览", "eldercare:home", "eldercare.overview"),
    (61, "12349看板", "eldercare:help_board", "eldercare.help_read"),
    (62, "12349受理", "eldercare:help_new", "eldercare.help_take"),
    (63, "养老机构", "eldercare:institution_list", "eldercare.records_read"),
    (64, "长者饭堂助餐", "eldercare:meal_list", "eldercare.records_read"),
    (65, "助餐补贴结算", "eldercare:settlement_list", "eldercare.records_read"),
    (66, "能力评估", "eldercare:assessment_list", "eldercare.records_read"),
    (67, "检查与整改", "eldercare:inspection_list", "eldercare.records_read"),
    (68, "养老服务参数", "eldercare:parameters", "eldercare.records_read"),
    (69, "机构改造工程", "eldercare:works_list", "eldercare.works_read"),
)

for order, label, url_name, capability in NAV:
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

person_panel_register(
    order=20,
    title="养老服务",
    template="eldercare/_person_panel.html",
    context=lambda user, person: person_panel(user=user, person=person),
)
seed_register(order=50, label="养老服务", run=eldercare_seed)
seed_register(order=51, label="敬老院改造工程", run=works_seed_step)
demo_attach_register(order=50, label="养老服务", run=eldercare_demo_attach)
eldercare_indicators_register()
