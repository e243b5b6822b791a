"""Pages of 动态管理: reviews due, a review, an enrollment with the county's stop form; the person page panel."""

from datetime import date

import pytest

from minzheng.assistance.models import Review, ReviewPlan
from minzheng.assistance.tests import given
from minzheng.benefits.models import Enrollment
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def _enrolled(personas):
    app = given.apply(personas.town, given.family(3).head)
    given.income(personas.town, app, 90000)
    return given.enrolled(personas.town, personas.district, app)


def test_review_from_the_due_list_to_the_countys_confirmation(personas, reference):
    app = _enrolled(personas)
    plan = ReviewPlan.objects.get(enrollment_id=app.enrollment_id)
    town = client_for(personas.town)
    page = town.get("/assistance/reviews/").content.decode()
    assert app.applicant.name in page and "已超期" in page  # due 2021-04, long past
    response = town.post(f"/assistance/reviews/plans/{plan.pk}/open/")
    review = Review.objects.get(plan=plan)
    assert response.url == f"/assistance/reviews/{review.pk}/"
    page = town.get(response.url).content.decode()
    assert "家庭月人均收入 300.00 元 = 900.00 ÷ 3" in page
    town.post(f"/assistance/reviews/{review.pk}/propose/", {"reason": "入户核实，无变化"})
    # today's standard is the demo 650 元 (from 2021-07): the review raises the amount to (650 − 300) × 3
    proposed = Review.objects.get(pk=review.pk)
    assert proposed.outcome == "change" and proposed.new_amount_fen == 105000
    district = client_for(personas.district)
    assert app.applicant.name in district.get("/assistance/reviews/").content.decode()
    district.post(f"/assistance/reviews/{review.pk}/confirm/", {"reason": ""})
    assert Review.objects.get(pk=review.pk).status == "confirmed"
    assert client_for(personas.other_district).get(f"/assistance/reviews/{review.pk}/").status_code == 404


def test_enrollment_page_and_the_stop_form(personas, reference):
    app = _enrolled(personas)
    district = client_for(personas.district)
    page = district.get(f"/assistance/enrollments/{app.enrollment_id}/").content.decode()
    assert "停发理由" in page and "保障记录" in page
    page = district.post(f"/assistance/enrollments/{app.enrollment_id}/stop/", {"last_month": "2020-13", "reason": "x"},
                         follow=True).content.decode()  # fmt: skip
    assert "月份格式应为YYYY-MM" in page
    district.post(
        f"/assistance/enrollments/{app.enrollment_id}/stop/", {"last_month": "2020-12", "reason": "死亡"}
    )
    assert Enrollment.objects.get(pk=app.enrollment_id).end_month == date(2020, 12, 1)
    assert client_for(personas.town).get(f"/assistance/enrollments/{app.enrollment_id}/").status_code == 200
    assert (
        client_for(personas.town).post(f"/assistance/enrollments/{app.enrollment_id}/stop/").status_code
        == 403
    )
    assert (
        client_for(personas.other_district).get(f"/assistance/enrollments/{app.enrollment_id}/").status_code
        == 404
    )


def test_person_page_shows_enrollments_and_applications(personas, reference):
    app = _enrolled(personas)
    page = client_for(personas.town).get(f"/registry/persons/{app.applicant_id}/").content.decode()
    assert "社会救助" in page and "城市低保" in page and app.case.number in page
    page = client_for(personas.grid_a).get(f"/registry/persons/{app.applicant_id}/").content.decode()
    assert app.case.number not in page
