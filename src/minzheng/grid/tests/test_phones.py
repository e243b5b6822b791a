"""Phone numbers in grid governance follow the platform's one rule (core.values.phone_clean): a unit's
number, a hotline caller's number (page and service) and an Open311 request's are cleaned or refused the same
way, naming the field."""

import pytest
from django.urls import reverse

from minzheng.core.models import Region
from minzheng.core.testing import DISTRICT, GRID_A, client_for
from minzheng.grid.models import Department, Event
from minzheng.grid.services import GridError, department_create, event_report, open311_client_issue
from minzheng.grid.services.intake import open311_request_accept
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


def test_a_units_number_is_cleaned_or_refused(personas):
    district = Region.objects.get(code=DISTRICT)
    unit = department_create(
        actor=personas.district,
        name="秀英区市政管理局",
        function="municipal",
        region=district,
        phone="0898 6668 8888",
    )
    assert unit.phone == "089866688888"
    with pytest.raises(GridError, match="联系电话“0898-6666”格式不正确") as err:
        department_create(
            actor=personas.district,
            name="秀英区园林管理局",
            function="greening",
            region=district,
            phone="0898-6666",
        )
    assert err.value.field == "phone"
    response = client_for(personas.district).post(
        reverse("grid:department_list"),
        {"name": "秀英区园林管理局", "function": "greening", "region": DISTRICT, "phone": "电话待定"},
        follow=True,
    )
    assert "格式不正确" in response.content.decode()
    assert not Department.objects.filter(name="秀英区园林管理局").exists()


def test_a_callers_number_is_cleaned_or_refused(personas):
    operator = given.hotline()
    event = event_report(
        actor=operator, category=given.category(), description="垃圾", source=Event.Source.HOTLINE,
        grid=Region.objects.get(code=GRID_A), contact_phone="１３８００１３８０００",
    )  # fmt: skip
    assert event.contact_phone == "13800138000"
    with pytest.raises(GridError) as err:
        event_report(
            actor=operator, category=given.category(), description="垃圾", source=Event.Source.HOTLINE,
            grid=Region.objects.get(code=GRID_A), contact_phone="138-0013",
        )  # fmt: skip
    assert err.value.field == "contact_phone"
    page = client_for(operator).post(
        reverse("grid:event_new"),
        {
            "category": given.category().pk,
            "description": "垃圾",
            "address": "秀华路",
            "contact_phone": "138-0013",
        },
    )
    assert page.status_code == 400 and "来电号码“138-0013”格式不正确" in page.content.decode()
    assert Event.objects.count() == 1


def test_an_open311_callers_number_is_cleaned_or_refused(personas):
    given.profile(GRID_A)
    client = open311_client_issue(name="12345热线", jurisdiction_id="haikou.gov.cn")[0]
    data = {"category": given.category(), "description": "垃圾", "lat": 20.005, "long": 110.305}
    assert open311_request_accept(client=client, contact_phone="+86 138 0013 8000", **data).contact_phone == (
        "+8613800138000"
    )
    with pytest.raises(GridError) as err:
        open311_request_accept(client=client, contact_phone="unknown", **data)
    assert err.value.field == "phone"
