"""Given-state for the place-name tests: regions of the personas' tree, names entered into the register and
applications taken through the real services and case moves."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from minzheng.casework.services import case_transition
from minzheng.core.models import Region
from minzheng.core.testing import DISTRICT, OTHER_DISTRICT
from minzheng.placenames.models import NamingApplication, PlaceName
from minzheng.placenames.services import application_create, place_name_record

LINE = '{"type":"LineString","coordinates":[[110.30,20.02],[110.31,20.03]]}'


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def district() -> Region:
    return Region.objects.get(code=DISTRICT)


def other_district() -> Region:
    return Region.objects.get(code=OTHER_DISTRICT)


def road(
    name: str, *, region: Region | None = None, kind: str = "road", on: date = date(2015, 1, 1)
) -> PlaceName:
    return place_name_record(
        actor=None, name=name, kind=kind, region=region or district(), valid_from=on, geometry=LINE
    )


def application(personas, name: str = "椰风路", *, kind: str = "road", day: date = date(2020, 3, 2), **extra):  # noqa: ANN001, ANN201
    fields = {"action": "name", "kind": kind, "region": district(), "geometry": LINE, **extra}
    return application_create(
        actor=personas.district, name=name, reason="新建道路，取椰风之意", applicant="秀英区住房和城乡建设局", at=at(day),
        **fields,
    )  # fmt: skip


def approved(personas, name: str = "椰风路", *, day: date = date(2020, 3, 2), **extra) -> NamingApplication:  # noqa: ANN001
    app = application(personas, name, day=day, **extra)
    case_transition(
        actor=personas.district, case=app.case, action="review", comment="名称规范", at=at(day, 10)
    )
    case_transition(
        actor=personas.district, case=app.case, action="expert", comment="专家一致同意", at=at(day, 11)
    )
    end = day + timedelta(days=31)
    case_transition(
        actor=personas.district, case=app.case, action="notice_end", comment="无异议", at=at(end, 9)
    )
    case_transition(actor=personas.city, case=app.case, action="approve", at=at(end, 15))
    app.refresh_from_db()
    return app
