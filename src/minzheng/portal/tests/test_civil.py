"""The citizen's marriage and funeral services on /m/ — marriage appointments, 清明 booking, proxy sweeping, online
memorials, the verification of a certificate — each through its domain's services and rules, a citizen reaching
only their own records, and the day-before reminder."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.core.testing import client_for, personas_create
from minzheng.core.workdays import is_workday
from minzheng.funeral import booking as qm
from minzheng.funeral import remembrance
from minzheng.funeral.indicators import online_memorial_visits
from minzheng.funeral.models import Booking, MemorialMessage, ProxyOrder, Slot
from minzheng.funeral.tests import given as fgiven
from minzheng.marriage import services as marriage_services
from minzheng.marriage.models import Appointment, DaySlot
from minzheng.marriage.tests.given import man, registry_offices, woman
from minzheng.portal.models import Notification
from minzheng.portal.reminders import reminders_send
from minzheng.portal.sms import LocmemBackend
from minzheng.portal.testing import citizen_client, citizen_make
from minzheng.portal.views_civil import verify_target

pytestmark = pytest.mark.django_db

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def _workday_after(day: date, n: int = 1) -> date:
    found = 0
    while True:
        day += timedelta(days=1)
        if is_workday(day):
            found += 1
            if found == n:
                return day


@pytest.fixture
def couple():
    """A man and a woman the registry holds, each signed in on the citizens' site (verified)."""
    reg = registry_offices()
    husband, wife = man("王建国"), woman("李秀英")
    return reg, husband, wife, citizen_make(person=husband, phone="13811110001"), citizen_make(person=wife)


def _book(
    client: Client, office, day: date, other, *, kind: str = "marriage", party: str = "mainland", name=None
):
    return client.post(
        f"/m/marriage/offices/{office.pk}/",
        {"day": day.isoformat(), "kind": kind, "party": party, "other_name": name or other.name,
         "other_id_number": other.id_number, "phone": "13811110001"},
    )  # fmt: skip


# --- 婚姻登记预约 -------------------------------------------------------------------------------------------


def test_a_citizen_books_a_marriage_appointment_sees_it_and_cancels_it(couple):
    reg, husband, wife, him, her = couple
    client = citizen_client(him)
    day = _workday_after(timezone.localdate())
    # Given the office's page, the day is offered with its places left
    page = client.get(f"/m/marriage/offices/{reg.xiuying.pk}/").content.decode()
    assert f"{day.month}月{day.day}日" in page and f"余{reg.xiuying.daily_capacity}个" in page
    # When he books with her name and ID number
    response = _book(client, reg.xiuying, day, wife)
    # then the register holds the appointment of the couple, one place of the day taken
    appointment = Appointment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/m/marriage/mine/{appointment.pk}/"
    assert (appointment.man, appointment.woman, appointment.day) == (husband, wife, day)
    assert DaySlot.objects.get(office=reg.xiuying, day=day).booked == 1
    # both parties find it among their appointments
    assert "李秀英" in client.get(response["Location"]).content.decode()
    assert reg.xiuying.name in citizen_client(her).get("/m/marriage/mine/").content.decode()
    # cancelling gives the place back (a day gone by cannot be cancelled any more)
    Appointment.objects.filter(pk=appointment.pk).update(day=date(2020, 1, 2))
    client.post(f"/m/marriage/mine/{appointment.pk}/cancel/")
    assert "预约日期已过，不能取消" in client.get(response["Location"]).content.decode()
    assert Appointment.objects.get().status == Appointment.Status.BOOKED
    Appointment.objects.filter(pk=appointment.pk).update(day=day)
    confirm = client.get(f"/m/marriage/mine/{appointment.pk}/cancel/").content.decode()
    assert "确定取消" in confirm and Appointment.objects.get().status == Appointment.Status.BOOKED
    client.post(f"/m/marriage/mine/{appointment.pk}/cancel/")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert DaySlot.objects.get(office=reg.xiuying, day=day).booked == 0


