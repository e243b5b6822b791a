"""The load generator's writes are ones the rules accept: for every event category, what it fills in from the
report page (grid worker) or the service definition (Open311 client) is a report the platform files."""

import pytest
from django.test import Client

from minzheng.core.testing import GRID_A, client_for
from minzheng.grid.models import Event, EventCategory, Open311Request
from minzheng.grid.services import open311_client_issue
from minzheng.grid.services.intake import open311_intake_drain
from minzheng.grid.tests import given
from minzheng.loadtest.filling import definition_attribute_values, form_attribute_values, report_form

pytestmark = pytest.mark.django_db


def _leaves():
    given.category()  # the classification (GB/T 30428.2 and the local extensions)
    return list(EventCategory.objects.filter(active=True, parent__isnull=False, parent__active=True))


def test_a_grid_worker_report_of_every_category_is_filed(personas):
    # given grid A on the map, the grid worker's report page, and categories with required attributes among the leaves
    given.profile(GRID_A)
    client = client_for(personas.grid_a)
    leaves = _leaves()
    assert any(any(a.get("required") for a in c.attributes or []) for c in leaves)
    form, offered = report_form(client.get("/grid/events/new/").content.decode())
    assert sorted(offered, key=int) == sorted((str(c.pk) for c in leaves), key=int)
    for category in leaves:
        # when the generator answers the attribute fields the page shows for the category
        html = client.get("/grid/events/new/attributes/", {"category": category.pk}).content.decode()
        data = {
            **form,
            "category": category.pk,
            "description": "压力测试：路灯不亮，请处理",
            "address": "秀华路12号门前",
        }
        response = client.post("/grid/events/new/", {**data, **form_attribute_values(html)})
        # then the report is filed (a redirect to the event), not refused
        assert response.status_code == 302, (category.code, response.content.decode()[-600:])
    assert Event.objects.count() == len(leaves)


def test_an_open311_request_of_every_service_is_accepted(personas):
    # given a partner system's key
    given.profile(GRID_A)
    given.category()
    _, key = open311_client_issue(name="12345热线", jurisdiction_id="haikou.gov.cn")
    client = Client()
    codes = [s["service_code"] for s in client.get("/open311/v2/services.json").json()]
    assert codes
    for code in codes:
        # when it answers each service's definition as the generator does
        definition = client.get(f"/open311/v2/services/{code}.json").json()
        data = {
            "api_key": key,
            "service_code": code,
            "lat": "20.025",
            "long": "110.285",
            "description": "井盖松动",
        }
        response = client.post(
            "/open311/v2/requests.json", {**data, **definition_attribute_values(definition)}
        )
        # then the request is accepted
        assert response.status_code in (200, 201), (code, response.content.decode()[-400:])
    # and the intake files every one of them as an event
    open311_intake_drain()
    assert Open311Request.objects.count() == len(codes)
    assert Event.objects.filter(client__isnull=False).count() == len(codes)
