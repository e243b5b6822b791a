"""The day of every role, for ``minzheng bench load`` (run by locust, headless, against 127.0.0.1 only).

Each simulated clerk logs in with a demo login of its role and works at a clerk's pace: opens its home page,
follows the links its pages show (lists → records → back), searches, and does its role's writes — a grid
worker reports events, the hotline takes 12349 calls through the pages, an Open311 client posts requests.
Pages are named by their shape (numbers → N) so the statistics group by page, not by record.

Configuration comes from the environment (set by ``loadtest.bench``): MINZHENG_LOAD_LOGINS (JSON: role →
usernames), MINZHENG_LOAD_PASSWORD, MINZHENG_LOAD_OPEN311_KEY, MINZHENG_LOAD_SEED.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

import gevent
from gevent.event import Event
from locust import HttpUser, between, task

from minzheng.loadtest.filling import definition_attribute_values, form_attribute_values, report_form
from minzheng.loadtest.names import THINK_SECONDS, WARM_UP_SECONDS, login_phase_write, page_name

LOGINS: dict[str, list[str]] = json.loads(os.environ.get("MINZHENG_LOAD_LOGINS", "{}"))
PASSWORD = os.environ.get("MINZHENG_LOAD_PASSWORD", "")
OPEN311_KEY = os.environ.get("MINZHENG_LOAD_OPEN311_KEY", "")
RANDOM = random.Random(int(os.environ.get("MINZHENG_LOAD_SEED", "2020")))
HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = re.compile(
    r"\.(xlsx|csv|pdf|docx|json)\b|/export|/logout|/admin/|/download|/static/|/reveal/|/media/|/api/"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡"
_counter = itertools.count()
_ready = itertools.count(1)
_all_ready = Event()  # gevent's: every user has logged in
ALL_READY_WAIT = 180.0  # seconds a user that has logged in waits for the others at most (then works anyway)


def user_ready(environment) -> None:
    """A user has logged in (or fetched its service list). Once every user has, the statistics start afresh:
    the pages are judged in the steady state, not while 50 deliberate PBKDF2 password checks of the
    simultaneous logins hold both cores (the logins' own figures are kept in a row of their own). A failure
    before that point keeps everything: it is never wiped by the reset.

    Until then the user waits: a page it asked for during the storm would queue behind the password checks for
    the storm's length (an 18 s p99 of / at 50 users on a busy machine, against 2 s in the server's own log),
    finish after the reset and be counted as the steady state's.

    Released at once, the 50 users would all ask for their first page in the same instant — a queue no day
    of real clerks makes, who log in one by one: each waits a random part of a think time first, as it would
    have read the page it logged in to."""
    runner = environment.runner
    ready = next(_ready)
    if runner is None or ready != getattr(runner, "target_user_count", None):
        _all_ready.wait(timeout=ALL_READY_WAIT)
    else:
        gevent.spawn(_settle, environment, time.time() - environment.stats.total.start_time)
        _all_ready.set()
    gevent.sleep(RANDOM.uniform(0, THINK_SECONDS[1]))


def _settle(environment, login_seconds: float) -> None:
    """The statistics restart :data:`WARM_UP_SECONDS` after the last login: the first reader of each
    region's tables, annual report or a cold person index computes what every later reader gets stored or
    cached; those first requests (their figures kept in the login phase's row, with the storm's) are not the
    steady state either."""
    gevent.sleep(WARM_UP_SECONDS)
    login_phase_write(
        environment.stats,
        os.environ.get("MINZHENG_LOAD_LOGIN_STATS", ""),
        login_seconds=login_seconds,
        warm_up_seconds=WARM_UP_SECONDS,
    )
    if environment.stats.total.num_failures == 0:
        environment.stats.reset_all()


def _failed(r, expected: tuple[int, ...] = (200,)) -> bool:
    """Mark an unexpected answer failed, naming it: a status, or — status 0 — the connection error itself
    (a reset, a timeout), which ``HTTP 0`` would hide."""
    if r.status_code in expected:
        return False
    r.failure(f"HTTP {r.status_code}" if r.status_code else f"连接错误：{r.error!r}")
    return True


class Clerk(HttpUser):
    """A logged-in staff user; subclasses name the role and add its own tasks."""

    abstract = True
    wait_time = between(*THINK_SECONDS)
    role = ""

    def on_start(self) -> None:
        names = LOGINS.get(self.role) or []
        self.username = names[next(_counter) % len(names)] if names else ""
        self.links: list[str] = ["/"]
        self.client.get("/login/", name="/login/")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="/login/ (POST)",
            allow_redirects=False,
        )
        user_ready(self.environment)

    def open(self, path: str) -> str:
        """GET a page; a non-200 answer is a failure; remember the links it shows."""
        with self.client.get(path, name=page_name(path), catch_response=True) as r:
            if _failed(r):
                return ""
            text = r.text
        found = [link for link in HREF.findall(text) if not SKIP.search(link)]
        if found:
            self.links = (self.links + RANDOM.sample(found, min(len(found), 8)))[-60:]
        return text

    def post_form(self, path: str, data: dict[str, str], name: str) -> None:
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(path, data, name=name, catch_response=True, allow_redirects=False) as r:
            _failed(r, (200, 302))

    @task(6)
    def wander(self) -> None:
        self.open(RANDOM.choice(self.links))

    @task(2)
    def home(self) -> None:
        self.open("/")


class Searcher(Clerk):
    abstract = True

    @task(3)
    def search_people(self) -> None:
        query = RANDOM.choice([RANDOM.choice(SURNAMES), f"{RANDOM.randint(0, 9999):04d}", "wang"])
        self.open(f"/registry/persons/?q={query}")


class CityManager(Searcher):
    role = "city_manager"
    weight = 3

    @task(3)
    def dashboard(self) -> None:
        self.open("/reports/dashboard/")

    @task(1)
    def payroll(self) -> None:
        self.open("/benefits/")


class DistrictReviewer(Searcher):
    role = "district_reviewer"
    weight = 4

    @task(2)
    def reviews(self) -> None:
        self.open("/assistance/reviews/")

    @task(1)
    def dashboard(self) -> None:
        self.open("/reports/dashboard/")


class TownCaseworker(Searcher):
    role = "town_caseworker"
    weight = 8

    @task(2)
    def applications(self) -> None:
        self.open("/assistance/")

    @task(1)
    def events(self) -> None:
        self.open("/grid/events/")


class CommunityWorker(Searcher):
    role = "community_worker"
    weight = 6

    @task(2)
    def events(self) -> None:
        self.open("/grid/events/")


class GridWorker(Clerk):
    role = "grid_worker"
    weight = 18

    @task(3)
    def events(self) -> None:
        self.open("/grid/events/")

    @task(2)
    def report_event(self) -> None:
        form, categories = report_form(self.open("/grid/events/new/"))
        if not categories:
            return
        category = RANDOM.choice(categories)
        with self.client.get(
            f"/grid/events/new/attributes/?category={category}",
            name="/grid/events/new/attributes/",
            catch_response=True,
        ) as r:
            attributes = form_attribute_values(r.text) if r.status_code == 200 else {}
        data = {
            **form,
            **attributes,
            "category": category,
            "description": "压力测试：路灯不亮，请处理",
            "address": "秀华路12号门前",
        }
        self.post_form("/grid/events/new/", data, name="/grid/events/new/ (POST)")


class HotlineOperator(Clerk):
    role = "hotline_operator"
    weight = 4

    @task(2)
    def help_requests(self) -> None:
        self.open("/eldercare/help/")


class InstitutionOperator(Clerk):
    role = "institution_operator"
    weight = 3


class Auditor(Clerk):
    role = "auditor"
    weight = 1

    @task(2)
    def audit(self) -> None:
        self.open("/audit/")


class Open311Client(HttpUser):
    """A partner system (the 12345 hotline's platform) posting service requests through GeoReport v2."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.codes: list[str] = []
        self.definitions: dict[str, dict[str, str | list[str]]] = {}
        with self.client.get(
            "/open311/v2/services.json", name="/open311/v2/services.json", catch_response=True
        ) as r:
            if not _failed(r):
                self.codes = [s["service_code"] for s in r.json()]
        user_ready(self.environment)

    @task(3)
    def post_request(self) -> None:
        if not (self.codes and OPEN311_KEY):
            return
        code = RANDOM.choice(self.codes)
        if code not in self.definitions:
            with self.client.get(
                f"/open311/v2/services/{code}.json", name="/open311/v2/services/N.json", catch_response=True
            ) as r:
                if _failed(r):
                    return
                self.definitions[code] = definition_attribute_values(r.json())
        data = {
            **self.definitions[code],
            "api_key": OPEN311_KEY,
            "service_code": code,
            "lat": f"{20.02 + RANDOM.random() / 100:.6f}",
            "long": f"{110.28 + RANDOM.random() / 100:.6f}",
            "description": "市民来电：小区门口井盖松动",
        }
        with self.client.post(
            "/open311/v2/requests.json", data, name="/open311/v2/requests.json (POST)", catch_response=True
        ) as r:
            _failed(r, (200, 201))

    @task(1)
    def list_requests(self) -> None:
        self.client.get("/open311/v2/requests.json", name="/open311/v2/requests.json")
