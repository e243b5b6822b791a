"""What marriage registration adds to the platform (discovered by ``core.contributions``): navigation, the
registrar's home panel (today's appointments) and worklist, the person-page panel (marital status from the
register), indicators, the seed step and the demo registrar's office."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from minzheng.casework.worklist import WorkItem, worklist_source_register
from minzheng.core.demo import demo_attach_register
from minzheng.core.home import home_panel_register
from minzheng.core.navigation import nav_register
from minzheng.core.roles import can
from minzheng.core.seeding import seed_register
from minzheng.marriage.indicators import marriage_indicators_register
from minzheng.marriage.seeding import marriage_demo_attach, marriage_seed
from minzheng.registry.panels import person_panel_register


def _home(user: Any) -> dict[str, Any]:
    from minzheng.marriage.models import Appointment, DivorceApplication

    today = timezone.localdate()
    todays = Appointment.objects.visible_to(user).filter(day=today)
    booked = todays.filter(status=Appointment.Status.BOOKED)
    collectable = DivorceApplication.objects.visible_to(user).filter(
        status=DivorceApplication.Status.COOLING, cooling_off_ends__lt=today, collect_ends__gte=today
    )
    return {
        "booked": booked.count(),
        "done": todays.filter(status=Appointment.Status.DONE).count(),
        "collectable": collectable.count(),
        "first": list(booked.select_related("office", "man", "woman").order_by("id")[:5]),
    }


def _worklist(user: Any) -> list[WorkItem]:
    """Today's booked appointments at the registrar's offices, and the divorce applications both parties may
    now come back for."""
    from minzheng.marriage.models import Appointment, DivorceApplication

    today = timezone.localdate()
    items = [
        WorkItem(title=f"{a.get_kind_display()}预约 · {a.man.name}、{a.woman.name}",
                 url=reverse("marriage:appointment_detail", args=[a.pk]), step="今日待办理", region=a.office.name)
        for a in Appointment.objects.filter(office__registrars=user, day=today, status=Appointment.Status.BOOKED)
        .select_related("office", "man", "woman").order_by("id")[:50]
    ]  # fmt: skip
    items += [
        WorkItem(title=f"离婚登记申请 · {d.man.name}、{d.woman.name}",
                 url=reverse("marriage:divorce_detail", args=[d.pk]), step="冷静期届满，待双方申领离婚证",
                 region=d.office.name)
        for d in DivorceApplication.objects.filter(office__registrars=user, status=DivorceApplication.Status.COOLING,
                                                   cooling_off_ends__lt=today, collect_ends__gte=today)
        .select_related("office", "man", "woman").order_by("collect_ends")[:50]
    ]  # fmt: skip
    return items


def _person_panel(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.marriage.models import Registration
    from minzheng.marriage.selectors import MARITAL_LABELS, marital_status

    if not can(user, "marriage.read"):
        return {"hidden": True}
    status, _ = marital_status(person)
    visible = Registration.objects.visible_to(user).filter(man=person) | Registration.objects.visible_to(
        user
    ).filter(woman=person)
    return {"status": MARITAL_LABELS[status], "registrations": list(visible.select_related("office")[:20])}


SECTION = "婚姻登记"
for order, label, url_name, capability in (
    (80, "今日预约", "marriage:appointment_list", "marriage.read"),
    (81, "婚姻登记档案", "marriage:register_list", "marriage.read"),
    (82, "离婚登记申请", "marriage:divorce_list", "marriage.read"),
    (83, "不予登记记录", "marriage:refusal_list", "marriage.read"),
    (84, "婚姻登记机关", "marriage:office_list", "marriage.offices"),
):
    nav_register(section=SECTION, label=label, url_name=url_name, capability=capability, order=order)

home_panel_register(
    order=15, template="marriage/_home_panel.html", context=_home, capability="marriage.register"
)
worklist_source_register("婚姻登记", _worklist, capability="marriage.register")
person_panel_register(
    order=40, title="婚姻登记", template="marriage/_person_panel.html", context=_person_panel,
    capability="marriage.read",
)  # fmt: skip
# 60: after the registry (people) and the domains that use them; before the ledger's payroll history (90)
seed_register(order=60, label="婚姻登记", run=marriage_seed)
demo_attach_register(order=60, label="婚姻登记", run=marriage_demo_attach)
marriage_indicators_register()
