"""The public entry point: a resident's own application (the citizens' site), checked as staff entry is."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.services.public import (
    DeclaredIncome,
    DeclaredMember,
    Document,
    application_from_citizen,
    citizen_registry_town,
)
from minzheng.assistance.tests import given
from minzheng.casework.services import case_transition
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region
from minzheng.core.testing import TOWN

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str = "hukou.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


def _stranger_id(sequence: int = 501) -> str:
    return make_citizen_id(region_code="460105", birth_date=date(1990, 2, 3), sequence=sequence)


def test_a_resident_applies_with_members_incomes_and_a_document(personas):
    # Given a registered household of two (head and child) and a spouse the registry does not hold
    household = given.family(2, surname="林")
    head = household.head
    child = household.memberships.exclude(person=head).get().person
    spouse_id = _stranger_id()
    # When the head applies online for 低保
    app = application_from_citizen(
        applicant=head,
        kind="dibao",
        applicant_incomes=[DeclaredIncome("wage", 80000)],
        members=[
            DeclaredMember(child.name, child.id_number, "子女", [DeclaredIncome("transfer", 20000)]),
            DeclaredMember("陈秀兰", spouse_id, "配偶", [DeclaredIncome("wage", 50000)]),
        ],
        documents=[Document("hukou", _pdf())],
        reason="因病致贫",
    )
    # Then a 低保 case opens at 申请 under the community of the household's 户籍, for the town's worker
    case = app.case
    assert case.state == "applied" and case.opened_by is None
    assert app.region.code == given.URBAN_COMMUNITY
    members = {m.person_id: m for m in app.assessment.members.all()}
    assert set(members) == {head.pk, child.pk}
    assert [i.monthly_fen for i in members[head.pk].incomes.all()] == [80000]
    assert [i.monthly_fen for i in members[child.pk].incomes.all()] == [20000]
    opening = case.events.get(action="open")
    assert "因病致贫" in opening.comment and "陈秀兰" in opening.comment
    assert spouse_id not in opening.comment and "500.00元/月" in opening.comment
    attachment = case.attachments.get()
    assert attachment.name.startswith("户口簿：") and attachment.event == opening
    # and the 镇街 worker accepts it as any other application
    case_transition(actor=personas.town, case=case, action="accept")
    case.refresh_from_db()
    assert case.state == "investigating"


@pytest.mark.parametrize(
    ("member", "message"),
    [
        (DeclaredMember("王五", "460105199002031234", "子女"), "第1位家庭成员王五：身份证号码不正确"),
        (DeclaredMember("", _stranger_id(), "子女"), "第1位家庭成员：请填写姓名"),
        (DeclaredMember("王五", _stranger_id(), "邻居"), "第1位家庭成员王五：请选择与申请人的关系"),
        (
            DeclaredMember("王五", _stranger_id(), "子女", [DeclaredIncome("wage", -1)]),
            "第1位家庭成员王五的工资性收入：月收入不能为负数",
        ),
    ],
)
def test_a_wrong_member_is_refused_by_name(personas, member, message):
    head = given.family(1, surname="周").head
    with pytest.raises(AssistanceError, match=message):
        application_from_citizen(applicant=head, kind="dibao", members=[member])


def test_a_member_whose_name_does_not_match_the_registry_is_refused(personas):
    household = given.family(2, surname="吴")
    child = household.memberships.exclude(person=household.head).get().person
    with pytest.raises(AssistanceError, match="第1位家庭成员吴某：姓名与身份证号码不符"):
        application_from_citizen(
            applicant=household.head, kind="dibao", members=[DeclaredMember("吴某", child.id_number, "子女")]
        )


def test_a_document_must_be_a_photo_or_pdf(personas):
    head = given.family(1, surname="郑").head
    with pytest.raises(AssistanceError, match="收入证明“notes.txt”不是照片或PDF文件"):
        application_from_citizen(
            applicant=head,
            kind="dibao",
            documents=[Document("income", ContentFile(b"hello", name="notes.txt"))],
        )


def test_a_second_open_application_is_refused(personas):
    head = given.family(1, surname="冯").head
    application_from_citizen(applicant=head, kind="dibao")
    with pytest.raises(AssistanceError, match="您已有办理中的.*低保申请"):
        application_from_citizen(applicant=head, kind="dibao")


def test_without_a_registered_hukou_the_resident_names_the_town(personas):
    # Given a resident the registry holds without 户籍
    resident = given.person("孙无籍", hukou=None)
    assert citizen_registry_town(applicant=resident) is None
    with pytest.raises(AssistanceError, match="请选择户籍所在的乡镇"):
        application_from_citizen(applicant=resident, kind="temporary_emergency", requested_fen=100000)
    # When they name 秀英街道, the case is filed with that town
    town = Region.objects.get(code=TOWN)
    app = application_from_citizen(
        applicant=resident, kind="temporary_emergency", requested_fen=100000, declared_town=town
    )
    assert app.region == town and app.case.state == "applied"


def test_temporary_assistance_needs_the_amount_and_tekun_the_support(personas):
    head = given.family(1, surname="褚").head
    with pytest.raises(AssistanceError, match="临时救助请填写申请救助的金额"):
        application_from_citizen(applicant=head, kind="temporary_expense")
    with pytest.raises(AssistanceError, match="请选择供养方式"):
        application_from_citizen(applicant=head, kind="tekun")


def test_the_town_worker_sees_an_online_application_on_the_staff_pages(personas):
    from minzheng.core.testing import client_for

    household = given.family(1, surname="蒋")
    app = application_from_citizen(
        applicant=household.head,
        kind="dibao",
        documents=[Document("income", _pdf("income.pdf"))],
        reason="失业",
    )
    client = client_for(personas.town)
    page = client.get(f"/assistance/applications/{app.pk}/").content.decode()
    assert "公众服务网上申请" in page and "申请事由：失业" in page
    case_page = client.get(f"/cases/{app.case_id}/")
    assert case_page.status_code == 200 and "收入证明：income.pdf" in case_page.content.decode()
