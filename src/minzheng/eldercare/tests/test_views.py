"""The eldercare pages: who sees what (grid_b and other_district see nothing of 秀英's records), the 12349
intake and board, parameters, and constant query counts on the board."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.eldercare import rules, selectors, services, settlement
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


# --- the one web layer: capabilities, navigation and a clerk's language -----------------------------------------

_INTERNAL = ("yl_seed_", "domain.md", "[U]", "[V]", "[L]", "tmp-", "{'", "None", "self_care", "semi", "full_care",
             "adl_total", "raise_one", "gbt42195", "mzt039", "eldercare.")  # fmt: skip


def _text(html: str) -> str:
    """What a clerk reads in the page's content (tags and attribute values left out)."""
    main = html.split('<main class="content">', 1)[-1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", main)


def _crawl(client, *, limit: int = 120) -> dict[str, int]:
    """Every /eldercare/ page reachable from the user's navigation, breadth first, at most ``limit`` pages:
    {url: status}. Each page answered 200 is checked for internal notation."""
    home = client.get("/").content.decode()
    start = [u for u in re.findall(r'href="(/eldercare/[^"]*)"', home)]
    seen: dict[str, int] = {}
    queue = list(dict.fromkeys(start))
    while queue and len(seen) < limit:
        url = queue.pop(0).replace("&amp;", "&")
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            text = _text(html)
            for word in _INTERNAL:
                assert word not in text, f"{url}: {word}"
            queue += [u for u in re.findall(r'href="(/eldercare/[^"]*)"', html) if u not in seen]
    return seen


@pytest.mark.slow
def test_every_eldercare_link_shown_opens_for_the_user_it_is_shown_to(personas, world):
    # given the district's office, a town, a community, the hotline and a provider's operator of the homes
    operator = given.provider_user("jigou_home")
    for inst in (world["home"], world["meal"].canteen):
        services.institution_operator_attach(actor=personas.district, institution=inst, user=operator)
    settlement.settlement_run(actor=personas.district, month=date(2021, 3, 1))  # a draft to open and export
    hotline = HelpRequest.objects.get().case.opened_by
    for user in (personas.district, personas.town, personas.community, personas.city, hotline, operator):
        # when they follow every eldercare link from their navigation on
        seen = _crawl(client_for(user))
        # then every page answers, and speaks a clerk's language (checked in _crawl)
        assert seen and all(status == 200 for status in seen.values()), (user.username, seen)
    # and users outside elderly care are offered no eldercare link at all
    for user in (personas.grid_a, personas.auditor, personas.admin):
        assert not _crawl(client_for(user)), user.username


def test_each_nav_entry_asks_the_capability_of_its_page():
    from django.urls import resolve, reverse

    from minzheng.eldercare.contributions import NAV

    for _order, label, url_name, capability in NAV:
        assert resolve(reverse(url_name)).func.capability == capability, label


def test_a_refused_page_names_what_the_role_may_not_do(personas, world):
    hotline = HelpRequest.objects.get().case.opened_by
    response = client_for(hotline).get("/eldercare/meals/")
    assert response.status_code == 403
    assert (
        "热线话务员" in response.content.decode()
        and "查阅养老机构、助餐、能力评估和检查记录" in response.content.decode()
    )
    response = client_for(personas.district).get("/eldercare/help/new/")
    assert response.status_code == 403 and "受理12349来电" in response.content.decode()
    # the hotline's navigation has no entry leading there
    home = client_for(hotline).get("/").content.decode()
    assert 'href="/eldercare/meals/"' not in home and 'href="/eldercare/help/new/"' in home


def test_the_assessment_page_reads_each_dimension_in_chinese(personas, world):
    # given an MZ/T 039-2013 assessment (the world's) and a GB/T 42195-2022 one
    full = {i.code: i.best for _c, _l, items in rules.GBT42195_DOMAINS for i in items}
    gbt = services.assessment_record(actor=personas.district, person=world["elderly"], standard="gbt42195",
                                     assessed_on=date(2021, 2, 2), items={**full, "eating": 3})  # fmt: skip
    client = client_for(personas.district)
    # when the office opens them
    mzt_page = _text(client.get(f"/eldercare/assessments/{world['assessment'].pk}/").content.decode())
    gbt_page = _text(client.get(f"/eldercare/assessments/{gbt.pk}/").content.decode())
    # then each dimension is a row with its Chinese name and a readable result, no codes or dict dumps
    assert "日常生活活动（Barthel指数）总分" in mzt_page and "100分（满分100分）" in mzt_page
    assert "精神状态分级" in mzt_page and "0级（能力完好）" in mzt_page
    assert "自理能力" in gbt_page and "31分（满分32分）" in gbt_page and "基础运动能力" in gbt_page
    for page in (mzt_page, gbt_page):
        assert (
            "维度：" not in page and "self_care" not in page and "adl_total" not in page and "=" not in page
        )


def test_the_person_page_lists_requests_without_a_link_for_who_cannot_open_them(personas, world):
    # given a request about the woman of grid A: the grid worker sees it on her page, but may not open requests
    page = client_for(personas.grid_a).get(f"/registry/persons/{world['elderly'].pk}/").content.decode()
    assert "12349求助" in page and "/eldercare/help/" not in page
    page = client_for(personas.town).get(f"/registry/persons/{world['elderly'].pk}/").content.decode()
    assert f'href="/eldercare/help/{world["help"].pk}/"' in page


def test_the_community_reads_an_institution_without_the_forms_it_may_not_use(personas, world):
    url = f"/eldercare/institutions/{world['home'].pk}/"
    page = client_for(personas.community).get(url).content.decode()
    assert "陈阿婆" in page
    for form in ("办理入住", "设置床位", "登记工作人员", "添加经办人", ">离院<"):
        assert form not in page, form
    page = client_for(personas.district).get(url).content.decode()
    assert all(form in page for form in ("办理入住", "设置床位", "登记工作人员", "添加经办人", ">离院<"))
    # and a post the page does not offer is refused, naming the capability
    response = client_for(personas.community).post(f"{url}beds/", {"care_level": "full", "beds": "9"})
    assert response.status_code == 403 and "办理辖区内养老机构" in response.content.decode()


def test_a_wrong_phone_is_shown_on_the_intake_form(personas, world):
    client = client_for(HelpRequest.objects.get().case.opened_by)
    response = client.post("/eldercare/help/new/", {"caller_name": "王先生", "caller_phone": "abc",
                                                    "category": "meals", "description": "送餐", "region": "460105"})  # fmt: skip
    assert response.status_code == 200 and HelpRequest.objects.count() == 1
    assert "来电号码“abc”格式不正确" in response.content.decode()


def test_a_deadline_of_another_year_shows_its_year(personas, world):
    operator = HelpRequest.objects.get().case.opened_by
    at = datetime(2021, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    old = services.help_request_open(actor=operator, caller_name="王先生", caller_phone="13800004444",
                                     category="cleaning", description="打扫", elderly=world["elderly"], at=at)  # fmt: skip
    board = client_for(operator).get("/eldercare/help/board/").content.decode()
    assert "2021年3月3日 10:00" in board  # 派单 within the hour of a call taken on 3 March 2021
    page = client_for(operator).get(f"/eldercare/help/{old.pk}/").content.decode()
    assert "2021年3月3日 09:00" in page and "2021年3月3日 10:00" in page
