"""The application pages: new application, detail with the means-test "why", the investigation entry,
acting on the case; scope (grid_b / other_district see nothing); query counts on the list."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.assistance.models import Application, Income
from minzheng.assistance.tests import given
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_new_application_finds_the_applicant_and_registers(personas, reference):
    hh = given.family(3)
    client = client_for(personas.town)
    page = client.get("/assistance/apply/", {"q": hh.head.name})
    assert page.status_code == 200 and hh.head.name in page.content.decode()
    assert hh.head.id_number not in page.content.decode()  # masked
    response = client.post(
        f"/assistance/apply/?person={hh.head.pk}",
        {"person": hh.head.pk, "kind": "dibao", "comment": "生活困难"},
    )
    app = Application.objects.get(applicant=hh.head)
    assert response.status_code == 302 and response.url == f"/assistance/applications/{app.pk}/"


def test_refusal_is_shown_in_chinese(personas, reference):
    meilan = given.person("美兰丙", hukou=given.OTHER_COMMUNITY, lives=given.URBAN_COMMUNITY)
    client = client_for(personas.town)
    page = client.post(
        f"/assistance/apply/?person={meilan.pk}", {"person": meilan.pk, "kind": "dibao"}, follow=True
    )
    assert "应向户籍所在地乡镇（街道）申请" in page.content.decode()
    assert not Application.objects.exists()


def test_detail_shows_the_means_test_lines_and_the_actions(personas, reference):
    hh = given.family(4)
    app = given.apply(personas.town, hh.head)
    given.income(personas.town, app, 200000)
    page = client_for(personas.town).get(f"/assistance/applications/{app.pk}/").content.decode()
    assert "家庭月人均收入 500.00 元 = 2,000.00 ÷ 4" in page
    assert "保障标准 610.00 元（城市低保，海口市，2020-01-01起，演示数据）" in page
    assert 'data-testid="action-accept"' in page and 'data-testid="income-form"' in page


def test_income_entry_and_actions_through_the_page(personas, reference):
    hh = given.family(2)
    app = given.apply(personas.town, hh.head, day=date.today())
    client = client_for(personas.town)
    member = app.assessment.members.get(is_applicant=True)
    client.post(f"/assistance/assessments/{app.assessment_id}/incomes/add/",
                {"member": member.pk, "income_type": "wage", "monthly": "1,000.50", "note": "务工"})  # fmt: skip
    assert Income.objects.get(member=member).monthly_fen == 100050
    page = client.post(
        f"/assistance/applications/{app.pk}/act/",
        {"action": "accept", "expected_state": "applied"},
        follow=True,
    )
    assert "已办理" in page.content.decode()
    page = client.post(
        f"/assistance/applications/{app.pk}/act/",
        {"action": "accept", "expected_state": "applied"},
        follow=True,
    )
    assert "该案件已被处理" in page.content.decode()


def test_grid_b_and_the_other_district_see_nothing(personas, reference):
    app = given.apply(personas.town, given.family(2).head)
    for user in (personas.grid_b, personas.grid_a):
        assert (
            client_for(user).get(f"/assistance/applications/{app.pk}/").status_code == 403
        )  # not a case role
    other = client_for(personas.other_district)
    assert other.get(f"/assistance/applications/{app.pk}/").status_code == 404
    assert app.case.number not in other.get("/assistance/").content.decode()
    assert client_for(personas.district).get(f"/assistance/applications/{app.pk}/").status_code == 200
    assert client_for(personas.community).get(f"/assistance/applications/{app.pk}/").status_code == 200


def test_list_query_count_does_not_grow_with_rows(personas, reference):
    client = client_for(personas.district)
    given.apply(personas.town, given.family(2).head)
    # the session's idle renewal (at most once a minute) happens in this request, not in a counted one
    client.get("/assistance/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/assistance/").status_code == 200
    for surname in "李王赵钱孙":
        given.apply(personas.town, given.family(2, surname=surname).head)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/assistance/").status_code == 200
    assert len(many) == len(few)


def test_case_page_links_to_the_application(personas, reference):
    app = given.apply(personas.town, given.family(2).head)
    page = client_for(personas.town).get(f"/cases/{app.case_id}/").content.decode()
    assert f"/assistance/cases/{app.case_id}/" in page
    response = client_for(personas.town).get(f"/assistance/cases/{app.case_id}/")
    assert response.status_code == 302 and response.url == f"/assistance/applications/{app.pk}/"