def test_a_full_day_is_refused_with_the_offices_message(couple):
    reg, husband, wife, him, _ = couple
    day = _workday_after(timezone.localdate())
    reg.xiuying.daily_capacity = 1
    reg.xiuying.save(update_fields=["daily_capacity"])
    marriage_services.appointment_book(
        actor=None, office=reg.xiuying, day=day, man=man("赵一"), woman=woman("钱二")
    )
    client = citizen_client(him)
    assert "已约满" in client.get(f"/m/marriage/offices/{reg.xiuying.pk}/").content.decode()
    page = _book(client, reg.xiuying, day, wife).content.decode()
    assert "的预约已满，请选择其他日期" in page
    assert Appointment.objects.count() == 1


def test_a_double_submit_books_once(couple):
    reg, _, wife, him, _ = couple
    client = citizen_client(him)
    day = _workday_after(timezone.localdate())
    _book(client, reg.xiuying, day, wife)
    again = _book(client, reg.xiuying, day, wife)
    assert "您已有未办理的婚姻登记预约" in again.content.decode()
    assert Appointment.objects.count() == 1 and DaySlot.objects.get(day=day).booked == 1


def test_under_age_is_refused_by_the_civil_codes_rule(couple):
    reg, _, _, him, _ = couple
    young = woman("周小红", born=timezone.localdate().replace(year=timezone.localdate().year - 19))
    page = _book(
        citizen_client(him), reg.xiuying, _workday_after(timezone.localdate()), young
    ).content.decode()
    assert "未达法定婚龄" in page and "民法典第一千零四十七条" in page
    assert not Appointment.objects.exists()


def test_the_other_partys_marriage_is_refused_without_its_details(couple):
    reg, husband, wife, him, _ = couple
    # Given she is married to someone else in the register
    spouse = man("孙大伟")
    existing = marriage_services.marriage_register(
        actor=None, office=reg.meilan, man=spouse, woman=wife, on=date(2020, 5, 20), both_present=True,
        documents_checked=True,
    )  # fmt: skip
    page = _book(
        citizen_client(him), reg.xiuying, _workday_after(timezone.localdate()), wife
    ).content.decode()
    # then the refusal says what the law says — one or both are married — and nothing of her marriage
    assert "一方或者双方已有配偶" in page
    for detail in (existing.number, "孙大伟", reg.meilan.name, "2020年05月20日"):
        assert detail not in page
    assert not Appointment.objects.exists()


def test_the_other_party_is_found_only_by_the_right_name_and_number(couple):
    reg, _, wife, him, _ = couple
    page = _book(citizen_client(him), reg.xiuying, _workday_after(timezone.localdate()), wife, name="李秀")
    assert "对方的姓名与身份证号码不符或未在人口信息中登记" in page.content.decode()
    assert not Appointment.objects.exists()


def test_foreign_related_only_at_the_city_office_and_divorce_needs_their_marriage(couple):
    reg, _, wife, him, _ = couple
    client = citizen_client(him)
    day = _workday_after(timezone.localdate())
    page = _book(client, reg.xiuying, day, wife, party="foreign").content.decode()
    assert "由市婚姻登记处办理" in page and not Appointment.objects.exists()
    assert _book(client, reg.city, day, wife, party="foreign").status_code == 302
    Appointment.objects.all().delete()
    page = _book(client, reg.xiuying, day, wife, kind="divorce").content.decode()
    assert "没有您与对方有效的结婚登记" in page


def test_marriage_booking_needs_a_verified_sign_in(couple):
    _, _, _, him, _ = couple
    response = citizen_client(him, verified=False).get("/m/marriage/")
    assert response.status_code == 403 and "需要实名核验" in response.content.decode()


# --- 清明祭扫预约 -------------------------------------------------------------------------------------------


@pytest.fixture
def qingming_open():
    """This year's season open for booking now, a cemetery with two slots tomorrow (quota 2)."""
    now, today = timezone.now(), timezone.localdate()
    season = qm.season_set(
        actor=None, year=today.year + 1, sweep_from=today + timedelta(days=1), sweep_to=today + timedelta(days=3),
        booking_opens=now - timedelta(days=1), booking_closes=now + timedelta(days=2), max_visitors=5,
    )  # fmt: skip
    cemetery = fgiven.cemetery()
    qm.slots_open(
        actor=None, season=season, cemetery=cemetery, quota=2, days=[today + timedelta(days=1)],
        times=[(time(8), time(10)), (time(10), time(12))],
    )  # fmt: skip
    return season, cemetery, list(Slot.objects.filter(cemetery=cemetery).order_by("starts"))


