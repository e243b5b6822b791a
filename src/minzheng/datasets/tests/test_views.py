"""The data set pages: the entry grid (Chinese messages naming the element, typed values kept, a stale form
refused), reporting, approval by the district (the period then shows locked), scope (another district gets the 404
page), capabilities (links shown only to who may follow them), completeness and the audited XLSX exports."""

from datetime import date
from io import BytesIO

import pytest
from python_calamine import CalamineWorkbook

from minzheng.core.models import AuditEntry
from minzheng.core.navigation import nav_for
from minzheng.core.testing import TOWN, client_for
from minzheng.datasets import selectors, services
from minzheng.datasets.models import Approval, Completion, DataValue
from minzheng.datasets.tests import given
from minzheng.datasets.tests.given import MARCH

pytestmark = pytest.mark.django_db

PERIOD = "2020-03-01"


@pytest.fixture
def ds(personas):  # noqa: ANN201
    return given.monthly(personas)


def _url(ds, what="entry"):  # noqa: ANN001, ANN202
    return f"/datasets/{ds.pk}/{what}/"


def _post(client, ds, values, *, action="save", version=None):  # noqa: ANN001, ANN202
    page = client.get(_url(ds), {"unit": TOWN, "period": PERIOD})
    data = {"unit": TOWN, "period": PERIOD, "action": action,
            "version": version if version is not None else page.context["entry"].version}  # fmt: skip
    data.update({f"e{pk}": v for pk, v in values.items()})
    return client.post(_url(ds), data)


def test_the_town_fills_the_grid_and_reports(personas, ds):
    client = client_for(personas.town)
    sessions, money = given.element_ids(ds)
    # given the town's grid for March 2020, one row per element
    page = client.get(_url(ds), {"unit": TOWN, "period": PERIOD}).content.decode()
    assert "普法宣传月报活动场次" in page and "2020年3月" in page and 'name="version"' in page
    # when the clerk saves and reports
    response = _post(client, ds, {sessions: "4", money: "250.5"}, action="complete")
    # then the values are stored and the period is reported
    assert response.status_code == 302
    assert DataValue.objects.get(element_id=sessions).value == 4
    assert Completion.objects.filter(data_set=ds, region__code=TOWN, period=MARCH).exists()
    page = client.get(response["Location"]).content.decode()
    assert "已上报" in page and "250.50" in page


