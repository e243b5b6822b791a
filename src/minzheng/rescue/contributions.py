"""What the rescue station adds to the platform (discovered by ``core.contributions`` at start-up): its case type,
the navigation (each entry shown with the capability its page requires), the person-page panel, the seed step and
the indicators of figures 44–50."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register
from minzheng.registry.panels import person_panel_register
from minzheng.rescue import casetypes  # noqa: F401  (registers the rescue_intake case type)
from minzheng.rescue.seeding import rescue_seed

SECTION = "救助管理"
for order, label, url_name, capability in (
    (80, "流浪乞讨人员救助", "rescue:intake_list", "rescue.read"),
    (81, "登记求助", "rescue:intake_new", "rescue.intake"),
    (82, "寻亲与时限", "rescue:tracing", "rescue.read"),
    (83, "街面发现", "rescue:outreach", "rescue.read"),
    (84, "第二课堂", "rescue:session_list", "rescue.read"),
    (85, "专项活动", "rescue:campaign_list", "rescue.read"),
    (86, "困境未成年人走访", "rescue:visit_list", "rescue.read"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)


def person_panel_context(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.rescue.selectors import person_intakes

    return {"intakes": person_intakes(user=user, person=person)}


person_panel_register(
    order=45,
    title=SECTION,
    template="rescue/_person_panel.html",
    context=person_panel_context,
    capability="rescue.read",
)
seed_register(order=56, label=SECTION, run=rescue_seed)

if apps.is_installed("minzheng.reports"):
    from minzheng.rescue.indicators import rescue_indicators_register

    rescue_indicators_register()
