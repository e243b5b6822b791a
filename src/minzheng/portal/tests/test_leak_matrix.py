"""The leak matrix: two citizens and every page of the citizens' site. Citizen A is given records by every
service (``portal.testing.LEAK_SEEDS``), each carrying a text unique to A; the test signs in as A, follows every
link and GET form of the site from its home page, and opens each page A reached as citizen B, as an anonymous
visitor and as a staff login: none may show A's name, ID number, phone or any of A's markers. Every named page of
the site must be reached by the crawl (or be listed as POST-only), so a new page cannot stay outside the matrix.
It also checks the staff side: with A's cookie, staff pages send to the staff sign-in."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import deque
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region
from minzheng.core.testing import COMMUNITY_A, client_for, personas_create
from minzheng.portal.testing import LEAK_SEEDS, citizen_client, citizen_make
from minzheng.registry.services.persons import person_create

pytestmark = pytest.mark.django_db

for _module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if _module.name.startswith("leak_"):
        importlib.import_module(f"minzheng.portal.tests.{_module.name}")

# Pages that only answer POST (no link leads to them as a page): sign-out, the elder switch, and the services'
# actions, which the owner-only lookups of their own tests cover.
POST_ONLY = {"logout", "elder", "login_code"}  # login_code: the page after the sign-in form's POST
POST_ONLY |= {"report_support", "report_details"}  # 随手拍: a POST; a step reached with a point only
_HREF = re.compile(r'(?:href|action)="(/m/[^"#]*)"')


def _links(html: str) -> set[str]:
    found = set()
    for raw in _HREF.findall(html):
        url = unescape(raw)
        if "/logout/" in url or "/elder/" in url:
            continue
        found.add(url)
    return found


def _crawl(client: Client, start: str = "/m/", limit: int = 400) -> dict[str, str]:
    """{url: body} of every /m/ URL reachable from ``start`` that answers GET with 200 (a page or a file) or a
    redirect within the site (body "", the target crawled too)."""
    pages: dict[str, str] = {}
    queue, seen = deque([start]), {start}
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        target = response.get("Location", "")
        if response.status_code == 302 and target.startswith("/m/"):
            pages[url] = ""
            if target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            pages[url] = response.content.decode(errors="replace")
            continue
        html = response.content.decode()
        pages[url] = html
        for link in _links(html) - seen:
            seen.add(link)
            queue.append(link)
    return pages


def _portal_names() -> set[str]:
    resolver = get_resolver()
    namespace = resolver.namespace_dict["portal"][1]
    return {name for name in namespace.reverse_dict if isinstance(name, str)}


@pytest.fixture
def citizens():
    personas = personas_create()
    community = Region.objects.get(code=COMMUNITY_A)
    a = person_create(
        actor=personas.city,
        id_number=make_citizen_id(region_code="460105", birth_date=date(1958, 7, 1), sequence=41),
        name="欧阳甲乙",
        phone="13811112222",
        region=community,
    )
    b = person_create(
        actor=personas.city,
        id_number=make_citizen_id(region_code="460105", birth_date=date(1962, 8, 2), sequence=51),
        name="司马丙丁",
        phone="13833334444",
        region=community,
    )
    citizen_a, citizen_b = citizen_make(person=a), citizen_make(person=b)
    markers = [a.name, a.id_number, a.phone, a.id_number[-6:]]
    for i, seed in enumerate(LEAK_SEEDS):
        marker = f"甲的记录{i}号"
        seed(citizen_a, marker)
        markers.append(marker)
    return personas, citizen_a, citizen_b, markers


def test_no_page_of_one_citizen_shows_to_another_an_anonymous_visitor_or_staff(citizens):
    personas, citizen_a, citizen_b, markers = citizens
    owner = citizen_client(citizen_a)
    pages = _crawl(owner)
    assert "/m/me/" in pages and "/m/inbox/" in pages
    shown = {m for m in markers[4:] if any(m in html for html in pages.values())}
    assert shown == set(markers[4:]), f"A's own pages do not show: {set(markers[4:]) - shown}"

    others = {
        "citizen B": citizen_client(citizen_b),
        "anonymous": Client(),
        "staff": client_for(personas.city),
    }
    for who, client in others.items():
        for url in pages:
            response = client.get(url)
            body = response.content.decode(errors="replace")
            leaked = [m for m in markers if m in body]
            assert not leaked, f"{who} sees {leaked} at {url} ({response.status_code})"
            if who != "citizen B" and response.status_code == 200:
                assert "退出登录" not in body, f"{who} is signed in at {url}"


def test_every_page_of_the_site_is_in_the_matrix(citizens):
    _, citizen_a, _, _ = citizens
    pages = {**_crawl(citizen_client(citizen_a)), **_crawl(Client())}  # signed in, and the sign-in pages
    reached = set()
    resolver = get_resolver()
    for url in pages:
        match = resolver.resolve(url.split("?")[0])
        if match.namespace == "portal":
            reached.add(match.url_name)
    missing = _portal_names() - reached - POST_ONLY
    assert not missing, (
        f"pages the crawl does not reach (add a link, a leak seed, or list them as POST-only): {missing}"
    )


def test_a_citizens_cookie_opens_no_staff_page(citizens):
    _, citizen_a, _, _ = citizens
    client = citizen_client(citizen_a)
    client.cookies[settings.PORTAL_COOKIE_NAME]["path"] = "/"
    for url in ("/", "/registry/persons/", "/assistance/", "/grid/events/", "/reports/", "/api/v1/persons"):
        response = client.get(url)
        assert response.status_code in (302, 401), url


_EXTERNAL = re.compile(r'(?:src|href|action)="(?:https?:)?//|url\((?:["\']?)(?:https?:)?//', re.I)


def test_no_page_of_the_site_loads_anything_from_another_server(citizens):
    """Bureau networks are isolated: every script, style, image and form target is served from here."""
    _, citizen_a, _, _ = citizens
    pages = {**_crawl(citizen_client(citizen_a)), **_crawl(Client())}
    outside = {url: _EXTERNAL.findall(html) for url, html in pages.items() if _EXTERNAL.search(html)}
    assert not outside
    stylesheet = (settings.PACKAGE_DIR / "static" / "minzheng" / "portal.css").read_text(encoding="utf-8")
    assert not _EXTERNAL.search(stylesheet) and "@import" not in stylesheet