def test_a_wrong_value_is_shown_on_the_page_naming_the_element_and_keeping_what_was_typed(personas, ds):
    client = client_for(personas.town)
    sessions, money = given.element_ids(ds)
    response = _post(client, ds, {sessions: "两场", money: "10"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "“普法宣传月报活动场次”应填写数字，填写的是“两场”" in page
    assert 'value="两场"' in page and 'aria-invalid="true"' in page
    assert not DataValue.objects.exists()


def test_a_stale_form_is_refused_on_the_page(personas, ds):
    client = client_for(personas.town)
    sessions, _ = given.element_ids(ds)
    old = client.get(_url(ds), {"unit": TOWN, "period": PERIOD}).context["entry"].version
    _post(client, ds, {sessions: "1"})
    page = _post(client, ds, {sessions: "7"}, version=old).content.decode()
    assert "已被他人修改，请刷新页面" in page
    assert DataValue.objects.get(element_id=sessions).value == 1


def _reported(personas, ds):  # noqa: ANN001, ANN202
    services.values_save(actor=personas.town, data_set=ds, region=given.town(), period=MARCH,
                         values=dict.fromkeys(given.element_ids(ds), "2"), at=given.at(date(2020, 4, 2)))  # fmt: skip
    services.period_complete(actor=personas.town, data_set=ds, region=given.town(), period=MARCH,
                             at=given.at(date(2020, 4, 2)))  # fmt: skip


def test_the_district_approves_on_its_page_and_the_grid_is_then_locked(personas, ds):
    _reported(personas, ds)
    reviewer = client_for(personas.district)
    page = reviewer.get(_url(ds, "approval"), {"period": PERIOD}).content.decode()
    assert "秀英街道" in page and f'data-testid="approve-{TOWN}"' in page
    response = reviewer.post(f"/datasets/{ds.pk}/approval/act/",
                             {"region": TOWN, "period": PERIOD, "action": "approve"})  # fmt: skip
    assert response.status_code == 302
    assert Approval.objects.get().state == Approval.State.APPROVED
    # the town's grid now says locked, its boxes are disabled and there is no button
    page = client_for(personas.town).get(_url(ds), {"unit": TOWN, "period": PERIOD}).content.decode()
    assert "已审核（数据已锁定）" in page and " disabled" in page and "保存并上报" not in page
    # returning without a reason is refused with a message, nothing changes
    reviewer.post(
        f"/datasets/{ds.pk}/approval/act/", {"region": TOWN, "period": PERIOD, "action": "unapprove"}
    )
    assert Approval.objects.get().state == Approval.State.APPROVED


def test_the_town_level_cannot_open_the_approval_page_of_a_district_approved_set(personas, ds):
    response = client_for(personas.town).get(_url(ds, "approval"), {"period": PERIOD})
    assert response.status_code == 400 and "由区县审核" in response.content.decode()


def test_another_district_gets_the_404_page_for_this_town(personas, ds):
    response = client_for(personas.other_district).get(_url(ds), {"unit": TOWN, "period": PERIOD})
    assert response.status_code == 404
    page = (
        client_for(personas.other_district).get(_url(ds, "completeness"), {"period": PERIOD}).content.decode()
    )
    assert "秀英街道" not in page


def test_links_and_pages_follow_the_capabilities(personas, ds):
    assert client_for(personas.grid_a).get("/datasets/").status_code == 403
    city = client_for(personas.city).get("/datasets/").content.decode()
    assert 'data-testid="new-data-set"' in city and "普法宣传月报" in city
    town = client_for(personas.town).get("/datasets/").content.decode()
    assert 'data-testid="new-data-set"' not in town
    assert client_for(personas.town).get("/datasets/new/").status_code == 403
    labels = {i["label"] for s in nav_for(personas.town) for i in s["items"]}
    assert {"汇总报表", "填报汇总报表", "审核汇总报表"} <= labels
    labels = {i["label"] for s in nav_for(personas.community) for i in s["items"]}
    assert "填报汇总报表" in labels and "审核汇总报表" not in labels


def test_the_city_defines_a_data_set_on_its_page(personas, ds):
    client = client_for(personas.city)
    response = client.post(
        "/datasets/elements/", {"name": "慰问困难群众", "unit": "户", "value_type": "integer"}
    )
    assert response.status_code == 302
    element = selectors.element_list().get(name="慰问困难群众")
    response = client.post("/datasets/new/", {
        "title": "走访慰问季报", "period_type": "quarterly", "report_level": "community", "timely_days": "15",
        "elements": [element.pk], "description": "按户数汇总", "active": "on",
    })  # fmt: skip
    assert response.status_code == 302
    # a duplicate title is shown on the form's field
    page = client.post("/datasets/new/", {
        "title": "走访慰问季报", "period_type": "monthly", "report_level": "town", "timely_days": "5",
        "elements": [element.pk],
    }).content.decode()  # fmt: skip
    assert "报表“走访慰问季报”已存在" in page


def test_entry_home_and_approval_home_list_what_is_due(personas, ds):
    page = client_for(personas.town).get("/datasets/entry/").content.decode()
    assert "普法宣传月报" in page and "秀英街道" in page
    page = client_for(personas.district).get("/datasets/approval/").content.decode()
    assert "普法宣传月报" in page
    page = client_for(personas.city).get("/datasets/approval/").content.decode()
    assert "没有由您所在层级审核的报表" in page


def _sheet(response):  # noqa: ANN001, ANN202
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def test_the_exports_hold_the_values_and_completeness_and_are_audited(personas, ds):
    _reported(personas, ds)
    services.period_approve(actor=personas.district, data_set=ds, region=given.town(), period=MARCH)
    client = client_for(personas.district)
    rows = _sheet(client.get(f"/datasets/{ds.pk}/values.xlsx", {"from": "2020-01-01", "to": "2020-12-31"}))
    assert rows[0][:6] == ["报告期", "填报单位代码", "填报单位", "数据项", "计量单位", "数值"]
    assert rows[1][:5] == ["2020年3月", TOWN, "秀英街道", "普法宣传月报活动场次", "场"]
    assert rows[1][6] == "已审核" and len(rows) == 3
    rows = _sheet(client.get(f"/datasets/{ds.pk}/completeness.xlsx", {"period": PERIOD}))
    mine = next(r for r in rows if r[1] == TOWN)
    assert mine[3] == "已审核" and mine[5] == "按时"
    assert len(rows) - 1 == selectors.units(user=personas.district, data_set=ds).count()
    assert AuditEntry.objects.filter(action="export", object_type="datasets.dataset").count() == 2
    # another district's export holds none of 秀英区's values
    rows = _sheet(client_for(personas.other_district).get(f"/datasets/{ds.pk}/values.xlsx"))
    assert len(rows) == 1


def test_the_completeness_page_reads_in_a_fixed_number_of_queries(
    personas, ds, django_assert_max_num_queries
):
    _reported(personas, ds)
    client = client_for(personas.city)
    with django_assert_max_num_queries(15):
        page = client.get(_url(ds, "completeness"), {"period": PERIOD}).content.decode()
    assert "秀英街道" in page and "未报单位" in page


def test_the_detail_page_links_to_entry_only_for_a_user_with_a_unit_that_reports_it(personas, ds):
    # a community worker may enter reports, but this one is the towns': no link to a grid it has no unit for
    page = client_for(personas.community).get(f"/datasets/{ds.pk}/").content.decode()
    assert f"/datasets/{ds.pk}/entry/" not in page
    page = client_for(personas.town).get(f"/datasets/{ds.pk}/").content.decode()
    assert f"/datasets/{ds.pk}/entry/" in page
