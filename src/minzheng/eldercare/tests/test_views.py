"""The eldercare pages: who sees what (grid_b and other_district see nothing of 秀英's records), the 12349
intake and board, parameters, and constant query counts on the board."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.eldercare import rules, selectors, services
from minzheng.eldercare.models import CareLevel, HelpRequest, HelpTimeLimit, InstitutionKind, MealSubsidyRule
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    """A home with a resident, a canteen meal, an assessment, an inspection and a 12349 request, all in
    秀英区 (the elderly person lives in grid A)."""
    home = given.institution(personas.district, kind=InstitutionKind.NURSING_HOME, name="秀英福利院",
                             region="460105001001")  # fmt: skip
    services.institution_beds_set(
        actor=personas.district, institution=home, care_level=CareLevel.FULL, beds=3
    )
    elderly = given.person(name="陈阿婆", birth=date(1938, 8, 8))
    services.resident_admit(actor=personas.district, institution=home, person=elderly, care_level="full",
                            admitted_on=date(2021, 1, 1))  # fmt: skip
    canteen = given.institution(personas.district, name="秀华长者饭堂")
    meal = services.meal_record(actor=personas.district, canteen=canteen, person=elderly, served_on=date(2021, 3, 1),
                                meal_type="lunch", price_fen=1200)  # fmt: skip
    assessment = services.assessment_record(
        actor=personas.district, person=elderly, standard="mzt039", assessed_on=date(2021, 2, 1),
        items={"eating": 10, "bathing": 5, "grooming": 5, "dressing": 10, "stool": 10, "urine": 10, "toilet": 10,
               "transfer": 15, "walking": 15, "stairs": 10}, mental=0, sensory=0, social=0,
    )  # fmt: skip
    inspection = services.inspection_record(
        actor=personas.district, institution=home, kind="fire_safety", inspected_on=date(2021, 3, 1),
        checklist={c: "pass" for c, _ in rules.checklist_items("fire_safety")},
    )  # fmt: skip
    help = services.help_request_open(actor=given.hotline(), caller_name="女儿", caller_phone="13800001111",
                                      category="meals", description="送餐", elderly=elderly)  # fmt: skip
    return {"home": home, "elderly": elderly, "meal": meal, "assessment": assessment, "inspection": inspection,
            "help": help}  # fmt: skip


def _detail_urls(world):
    return [
        f"/eldercare/institutions/{world['home'].pk}/",
        f"/eldercare/assessments/{world['assessment'].pk}/",
        f"/eldercare/inspections/{world['inspection'].pk}/",
        f"/eldercare/help/{world['help'].pk}/",
    ]


def test_the_district_opens_every_page(personas, world):
    client = client_for(personas.district)
    for url in ["/eldercare/", "/eldercare/institutions/", "/eldercare/meals/?month=2021-03",
                "/eldercare/settlements/", "/eldercare/assessments/", "/eldercare/assessments/new/?standard=mzt039",
                "/eldercare/assessments/new/", "/eldercare/inspections/", "/eldercare/inspections/new/?kind=fire_safety",
                "/eldercare/help/", "/eldercare/parameters/", *_detail_urls(world)]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/eldercare/institutions/{world['home'].pk}/").content.decode()
    assert "陈阿婆" in page and world["elderly"].id_number not in page  # ID masked


def test_another_district_and_grid_b_see_nothing(personas, world):
    for url in _detail_urls(world):
        assert client_for(personas.other_district).get(url).status_code == 404, url
        assert client_for(personas.grid_b).get(url).status_code == 403, url
    for user in (personas.other_district, personas.grid_b):
        assert not selectors.institution_list(user=user).exists()
        assert not selectors.meal_list(user=user).exists()
        assert not selectors.assessment_list(user=user).exists()
        assert not selectors.inspection_list(user=user).exists()
        assert not selectors.help_request_list(user=user).exists()
    assert "陈阿婆" not in client_for(personas.other_district).get("/eldercare/help/").content.decode()
    # roles outside elderly care are refused outright
    assert client_for(personas.grid_b).get("/eldercare/").status_code == 403
    assert client_for(personas.auditor).get("/eldercare/institutions/").status_code == 403


def test_the_person_page_shows_the_eldercare_panel(personas, world):
    page = client_for(personas.town).get(f"/registry/persons/{world['elderly'].pk}/").content.decode()
    assert "养老服务" in page and "秀英福利院" in page and "能力完好" in page
    # the grid worker sees the person, but not the home in the community above their grid
    page = client_for(personas.grid_a).get(f"/registry/persons/{world['elderly'].pk}/").content.decode()
    assert "养老服务" in page and "秀英福利院" not in page


def test_the_operator_takes_a_call_through_the_page(personas, world):
    operator = HelpRequest.objects.get().case.opened_by
    client = client_for(operator)
    response = client.post("/eldercare/help/new/", {
        "caller_name": "邻居王先生", "caller_phone": "0898-66660000", "category": "emergency",
        "elderly_id": world["elderly"].id_number, "description": "老人摔倒", "address": "秀华路1号",
    })  # fmt: skip
    assert response.status_code == 302
    help = HelpRequest.objects.get(caller_name="邻居王先生")
    assert help.emergency and help.case.supervised
    # a district worker may not take calls; the operator does not open meals, assessments or homes
    assert client_for(personas.district).get("/eldercare/help/new/").status_code == 403
    for url in (
        "/eldercare/meals/",
        "/eldercare/assessments/",
        f"/eldercare/institutions/{world['home'].pk}/",
    ):
        assert client.get(url).status_code == 403, url


def test_the_board_refreshes_with_a_constant_number_of_queries(personas, world):
    operator = HelpRequest.objects.get().case.opened_by
    client = client_for(operator)
    page = client.get("/eldercare/help/").content.decode()
    assert 'hx-trigger="every 5s"' in page and "陈阿婆" in page
    with CaptureQueriesContext(connection) as one:
        client.get("/eldercare/help/board/", HTTP_HX_REQUEST="true")
    for _ in range(5):
        services.help_request_open(actor=operator, caller_name="来电", caller_phone="13800003333", category="cleaning",
                                   description="打扫", elderly=world["elderly"])  # fmt: skip
    with CaptureQueriesContext(connection) as six:
        response = client.get("/eldercare/help/board/", HTTP_HX_REQUEST="true")
    assert response.content.decode().count('data-testid="board-row"') == 6
    assert len(six) == len(one)


def test_the_city_manager_edits_parameters_with_audit(personas):
    client = client_for(personas.city)
    client.post("/eldercare/parameters/", {"which": "rule", "region": "460100", "category": "age_80",
                                           "amount": "5.50", "effective_from": "2021-01-01", "is_demo": "on"})  # fmt: skip
    client.post("/eldercare/parameters/", {"which": "limit", "key": "emergency.accept", "minutes": "20"})
    rule = MealSubsidyRule.objects.get()
    assert (rule.amount_fen, rule.is_demo) == (550, True)
    assert HelpTimeLimit.objects.get().minutes == 20
    assert AuditEntry.objects.filter(object_type="eldercare.helptimelimit").exists()
    page = client.get("/eldercare/parameters/").content.decode()
    assert "演示" in page
    denied = client_for(personas.district).post("/eldercare/parameters/", {"which": "limit", "key": "normal.accept",
                                                                          "minutes": "1"})  # fmt: skip
    assert denied.status_code == 403


def test_a_refused_action_shows_the_reason(personas, world):
    operator = HelpRequest.objects.get().case.opened_by
    client = client_for(operator)
    response = client.post(f"/eldercare/help/{world['help'].pk}/act/",
                           {"action": "dispatch", "expected_state": "received"}, follow=True)  # fmt: skip
    assert "派单须选择服务商" in response.content.decode()
