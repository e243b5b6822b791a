"""The public Open311 feed (issue 13, item 2): it published grid workers' internal reports — an anonymous
``GET /open311/v2/requests.json`` showed a 独居老人关爱 event with the old man's age, his address and its
coordinates. Now it lists only what citizens and hotlines filed, in categories marked public, with as much of
the description and location as the category's ``public_feed`` allows."""

import importlib
import json

import pytest
from django.test import Client

from minzheng.core.testing import GRID_A
from minzheng.grid.categories import PUBLIC_FEED, TREE
from minzheng.grid.models import Event, EventCategory, Open311Client, Open311Request
from minzheng.grid.services import open311_client_issue
from minzheng.grid.services.intake import open311_intake_drain
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"
ELDER = "独居老人王某某，82岁，行动不便，独自居住，近两日未见出门"
ELDER_ADDRESS = "秀华路12号3栋501"


@pytest.fixture
def citizen_key(personas):
    given.profile(GRID_A)
    given.category()
    _, key = open311_client_issue(
        name="市民App", jurisdiction_id="haikou.gov.cn", source=Open311Client.Source.OPEN311
    )
    return key


def post(key, **fields):
    data = {
        "api_key": key,
        "service_code": "0102",
        "lat": "20.005",
        "long": "110.305",
        "description": "路边垃圾",
    }
    data.update(fields)
    return Client().post(f"{BASE}/requests.json", data)


def feed(**params) -> list[dict]:
    response = Client().get(f"{BASE}/requests.json", params)
    assert response.status_code == 200
    return json.loads(response.content)


def number_of(response) -> str:
    assert response.status_code == 200, response.content
    return json.loads(response.content)[0]["service_request_id"]


def test_a_grid_workers_report_of_a_lonely_elder_is_not_in_the_public_feed(personas, citizen_key):
    # given the issue's event: a grid worker reports an elder living alone, with his address and position
    event = given.event(
        personas.grid_a, code="7202", description=ELDER, address=ELDER_ADDRESS, lat=20.005, long=110.305
    )
    # and a grid worker's report in a public category
    street = given.event(personas.grid_a, code="0102", description="秀华路口垃圾堆放")
    # when anyone reads the feed, or asks for either by its number
    listing = Client().get(f"{BASE}/requests.json")
    one = Client().get(f"{BASE}/requests/{event.case.number}.json")
    by_id = feed(service_request_id=f"{event.case.number},{street.case.number}")
    # then neither is there, and nothing of the elder leaks
    assert json.loads(listing.content) == [] and by_id == []
    assert one.status_code == 404 and "不存在或不公开" in json.loads(one.content)[0]["description"]
    for secret in ("王某某", "82岁", ELDER_ADDRESS, "20.005"):
        assert secret not in listing.content.decode() and secret not in one.content.decode()
    xml = Client().get(f"{BASE}/requests.xml")
    assert "王某某" not in xml.content.decode() and "<request>" not in xml.content.decode()


def test_a_citizens_report_in_a_public_category_is_shown_without_personal_data(personas, citizen_key):
    # given a citizen reports garbage, leaving their phone and ID number in the description
    number = number_of(
        post(
            citizen_key,
            description="小区门口垃圾三天没人清，联系我13900001111，身份证460105199001010011",
            address_string="秀华路8号",
            media_url="https://img.example.org/a.jpg",
            first_name="海",
            last_name="王",
            phone="13900001111",
            email="wanghai@example.com",
        )
    )
    waiting = json.loads(Client().get(f"{BASE}/requests/{number}.json").content)  # received, not yet filed
    open311_intake_drain()
    for items in (waiting, feed(), json.loads(Client().get(f"{BASE}/requests/{number}.json").content)):
        # then the request is in the feed with its description, address and position ...
        [item] = items
        assert item["service_request_id"] == number and item["service_code"] == "0102"
        assert item["description"].startswith("小区门口垃圾三天没人清")
        assert item["address"] == "秀华路8号" and item["lat"] == 20.005 and item["long"] == 110.305
        assert item["media_url"] == "https://img.example.org/a.jpg"
        # ... but without the numbers the caller typed, nor who called
        assert "[电话号码已隐去]" in item["description"] and "[证件号码已隐去]" in item["description"]
        text = json.dumps(item, ensure_ascii=False)
        for secret in ("13900001111", "460105199001010011", "王", "wanghai"):
            assert secret not in text


@pytest.mark.parametrize(
    ("code", "description_shown", "location_shown"),
    [
        ("0102", True, True),  # 暴露垃圾: full
        ("7302", True, False),  # 危房隐患: description only — it is someone's home
        ("7101", False, False),  # 邻里纠纷: category and status only
    ],
)
def test_each_category_shows_what_its_policy_allows(code, description_shown, location_shown, citizen_key):
    number = number_of(post(citizen_key, service_code=code, address_string="秀华路9号", address_id="H-9"))
    open311_intake_drain()
    [item] = feed()
    assert (item["service_request_id"], item["service_code"], item["status"]) == (number, code, "open")
    assert (item["description"] == "路边垃圾") is description_shown
    location = (item["address"], item["address_id"], item["lat"], item["long"])
    assert location == (("秀华路9号", "H-9", 20.005, 110.305) if location_shown else (None, None, None, None))


def test_what_a_hotline_files_in_an_internal_category_is_accepted_but_never_public(citizen_key):
    # when a hotline files a lonely elder's case through Open311 (filing is allowed: the city must act)
    response = post(citizen_key, service_code="7202", description=ELDER, address_string=ELDER_ADDRESS)
    number = number_of(response)
    # then the caller is told it will not be listed, and it is not — neither received nor filed
    assert "不在公开列表中显示" in json.loads(response.content)[0]["service_notice"]
    assert feed() == [] and Client().get(f"{BASE}/requests/{number}.json").status_code == 404
    open311_intake_drain()
    assert Event.objects.get().category.code == "7202"
    assert feed() == [] and Client().get(f"{BASE}/requests/{number}.json").status_code == 404


def test_a_category_the_city_adds_starts_internal(personas, citizen_key):
    parent = EventCategory.objects.get(code="72")
    added = EventCategory.objects.create(code="7299", name="临时关爱", parent=parent, deadline_amount=1)
    assert added.public_feed == EventCategory.PublicFeed.INTERNAL
    number_of(post(citizen_key, service_code="7299", description="需要上门"))
    open311_intake_drain()
    assert feed() == [] and Open311Request.objects.count() == 1


def test_the_seeded_categories_and_the_data_migration_agree():
    migration = importlib.import_module("minzheng.grid.migrations.0003_eventcategory_public_feed_seeded")
    from_migration = {code: policy for policy, codes in migration.PUBLIC_FEED.items() for code in codes}
    seeded = {code: policy for code, policy in PUBLIC_FEED.items() if policy != "internal"}
    assert from_migration == seeded
    leaves = {child[0] for _, _, _, children in TREE for child in children}
    assert set(PUBLIC_FEED) == leaves  # every seeded leaf has a considered policy
    assert {code for code, policy in PUBLIC_FEED.items() if policy == "internal"} == {"7201", "7202", "7203"}


def test_the_seeded_categories_carry_their_policy(db):
    given.category()
    policies = dict(EventCategory.objects.filter(parent__isnull=False).values_list("code", "public_feed"))
    assert policies["7202"] == "internal" and policies["0102"] == "full" and policies["7302"] == "description"
