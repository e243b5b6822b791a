"""Sign-in by real name on the citizens' site, its limits, and the wall between citizen and staff sessions."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import AuditEntry, Region
from minzheng.core.testing import COMMUNITY_A, client_for, personas_create
from minzheng.portal.models import Citizen, CitizenSession, Consent, SignInChallenge
from minzheng.portal.sms import LocmemBackend
from minzheng.portal.testing import citizen_client, citizen_make
from minzheng.registry.services.persons import person_create

pytestmark = pytest.mark.django_db

STRANGER_ID = make_citizen_id(region_code="460105", birth_date=date(1985, 3, 1), sequence=11)


@pytest.fixture
def people():
    personas = personas_create()
    person = person_create(
        actor=personas.city,
        id_number=make_citizen_id(region_code="460105", birth_date=date(1960, 5, 4), sequence=21),
        name="王秀英",
        phone="13876543210",
        region=Region.objects.get(code=COMMUNITY_A),
    )
    no_phone = person_create(
        actor=personas.city,
        id_number=make_citizen_id(region_code="460105", birth_date=date(1970, 1, 2), sequence=31),
        name="李四",
        region=Region.objects.get(code=COMMUNITY_A),
    )
    return personas, person, no_phone


def _ask(
    client: Client, id_number: str, name: str, phone: str = "", consent: bool = True, ip: str = "10.0.0.1"
):
    data = {"id_number": id_number, "name": name, "phone": phone, "next": "/m/me/"}
    if consent:
        data["consent"] = "on"
    return client.post("/m/login/", data, REMOTE_ADDR=ip)


def _last_code() -> str:
    return re.search(r"验证码为(\d{6})", LocmemBackend.outbox[-1][1]).group(1)


def test_a_registry_person_signs_in_with_the_code_sent_to_the_number_on_record(people):
    _, person, _ = people
    client = Client()
    # Given a resident the registry holds with a mobile number, when they type another number
    response = _ask(client, person.id_number, "王秀英", phone="13912345678")
    # then the code goes to the number on record, not the typed one
    assert response.status_code == 302 and response["Location"].startswith("/m/login/code/")
    assert LocmemBackend.outbox[-1][0] == "13876543210"
    page = client.get(response["Location"])
    assert "人口库登记的手机号" in page.content.decode() and "138****3210" in page.content.decode()
    # when they enter it, they are signed in, verified against the registry, and their consent is recorded
    done = client.post(response["Location"], {"code": _last_code()}, REMOTE_ADDR="10.0.0.1")
    assert done.status_code == 302 and done["Location"] == "/m/me/"
    citizen = Citizen.objects.get(id_number=person.id_number)
    assert citizen.person == person and citizen.phone == "13876543210"
    assert CitizenSession.objects.get(citizen=citizen).verified
    assert Consent.objects.filter(citizen=citizen, version="2026-12").exists()
    me = client.get("/m/me/").content.decode()
    assert "已通过人口库登记手机号核验" in me and person.id_number not in me
    login = AuditEntry.objects.filter(action="login", object_type="portal.citizen").get()
    assert login.actor_id is None and login.actor_name == f"公众用户#{citizen.pk}" and login.ip == "10.0.0.1"
    # the outbox keeps the message without its code
    assert "******" in citizen_sms_logged(citizen.phone)


def citizen_sms_logged(phone: str) -> str:
    from minzheng.portal.models import SmsMessage

    return SmsMessage.objects.filter(phone=phone).latest("pk").text


def test_someone_the_registry_does_not_hold_signs_in_unverified_and_is_bound_to_the_number(people):
    client = Client()
    response = _ask(client, STRANGER_ID, "赵六", phone="13700000001")
    assert LocmemBackend.outbox[-1][0] == "13700000001"
    client.post(response["Location"], {"code": _last_code()})
    citizen = Citizen.objects.get(id_number=STRANGER_ID)
    assert citizen.person is None and not CitizenSession.objects.get(citizen=citizen).verified
    # a later sign-in with another number is refused, naming the bound number masked
    SignInChallenge.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    again = _ask(Client(), STRANGER_ID, "赵六", phone="13700000002")
    assert again.status_code == 200 and "已绑定手机号137****0001" in again.content.decode()


def test_a_registry_person_without_a_number_on_record_gets_an_unverified_session(people):
    _, _, no_phone = people
    client = Client()
    response = _ask(client, no_phone.id_number, "李四", phone="13600000000")
    client.post(response["Location"], {"code": _last_code()})
    session = CitizenSession.objects.get(citizen__id_number=no_phone.id_number)
    assert not session.verified
    # pages of the bureau's records say why they are closed, in the site's layout
    missing = _ask(Client(), no_phone.id_number, "李四", phone="")
    assert "请填写接收验证码的手机号码" in missing.content.decode()


@pytest.mark.parametrize(
    ("id_number", "name", "consent", "message"),
    [
        ("460105196005040211", "王秀英", True, "身份证号码：校验码错误"),
        ("{person}", "王大英", True, "身份信息核验不通过"),
        ("{person}", "王秀英", False, "请阅读并同意《个人信息处理告知书》"),
    ],
)
def test_wrong_identity_or_no_consent_is_refused_with_the_reason(people, id_number, name, consent, message):
    _, person, _ = people
    response = _ask(Client(), id_number.replace("{person}", person.id_number), name, consent=consent)
    assert response.status_code == 200 and message in response.content.decode()
    assert LocmemBackend.outbox == []


def test_an_unknown_id_gets_the_same_answer_as_a_wrong_name(people):
    """The page does not tell who is in the registry: an unknown ID without a phone asks for a phone, as it
    does for a registry person without one; a known ID with a wrong name says only 核验不通过."""
    wrong = _ask(Client(), people[1].id_number, "错名字", phone="13700000009").content.decode()
    assert "身份信息核验不通过" in wrong and "不存在" not in wrong


def test_a_wrong_code_counts_and_five_kill_the_code(people):
    _, person, _ = people
    client = Client()
    location = _ask(client, person.id_number, "王秀英")["Location"]
    good = _last_code()
    bad = "000000" if good != "000000" else "111111"
    first = client.post(location, {"code": bad}).content.decode()
    assert "验证码错误，还可尝试4次" in first
    for _ in range(4):
        client.post(location, {"code": bad})
    refused = client.post(location, {"code": good}).content.decode()
    assert "验证码错误次数过多" in refused
    assert not CitizenSession.objects.exists()


def test_an_expired_or_used_code_is_refused(people):
    _, person, _ = people
    client = Client()
    location = _ask(client, person.id_number, "王秀英")["Location"]
    code = _last_code()
    SignInChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "验证码已过期" in client.post(location, {"code": code}).content.decode()


def test_codes_are_limited_per_phone_per_id_and_per_address(people, settings):
    _, person, _ = people
    # per phone: one a minute
    _ask(Client(), person.id_number, "王秀英")
    again = _ask(Client(), person.id_number, "王秀英").content.decode()
    assert "验证码已发送，请" in again and "秒后再试" in again
    assert len(LocmemBackend.outbox) == 1
    # per phone per hour
    settings.PORTAL_SMS_INTERVAL_SECONDS = 0
    settings.PORTAL_SMS_PER_PHONE_HOUR = 2
    _ask(Client(), person.id_number, "王秀英")
    assert "该手机号一小时内获取验证码次数过多" in _ask(Client(), person.id_number, "王秀英").content.decode()
    # per ID number per day, whatever the phone
    settings.PORTAL_SMS_PER_ID_DAY = 1
    _ask(Client(), STRANGER_ID, "赵六", phone="13700000001", ip="10.0.0.2")
    SignInChallenge.objects.filter(id_number=STRANGER_ID).update(phone="13700000003")
    refused = _ask(Client(), STRANGER_ID, "赵六", phone="13700000003", ip="10.0.0.3").content.decode()
    assert "该身份证号码今日获取验证码次数已达上限" in refused
    # per address per hour, whatever the ID
    settings.PORTAL_SMS_PER_IP_HOUR = 1
    other = make_citizen_id(region_code="460106", birth_date=date(1990, 1, 1), sequence=5)
    _ask(Client(), other, "钱七", phone="13700000004", ip="10.9.9.9")
    third = make_citizen_id(region_code="460106", birth_date=date(1991, 1, 1), sequence=5)
    refused = _ask(Client(), third, "孙八", phone="13700000005", ip="10.9.9.9").content.decode()
    assert "本网络一小时内获取验证码次数过多" in refused


def test_requests_per_address_are_limited_with_a_chinese_429(settings):
    settings.PORTAL_REQUESTS_PER_MINUTE = 3
    client = Client(REMOTE_ADDR="10.7.7.7")
    codes = [client.get("/m/privacy/", REMOTE_ADDR="10.7.7.7").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    page = client.get("/m/", REMOTE_ADDR="10.7.7.7")
    assert page.status_code == 429 and "访问过于频繁" in page.content.decode() and page["Retry-After"] == "60"
    assert Client().get("/m/privacy/", REMOTE_ADDR="10.7.7.8").status_code == 200


def test_a_staff_login_is_not_a_citizen_and_a_citizen_is_not_staff(people):
    personas, person, _ = people
    staff = client_for(personas.city)
    # a staff session on the citizens' site is an anonymous visitor
    response = staff.get("/m/me/")
    assert response.status_code == 302 and response["Location"].startswith("/m/login/")
    assert "p-tabs" in staff.get("/m/").content.decode()
    # a citizen's cookie opens no staff page, even when sent there
    citizen = citizen_client(citizen_make(person=person))
    citizen.cookies[settings.PORTAL_COOKIE_NAME]["path"] = "/"
    for url in ("/", "/registry/persons/", "/assistance/", f"/registry/persons/{person.pk}/"):
        answer = citizen.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/"), url


def test_sign_out_ends_the_session_for_good(people):
    _, person, _ = people
    client = citizen_client(citizen_make(person=person))
    assert client.get("/m/me/").status_code == 200
    token = client.cookies[settings.PORTAL_COOKIE_NAME].value
    client.post("/m/logout/")
    replay = Client()
    replay.cookies[settings.PORTAL_COOKIE_NAME] = token
    assert replay.get("/m/me/").status_code == 302
    assert AuditEntry.objects.filter(action="logout", object_type="portal.citizen").exists()


def test_an_idle_session_expires(people):
    _, person, _ = people
    client = citizen_client(citizen_make(person=person))
    CitizenSession.objects.update(last_seen=timezone.now() - timedelta(minutes=31))
    assert client.get("/m/me/").status_code == 302


def test_pages_of_the_bureaus_records_need_a_verified_sign_in(people, rf):
    from minzheng.portal.web import citizen_view

    _, _, no_phone = people
    client = citizen_client(citizen_make(person=no_phone, phone="13600000000"), verified=False)

    @citizen_view(verified=True)
    def records(request):  # pragma: no cover - only the guard runs
        raise AssertionError

    request = rf.get("/m/records/")
    request.citizen_session = CitizenSession.objects.get()
    response = records(request)
    assert response.status_code == 403 and "需要实名核验" in response.content.decode()
    assert client.get("/m/me/").status_code == 200


def test_errors_on_the_citizens_site_use_its_layout(people):
    page = Client().get("/m/no-such-page/")
    body = page.content.decode()
    assert page.status_code == 404 and "p-tabs" in body and "mainnav" not in body and 'href="/m/"' in body


def test_elder_mode_is_one_tap_and_stays(people):
    client = Client()
    assert 'class="portal"' in client.get("/m/").content.decode()
    client.post("/m/elder/", {"next": "/m/privacy/"})
    assert 'class="portal elder"' in client.get("/m/").content.decode()
    client.post("/m/elder/", {"next": "/m/"})
    assert 'class="portal"' in client.get("/m/").content.decode()
