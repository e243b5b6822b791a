"""What the citizens' site adds to the platform: the demo's sample resident (a seed step) and, by importing the
modules that declare them, the reminders of its services (``portal.reminders``)."""

from __future__ import annotations

from typing import Any

from minzheng.core.navigation import nav_register
from minzheng.core.seeding import seed_register


def demo_resident(**_: Any) -> str:
    """Name a resident of the demo who can sign in on /m/ with a verified session: a member of an enrollment
    of the ledger with a mobile number on record (the code appears in the terminal, ConsoleBackend)."""
    from minzheng.benefits.models import Enrollment
    from minzheng.registry.models import Person

    person = (
        Person.objects.filter(
            pk__in=Enrollment.objects.filter(status=Enrollment.Status.ACTIVE).values("person"),
            phone__regex=r"^1[3-9][0-9]{9}$",
            status=Person.Status.NORMAL,
        )
        .order_by("pk")
        .first()
    )
    if person is None:
        return "没有登记手机号的在保居民，公众服务请用任意身份证号码登录（未核验）"
    return f"示例居民 {person.name}，身份证号码 {person.id_number}（合成数据），访问 /m/ 登录，验证码显示在服务终端"


seed_register(order=99, label="公众服务", run=demo_resident)
nav_register(
    section="平台", label="公众用户", url_name="portal_staff:accounts", capability="portal.support", order=50
)
# the services' reminders ("events" of services_report; reminders_civil: bookings tomorrow; civil_follow: staff
# changes to the civil bookings made on the site; services_apply: 申请救助 state changes and reviews due)
from minzheng.portal import civil_follow, reminders_civil, services_apply, services_report  # noqa: E402, F401
