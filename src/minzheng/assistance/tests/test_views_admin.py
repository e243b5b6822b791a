"""The data behind the rules: CPI and parameters (city manager only, audited), the 备用金 page, the counts."""

from datetime import date

import pytest

from minzheng.assistance.models import CpiMonth, Parameter, ReserveAccount
from minzheng.assistance.tests import given
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_cpi_page_shows_trigger_and_amounts_and_records_with_audit(personas, reference):
    client = client_for(personas.city)
    page = client.get("/assistance/cpi/").content.decode()
    assert "食品价格同比20.6% ≥ 6%，按20.6%计算" in page  # January 2020 (demo)
    assert "演示数据" in page
    client.post(
        "/assistance/cpi/", {"month": "2022-10", "cpi_yoy": "3.0", "food_yoy": "", "source": "国家统计局"}
    )
    row = CpiMonth.objects.get(month=date(2022, 10, 1))
    assert row.cpi_yoy == 3 and not row.demo
    assert AuditEntry.objects.filter(
        object_type="assistance.cpimonth", object_id=str(row.pk), action="create"
    ).exists()
    assert client_for(personas.district).get("/assistance/cpi/").status_code == 403


def test_parameters_are_dated_and_edited_by_the_city_manager(personas, reference):
    client = client_for(personas.city)
    assert "渐退期" in client.get("/assistance/parameters/").content.decode()
    client.post("/assistance/parameters/", {"code": "temporary_town_limit_multiple", "region": "460105",
                                            "effective_from": "2021-01-01", "value": "5", "source": "秀英区文件"})  # fmt: skip
    row = Parameter.objects.get(code="temporary_town_limit_multiple", region__code="460105")
    assert row.value == 5 and row.created_by == personas.city
    assert AuditEntry.objects.filter(object_type="assistance.parameter", object_id=str(row.pk)).exists()
    page = client.post("/assistance/parameters/", {"code": "temporary_town_limit_multiple", "region": "460105",
                                                   "effective_from": "2021-01-01", "value": "6"}, follow=True)  # fmt: skip
    assert "已有2021-01-01起的数值" in page.content.decode()
    assert client_for(personas.town).post("/assistance/parameters/", {}).status_code == 403


def test_parameter_value_in_force_is_the_most_specific_and_latest(personas, reference):
    from minzheng.assistance.selectors import parameter_value
    from minzheng.core.models import Region

    grid = given.grid_of(given.URBAN_COMMUNITY)
    from minzheng.assistance.services.parameters import parameter_set

    parameter_set(actor=personas.city, code="temporary_town_limit_multiple", region=Region.objects.get(code="460105"),
                  effective_from=date(2021, 1, 1), value="5", source="测试")  # fmt: skip
    assert parameter_value("temporary_town_limit_multiple", region=grid, on=date(2020, 12, 31)).value == 4
    assert parameter_value("temporary_town_limit_multiple", region=grid, on=date(2021, 1, 1)).value == 5
    other = Region.objects.get(code="460108")
    assert parameter_value("temporary_town_limit_multiple", region=other, on=date(2021, 1, 1)).value == 4


def test_reserve_page_top_up_and_scope(personas, reference):
    district = client_for(personas.district)
    district.post("/assistance/reserve/", {"town": "460105001", "amount": "5,000", "note": "年度拨付"})
    account = ReserveAccount.objects.get(town__code="460105001")
    assert account.balance_fen == 500000
    page = client_for(personas.town).get(f"/assistance/reserve/{account.pk}/").content.decode()
    assert "5,000.00 元" in page and "年度拨付" in page
    assert client_for(personas.other_district).get(f"/assistance/reserve/{account.pk}/").status_code == 404
    page = client_for(personas.other_district).post("/assistance/reserve/", {"town": "460105001", "amount": "1"},
                                                   follow=True).content.decode()  # fmt: skip
    assert "不存在或不在您的管辖范围内" in page


def test_indicator_page_counts_households_and_persons(personas, reference):
    app = given.apply(personas.town, given.family(3).head)
    given.enrolled(personas.town, personas.district, app)
    page = client_for(personas.district).get("/assistance/indicators/", {"on": "2020-11-30"}).content.decode()
    assert 'data-testid="total-1">1 / 3<' in page
    page = (
        client_for(personas.other_district)
        .get("/assistance/indicators/", {"on": "2020-11-30"})
        .content.decode()
    )
    assert 'data-testid="total-1">0 / 0<' in page


def test_home_page_shows_the_assistance_panel_to_case_roles(personas, reference):
    given.apply(personas.town, given.family(2).head)
    page = client_for(personas.town).get("/").content.decode()
    assert 'data-testid="assistance-home"' in page and "办理中的申请" in page
    assert 'data-testid="assistance-home"' not in client_for(personas.grid_a).get("/").content.decode()
