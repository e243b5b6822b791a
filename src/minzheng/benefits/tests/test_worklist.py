"""The ledger's tasks in 我的待办: a computed run waits for each district with lines (区局复核), then for a city
manager who neither made nor reviewed it (审批); each task links to the run's page, which opens for that user."""

from datetime import date

import pytest

from minzheng.benefits import services
from minzheng.benefits.tests import given
from minzheng.benefits.worklist import payroll_approve_tasks, payroll_review_tasks
from minzheng.casework import worklist
from minzheng.casework.worklist import worklist_source_register
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db
MARCH = date(2021, 3, 1)


def _run(personas):
    given.enrolled(name="秀英甲")
    given.enrolled(name="美兰乙", grid=given.grid_in_other_district())
    return services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)


def test_a_computed_run_waits_for_each_district_with_lines(personas):
    # given a run with lines in 秀英区 and 美兰区, computed by the city
    run = _run(personas)
    # then it waits for both districts' review, each naming its district, with the run's page as the link
    [task] = payroll_review_tasks(personas.district)
    assert task.title == str(run) and task.step == "待区局复核（秀英区）" and task.since == run.computed_at
    assert task.url == f"/benefits/runs/{run.pk}/"
    assert client_for(personas.district).get(task.url).status_code == 200
    assert [t.step for t in payroll_review_tasks(personas.other_district)] == ["待区局复核（美兰区）"]
    # and for nobody else: not the maker, not a town, not the city (whose step comes after)
    for user in (personas.city, personas.town, personas.grid_a):
        assert payroll_review_tasks(user) == []
    assert payroll_approve_tasks(given.second_city_manager()) == []
    # when 秀英区 signs off, it is no longer 秀英区's task, still 美兰区's
    services.payroll_run_review(actor=personas.district, run=run)
    assert payroll_review_tasks(personas.district) == []
    assert len(payroll_review_tasks(personas.other_district)) == 1


def test_a_district_without_lines_has_nothing_to_review(personas):
    given.enrolled(name="美兰乙", grid=given.grid_in_other_district())
    services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    assert payroll_review_tasks(personas.district) == []


def test_a_reviewed_run_waits_for_a_city_manager_who_neither_made_nor_reviewed_it(personas):
    run = _run(personas)
    given.through_review(run, [personas.district, personas.other_district])
    approver = given.second_city_manager()
    [task] = payroll_approve_tasks(approver)
    assert task.step == "待审批" and task.url == f"/benefits/runs/{run.pk}/"
    assert client_for(approver).get(task.url).status_code == 200
    assert payroll_approve_tasks(personas.city) == []  # the maker may not approve
    assert payroll_approve_tasks(personas.district) == []
    services.payroll_run_approve(actor=approver, run=run)
    assert payroll_approve_tasks(approver) == []


def test_a_later_month_waits_until_the_earlier_one_is_approved(personas):
    run = _run(personas)
    april = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=date(2021, 4, 1))
    approver = given.second_city_manager()
    given.through_review(april, [personas.district, personas.other_district])
    assert payroll_approve_tasks(approver) == []  # March is still in review
    given.through_review(run, [personas.district, personas.other_district])
    assert [t.url for t in payroll_approve_tasks(approver)] == [f"/benefits/runs/{run.pk}/"]


def test_the_reviewers_worklist_lists_the_run(personas, monkeypatch):
    # given the ledger's sources registered as benefits/contributions.py registers them
    monkeypatch.setattr(worklist, "_sources", {})
    worklist_source_register("工资单复核", payroll_review_tasks)
    worklist_source_register("工资单审批", payroll_approve_tasks)
    run = _run(personas)
    # then the district reviewer's 我的待办 and home page show the run waiting for their review
    page = client_for(personas.district).get("/cases/").content.decode()
    assert str(run) in page and "待区局复核（秀英区）" in page and f'href="/benefits/runs/{run.pk}/"' in page
    assert str(run) in client_for(personas.district).get("/").content.decode()
