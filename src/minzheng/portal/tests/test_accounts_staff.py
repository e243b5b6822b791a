"""The counter's page of citizens' accounts: look up by full ID number (POST, audited), rebind the number after
seeing the ID card (ends the account's sessions), refused to roles without the capability."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for, personas_create
from minzheng.portal.models import Citizen, CitizenSession
from minzheng.portal.testing import citizen_client, citizen_make

pytestmark = pytest.mark.django_db

ID = make_citizen_id(region_code="460106", birth_date=date(1980, 2, 3), sequence=77)


@pytest.fixture
def account():
    personas = personas_create()
    citizen = citizen_make(id_number=ID, name="周九", phone="13700001111")
    return personas, citizen


def test_a_clerk_looks_an_account_up_by_post_and_the_read_is_audited(account):
    personas, citizen = account
    page = client_for(personas.community).post("/citizens/", {"id_number": ID})
    body = page.content.decode()
    assert page.status_code == 200 and "137****1111" in body and "未关联" in body and ID not in body
    assert AuditEntry.objects.filter(
        action="view", object_type="portal.citizen", object_id=str(citizen.pk)
    ).exists()
    refused = client_for(personas.community).post("/citizens/", {"id_number": "460106198002030771"})
    assert "校验码错误" in refused.content.decode()


def test_rebinding_needs_the_id_card_checked_and_ends_the_sessions(account):
    personas, citizen = account
    signed_in = citizen_client(citizen, verified=False)
    assert signed_in.get("/m/me/").status_code == 200
    clerk = client_for(personas.town)
    refused = clerk.post(f"/citizens/{citizen.pk}/rebind/", {"phone": "13700002222", "reason": "手机丢失"})
    assert "请先现场核验居民身份证原件" in refused.content.decode()
    assert Citizen.objects.get().phone == "13700001111"
    done = clerk.post(
        f"/citizens/{citizen.pk}/rebind/",
        {"phone": "13700002222", "reason": "手机丢失", "id_card_checked": "on"},
    )
    assert "已更换绑定手机号" in done.content.decode()
    assert Citizen.objects.get().phone == "13700002222"
    assert not CitizenSession.objects.filter(ended_at__isnull=True).exists()
    assert signed_in.get("/m/me/").status_code == 302
    change = AuditEntry.objects.filter(action="update", object_type="portal.citizen").get()
    assert change.before == {"绑定手机号": "137****1111"} and change.actor_name == "town"


@pytest.mark.parametrize("who", ["grid_a", "district", "auditor"])
def test_other_roles_are_refused(account, who):
    personas, citizen = account
    client = client_for(getattr(personas, who))
    assert client.post("/citizens/", {"id_number": ID}).status_code == 403
    assert client.post(f"/citizens/{citizen.pk}/rebind/", {"phone": "13700002222"}).status_code == 403


def test_the_hotline_may_look_up_but_not_rebind(account):
    from minzheng.core.roles import Role
    from minzheng.core.testing import CITY, user_make

    personas, citizen = account
    hotline = client_for(user_make("rexian_t", Role.HOTLINE_OPERATOR, CITY))
    page = hotline.post("/citizens/", {"id_number": ID}).content.decode()
    assert "137****1111" in page and "更换绑定手机号</h3>" not in page
    assert hotline.post(f"/citizens/{citizen.pk}/rebind/", {}).status_code == 403
