"""申请救助 on the citizens' site: the steps, the submit (once), my applications, my payments, the notices."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.assistance.tests import given
from minzheng.benefits import services as benefits
from minzheng.benefits.tests import given as ledger_given
from minzheng.casework.services import case_transition
from minzheng.core.ids import make_citizen_id
from minzheng.portal.models import Notification
from minzheng.portal.models_apply import ApplyDraft
from minzheng.portal.reminders import reminders_send
from minzheng.portal.testing import citizen_client, citizen_make
from minzheng.registry.models import Person

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _family():
    household = given.family(2, surname="林")
    Person.objects.filter(pk=household.head.pk).update(phone="13876540001")
    head = Person.objects.get(pk=household.head.pk)
    child = household.memberships.exclude(person=head).get().person
    return head, child


def _start(client, kind: str = "dibao") -> ApplyDraft:
    response = client.post("/m/apply/", {"kind": kind})
    assert response.status_code == 302, response.content.decode()
    return ApplyDraft.objects.latest("pk")


def _fill(client, draft: ApplyDraft, child: Person) -> None:
    base = f"/m/apply/{draft.key}"
    assert client.post(f"{base}/details/", {"reason": "因病致贫"}).status_code == 302
    spouse = make_citizen_id(region_code="460105", birth_date=date(1982, 7, 9), sequence=601)
    for name, number, relation in ((child.name, child.id_number, "子女"), ("陈秀兰", spouse, "配偶")):
        added = client.post(
            f"{base}/members/", {"do": "add", "name": name, "id_number": number, "relation": relation}
        )
        assert added.status_code == 302
    draft.refresh_from_db()
    uid = draft.data["members"][1]["uid"]
    for who, amount in (("self", "800"), (uid, "500")):
        added = client.post(
            f"{base}/incomes/", {"do": "add", "who": who, "income_type": "wage", "monthly": amount}
        )
        assert added.status_code == 302
    upload = SimpleUploadedFile("hukou.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(f"{base}/documents/", {"do": "add", "kind": "hukou", "file": upload}).status_code == 302
    )


def test_a_citizen_applies_step_by_step_and_a_double_submit_makes_one_application(personas):
    # Given a signed-in citizen the registry holds with a household of two
    head, child = _family()
    citizen = citizen_make(person=head)
    client = citizen_client(citizen)
    # When they fill the six steps
    draft = _start(client)
    _fill(client, draft, child)
    check = client.get(f"/m/apply/{draft.key}/check/").content.decode()
    assert "陈秀兰（配偶）" in check and "800.00" in check and "hukou.pdf" in check
    assert "还需补充：身份证、收入证明" in check
    # and submit twice (a double tap, or the back button and submit again)
    first = client.post(f"/m/apply/{draft.key}/check/", {"key": str(draft.key)})
    second = client.post(f"/m/apply/{draft.key}/check/", {"key": str(draft.key)})
    # Then one 低保 application is made, at 申请, for the household's town, and both land on it
    app = Application.objects.get(applicant=head)
    assert first["Location"] == second["Location"] == f"/m/applications/{app.pk}/"
    assert app.case.state == "applied" and app.case.attachments.count() == 1
    assert {m.person_id for m in app.assessment.members.all()} == {head.pk, child.pk}
    detail = client.get(f"/m/applications/{app.pk}/").content.decode()
    assert "已提交" in detail and "等待镇街受理" in detail and "自镇街受理之日起30个工作日内办结" in detail
    assert "身份证、收入证明" in detail and "提交申请" in detail
    # and the submission is in the inbox once
    assert Notification.objects.filter(citizen=citizen, key=f"case:{app.case_id}:applied").count() == 1


def test_wrong_member_and_document_are_refused_on_their_field(personas):
    head, child = _family()
    client = citizen_client(citizen_make(person=head))
    draft = _start(client)
    base = f"/m/apply/{draft.key}"
    bad_id = client.post(
        f"{base}/members/",
        {"do": "add", "name": "王五", "id_number": "460105199002031234", "relation": "子女"},
    )
    assert "身份证号码不正确：校验码错误" in bad_id.content.decode()
    itself = client.post(
        f"{base}/members/", {"do": "add", "name": head.name, "id_number": head.id_number, "relation": "配偶"}
    )
    assert "申请人本人不必再作为家庭成员填写" in itself.content.decode()
    text = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    refused = client.post(f"{base}/documents/", {"do": "add", "kind": "income", "file": text})
    assert "收入证明“notes.txt”不是照片或PDF文件" in refused.content.decode()
    # a member whose name does not match the registry is refused on submit, naming the member
    client.post(
        f"{base}/members/", {"do": "add", "name": "林某", "id_number": child.id_number, "relation": "子女"}
    )
    submitted = client.post(f"{base}/check/", {"key": str(draft.key)})
    assert "第1位家庭成员林某：姓名与身份证号码不符" in submitted.content.decode()
    assert not Application.objects.filter(applicant=head).exists()


def test_temporary_assistance_asks_the_amount_and_a_resident_without_hukou_the_town(personas):
    resident = given.person("孙无籍", hukou=None)
    client = citizen_client(citizen_make(person=resident, phone="13876540002"))
    draft = _start(client, "temporary_emergency")
    page = client.post(f"/m/apply/{draft.key}/details/", {"reason": "火灾"}).content.decode()
    assert "临时救助请填写申请救助的金额" in page and "请选择户籍所在的乡镇（街道）" in page
    done = client.post(f"/m/apply/{draft.key}/details/", {"requested": "1000", "town": "460105001"})
    assert done.status_code == 302
    response = client.post(f"/m/apply/{draft.key}/check/", {"key": str(draft.key)})
    app = Application.objects.get(applicant=resident)
    assert response.status_code == 302 and app.region.code == "460105001" and app.requested_fen == 100000


def test_someone_the_registry_does_not_hold_is_sent_to_the_counter(personas):
    number = make_citizen_id(region_code="460105", birth_date=date(1990, 1, 1), sequence=77)
    client = citizen_client(citizen_make(id_number=number, name="外来人"))
    page = client.get("/m/apply/").content.decode()
    assert "暂不能在线申请" in page
    assert client.post("/m/apply/", {"kind": "dibao"}).status_code == 200
    assert not ApplyDraft.objects.exists()


def test_the_state_set_by_the_town_shows_in_words_and_is_notified_once(personas):
    head, child = _family()
    citizen = citizen_make(person=head)
    client = citizen_client(citizen)
    draft = _start(client)
    _fill(client, draft, child)
    client.post(f"/m/apply/{draft.key}/check/", {"key": str(draft.key)})
    app = Application.objects.get(applicant=head)
    # When the 镇街 worker accepts the application
    case_transition(actor=personas.town, case=app.case, action="accept")
    # Then 我的申请 says 已受理 with the engine's limits, and the inbox has one notice of it
    listing = client.get("/m/applications/").content.decode()
    assert "已受理" in listing
    detail = client.get(f"/m/applications/{app.pk}/").content.decode()
    app.case.refresh_from_db()
    assert f"{app.case.due_at:%Y年%-m月%-d日}前" in detail.replace("年0", "年")
    assert "办理状态：已受理" in detail and "秀英街道" in detail and "town" not in detail
    key = f"case:{app.case_id}:investigating"
    assert Notification.objects.filter(citizen=citizen, key=key).count() == 1
    client.get("/m/applications/")
    reminders_send(timezone.localdate())
    assert Notification.objects.filter(citizen=citizen, key=key).count() == 1


def test_the_reminder_notices_a_state_change_without_a_visit(personas):
    head, child = _family()
    citizen = citizen_make(person=head)
    client = citizen_client(citizen)
    draft = _start(client)
    _fill(client, draft, child)
    client.post(f"/m/apply/{draft.key}/check/", {"key": str(draft.key)})
    app = Application.objects.get(applicant=head)
    case_transition(actor=personas.town, case=app.case, action="refuse", comment="户籍不在本街道")
    sent = reminders_send(timezone.localdate())
    assert sent["application_state"] == 1
    notice = Notification.objects.get(citizen=citizen, key=f"case:{app.case_id}:not_accepted")
    assert "不予受理" in notice.title
    assert "户籍不在本街道" in client.get(f"/m/applications/{app.pk}/").content.decode()


def test_an_application_made_at_the_counter_shows_only_to_a_verified_session(personas):
    head, _ = _family()
    app = given.apply(personas.town, head, day=timezone.localdate())
    citizen = citizen_make(person=head)
    unverified = citizen_client(citizen, verified=False)
    assert app.case.number not in unverified.get("/m/applications/").content.decode()
    assert unverified.get(f"/m/applications/{app.pk}/").status_code == 404
    verified = citizen_client(citizen, verified=True)
    assert app.case.number in verified.get("/m/applications/").content.decode()
    assert verified.get(f"/m/applications/{app.pk}/").status_code == 200


def test_payments_month_by_month_with_the_review_date_and_the_reminder(personas):
    # Given a citizen enrolled in 城市低保 from January 2021, reviewed in 20 days, and two approved payrolls
    enrollment = ledger_given.enrolled(name="何领取", start=date(2021, 1, 1))
    person = enrollment.person
    Person.objects.filter(pk=person.pk).update(phone="13876540003")
    review = timezone.localdate() + timedelta(days=20)
    benefits.enrollment_set_review_due(actor=None, enrollment=enrollment, review_due=review)
    for month in (date(2021, 1, 1), date(2021, 2, 1)):
        run = benefits.payroll_run_run(actor=personas.city, program="dibao_urban", month=month)
        ledger_given.through_review(run, [personas.district])
        benefits.payroll_run_approve(actor=ledger_given.second_city_manager(), run=run)
    citizen = citizen_make(person=Person.objects.get(pk=person.pk))
    # When they open 我的救助金 in a verified session
    page = citizen_client(citizen, verified=True).get("/m/payments/").content.decode()
    # Then each month's line and the next review show
    assert "2021年2月" in page and "2021年1月" in page and page.count("610.00") == 2
    assert f"下次复核：{review.year}年{review.month}月{review.day}日" in page
    # an unverified session is told to verify first
    assert citizen_client(citizen, verified=False).get("/m/payments/").status_code == 403
    # and the reminder notifies once per review
    assert reminders_send(timezone.localdate())["review_due"] == 1
    assert reminders_send(timezone.localdate())["review_due"] == 0
    assert Notification.objects.get(citizen=citizen, key=f"review:{enrollment.pk}:{review.isoformat()}")


def test_a_household_benefit_shows_to_a_member_with_the_payee_masked(personas):
    # Given 城市低保 paid per household to the head, and the child signed in (verified)
    head, child = _family()
    Person.objects.filter(pk=child.pk).update(phone="13876540004")
    household = head.memberships.get().household
    enrollment = benefits.enrollment_create(
        actor=None, program="dibao_urban", person=head, region=head.region, start_month=date(2021, 1, 1),
        amount_fen=122_000, members_count=2, household=household,
    )  # fmt: skip
    run = benefits.payroll_run_run(actor=personas.city, program="dibao_urban", month=date(2021, 1, 1))
    ledger_given.through_review(run, [personas.district])
    benefits.payroll_run_approve(actor=ledger_given.second_city_manager(), run=run)
    citizen = citizen_make(person=Person.objects.get(pk=child.pk))
    # When the child opens 我的救助金
    page = citizen_client(citizen, verified=True).get("/m/payments/").content.decode()
    # Then the household's line shows, the head's name masked
    assert "1,220.00" in page and enrollment.program.name in page
    assert head.name not in page and f"{head.name[0]}*" in page


def test_missing_documents_can_be_added_while_the_town_investigates(personas):
    head, child = _family()
    client = citizen_client(citizen_make(person=head))
    draft = _start(client)
    _fill(client, draft, child)
    client.post(f"/m/apply/{draft.key}/check/", {"key": str(draft.key)})
    app = Application.objects.get(applicant=head)
    case_transition(actor=personas.town, case=app.case, action="accept")
    # When the resident adds a photo of the ID card from the application's page
    photo = SimpleUploadedFile("id.jpg", b"\xff\xd8\xff\xe0" + b"0" * 64, content_type="image/jpeg")
    url = f"/m/applications/{app.pk}/documents/"
    assert client.post(url, {"kind": "id_card", "file": photo}).status_code == 302
    # Then the case has it and only 收入证明 is still missing
    assert app.case.attachments.filter(name__startswith="身份证（补充）：").exists()
    detail = client.get(f"/m/applications/{app.pk}/").content.decode()
    assert "还需补充的材料" in detail and "<p>收入证明</p>" in detail and "身份证（补充）：id.jpg" in detail
    # and once the town has submitted its review, the form is gone and an upload is refused
    case_transition(actor=personas.town, case=app.case, action="submit")
    assert "supplement-add" not in client.get(f"/m/applications/{app.pk}/").content.decode()
    late = SimpleUploadedFile("income.pdf", PDF, content_type="application/pdf")
    client.post(url, {"kind": "income", "file": late})
    page = client.get(f"/m/applications/{app.pk}/").content.decode()
    assert "申请已进入审核环节，不能再在网上补充材料" in page
