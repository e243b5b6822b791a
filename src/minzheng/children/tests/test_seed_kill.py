"""The children seed step killed mid-way (kill -9 inside a child's transaction) resumes: the killed child's case
left nothing behind, a re-run makes only what is missing, and the year ends as the plan says — every planned
child confirmed once, the months paid by the rules, each payment once (core.testing.run_killed: a real SIGKILL
of a forked process on PostgreSQL, the in-process stand-in on SQLite)."""

from datetime import date

import pytest

from minzheng.benefits.models import Payment, PayrollRun
from minzheng.benefits.services._common import city_root
from minzheng.casework.models import Case
from minzheng.children.models import Support
from minzheng.children.seeding import _paid_in_year, children_plan, children_seed
from minzheng.children.tests import given
from minzheng.core.testing import run_killed
from minzheng.registry.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_seed_killed_inside_a_childs_transaction_resumes_to_the_planned_year(personas):
    # given children in the registry and the plan the seed follows (at least two children)
    for i in range(30):
        given.person(name=f"童{i}", birth=date(2005 + i % 12, 1 + i % 12, 10))
    given.standards()
    plan = children_plan(scale=0.003, random_seed=7, year=2020)
    assert len(plan) >= 2
    # when the step is killed at the second child's confirmation (its 6th case move: accept, report, approve …)
    died = run_killed(
        lambda: children_seed(scale=0.003, random_seed=7, year=2020),
        target="minzheng.children.services.supports.support_move",
        nth=6,
    )
    # then it died there: the first child is confirmed, the second's application was rolled back with its case
    assert died
    assert Support.objects.count() == 1 and Support.objects.get().case.state == "approved"
    assert Case.objects.filter(child_support__isnull=True, case_type="children_support").count() == 0
    assert not PayrollRun.objects.exists()
    # when it runs again
    summary = children_seed(scale=0.003, random_seed=7, year=2020)
    # then it made only the missing children and the year is the plan's
    assert f"认定儿童{len(plan) - 1}人" in summary
    supports = Support.objects.select_related("enrollment")
    assert sorted(s.child_id for s in supports) == sorted(p.person_id for p in plan)
    assert all(s.case.state == "approved" and s.enrollment_id for s in supports)
    assert {p.person_id: p.end_reason for p in plan} == {s.child_id: s.end_reason for s in supports}
    pairs = list(Payment.objects.values_list("enrollment_id", "month"))
    assert len(pairs) == len(set(pairs))
    births = dict(Person.objects.filter(pk__in=[p.person_id for p in plan]).values_list("pk", "birth_date"))
    root = city_root()
    expected = sum(_paid_in_year(p, births[p.person_id], 2020, root) for p in plan)
    assert sum(Payment.objects.values_list("amount_fen", flat=True)) == expected
    # and a third run adds nothing
    assert f"认定儿童0人（计划{len(plan)}人" in children_seed(scale=0.003, random_seed=7, year=2020)