def _citizen(n: int, name: str = "陈清明"):
    return citizen_make(id_number=fgiven.citizen_id(n), name=name, phone=f"1390000{n:04d}")


def _qm(client: Client, cemetery, slot, visitors: int = 3, plate: str = "琼A12345"):
    return client.post(
        f"/m/qingming/cemeteries/{cemetery.pk}/", {"slot": slot.pk, "visitors": visitors, "plate": plate}
    )


def test_a_citizen_books_a_slot_and_gets_the_qr_code_then_cancels(qingming_open):
    _, cemetery, (slot, _) = qingming_open
    citizen = _citizen(1)
    client = citizen_client(citizen, verified=False)
    assert "余2个" in client.get(f"/m/qingming/cemeteries/{cemetery.pk}/").content.decode()
    response = _qm(client, cemetery, slot)
    made = Booking.objects.get()
    assert response["Location"] == f"/m/qingming/mine/{made.pk}/"
    assert (made.id_number, made.name, made.visitors, made.plate) == (
        citizen.id_number,
        "陈清明",
        3,
        "琼A12345",
    )
    assert Slot.objects.get(pk=slot.pk).left == 1
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and made.code in page and "<?xml" not in page
    client.post(f"/m/qingming/mine/{made.pk}/cancel/")
    assert Booking.objects.get().status == Booking.Status.CANCELLED and Slot.objects.get(pk=slot.pk).left == 2


def test_a_double_submit_and_a_second_slot_book_once_per_season(qingming_open):
    _, cemetery, (slot, other_slot) = qingming_open
    client = citizen_client(_citizen(2), verified=False)
    _qm(client, cemetery, slot)
    again = _qm(client, cemetery, slot).content.decode()
    other = _qm(client, cemetery, other_slot).content.decode()
    for page in (again, other):
        assert "每人每个公墓每季只能预约一次" in page and 'data-testid="to-mine"' in page
    assert Booking.objects.count() == 1
    assert [s.left for s in Slot.objects.order_by("starts")] == [1, 2]


def test_a_full_slot_too_many_visitors_and_a_bad_plate_are_refused(qingming_open):
    _, cemetery, (slot, other_slot) = qingming_open
    for n in (3, 4):
        _qm(citizen_client(_citizen(n), verified=False), cemetery, slot)
    client = citizen_client(_citizen(5), verified=False)
    assert "已约满，请选择其他时段" in _qm(client, cemetery, slot).content.decode()
    assert "每个预约最多5人，实为6人" in _qm(client, cemetery, other_slot, visitors=6).content.decode()
    assert "格式不正确" in _qm(client, cemetery, other_slot, plate="A1").content.decode()
    assert Booking.objects.count() == 2 and Slot.objects.get(pk=other_slot.pk).left == 2


def test_outside_the_window_nothing_is_booked(qingming_open):
    season, cemetery, (slot, _) = qingming_open
    season.booking_closes = timezone.now() - timedelta(minutes=1)
    season.save()
    client = citizen_client(_citizen(6), verified=False)
    assert 'data-testid="window-closed"' in client.get("/m/qingming/").content.decode()
    assert "预约已截止" in _qm(client, cemetery, slot).content.decode()
    assert not Booking.objects.exists()


# --- 代祭扫 -----------------------------------------------------------------------------------------------


def _proxy_done(cemetery, order):
    gate = fgiven.operator()
    cemetery.operators.add(gate)
    photo = SimpleUploadedFile("p.png", PNG_1X1, content_type="image/png")
    remembrance.proxy_order_complete(actor=gate, order=order, photos=[photo], note="已献花")


