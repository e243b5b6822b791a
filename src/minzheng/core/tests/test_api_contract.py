"""The JSON API is what its OpenAPI document says (issue 13, item 13): schemathesis against /api/v1.

Every operation of ``/api/v1/openapi.json`` is called through the WSGI application (in this test's
transaction, so on SQLite and PostgreSQL alike) as a city manager (市局, like the demo's ``shiju``: the coverage
phase — every boundary and every kind of invalid value the schema defines, and the methods no path has — then
fuzzing), a district reviewer (秀英区, fuzzing) and anonymously (fuzzing), with all of schemathesis' default
checks: no 500, every status code and body documented, schema-valid requests accepted, schema-violating ones
refused, the session enforced. A bounded number of examples and a fixed seed keep it short and repeatable;
the run's summary (operations, examples, failures per caller) ends the terminal report.

Two things schemathesis cannot know are said here:

- **422 on valid data.** A schema-valid request can still break a business rule the schema cannot express
  (an ID number's checksum, a region code that exists and lies in the user's scope, a step that is not open
  yet). The API answers that 422 with the rule's Chinese message — documented on every write — so 422 is an
  accepted answer to positive data too.
- **The data scope.** A district reviewer's 2xx answers may only hold records of their district (a check
  added to schemathesis' own), and every operation that takes a record's id answers 404 for the other
  district's record (the explicit tests at the end).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from minzheng.config.wsgi import application
from minzheng.core.models import Region
from minzheng.core.roles import Role
from minzheng.core.testing import DISTRICT, GRID_A, OTHER_DISTRICT, client_for, user_make
from minzheng.core.tests import api_records
from minzheng.grid.models import Event
from minzheng.grid.tests import given as grid_given
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db

POSITIVE_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
SEED = 20260313


def _schema(*, coverage: bool, max_examples: int) -> Any:
    """/api/v1/openapi.json read from the WSGI application, with every default check; ``coverage``: also
    schemathesis' coverage phase (every boundary and every kind of invalid value the schema defines, and
    the methods no operation has)."""
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"max-examples": max_examples},
            "phases": {"coverage": {"enabled": coverage}},
            "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_ACCEPTED}},
        }
    )
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)
    loaded.auth(refresh_interval=None)(SessionLogin)
    return loaded


CSRF = "c" * 32
# The running test's caller (tests run one at a time in a process, xdist or not): the session cookie of a
# persona, or nothing for an anonymous caller, and the district whose records it may see.
CALLER: dict[str, Any] = {}


class SessionLogin:
    """The persona's Django session (as a browser has it after logging in) and the CSRF pair writes need;
    nothing for an anonymous caller (schemathesis then sends made-up session cookies, or none)."""

    def get(self, case: schemathesis.Case, context: schemathesis.AuthContext) -> str | None:
        return CALLER.get("session")

    def set(self, case: schemathesis.Case, data: str, context: schemathesis.AuthContext) -> None:
        case.cookies = {**(case.cookies or {}), "sessionid": data, "csrftoken": CSRF}
        case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF}


# The city manager gets the whole treatment (the coverage phase, then fuzzing); the district reviewer and the
# anonymous caller fuzzing only: their answers are the same shapes, refused earlier or narrowed by the scope.
full = _schema(coverage=True, max_examples=5)
fuzzing = _schema(coverage=False, max_examples=10)
brief = _schema(coverage=False, max_examples=3)
HYPOTHESIS = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

SCOPE_KEYS = ("region_code", "grid_code")


def _codes(document: Any):
    """Every region or grid code a JSON answer carries for a record."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key in SCOPE_KEYS and isinstance(value, str):
                yield value
            else:
                yield from _codes(value)
    elif isinstance(document, list):
        for value in document:
            yield from _codes(value)


def stays_in_scope(ctx: Any, response: schemathesis.Response, case: schemathesis.Case) -> bool | None:
    """A district reviewer's successful answer holds only records of the district."""
    district = CALLER.get("district")
    if district is None or not 200 <= response.status_code < 300:
        return None
    outside = sorted({code for code in _codes(json.loads(response.content)) if not code.startswith(district)})
    assert not outside, f"{case.operation.label} showed records of {outside} to a reviewer of {district}"
    return True


@pytest.fixture(scope="module")
def personas(module_personas):
    return module_personas


@pytest.fixture(scope="module")
def records(personas):
    """A house, a person living there, a household and a grid event in each of 秀英区 and 美兰区 — made once for
    the module (conftest's ``module_db``: each test runs in a savepoint, its writes rolled back after it)."""
    meilan = Region.objects.filter(level=Region.Level.GRID, code__startswith=OTHER_DISTRICT).first()
    meilan_worker = user_make("grid_meilan", Role.GRID_WORKER, meilan.code)
    made = {}
    for key, grid, seq, worker in (
        ("xiuying", GRID_A, 11, personas.grid_a),
        ("meilan", meilan.code, 51, meilan_worker),
    ):
        home = given.house(personas.city, code=f"H-{key}", address=f"{key}路1号", grid=grid)
        person = given.person(personas.city, name=f"吴{seq}", seq=seq, home=home)
        household = given.household(personas.city, number=f"HH-{key}", head=person)
        event = grid_given.event(worker, description=f"{key}垃圾")
        made[key] = {"house": home, "person": person, "household": household, "event": event}
    made["apps"] = api_records.both_districts(personas)
    return made


