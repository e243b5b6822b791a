"""Test helpers for the citizens' site: a signed-in citizen's client without going through the text message."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.test import Client
from django.utils import timezone

from minzheng.portal.models import Citizen, CitizenSession
from minzheng.portal.signin import token_hash
from minzheng.registry.models import Person


def citizen_make(
    *, person: Person | None = None, id_number: str = "", name: str = "", phone: str = ""
) -> Citizen:
    """The account of a registry person (linked) or of someone the registry does not hold."""
    if person is not None:
        id_number, name = person.id_number, person.name
        phone = phone or person.phone or "13800000000"
    citizen, _ = Citizen.objects.update_or_create(
        id_number=id_number, defaults={"name": name, "phone": phone or "13900000000", "person": person}
    )
    return citizen


def citizen_client(citizen: Citizen, *, verified: bool = True, client: Client | None = None) -> Client:
    """A client signed in as ``citizen`` (``verified``: as if the code went to the number on record)."""
    client = client or Client()
    token = secrets.token_urlsafe(32)
    CitizenSession.objects.create(
        citizen=citizen,
        token_hash=token_hash(token),
        verified=verified and citizen.person_id is not None,
        last_seen=timezone.now(),
    )
    client.cookies[settings.PORTAL_COOKIE_NAME] = token
    client.cookies[settings.PORTAL_COOKIE_NAME]["path"] = settings.PORTAL_PREFIX
    return client


# --- the leak matrix (portal/tests/test_leak_matrix.py) ---------------------------------------------------------
# Each service of the site registers (in ``portal/tests/leak_<area>.py``, imported by the matrix) a function that gives a citizen records through the domain's services, with
# ``marker`` (a text unique to that citizen) in what its pages show. The matrix signs in as the owner, follows
# every link of the site, and checks that no other citizen, no anonymous visitor and no staff login sees the
# marker on any of those pages.

LeakSeed = Callable[[Citizen, str], None]
LEAK_SEEDS: list[LeakSeed] = []


def leak_seed_register(fn: LeakSeed) -> LeakSeed:
    LEAK_SEEDS.append(fn)
    return fn
