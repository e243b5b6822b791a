"""Dashboards, indicator tables and the annual summary pages, under the data scope."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from minzheng.core.models import AuditEntry
from minzheng.core.testing import CITY, DISTRICT, GRID_A, OTHER_DISTRICT, TOWN, client_for
from minzheng.reports.models import AnnualTemplate
from minzheng.reports.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas):
    home = given.house(personas.grid_a, code="H1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home)
    given.person(personas.grid_a, seq=13, home=home)
    return personas


def _dashboard(user, code, **query):
    return client_for(user).get(reverse("reports:dashboard", args=[code]), {"year": 2020, **query})


def test_the_dashboard_opens_on_the_users_own_region(people):
    response = client_for(people.district).get(reverse("reports:dashboard_home"))
    assert response.status_code == 302
    assert response.url == reverse("reports:dashboard", args=[DISTRICT])


def test_the_city_dashboard_has_the_district_map_and_drills_down(people):
    response = _dashboard(people.city, CITY)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="map"' in html
    assert "reports/geo/haikou-districts.json" in html and "reports/vendor/echarts.min.js" in html
    for code in ("460105", "460106", "460107", "460108"):
        assert reverse("reports:dashboard", args=[code]) in html
    data = response.context["chart"]
    assert [c["code"] for c in data["children"]] == ["460105", "460106", "460107", "460108"]
    persons = [i["code"] for i in data["indicators"]].index("registry.persons")
    assert [c["values"][persons] for c in data["children"]] == [2, 0, 0, 0]


def test_a_district_users_dashboard_shows_only_its_district(people):
    # given a district reviewer of 秀英区
    response = _dashboard(people.district, DISTRICT)
    # then their dashboard shows 秀英区's towns and no map of the city
    assert response.status_code == 200
    children = [c["code"] for c in response.context["chart"]["children"]]
    assert children and all(code.startswith(DISTRICT) for code in children)
    assert 'data-testid="map"' not in response.content.decode()
    assert [r.code for r in response.context["trail"]] == []  # no link up to the city
    # and the city's and another district's dashboards are not found for them
    assert _dashboard(people.district, CITY).status_code == 404
    assert _dashboard(people.district, OTHER_DISTRICT).status_code == 404
    assert _dashboard(people.other_district, DISTRICT).status_code == 404


def test_a_grid_worker_sees_their_grid_and_nothing_else(people):
    response = _dashboard(people.grid_a, GRID_A)
    assert response.status_code == 200
    assert response.context["chart"]["children"] == []
    kpi = {k["indicator"].code: k["cell"].value for k in response.context["kpis"]}
    assert kpi["registry.persons"] == 2
    assert _dashboard(people.grid_b, GRID_A).status_code == 404


def test_domain_dashboards_show_their_domain(people):
    response = _dashboard(people.city, CITY, domain="registry")
    codes = [i.code for i in response.context["indicators"]]
    assert codes and all(c.startswith("registry.") for c in codes)
    assert _dashboard(people.city, CITY, domain="nonexistent").status_code == 404


def test_roles_without_statistics_are_refused(personas):
    response = client_for(personas.admin).get(reverse("reports:dashboard_home"))
    assert response.status_code == 403


def test_the_indicator_table_exports_to_xlsx(people):
    # given the town's registry table
    client = client_for(people.town)
    query = {"year": 2020, "domain": "registry", "first": 1, "last": 12, "by": "regions"}
    page = client.get(reverse("reports:table", args=[TOWN]), query)
    assert page.status_code == 200
    # when it is exported
    response = client.get(reverse("reports:table_export", args=[TOWN]), query)
    # then the workbook has the same rows: each community, then the town's total
    assert response.status_code == 200
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][:3] == ["区划代码", "区划", "人口基础信息（人）"]
    assert rows[-1][1] == "秀英街道（合计）"
    assert rows[-1][2] == 2
    assert sum(r[2] for r in rows[1:-1]) == 2
    assert rows[1][0].startswith(TOWN)  # codes stay text
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, detail__contains="导出指标表").exists()


def test_a_table_by_month(people):
    response = client_for(people.city).get(
        reverse("reports:table", args=[CITY]),
        {"year": 2020, "domain": "core", "first": 3, "last": 5, "by": "months"},
    )
    assert [r[0] for r in response.context["table"].rows] == ["2020-03", "2020-04", "2020-05"]


def test_a_grid_worker_cannot_export(people):
    response = client_for(people.grid_a).get(reverse("reports:table_export", args=[GRID_A]), {"year": 2020})
    assert response.status_code == 403


@pytest.mark.slow
def test_the_annual_page_previews_and_downloads(people):
    client = client_for(people.city)
    page = client.get(reverse("reports:annual"), {"year": 2020})
    html = page.content.decode()
    assert page.status_code == 200
    assert "海口市民政局2020年年终工作总结" in html
    assert 'data-testid="computed-count"' in html
    for fmt, magic in (("md", b"# "), ("docx", b"PK"), ("pdf", b"%PDF")):
        response = client.get(reverse("reports:annual_download", args=[fmt]), {"year": 2020})
        assert response.status_code == 200
        assert response.content.startswith(magic)
    assert (
        AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, detail__contains="年度工作总结").count()
        == 3
    )


def test_a_district_previews_its_own_summary_only(people):
    client = client_for(people.district)
    assert client.get(reverse("reports:annual"), {"year": 2020}).context["region"].code == DISTRICT
    assert client.get(reverse("reports:annual"), {"year": 2020, "region": CITY}).status_code == 404


def test_the_city_manager_edits_the_template(people):
    client = client_for(people.city)
    url = reverse("reports:annual_template") + "?year=2020"
    assert "{{ figure:dibao_rural_paid }}" in client.get(url).content.decode()
    bad = client.post(url, {"text": "# 标题\n{{ figure:nope }}"})
    assert "没有名为“nope”的数字占位符" in bad.content.decode()
    good = client.post(url, {"text": "# {{ year }}年总结\n网格{{ figure:grids }}。"})
    assert good.status_code == 302
    assert AnnualTemplate.objects.get(year=2020).updated_by == people.city
    assert client_for(people.district).get(url).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_warm_dashboard_reads_its_figures_from_the_cache(personas, django_assert_max_num_queries):
    # given a city dashboard already opened once (every figure computed and cached)
    client = client_for(personas.city)
    assert _dashboard(personas.city, CITY).status_code == 200
    # when it is opened again, it asks the database only for the session, the regions and the tables'
    # versions — not for any figure
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:dashboard", args=[CITY]), {"year": 2020})
    assert response.status_code == 200
