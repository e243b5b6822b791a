"""The seed step makes a year through the services and rules: the standards, children taken through their cases, the
year's payroll by the ledger — the amount paid is what the rules give, never set to the target — and a re-run adds
nothing (resumable)."""

from datetime import date

import pytest

from minzheng.benefits.models import Payment, PayrollRun
from minzheng.children import rules
from minzheng.children.models import InfantIntake, Outreach, Support
from minzheng.children.seeding import children_plan, children_seed
from minzheng.children.tests import given
from minzheng.core.models import Region
from minzheng.reports.figures import seed_target

pytestmark = pytest.mark.django_db


def test_the_seed_year_obeys_the_rules_and_is_resumable(personas):
    # given twenty children in the registry
    for i in range(20):
        given.person(name=f"童{i}", birth=date(2005 + i % 12, 1 + i % 12, 10))
    # when the year is seeded at a scale whose target is about two children-years
    summary = children_seed(scale=0.002, random_seed=7, year=2020)
    plan = children_plan(scale=0.002, random_seed=7, year=2020)
    supports = Support.objects.filter(enrollment__isnull=False)
    # then every planned child went through the case to an enrollment, and the months paid are those the rules allow
    assert supports.count() == len(plan) > 0 and "认定儿童" in summary
    for support in supports:
        months = set(Payment.objects.filter(enrollment=support.enrollment).values_list("month", flat=True))
        assert months, support
        assert min(months) >= support.enrollment.start_month and max(months) <= support.pay_until
        category = rules.category_for(support.kind, support.placement)
        expected = 145000 if category == rules.CATEGORY_INSTITUTION else 105000
        assert set(
            Payment.objects.filter(enrollment=support.enrollment).values_list("amount_fen", flat=True)
        ) == {expected}
    paid = sum(Payment.objects.values_list("amount_fen", flat=True))
    target = seed_target("child_welfare_paid", 0.002)
    assert abs(paid - target) <= 145000 * 12  # within one child-year of the target, as the rules gave it
    assert (
        InfantIntake.objects.count() == 1 and Outreach.objects.count() == 1
    )  # round(7 × S), round(180 × S), at least 1
    assert PayrollRun.objects.filter(program__code="orphan", status="reconciled").count() == 12
    # when it runs again, then nothing is made twice
    children_seed(scale=0.002, random_seed=7, year=2020)
    assert Support.objects.count() == len(plan) and Payment.objects.filter().count() == len(
        set(Payment.objects.values_list("enrollment_id", "month"))
    )
    assert InfantIntake.objects.count() == 1 and Region.objects.exists()
