"""The ledger's pages: scoped stock and movements (another district sees nothing), capabilities (a refusal names
it; nav only for who may follow), the issue form with the registry person picker, exports audited."""

import pytest

from minzheng.core.models import AuditEntry
from minzheng.core.navigation import nav_for
from minzheng.core.testing import DISTRICT, TOWN, client_for
from minzheng.supplies.models import Movement
from minzheng.supplies.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def masks(personas):  # noqa: ANN201
    item = given.masks()
    given.received(item, TOWN, 50)
    return item


def test_the_stock_is_scoped_and_a_grid_worker_is_refused(personas, masks):
    def table(user) -> str:  # noqa: ANN001
        return client_for(user).get("/supplies/").content.decode().split('data-testid="stock"')[1]

    assert "一次性医用口罩" in table(personas.town)
    assert "一次性医用口罩" not in table(personas.other_district)
    response = client_for(personas.grid_a).get("/supplies/")
    assert response.status_code == 403 and "查阅物资台账" in response.content.decode()
    assert "物资库存" not in str(nav_for(personas.grid_a)) and "物资库存" in str(nav_for(personas.community))


def test_the_issue_form_picks_a_registry_person_and_refuses_a_short_stock(personas, masks):
    who = given.person("领取人甲")
    town = client_for(personas.town)
    form = {"item": masks.pk, "quantity": "60", "day": "2020-02-02", "person": who.pk}
    response = town.post("/supplies/issue/", form)
    assert response.status_code == 200 and "库存不足：现有50个" in response.content.decode()
    response = town.post("/supplies/issue/", {**form, "quantity": "5"})
    assert response.status_code == 302
    issued = Movement.objects.get(kind="issue")
    assert issued.person == who and issued.region.code == TOWN
    page = town.get("/supplies/movements/").content.decode()
    assert "领取人甲" in page and who.id_number not in page


def test_only_the_city_maintains_items(personas):
    assert client_for(personas.district).get("/supplies/items/new/").status_code == 403
    response = client_for(personas.city).post(
        "/supplies/items/new/",
        {"name": "防疫宣传资料", "category": "leaflet", "unit": "份", "unit_value": "0.30"},
    )
    assert response.status_code == 302
    assert "防疫宣传资料" in client_for(personas.district).get("/supplies/items/").content.decode()


def test_a_transfer_from_the_form(personas, masks):
    given.received(masks, DISTRICT, 20)
    response = client_for(personas.district).post(
        "/supplies/transfer/", {"item": masks.pk, "target": TOWN, "quantity": "20", "day": "2020-02-03"}
    )
    assert response.status_code == 302
    assert Movement.objects.filter(kind="transfer_in", region__code=TOWN).count() == 1


def test_exports_are_xlsx_and_audited(personas, masks):
    town = client_for(personas.town)
    for url in ("/supplies/stock.xlsx", "/supplies/movements.xlsx?kind=receipt"):
        response = town.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEntry.objects.filter(action="export", actor=personas.town).count() == 2