# (caller, operation) → [requests, failures]: the run's summary, printed at its end by the root conftest
TALLY: dict[tuple[str, str], list[int]] = {}


def _call(case: schemathesis.Case, who: str) -> None:
    tally = TALLY.setdefault((who, case.operation.label), [0, 0])
    tally[0] += 1
    try:
        case.call_and_validate(additional_checks=[stays_in_scope])
    except BaseException:
        tally[1] += 1
        raise


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Django closes the database connection after each WSGI request (``close_old_connections``, which closes
    one inside a transaction): on PostgreSQL that would end the test's transaction at the first call. Django's
    test client unhooks it the same way for its requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _as(who: str, personas: Any) -> None:
    CALLER.clear()
    if who != "anonymous":
        CALLER["session"] = client_for(getattr(personas, who)).cookies["sessionid"].value
    if who == "district":
        CALLER["district"] = DISTRICT


@pytest.fixture
def as_city(personas, records, wsgi_in_the_test_transaction):
    _as("city", personas)
    yield
    CALLER.clear()


@pytest.fixture
def as_district(personas, records, wsgi_in_the_test_transaction):
    _as("district", personas)
    yield
    CALLER.clear()


@pytest.fixture
def as_anonymous(personas, records, wsgi_in_the_test_transaction):
    _as("anonymous", personas)
    yield
    CALLER.clear()


@pytest.mark.slow
@full.parametrize()
@HYPOTHESIS
def test_the_api_answers_a_city_manager_as_its_document_says(case, as_city):
    _call(case, "city")


@pytest.mark.slow
@fuzzing.parametrize()
@HYPOTHESIS
def test_the_api_answers_a_district_reviewer_as_its_document_says_and_within_the_district(case, as_district):
    _call(case, "district")


@pytest.mark.slow
@brief.parametrize()
@HYPOTHESIS
def test_the_api_answers_an_anonymous_caller_as_its_document_says(case, as_anonymous):
    _call(case, "anonymous")


# --- the data scope, explicitly: every operation that names a record, with the other district's ---------


def _out_of_scope_values(records) -> dict[str, str]:
    meilan = records["meilan"]
    return {
        "code": OTHER_DISTRICT,
        "person_id": str(meilan["person"].pk),
        "household_id": str(meilan["household"].pk),
        "house_id": str(meilan["house"].pk),
        "number": meilan["event"].case.number,
        **{name: str(record.pk) for name, record in records["apps"]["meilan"].items()},
    }


BODIES = {
    ("PATCH", "person_id"): {"name": "吴改"},
    ("PATCH", "household_id"): {"address": "改"},
    ("PATCH", "house_id"): {"address": "改"},
    ("POST", "number"): {"action": "void", "comment": "越权"},
    ("POST", "booking_id"): {"action": "cancel", "reason": "越权"},
}


def test_every_operation_naming_a_record_answers_404_for_another_districts(personas, records):
    # given the 秀英区 reviewer (for the marriage register, which only registrars read: 秀英区's registrar) and a
    # record of 美兰区 for every operation that names one
    reviewer = client_for(personas.district)
    registrar = client_for(records["apps"]["registrar"])
    values = _out_of_scope_values(records)
    document = reviewer.get("/api/v1/openapi.json").json()
    tried = []
    for path, operations in document["paths"].items():
        names = [
            p["name"] for op in operations.values() for p in op.get("parameters", ()) if p["in"] == "path"
        ]
        if not names:
            continue
        for method in operations:
            # when the reviewer calls the operation with the 美兰区 record
            assert all(name in values for name in names), f"no out-of-scope value for {path}"
            url = path.format(**{name: values[name] for name in names})
            body = BODIES.get((method.upper(), names[-1]), {})
            client = registrar if path.startswith("/api/v1/marriage/") else reviewer
            response = client.generic(method.upper(), url, json.dumps(body), content_type="application/json")
            if names[0] in api_records.CITY_WIDE:
                # a register the whole city reads (its page shows every district's): 200, never another answer
                assert response.status_code == 200, (method, url, response.content)
                continue
            # then it is 404, exactly as for a record that does not exist
            assert response.status_code == 404, (method, url, response.content)
            assert set(response.json()) == {"detail"}
            tried.append(f"{method.upper()} {path}")
    assert len(tried) >= 10
    # and nothing of 美兰区 changed
    meilan = records["meilan"]
    meilan["person"].refresh_from_db()
    assert meilan["person"].name == "吴51"
    assert Event.objects.get(pk=meilan["event"].pk).case.state == meilan["event"].case.state


def test_lists_show_a_reviewer_nothing_of_another_district(personas, records):
    client = client_for(personas.district)
    meilan = records["meilan"]
    for url, q in (
        ("/api/v1/persons", meilan["person"].id_number),
        ("/api/v1/persons", "吴51"),
        ("/api/v1/households", "HH-meilan"),
        ("/api/v1/houses", "H-meilan"),
    ):
        assert client.get(url, {"q": q}).json()["items"] == [], (url, q)
    numbers = [e["number"] for e in client.get("/api/v1/events", {"limit": 200}).json()]
    assert records["xiuying"]["event"].case.number in numbers
    assert meilan["event"].case.number not in numbers
