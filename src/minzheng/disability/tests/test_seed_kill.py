"""The disability seed step killed mid-way (kill -9 inside an application's transaction) resumes: the killed
application left neither its certificate nor its case, a re-run makes only what is missing of the same plan, and
the year ends as an uninterrupted run's would (core.testing.run_killed: a real SIGKILL of a forked process on
PostgreSQL, the in-process stand-in on SQLite)."""

import pytest

from minzheng.assistance.seeding import assistance_seed
from minzheng.casework.models import Case
from minzheng.core.testing import run_killed
from minzheng.disability.models import Application, Certificate
from minzheng.disability.seeding import disability_seed, seed_plan, standards_demo_load
from minzheng.registry.synthetic import synthetic_registry_seed

pytestmark = pytest.mark.django_db(transaction=True)
SCALE = 0.002


def test_a_seed_killed_inside_an_applications_transaction_resumes_to_the_planned_year(personas):
    # given the registry and the year's 低保 households, and the plan the step follows
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    assistance_seed(scale=SCALE, random_seed=7, year=2020)
    standards_demo_load()
    plan = seed_plan(scale=SCALE, random_seed=7, year=2020)
    applying = [item for item in plan if item.apply]
    assert len(applying) >= 3
    # when the step is killed at the third application's approval (its 6th case move: accept, approve, …)
    died = run_killed(
        lambda: disability_seed(scale=SCALE, random_seed=7, year=2020),
        target="minzheng.disability.seeding.case_transition",
        nth=6,
    )
    # then it died there: two applications approved, the third's certificate, application and case rolled back
    assert died
    assert Application.objects.count() == 2
    assert not Application.objects.exclude(case__state="approved").exists()
    assert set(Certificate.objects.values_list("person_id", flat=True)) == {i.person_id for i in applying[:2]}
    assert not Case.objects.filter(
        case_type="disability_subsidy", disability_application__isnull=True
    ).exists()
    # when it runs again, then only the rest of the plan is made, each once, every application approved
    assert f"本次新增{len(plan) - 2}件" in disability_seed(scale=SCALE, random_seed=7, year=2020)
    assert sorted(Application.objects.values_list("person_id", "subsidy")) == sorted(
        (i.person_id, i.subsidy) for i in applying
    )
    assert sorted(Certificate.objects.values_list("person_id", "grade")) == sorted(
        (i.person_id, i.grade) for i in plan
    )
    assert not Application.objects.exclude(case__state="approved").exists()
    assert "本次新增0件" in disability_seed(scale=SCALE, random_seed=7, year=2020)