def test_a_proxy_sweeping_is_ordered_once_and_its_photos_come_back_to_the_family(qingming_open):
    _, cemetery, _ = qingming_open
    citizen = _citizen(7, "林代祭")
    client = citizen_client(citizen, verified=False)
    data = {"cemetery": cemetery.pk, "deceased_name": "林老先生", "day": timezone.localdate().isoformat(),
            "phone": "13907550000"}  # fmt: skip
    first = client.post("/m/proxy/new/", data)
    second = client.post("/m/proxy/new/", data)
    order = ProxyOrder.objects.get()
    assert first["Location"] == second["Location"] == f"/m/proxy/{order.pk}/"
    assert (order.requester_id_number, order.requester_name) == (citizen.id_number, "林代祭")
    assert "待祭扫" in client.get(f"/m/proxy/{order.pk}/").content.decode()
    # when the cemetery's staff complete it with a photo, the family sees the state and the photo
    _proxy_done(cemetery, order)
    page = client.get(f"/m/proxy/{order.pk}/").content.decode()
    photo = order.photos.get()
    assert "已完成" in page and f"/m/proxy/{order.pk}/photos/{photo.pk}/" in page and "/media/" not in page
    served = client.get(f"/m/proxy/{order.pk}/photos/{photo.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served.content == PNG_1X1
    # a past day is refused with the domain's message
    data["day"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert "祭扫日期不能早于今天" in client.post("/m/proxy/new/", data).content.decode()


# --- 网上祭奠 ---------------------------------------------------------------------------------------------


@pytest.fixture
def memorial():
    return remembrance.memorial_create(
        name="张德明",
        region=Region.objects.get(code="460105"),
        born_on=date(1930, 1, 1),
        died_on=date(2019, 4, 2),
    )


def test_memorials_are_public_and_each_browser_counts_one_visit_a_day(memorial):
    visitor = Client()
    assert "张德明纪念馆" in visitor.get("/m/memorials/?q=德明").content.decode()
    assert "张德明" not in visitor.get("/m/memorials/?q=李").content.decode()
    for _ in range(2):
        page = visitor.get(f"/m/memorials/{memorial.pk}/")
    assert page.status_code == 200 and "登录后留言" in page.content.decode()
    Client().get(f"/m/memorials/{memorial.pk}/")
    today = timezone.localdate()
    # the visits are the online-visit figure the funeral app reports
    assert online_memorial_visits(Region.objects.get(code="460105"), today, today) == 2
    memorial.active = False
    memorial.save()
    assert Client().get(f"/m/memorials/{memorial.pk}/").status_code == 404


def test_a_message_waits_for_staff_and_only_its_author_sees_it_meanwhile(memorial):
    author = citizen_client(_citizen(8, "张孝孙"), verified=False)
    page = author.get(f"/m/memorials/{memorial.pk}/").content.decode()
    assert 'value="张孝孙"' in page
    response = author.post(f"/m/memorials/{memorial.pk}/message/", {"author": "孙儿", "text": "永远怀念您"})
    assert response.status_code == 302
    message = MemorialMessage.objects.get()
    assert message.status == MemorialMessage.Status.PENDING
    assert "永远怀念您" in author.get(f"/m/memorials/{memorial.pk}/").content.decode()
    assert "永远怀念您" not in Client().get(f"/m/memorials/{memorial.pk}/").content.decode()
    other = citizen_client(_citizen(9, "路人甲"), verified=False)
    assert "永远怀念您" not in other.get(f"/m/memorials/{memorial.pk}/").content.decode()
    # an empty message is refused with the domain's words
    empty = author.post(f"/m/memorials/{memorial.pk}/message/", {"author": "孙儿", "text": " "})
    assert "请填写留言内容" in empty.content.decode() or "这个字段是必填项" in empty.content.decode()
    # once staff approve it, everyone sees it
    remembrance.message_moderate(actor=personas_create().city, message=message, approve=True)
    assert "永远怀念您" in Client().get(f"/m/memorials/{memorial.pk}/").content.decode()


# --- 证照核验 ---------------------------------------------------------------------------------------------


def test_verify_sends_a_code_or_a_scanned_address_to_the_existing_public_page(couple):
    reg, husband, wife, _, _ = couple
    registration = marriage_services.marriage_register(
        actor=None, office=reg.xiuying, man=husband, woman=wife, on=date(2024, 5, 20), both_present=True,
        documents_checked=True,
    )  # fmt: skip
    visitor = Client()
    target = f"/marriage/verify/{registration.token}/"
    for typed in (registration.token, f"http://127.0.0.1:8000{target}", f"https://evil.example{target}"):
        response = visitor.get("/m/verify/", {"code": typed})
        assert response.status_code == 302 and response["Location"] == target
    shown = visitor.get(target).content.decode()
    assert registration.number in shown and "王建国" not in shown
    assert verify_target("0123456789abcdef") == "/verify/certificates/0123456789abcdef/"
    assert (
        verify_target("https://x/verify/certificates/0123456789abcdef/")
        == "/verify/certificates/0123456789abcdef/"
    )
    by_number = visitor.get("/m/verify/", {"code": registration.number}).content.decode()
    assert "不能凭证书字号核验" in by_number
    assert "无法识别该核验码" in visitor.get("/m/verify/", {"code": "hello"}).content.decode()
    assert verify_target("https://evil.example/elsewhere/") == ""


# --- who sees what ----------------------------------------------------------------------------------------


def test_citizen_b_reaches_none_of_as_records_and_anonymous_is_sent_to_sign_in(
    couple, qingming_open, memorial
):
    reg, _, wife, him, _ = couple
    _, cemetery, (slot, _) = qingming_open
    a = citizen_client(him)
    _book(a, reg.xiuying, _workday_after(timezone.localdate()), wife)
    _qm(a, cemetery, slot)
    a.post("/m/proxy/new/", {"cemetery": cemetery.pk, "deceased_name": "王老", "day": timezone.localdate(),
                             "phone": "13907550000"})  # fmt: skip
    a.post(f"/m/memorials/{memorial.pk}/message/", {"author": "王家", "text": "A的私密留言"})
    appointment, made, order = Appointment.objects.get(), Booking.objects.get(), ProxyOrder.objects.get()
    _proxy_done(cemetery, order)
    photo = order.photos.get()
    mine = {
        f"/m/marriage/mine/{appointment.pk}/": "get", f"/m/marriage/mine/{appointment.pk}/cancel/": "post",
        f"/m/qingming/mine/{made.pk}/": "get", f"/m/qingming/mine/{made.pk}/cancel/": "post",
        f"/m/proxy/{order.pk}/": "get", f"/m/proxy/{order.pk}/photos/{photo.pk}/": "get",
    }  # fmt: skip
    b = citizen_client(citizen_make(person=man("赵路人")))
    for url, method in mine.items():
        assert getattr(b, method)(url).status_code == 404, url
        assert getattr(a, method)(url).status_code in (200, 302), url
    # B's lists hold nothing of A's
    for url, secret in (("/m/marriage/mine/", reg.xiuying.name), ("/m/qingming/mine/", cemetery.name),
                        ("/m/proxy/", "王老"), (f"/m/memorials/{memorial.pk}/", "A的私密留言")):  # fmt: skip
        assert secret not in b.get(url).content.decode(), url
    # only A's own cancels went through
    assert Appointment.objects.get().status == Appointment.Status.CANCELLED
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    # anonymous visitors and staff logins are sent to sign in, except on the public pages
    public = ["/m/memorials/", f"/m/memorials/{memorial.pk}/", "/m/verify/"]
    signed = [*mine, "/m/marriage/", f"/m/marriage/offices/{reg.xiuying.pk}/", "/m/marriage/mine/", "/m/qingming/",
              f"/m/qingming/cemeteries/{cemetery.pk}/", "/m/qingming/mine/", "/m/proxy/", "/m/proxy/new/",
              f"/m/memorials/{memorial.pk}/message/"]  # fmt: skip
    for visitor in (Client(), client_for(personas_create().city)):
        for url in signed:
            response = visitor.get(url)
            assert response.status_code in (302, 405) and (
                response.status_code == 405 or response["Location"].startswith("/m/login/?next=")
            ), url
        for url in public:
            assert visitor.get(url).status_code == 200, url


# --- the day-before reminder --------------------------------------------------------------------------------


def test_bookings_tomorrow_are_reminded_once_each(couple, qingming_open, django_capture_on_commit_callbacks):
    reg, husband, wife, him, her = couple
    _, cemetery, (slot, other_slot) = qingming_open
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    # Given a 清明 booking tomorrow of a citizen, one of someone without an account, and a marriage appointment
    _qm(citizen_client(him), cemetery, slot)
    qm.booking_create(request=qm.BookingRequest(slot_id=other_slot.pk, id_number=fgiven.citizen_id(30),
                                                name="无账号", visitors=1))  # fmt: skip
    marriage_services.appointment_book(actor=None, office=reg.xiuying, day=tomorrow, man=husband, woman=wife)
    LocmemBackend.outbox.clear()
    # when the reminders run today
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(today)
    # then each booking's citizens get one message and one text; a second run sends nothing
    assert first["bookings_tomorrow"] == 3
    assert Notification.objects.filter(citizen=him).count() == 2
    assert Notification.objects.filter(citizen=her).count() == 1
    assert sorted(phone for phone, _ in LocmemBackend.outbox) == sorted([him.phone, him.phone, her.phone])
    assert all("明天" in text and cemetery.name not in text for _, text in LocmemBackend.outbox)
    assert reminders_send(today)["bookings_tomorrow"] == 0
    assert Notification.objects.count() == 3
    assert reminders_send(today - timedelta(days=1))["bookings_tomorrow"] == 0
    qingming_note = Notification.objects.get(citizen=him, title="您明天有清明祭扫预约")
    assert qingming_note.url == f"/m/qingming/mine/{Booking.objects.get(id_number=him.id_number).pk}/"
    assert cemetery.name in qingming_note.body


# --- staff changes reach the citizen who booked on the site ------------------------------------------------


def _notes(citizen) -> list[tuple[str, str]]:
    """The notices of changes (not the day-before reminders the same daily run sends)."""
    changes = Notification.objects.filter(citizen=citizen, key__startswith="civil:")
    return list(changes.order_by("pk").values_list("title", "url"))


def test_a_marriage_appointment_cancelled_or_moved_by_staff_is_told_once(
    couple, django_capture_on_commit_callbacks
):
    reg, _, wife, him, her = couple
    client = citizen_client(him)
    day = _workday_after(timezone.localdate())
    _book(client, reg.xiuying, day, wife)
    appointment = Appointment.objects.get()
    detail = f"/m/marriage/mine/{appointment.pk}/"
    LocmemBackend.outbox.clear()
    # when the office moves it to another day (the domain's record changes; the site is not asked)
    later = _workday_after(day)
    Appointment.objects.filter(pk=appointment.pk).update(day=later)
    # then his next look at his appointments tells him, once, with the old and new day; a rerun says nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/m/marriage/mine/")
        client.get("/m/marriage/mine/")
    assert _notes(him) == [("您的婚姻登记预约已改期", detail)]
    note = Notification.objects.get(citizen=him, key__startswith="civil:")
    assert f"由{day.month}月{day.day}日" in note.body and f"改为{later.month}月{later.day}日" in note.body
    assert [phone for phone, _ in LocmemBackend.outbox] == [him.phone]
    assert "婚姻登记预约已改期" in LocmemBackend.outbox[0][1] and "李秀英" not in LocmemBackend.outbox[0][1]
    # when the registrar cancels it, the daily run tells him (not her: she did not book it on the site)
    marriage_services.appointment_cancel(actor=reg.clerk, appointment=appointment)
    assert reminders_send(timezone.localdate())["civil_changes"] == 1
    assert reminders_send(timezone.localdate())["civil_changes"] == 0
    assert _notes(him)[-1] == ("您的婚姻登记预约已取消", detail)
    assert not Notification.objects.filter(citizen=her).exists()


def test_the_citizens_own_cancel_on_the_site_is_not_told_back(couple, qingming_open):
    reg, _, wife, him, _ = couple
    _, cemetery, (slot, _) = qingming_open
    client = citizen_client(him)
    _book(client, reg.xiuying, _workday_after(timezone.localdate()), wife)
    _qm(client, cemetery, slot)
    # when he cancels both on the site himself
    client.post(f"/m/marriage/mine/{Appointment.objects.get().pk}/cancel/")
    client.post(f"/m/qingming/mine/{Booking.objects.get().pk}/cancel/")
    # then nothing is sent him, now or by the daily run
    assert Appointment.objects.get().status == Booking.objects.get().status == "cancelled"
    assert reminders_send(timezone.localdate())["civil_changes"] == 0
    assert client.get("/m/").status_code == 200 and _notes(him) == []


def test_a_qingming_booking_moved_or_cancelled_and_a_proxy_sweeping_done_are_told(qingming_open):
    _, cemetery, (slot, other_slot) = qingming_open
    citizen = _citizen(40, "周清明")
    client = citizen_client(citizen, verified=False)
    _qm(client, cemetery, slot)
    made = Booking.objects.get()
    client.post("/m/proxy/new/", {"cemetery": cemetery.pk, "deceased_name": "周老先生",
                                  "day": timezone.localdate().isoformat(), "phone": "13907550000"})  # fmt: skip
    order = ProxyOrder.objects.get()
    # when the cemetery moves the booking to the other slot, then cancels it (a call to its office), and does
    # the sweeping
    Booking.objects.filter(pk=made.pk).update(slot=other_slot)
    assert reminders_send(timezone.localdate())["civil_changes"] == 1
    qm.booking_cancel(code=made.code, id_number=citizen.id_number)
    _proxy_done(cemetery, order)
    assert reminders_send(timezone.localdate())["civil_changes"] == 2
    # then one notice for each change, each pointing at the citizen's own page
    assert _notes(citizen) == [
        ("您的清明祭扫预约已改期", f"/m/qingming/mine/{made.pk}/"),
        ("您的清明祭扫预约已取消", f"/m/qingming/mine/{made.pk}/"),
        ("您委托的代祭扫已完成", f"/m/proxy/{order.pk}/"),
    ]
    moved = Notification.objects.filter(citizen=citizen, key__startswith="civil:").order_by("pk").first()
    assert (
        "由" in moved.body
        and "08:00-10:00" in moved.body
        and "改为" in moved.body
        and "10:00-12:00" in moved.body
    )
    # and a booking made by someone else for the same ID number (by phone at the office) is not followed
    other = qm.booking_create(request=qm.BookingRequest(slot_id=slot.pk, id_number=citizen.id_number,
                                                        name="周清明", visitors=1))  # fmt: skip
    qm.booking_cancel(code=other.code, id_number=citizen.id_number)
    assert reminders_send(timezone.localdate())["civil_changes"] == 0


def test_the_home_page_lines_up_what_changed_since_the_last_visit(
    couple, qingming_open, django_assert_max_num_queries
):
    from minzheng.portal.civil_follow import last_visit, progress_since
    from minzheng.portal.models import CitizenSession

    reg, _, wife, him, _ = couple
    _, cemetery, (slot, _) = qingming_open
    client = citizen_client(him)
    _book(client, reg.xiuying, _workday_after(timezone.localdate()), wife)
    _qm(client, cemetery, slot)
    # given his visit ended an hour ago, with nothing changed since
    CitizenSession.objects.filter(citizen=him).update(
        created_at=timezone.now() - timedelta(hours=2), last_seen=timezone.now() - timedelta(hours=1)
    )
    page = citizen_client(him).get("/m/").content.decode()
    assert 'data-testid="progress"' not in page
    # when the registrar cancels his appointment, then he comes back
    marriage_services.appointment_cancel(actor=reg.clerk, appointment=Appointment.objects.get())
    page = citizen_client(him).get("/m/").content.decode()
    # then the home page says what has news since that visit, linking to it, and the inbox holds the notice
    assert 'data-testid="progress"' in page and "婚姻登记预约" in page and "1项有新进展" in page
    lines = page.split('data-testid="progress"')[1].split("</ul>")[0]
    assert 'href="/m/marriage/mine/"' in lines and "清明祭扫预约" not in lines
    assert _notes(him) == [("您的婚姻登记预约已取消", f"/m/marriage/mine/{Appointment.objects.get().pk}/")]
    # and it costs a handful of queries however many items he has
    session = CitizenSession.objects.filter(citizen=him).order_by("-created_at").first()
    with django_assert_max_num_queries(6):
        lines = progress_since(him, last_visit(session))
    assert [(line.label, line.count) for line in lines] == [("婚姻登记预约", 1)]
    # a change before that visit is no news
    assert progress_since(him, timezone.now()) == []
