"""Given-state for the reports tests, reached through the registry's real services."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.testing import GRID_A
from minzheng.registry import services
from minzheng.registry.models import House, Person


def house(actor: User, *, code: str, grid: str) -> House:
    return services.house_create(
        actor=actor, code=code, address=f"{code}号", grid=Region.objects.get(code=grid)
    )


def person(actor: User, *, seq: int, home: House, birth: date = date(1950, 5, 1)) -> Person:
    return services.person_create(
        actor=actor,
        id_number=make_citizen_id(region_code="460105", birth_date=birth, sequence=seq),
        name="王小明",
        residence_house=home,
    )


def event_closed(personas, *, at: datetime) -> None:  # noqa: ANN001
    """An event of grid A through the grid's services: 上报 → 受理立案 → 交网格处置 → 处置反馈 → 核查结案."""
    from minzheng.grid import services as grid_services
    from minzheng.grid.categories import categories_load
    from minzheng.grid.models import EventCategory
    from minzheng.grid.seed_year import event_attribute_values

    categories_load()  # only the missing ones: a seeded year keeps its own
    category = EventCategory.objects.filter(parent__isnull=False, active=True).order_by("code").first()
    event = grid_services.event_report(
        actor=personas.grid_a, category=category, attributes=event_attribute_values(category),
        description="路灯损坏，已拍照", source="grid_worker", grid=Region.objects.get(code=GRID_A), at=at,
    )  # fmt: skip
    steps = ((personas.town, "file"), (personas.town, "dispatch_grid"), (personas.grid_a, "feedback"),
             (personas.grid_a, "verify"))  # fmt: skip
    for n, (actor, action) in enumerate(steps, start=1):
        grid_services.event_act(
            actor=actor, event=event, action=action, comment="已处置" if action != "file" else "",
            at=at + timedelta(hours=n),
        )  # fmt: skip
