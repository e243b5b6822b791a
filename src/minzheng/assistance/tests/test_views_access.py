"""Who is offered what on the assistance pages: a menu entry, a link, a form or a button only for users the
page or the service accepts; a refusal is the Chinese 403 naming the capability; pages speak a clerk's
language (no internal notation, no raw codes, values as typed)."""

from datetime import date

import pytest

from minzheng.assistance.models import ReviewPlan
from minzheng.assistance.services.parameters import parameter_set
from minzheng.assistance.tests import given
from minzheng.core.models import Region
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db

INTERNAL = ("domain.md", "[U]", "[V]", "[L]", "yl_seed_", "tmp-", "{'", "E+")


def _enrolled(personas):  # noqa: ANN001, ANN202
    app = given.apply(personas.town, given.family(3).head)
    given.income(personas.town, app, 90000)
    return given.enrolled(personas.town, personas.district, app)


def _clean(page: str) -> None:
    for notation in INTERNAL:
        assert notation not in page, notation


def test_the_menu_offers_each_role_its_pages(personas, reference):
    town = client_for(personas.town).get("/").content.decode()
    district = client_for(personas.district).get("/").content.decode()
    community = client_for(personas.community).get("/").content.decode()
    assert "/assistance/apply/" in town and "/assistance/apply/" in community
    assert "/assistance/apply/" not in district  # the county decides, it does not register
    assert "/assistance/reviews/" in district and "/assistance/reviews/" not in community
    assert (
        "/assistance/cpi/" not in district
        and "/assistance/cpi/" in client_for(personas.city).get("/").content.decode()
    )
    grid = client_for(personas.grid_a).get("/").content.decode()
    assert "/assistance/" not in grid


def test_a_community_worker_reads_the_application_but_is_not_led_to_the_enrollment(personas, reference):
    app = _enrolled(personas)
    community = client_for(personas.community)
    page = community.get(f"/assistance/applications/{app.pk}/").content.decode()
    assert app.case.number in page and f"/assistance/enrollments/{app.enrollment_id}/" not in page
    person = community.get(f"/registry/persons/{app.applicant_id}/").content.decode()
    assert app.case.number in person and f"/assistance/enrollments/{app.enrollment_id}/" not in person
    # and the record itself is refused in Chinese, naming the capability
    response = community.get(f"/assistance/enrollments/{app.enrollment_id}/")
    assert response.status_code == 403 and "查阅救助复核和保障记录" in response.content.decode()
    # while the district is led there
    page = client_for(personas.district).get(f"/assistance/applications/{app.pk}/").content.decode()
    assert f"/assistance/enrollments/{app.enrollment_id}/" in page


def test_review_steps_are_offered_to_who_takes_them(personas, reference):
    app = _enrolled(personas)
    plan = ReviewPlan.objects.get(enrollment_id=app.enrollment_id)
    town_list = client_for(personas.town).get("/assistance/reviews/").content.decode()
    district_list = client_for(personas.district).get("/assistance/reviews/").content.decode()
    open_url = f"/assistance/reviews/plans/{plan.pk}/open/"
    assert open_url in town_list and open_url not in district_list
    response = client_for(personas.district).post(open_url)
    assert response.status_code == 403 and "开展救助复核" in response.content.decode()
    client_for(personas.town).post(open_url)
    review = plan.reviews.get()
    town_page = client_for(personas.town).get(f"/assistance/reviews/{review.pk}/").content.decode()
    district_page = client_for(personas.district).get(f"/assistance/reviews/{review.pk}/").content.decode()
    assert 'data-testid="review-propose"' in town_page and 'data-testid="review-propose"' not in district_page
    client_for(personas.town).post(f"/assistance/reviews/{review.pk}/propose/", {"reason": "入户核实"})
    town_page = client_for(personas.town).get(f"/assistance/reviews/{review.pk}/").content.decode()
    district_page = client_for(personas.district).get(f"/assistance/reviews/{review.pk}/").content.decode()
    assert 'data-testid="review-confirm"' in district_page and 'data-testid="review-confirm"' not in town_page
    _clean(town_page)
    _clean(district_page)


def test_the_top_up_form_is_the_districts_and_names_towns(personas, reference):
    town = client_for(personas.town)
    assert 'data-testid="top-up-form"' not in town.get("/assistance/reserve/").content.decode()
    response = town.post("/assistance/reserve/", {"town": "460105001", "amount": "1"})
    assert response.status_code == 403 and "拨付临时救助备用金" in response.content.decode()
    page = client_for(personas.district).get("/assistance/reserve/").content.decode()
    assert 'data-testid="top-up-form"' in page and ">秀英街道<" in page  # chosen by name
    assert "美兰" not in page.split('data-testid="top-up-form"')[1]  # only towns of the district
    _clean(page)


def test_parameters_read_as_typed_and_pages_carry_no_internal_notation(personas, reference):
    city = client_for(personas.city)
    parameter_set(
        actor=personas.city, code="review_months_stable", region=Region.objects.get(code="460105"),
        effective_from=date(2022, 1, 1), value="10", source="秀英区文件",
    )  # fmt: skip
    page = city.get("/assistance/parameters/").content.decode()
    assert "<td>10</td>" in page
    # the region is chosen among the city and its districts, by name
    assert '<option value="460105"' in page and ">秀英区<" in page
    _clean(page)
    _clean(city.get("/assistance/cpi/").content.decode())
    app = given.apply(personas.town, given.family(4).head)
    given.income(personas.town, app, 200000)
    _clean(client_for(personas.town).get(f"/assistance/applications/{app.pk}/").content.decode())
    _clean(client_for(personas.district).get("/assistance/reviews/").content.decode())


def test_the_ledger_record_links_its_case_only_for_who_may_open_it(personas, reference):
    from datetime import date as day

    from minzheng.benefits.services import enrollment_create

    app = _enrolled(personas)
    case_url = f"/cases/{app.case_id}/"
    # the record the decision made (filed, like its case, under the community) leads the town and the
    # community to the deciding case
    for user in (personas.town, personas.community):
        page = client_for(user).get(f"/benefits/enrollments/{app.enrollment_id}/").content.decode()
        assert case_url in page and client_for(user).get(case_url).status_code == 200
    # a record kept under a grid whose deciding case is the community's: the grid worker reads the record
    # but is not led to a case they may not open
    member = app.assessment.members.exclude(person=app.applicant).first().person
    record = enrollment_create(
        actor=None, program="dibao_urban", person=member, region=given.grid_of(given.URBAN_COMMUNITY),
        start_month=day(2022, 1, 1), amount_fen=10_000, case=app.case,
    )  # fmt: skip
    grid = client_for(personas.grid_a)
    page = grid.get(f"/benefits/enrollments/{record.pk}/")
    assert page.status_code == 200 and case_url not in page.content.decode()
    assert grid.get(case_url).status_code == 404
