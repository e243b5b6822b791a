"""动态管理 (domain.md §1; 《社会救助暂行办法》第十三条): a review re-runs the means test; the county decides."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.ledger import amount_on as enrollment_amount_on
from minzheng.assistance.models import Review, ReviewPlan
from minzheng.assistance.selectors import reviews_due
from minzheng.assistance.services import assessments as assessment_services
from minzheng.assistance.services.parameters import parameter_set
from minzheng.assistance.services.reviews import review_confirm, review_open, review_propose
from minzheng.assistance.tests import given
from minzheng.benefits.models import Enrollment
from minzheng.core.models import Region

pytestmark = pytest.mark.django_db


def _enrolled_household(personas, *, wages_fen: int = 200000, unstable: bool = False):
    hh = given.family(4)
    app = given.apply(personas.town, hh.head)
    given.income(personas.town, app, wages_fen)
    if unstable:
        assessment_services.assessment_update(
            actor=personas.town, assessment=app.assessment, unstable_income=True
        )
    app = given.enrolled(personas.town, personas.district, app, day=date(2020, 3, 2))
    return ReviewPlan.objects.get(enrollment_id=app.enrollment_id)


def test_unstable_income_is_reviewed_every_six_months(personas, reference):
    """domain.md §1 动态管理: unstable income with able-bodied members → every 6 months."""
    plan = _enrolled_household(personas, unstable=True)
    assert plan.interval_months == 6 and plan.next_due == date(2020, 10, 1)
    assert plan in reviews_due(user=personas.town, on=date(2020, 9, 15))
    assert plan not in reviews_due(user=personas.town, on=date(2020, 8, 1))
    assert list(reviews_due(user=personas.grid_b, on=date(2020, 9, 15))) == []


def test_income_above_standard_gets_nothing_and_is_flagged_for_exit(personas, reference):
    """Art. 9 and Art. 13: income at or above the standard → nothing to pay, flagged for exit; the county
    stops payment with a written reason, from the month after the decision."""
    plan = _enrolled_household(personas)
    # given a review in which the head's wage rose to 3,000 元 (per capita 750 ≥ 610)
    review = review_open(actor=personas.town, plan=plan, at=given.at(date(2021, 3, 1)))
    wage = review.assessment.members.get(is_applicant=True).incomes.get()
    assessment_services.income_delete(actor=personas.town, income=wage)
    given_member = review.assessment.members.get(is_applicant=True)
    assessment_services.income_add(
        actor=personas.town, member=given_member, income_type="wage", monthly_fen=300000
    )
    # when the town proposes (phase-out set to 0 for this district from 2021)
    parameter_set(actor=personas.city, code="phase_out_months", region=Region.objects.get(code="460105"),
                  effective_from=date(2021, 1, 1), value="0", source="测试")  # fmt: skip
    review = review_propose(actor=personas.town, review=review, at=given.at(date(2021, 3, 10)))
    # then the proposal is to pay nothing and exit, with the reasons line by line
    assert review.exit_flag and review.outcome == "exit" and review.new_amount_fen == 0
    assert "人均收入不低于保障标准：不符合（《社会救助暂行办法》第九条）" in review.lines
    assert review.effective_month == date(2021, 3, 1)
    # and the county must give a written reason to stop
    with pytest.raises(AssistanceError, match="书面说明理由"):
        review_confirm(actor=personas.district, review=review, at=given.at(date(2021, 3, 15)))
    review_confirm(
        actor=personas.district, review=review, reason="家庭收入超过保障标准", at=given.at(date(2021, 3, 15))
    )
    enrollment = Enrollment.objects.get(pk=plan.enrollment_id)
    assert enrollment.end_month == date(2021, 3, 1) and enrollment.stop_reason == "复核：家庭收入超过保障标准"
    assert not ReviewPlan.objects.get(pk=plan.pk).active


def test_phase_out_keeps_paying_for_the_configured_months(personas, reference):
    """渐退期 (domain.md §1 [U], parameter phase_out_months: demo 6 from 2021)."""
    plan = _enrolled_household(personas)
    review = review_open(actor=personas.town, plan=plan, at=given.at(date(2021, 3, 1)))
    member = review.assessment.members.get(is_applicant=True)
    assessment_services.income_add(
        actor=personas.town, member=member, income_type="business", monthly_fen=500000
    )
    review = review_propose(actor=personas.town, review=review, at=given.at(date(2021, 3, 10)))
    assert review.outcome == "phase_out" and review.effective_month == date(2021, 9, 1)
    review_confirm(
        actor=personas.district, review=review, reason="就业增收，给予渐退期", at=given.at(date(2021, 3, 12))
    )
    enrollment = Enrollment.objects.get(pk=plan.enrollment_id)
    assert enrollment.end_month == date(2021, 9, 1)
    assert enrollment_amount_on(enrollment, date(2021, 8, 1)) == 44000


def test_lower_income_raises_the_amount_from_next_month(personas, reference):
    plan = _enrolled_household(personas)
    review = review_open(actor=personas.town, plan=plan, at=given.at(date(2021, 2, 1)))
    wage = review.assessment.members.get(is_applicant=True).incomes.get()
    assessment_services.income_delete(actor=personas.town, income=wage)
    review = review_propose(actor=personas.town, review=review, at=given.at(date(2021, 2, 10)))
    assert review.outcome == "change" and review.new_amount_fen == 61000 * 4
    review_confirm(actor=personas.district, review=review, at=given.at(date(2021, 2, 12)))
    enrollment = Enrollment.objects.get(pk=plan.enrollment_id)
    assert enrollment_amount_on(enrollment, date(2021, 2, 1)) == 44000  # this month as it was
    assert enrollment_amount_on(enrollment, date(2021, 3, 1)) == 244000
    plan.refresh_from_db()
    assert plan.next_due == date(2022, 2, 12) and enrollment.review_due == date(2022, 2, 12)


def test_only_the_town_opens_and_only_the_county_confirms(personas, reference):
    plan = _enrolled_household(personas)
    with pytest.raises(PermissionDenied, match="开展救助复核"):
        review_open(actor=personas.district, plan=plan)
    review = review_open(actor=personas.town, plan=plan)
    with pytest.raises(AssistanceError, match="已有进行中的复核"):
        review_open(actor=personas.town, plan=plan)
    review = review_propose(actor=personas.town, review=review)
    with pytest.raises(PermissionDenied, match="决定增发、减发或停发救助金"):
        review_confirm(actor=personas.town, review=review)
    assert Review.objects.get(pk=review.pk).status == "proposed"
    assert review.due_on == plan.next_due and review.opened_at.date() <= date.today() + timedelta(days=1)
