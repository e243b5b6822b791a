"""Given-state for the funeral tests: registry people (assistance's test helpers), a funeral home with its operator,
the demo subsidy standard, deaths through the real service."""

from __future__ import annotations

from datetime import date

from minzheng.assistance.tests.given import at, family, person  # noqa: F401  (re-exported)
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.testing import user_make
from minzheng.funeral import services
from minzheng.funeral.models import Cemetery, Death, FuneralHome
from minzheng.funeral.seeding import subsidy_standard_demo_load


def operator(name: str = "jigou_fh", code: str = "460105") -> User:
    return User.objects.filter(username=name).first() or user_make(name, Role.INSTITUTION_OPERATOR, code)


def funeral_home(op: User | None = None) -> FuneralHome:
    home = services.funeral_home_add(name="海口市殡仪馆", region=Region.objects.get(code="460105"))
    if op is not None:
        home.operators.add(op)
    return home


def cemetery(name: str = "颜春岭公墓", code: str = "460107") -> Cemetery:
    return services.cemetery_add(
        name=name, kind=Cemetery.Kind.PUBLIC_WELFARE, region=Region.objects.get(code=code)
    )


def standard() -> None:
    subsidy_standard_demo_load()


def died(actor, who, *, on: date = date(2021, 3, 20), reporter=None) -> Death:  # noqa: ANN001
    return services.death_register(
        actor=actor, person=who, died_on=on, place="hospital", cause="disease", certificate_kind="medical",
        certificate_number="HN2021-000123", reporter_name="家属", reporter_relation="子女", reporter=reporter,
    )  # fmt: skip


def season(year: int = 2021, *, max_visitors: int = 10):  # noqa: ANN201
    """2021's season as Haikou's practice has it (domain.md §8): sweeping 3-18 to 4-05, bookings from 3-10."""
    from datetime import datetime

    from minzheng.assistance.tests.given import TZ
    from minzheng.funeral.booking import season_set

    return season_set(
        actor=None, year=year, sweep_from=date(year, 3, 18), sweep_to=date(year, 4, 5),
        booking_opens=datetime(year, 3, 10, 8, tzinfo=TZ), booking_closes=datetime(year, 4, 4, 20, tzinfo=TZ),
        max_visitors=max_visitors,
    )  # fmt: skip


def citizen_id(n: int, birth: date = date(1975, 4, 5)) -> str:
    from minzheng.core.ids import make_citizen_id

    return make_citizen_id(region_code="460106", birth_date=birth, sequence=n)


def booked(cemetery: Cemetery, *, n: int = 1):  # noqa: ANN201
    """A booking of person ``n`` at ``cemetery`` on 2021-04-04 08:00 (2021's season, opened if need be)."""
    from datetime import datetime, time

    from minzheng.assistance.tests.given import TZ
    from minzheng.funeral import booking
    from minzheng.funeral.models import Season, Slot

    found = Season.objects.filter(year=2021).first() or season()
    booking.slots_open(
        actor=None,
        season=found,
        cemetery=cemetery,
        quota=5,
        days=[date(2021, 4, 4)],
        times=[(time(8), time(10))],
    )
    slot = Slot.objects.get(cemetery=cemetery, day=date(2021, 4, 4), starts=time(8))
    request = booking.BookingRequest(slot_id=slot.pk, id_number=citizen_id(n), name=f"祭扫人{n}", visitors=2)
    return booking.booking_create(request=request, now=datetime(2021, 3, 12, 9, tzinfo=TZ))
