"""Given-state for the orgs tests: regions of the personas, registry people (assistance's helpers), valid
民政 USCCs, and organisations registered through the real application and its case moves."""

from __future__ import annotations

from datetime import date
from itertools import count

from stdnum.cn import uscc as stdnum_uscc

from minzheng.assistance.tests.given import at, person, region  # noqa: F401  (re-exported)
from minzheng.casework.services import case_transition
from minzheng.orgs.models import Application, Organisation
from minzheng.orgs.services import application_create, application_set_uscc

_seq = count(1)
CATEGORY = {"association": "1", "service": "2", "foundation": "3"}


def uscc(kind: str = "association", area: str = "460105") -> str:
    body = f"5{CATEGORY[kind]}{area}MJ{next(_seq):07d}"
    return body + stdnum_uscc.calc_check_digit(body)


def establish(
    personas,
    *,
    name: str = "秀英区志愿者协会",
    kind: str = "association",
    authority: str = "460105",
    where: str = "460105001",
    legal_rep=None,
    day: date = date(2020, 3, 2),
) -> Application:  # noqa: ANN001
    return application_create(
        actor=personas.district if authority != "460100" else personas.city, purpose="establish",
        authority=region(authority), region=region(where), kind=kind, name=name, business_scope="志愿服务",
        legal_rep_name=legal_rep.name if legal_rep else "张三", legal_rep=legal_rep, funds_fen=3_000_000,
        at=at(day),
    )  # fmt: skip


def registered(personas, **kw) -> Organisation:  # noqa: ANN001, ANN003
    day = kw.get("day", date(2020, 3, 2))
    app = establish(personas, **kw)
    actor = personas.city if kw.get("authority") == "460100" else personas.district
    case_transition(actor=actor, case=app.case, action="accept", at=at(day, 11))
    application_set_uscc(actor=actor, application=app, uscc=uscc(app.kind))
    case_transition(actor=actor, case=app.case, action="approve", at=at(day, 15))
    app.refresh_from_db()
    return app.organisation
