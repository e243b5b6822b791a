"""The statistics pages as a clerk meets them (issue 12 items 4 and 5): they open on the latest year that has
data, refuse in Chinese naming the capability, show numbers with separators and names that do not wrap, speak
of figures by their Chinese names, and carry no inline script."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.core.roles import Role
from minzheng.core.testing import CITY, DISTRICT, GRID_A, client_for, user_make
from minzheng.reports import registry
from minzheng.reports.dashboards import TREND_SERIES_MAX, trend_groups
from minzheng.reports.registry import Aggregation, indicator_list, indicator_register
from minzheng.reports.tests import given

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_pages_open_on_the_latest_year_that_has_data(personas):
    # given the only dated records: one event reported and closed in 2021
    given.event_closed(personas, at=datetime(2021, 6, 1, 1, 0, tzinfo=UTC))
    client = client_for(personas.city)
    # when the dashboard, the indicator table and the annual summary are opened without a year
    dashboard = client.get(reverse("reports:dashboard", args=[CITY]))
    table = client.get(reverse("reports:table", args=[CITY]), {"domain": "grid"})
    annual = client.get(reverse("reports:annual"))
    # then each opens on 2021, the year of the records, and shows them
    assert dashboard.context["year"] == 2021
    kpi = {k["indicator"].code: k["cell"].value for k in dashboard.context["kpis"]}
    assert kpi["grid.events_closed"] == 1
    assert table.context["year"] == 2021 and "year=2021" in table.context["query"]
    assert annual.context["year"] == 2021
    handled = next(r for r in annual.context["report"].figures if r.figure.key == "events_handled")
    assert handled.value == 1
    # and the year chosen is what the year selector shows
    assert '<option value="2021" selected>' in dashboard.content.decode()


def test_the_dashboard_address_without_a_region_opens_the_users_own(personas):
    response = client_for(personas.town).get("/reports/dashboard/")
    assert response.status_code == 302
    assert response.url == reverse("reports:dashboard", args=[personas.town.region.code])


def test_without_any_dated_record_pages_open_on_this_year(personas):
    response = client_for(personas.district).get(reverse("reports:dashboard", args=[DISTRICT]))
    assert response.context["year"] == timezone.localdate().year


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.INSTITUTION_OPERATOR, Role.HOTLINE_OPERATOR])
def test_roles_without_statistics_are_refused_naming_the_capability(personas, role):
    user = user_make(f"u_{role}", role, CITY)
    client = client_for(user)
    for url in (reverse("reports:dashboard_home"), reverse("reports:annual")):
        response = client.get(url)
        assert response.status_code == 403
        assert "查看统计报表" in response.content.decode()
    # and the menu does not offer what would be refused
    assert "综合看板" not in client.get(reverse("core:home")).content.decode()


def test_the_menu_offers_the_statistics_to_those_who_may_read_them(personas):
    html = client_for(personas.grid_a).get(reverse("core:home")).content.decode()
    assert "综合看板" in html and "年度总结" in html


def test_a_grid_worker_may_not_export_and_is_told_which_capability(personas):
    response = client_for(personas.grid_a).get(reverse("reports:table_export", args=[GRID_A]), {"year": 2020})
    assert response.status_code == 403
    assert "导出统计报表" in response.content.decode()


def test_only_the_city_bureau_may_edit_the_template(personas):
    assert client_for(personas.district).get(reverse("reports:annual_template")).status_code == 403
    page = client_for(personas.city).get(reverse("reports:annual"), {"year": 2020})
    assert page.context["can_edit"]
    assert (
        not client_for(personas.district).get(reverse("reports:annual"), {"year": 2020}).context["can_edit"]
    )


@pytest.fixture
def big():
    """Figures of a test area large enough to need thousands separators."""
    for code, name, money in (("test.big_count", "测试件数", False), ("test.big_money", "测试金额", True)):
        indicator_register(
            code=code, name=name, unit="件", aggregation=Aggregation.SUM, domain="test", money=money,
            compute=lambda region, start, end: 123_456_789,
        )  # fmt: skip
    yield
    registry._indicators.pop("test.big_count")
    registry._indicators.pop("test.big_money")


def test_the_indicator_table_writes_numbers_with_separators_and_keeps_names_on_one_line(personas, big):
    client = client_for(personas.city)
    query = {"year": 2020, "domain": "test"}
    html = client.get(reverse("reports:table", args=[CITY]), query).content.decode()
    assert '<td class="num">123,456,789</td>' in html
    assert '<td class="num">1,234,567.89</td>' in html
    assert '<td class="name">海口市（合计）</td>' in html
    # and the workbook keeps the exact numbers
    from io import BytesIO

    from python_calamine import CalamineWorkbook

    response = client.get(reverse("reports:table_export", args=[CITY]), query)
    rows = CalamineWorkbook.from_filelike(BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    assert rows.to_python()[-1][2:] == [123_456_789, "1234567.89"]


def test_the_dashboard_shows_numbers_with_separators(personas, big):
    response = client_for(personas.city).get(reverse("reports:dashboard", args=[CITY]), {"domain": "test"})
    assert "123,456,789件" in response.content.decode()


def test_dashboard_pages_carry_no_inline_script(personas):
    html = client_for(personas.city).get(reverse("reports:dashboard", args=[CITY]), {"year": 2020})
    scripts = re.findall(r"<script([^>]*)>", html.content.decode())
    assert scripts
    for attributes in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes


def test_trend_charts_draw_one_unit_each_and_few_enough_series_to_tell_apart():
    # given twenty counts in 件 and two in 人
    indicators = [
        registry.Indicator(f"t.a{k}", f"事件{k}", "件", Aggregation.SUM, "grid", lambda r, s, e: 0)
        for k in range(20)
    ] + [
        registry.Indicator(f"t.b{k}", f"人数{k}", "人", Aggregation.SUM, "grid", lambda r, s, e: 0)
        for k in (1, 2)
    ]
    groups = trend_groups(indicators)
    # then each chart holds one unit and at most TREND_SERIES_MAX lines, and every series is drawn once
    assert [g["unit"] for g in groups] == ["件", "件", "件", "人"]
    assert all(len(g["series"]) <= TREND_SERIES_MAX for g in groups)
    assert [g["label"] for g in groups][0] == "件：事件0、事件1等8项（1/3）"
    assert sorted(s["code"] for g in groups for s in g["series"]) == sorted(i.code for i in indicators)


def test_the_annual_summary_names_its_sources_in_chinese(personas, figure_uncomputed):
    html = client_for(personas.city).get(reverse("reports:annual"), {"year": 2020}).content.decode()
    table = html.split('data-testid="figures"')[1]
    assert "养老服务·" in table and "网格治理·" in table
    assert "本系统尚未记录此项数据（政策文件）" in table
    for code in ("eldercare.", "grid.", "core.", "业务域", "children"):
        assert code not in table, code
    template = client_for(personas.city).get(reverse("reports:annual_template")).content.decode()
    assert "eldercare.caregivers_trained" not in template and "区划网格·网格数" in template


def test_every_indicator_is_described_in_a_clerks_words():
    # given every figure the installed apps register
    for indicator in indicator_list():
        # then its name and its description (the dashboard's tooltip) carry no program notation
        for text in (indicator.name, indicator.description):
            assert not re.search(r"`|[A-Za-z]+_[A-Za-z_]+|\b[a-z]+\.[a-z]+\b", text), (indicator.code, text)


def test_a_dashboard_of_an_earlier_year_shows_every_month(personas):
    response = client_for(personas.city).get(reverse("reports:dashboard", args=[CITY]), {"year": 2020})
    assert response.context["chart"]["months"] == [f"{m}月" for m in range(1, 13)]
    this_year = client_for(personas.city).get(
        reverse("reports:dashboard", args=[CITY]), {"year": date.today().year}
    )
    assert len(this_year.context["chart"]["months"]) == timezone.localdate().month


def test_a_trend_chart_is_fetched_when_chosen(personas):
    # given the city's grid dashboard, whose page carries only its first trend chart's months
    client = client_for(personas.city)
    page = client.get(reverse("reports:dashboard", args=[CITY]), {"year": 2020, "domain": "grid"})
    groups = page.context["chart"]["trendGroups"]
    assert len(groups) > 2 and groups[0]["series"][0]["values"] is not None
    assert groups[1]["series"][0]["values"] is None
    # when the second chart is chosen
    url = reverse("reports:dashboard_trend", args=[CITY])
    response = client.get(url, {"year": 2020, "domain": "grid", "group": 1})
    # then its series come with twelve months each, in the chart's one unit
    assert response.status_code == 200
    chart = response.json()
    assert chart["label"] == groups[1]["label"]
    assert all(len(s["values"]) == 12 for s in chart["series"])
    # and a chart that does not exist, or of a region out of scope, is not found
    assert client.get(url, {"year": 2020, "domain": "grid", "group": 99}).status_code == 404
    assert client_for(personas.district).get(url, {"year": 2020, "group": 0}).status_code == 404


def test_the_state_of_the_records_does_not_make_a_year_look_active(personas):
    # given figures that report a state every year (a count at the period's end) and one flow counted in 2019
    for code, aggregation, years in (
        ("test.state", Aggregation.SNAPSHOT, None),
        ("test.flow", Aggregation.SUM, {2019}),
    ):
        indicator_register(
            code=code, name="测试", unit="件", aggregation=aggregation, domain="test",
            compute=lambda region, start, end, years=years: 5 if years is None or start.year in years else 0,
        )  # fmt: skip
    try:
        # when the test area's dashboard is opened without a year
        response = client_for(personas.city).get(
            reverse("reports:dashboard", args=[CITY]), {"domain": "test"}
        )
        # then it opens on 2019, the last year something happened, not this year whose state is merely there
        assert response.context["year"] == 2019
    finally:
        registry._indicators.pop("test.state")
        registry._indicators.pop("test.flow")


def test_a_district_does_not_walk_back_through_the_years_its_city_counted_nothing(personas):
    from minzheng.reports.dashboards import latest_data_year

    # given a count that happened in 2019 only, and an amount that nets to zero over the city in 2022 (a
    # payment in one district, its recovery in another) but not over the district
    asked: list[tuple[str, int, int]] = []
    district = Region.objects.get(code=DISTRICT)

    def count(region, start, end):
        asked.append(("count", region.pk, start.year))
        return 3 if start.year == 2019 else 0

    def amount(region, start, end):
        asked.append(("amount", region.pk, start.year))
        return 100 if start.year == 2022 and region.pk == district.pk else 0

    for code, compute, money in (("test.count", count, False), ("test.amount", amount, True)):
        indicator_register(
            code=code, name="测试", unit="元" if money else "件", aggregation=Aggregation.SUM,
            domain="test", compute=compute, money=money,
        )  # fmt: skip
    try:
        counted = [registry.indicator_get("test.count")]
        both = [*counted, registry.indicator_get("test.amount")]
        today = date(2024, 5, 1)
        city = Region.objects.get(code=CITY)
        # when the city's and then the district's count is asked for its latest year
        assert latest_data_year(region=city, indicators=counted, today=today) == 2019
        walked = len(asked)
        assert latest_data_year(region=district, indicators=counted, today=today) == 2019
        # then the district asks 2019 alone: the city's empty years are not walked again for it
        assert [(kind, year) for kind, pk, year in asked[walked:] if pk == district.pk] == [("count", 2019)]
        # and an amount above the city's latest counted year is still looked for, year by year
        assert latest_data_year(region=district, indicators=both, today=today) == 2022
        assert latest_data_year(region=city, indicators=both, today=today) == 2019
    finally:
        registry._indicators.pop("test.count")
        registry._indicators.pop("test.amount")
