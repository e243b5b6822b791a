"""Every link on the grid pages opens for the user who was shown it (issue 12, item 2): each persona starts
from the grid entries of its navigation, follows every link in the content of every grid page it reaches
(GET only) and meets no 403, 404 or 500, and no internal notation; what a persona may not use is not
offered, and when asked for anyway is refused in Chinese, naming the capability."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from minzheng.core.navigation import nav_for
from minzheng.core.roles import can
from minzheng.core.testing import client_for
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.contributions import SECTION
from minzheng.grid.models import Campaign, Department, Event
from minzheng.grid.seed import grid_seed
from minzheng.grid.services import observation_start
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db

# Distinct URLs followed per page (url name): enough to reach every kind of record a list links to
# (the units above the user's region are listed first, the campaign sent down from the district …).
PER_PAGE = 12
HREF = re.compile(r'href="([^"#]*)')
INTERNAL = ("domain.md", "[U]", "[V]", "[L]", "yl_seed_", "tmp-", "core.user", "{'", "None")
# Raw codes a page must show by their Chinese labels.
RAW_CODES = (
    *GridEvent.states,
    *Event.Source.values,
    *Event.Satisfaction.values,
    *Department.Function.values,
    *Campaign.Kind.values,
)


def _content(html: str) -> str:
    """The page's own content (the site's navigation bar belongs to every app, and is tested in core)."""
    start, end = html.find("<main"), html.find("</main>")
    return html[start:end] if start >= 0 else html


def _text(html: str) -> str:
    """What a reader sees: the content without tags, scripts and styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _crawl(client, start: list[str]) -> dict[str, int]:
    """GET ``start`` and every link in the content of each grid page reached; the status of each URL."""
    seen: dict[str, int] = {}
    per_name: dict[str, int] = {}
    queue = deque(start)
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        path = urlsplit(url).path
        try:
            name = resolve(path).view_name
        except Resolver404:
            name = path
        if per_name.get(name, 0) >= PER_PAGE:
            continue
        per_name[name] = per_name.get(name, 0) + 1
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or not path.startswith("/grid/"):
            continue  # other apps' pages are checked to open, not crawled
        if "html" not in response.get("Content-Type", ""):
            continue
        content = _content(response.content.decode())
        text = _text(content)
        for notation in INTERNAL:
            assert notation not in text, f"{url}: 页面含内部记号“{notation}”"
        for code in RAW_CODES:
            assert not re.search(rf"(?<![\w/]){re.escape(code)}(?![\w/])", text), (
                f"{url}: 页面显示代码“{code}”"
            )
        for href in HREF.findall(content):
            link = urldefrag(href)[0]
            if link.startswith("?"):
                link = path + link
            if link.startswith("/") and not link.startswith("//") and link not in seen:
                queue.append(link)
    return seen


@pytest.fixture(scope="module")
def world(module_personas):
    """The seed step's grids, workers, units (city and districts), events and the district's campaign;
    grid A's worker on the roster with an observation; a unit's operator and a hotline operator. Made once for
    the module (conftest's ``module_db``; each test runs in a savepoint of it)."""
    personas = module_personas
    grid_seed(scale=0.01, random_seed=3)
    given.worker(personas.grid_a)
    observation_start(
        actor=personas.grid_a,
        person=given.person(),
        place="居家",
        reason="返琼",
        starts_on=timezone.localdate(),
    )
    officer = given.operator()
    given.department(name="秀英区环境卫生局", users=(officer,))
    return personas, officer, given.hotline()


@pytest.mark.slow
def test_every_link_on_the_grid_pages_opens_for_whoever_sees_it(world):
    personas, officer, hotline = world
    users = [
        personas.grid_a, personas.grid_b, personas.community, personas.town, personas.district,
        personas.other_district, personas.city, personas.auditor, personas.admin, officer, hotline,
    ]  # fmt: skip
    for user in users:
        entries = [i["url"] for g in nav_for(user) if g["section"] == SECTION for i in g["items"]]
        home = [reverse("grid:home")] if can(user, "grid.view") else []
        seen = _crawl(client_for(user), [*home, *entries])
        broken = {url: status for url, status in seen.items() if status != 200}
        assert not broken, f"{user.username}（{user.get_role_display()}）：{broken}"
    # the pages that were 404 for users shown them: a unit above the user's region, a campaign sent down
    city_unit = Department.objects.filter(region__parent__isnull=True).first()
    campaign = Campaign.objects.get()
    for user in (personas.district, personas.town, personas.community, personas.grid_a, officer):
        assert client_for(user).get(reverse("grid:department_detail", args=[city_unit.pk])).status_code == 200
    for user in (personas.town, personas.community, personas.grid_a):
        assert campaign.region.code == "460105"  # started by the district, sent down to their grids
        assert client_for(user).get(reverse("grid:campaign_detail", args=[campaign.pk])).status_code == 200


def test_what_a_user_may_not_use_is_not_offered_and_is_refused_by_name(world):
    personas, officer, hotline = world
    grid_a = client_for(personas.grid_a)
    labels = [i["label"] for g in nav_for(personas.grid_a) if g["section"] == SECTION for i in g["items"]]
    assert "上报事件" in labels and "工作负荷" not in labels and "部门待办" not in labels
    assert "接口密钥" not in labels
    refused = grid_a.get(reverse("grid:load"))
    assert refused.status_code == 403 and "查看网格员工作负荷" in refused.content.decode()
    # a unit above the town is shown to it, but only its own region's units are maintained there
    city_unit = Department.objects.filter(region__parent__isnull=True).first()
    page = client_for(personas.town).get(reverse("grid:department_detail", args=[city_unit.pk]))
    assert page.context["can_manage"] is False and b'name="users"' not in page.content
    own = Department.objects.create(
        name="秀英街道城管中队", function="urban_management", region=personas.town.region
    )
    page = client_for(personas.town).get(reverse("grid:department_detail", args=[own.pk]))
    assert page.context["can_manage"] is True
    # a campaign sent down from the district is carried out by the town, not re-issued by it
    campaign = Campaign.objects.get()
    page = client_for(personas.town).get(reverse("grid:campaign_detail", args=[campaign.pk]))
    assert page.context["can_manage"] is False
    assert client_for(personas.district).get(page.request["PATH_INFO"]).context["can_manage"] is True
    # the auditor and the administrator have no grid entries; the administrator keeps the Open311 keys
    assert not [g for g in nav_for(personas.auditor) if g["section"] == SECTION]
    admin_labels = [
        i["label"] for g in nav_for(personas.admin) if g["section"] == SECTION for i in g["items"]
    ]
    assert admin_labels == ["接口密钥"]
    assert client_for(personas.auditor).get(reverse("grid:home")).status_code == 403
    # the hotline reports for the whole city (no grid to choose) and records the caller
    form = client_for(hotline).get(reverse("grid:event_new"))
    assert form.context["hotline"] is True and 'name="contact_phone"' in form.content.decode()
