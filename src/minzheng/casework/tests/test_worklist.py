"""我的待办 gathers the cases waiting on the user and the tasks other parts of the platform register
(``casework.worklist``): listed with links, counted on the home page, for the users they concern only."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from minzheng.casework import worklist
from minzheng.casework.services import case_open
from minzheng.casework.tests.factories import SampleCase
from minzheng.casework.worklist import WorkItem, worklist_items, worklist_source_register
from minzheng.core.models import Region
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(monkeypatch):
    """An empty source registry for the test (the apps' own registrations are restored after)."""
    monkeypatch.setattr(worklist, "_sources", {})


def _district_tasks(user):
    if user.region.level != Region.Level.DISTRICT:
        return []
    late = timezone.now() - timedelta(days=1)
    return [
        WorkItem(
            title="城市低保2026年03月工资单",
            url="/cases/?type=x",
            step="待区局复核（秀英区）",
            region="秀英区",
        ),
        WorkItem(
            title="农村低保2026年03月工资单", url="/cases/?type=y", step="待区局复核（秀英区）", due_at=late
        ),
    ]


def _work_count(html: str) -> int | None:
    found = re.search(r'data-testid="work-count">(\d+)<', html)
    return int(found.group(1)) if found else None


def test_a_registered_source_is_listed_with_links_and_counted(personas, sources):
    # given a source of tasks for district reviewers, and a case waiting for the town
    worklist_source_register("工资单复核", _district_tasks, capability="sample.review")
    case_open(case_type=SampleCase.code, actor=personas.town, title="张三申请",
              region=Region.objects.get(code="460105001001"))  # fmt: skip
    # when the district reviewer opens 我的待办
    page = client_for(personas.district).get("/cases/").content.decode()
    # then both tasks are listed with their links, source and step, the late one marked
    assert "共 2 件待办" in page
    assert (
        'href="/cases/?type=x"' in page
        and "城市低保2026年03月工资单" in page
        and "待区局复核（秀英区）" in page
    )
    assert page.count('data-testid="task-link"') == 2 and "超期" in page
    # and the home page counts them (nothing else waits on the district), one of them overdue
    home = client_for(personas.district).get("/").content.decode()
    assert _work_count(home) == 2 and "农村低保2026年03月工资单" in home
    # while the town, who does not hold the source's capability, gets its case and none of the tasks
    town = client_for(personas.town).get("/cases/").content.decode()
    assert "共 1 件待办" in town and "待区局复核" not in town


def test_the_worklist_narrows_to_a_source_or_to_overdue_tasks(personas, sources):
    worklist_source_register("工资单复核", _district_tasks, capability="sample.review")
    client = client_for(personas.district)
    only = client.get("/cases/", {"type": "工资单复核"}).content.decode()
    assert "共 2 件待办" in only and '<option value="工资单复核" selected>' in only
    late = client.get("/cases/", {"overdue": "1"}).content.decode()
    assert "农村低保2026年03月工资单" in late and "城市低保2026年03月工资单" not in late
    cases_only = client.get("/cases/", {"type": SampleCase.code}).content.decode()
    assert "待区局复核" not in cases_only
    assert [i.source for i in worklist_items(user=personas.district)] == ["工资单复核", "工资单复核"]


def test_a_user_with_tasks_but_no_case_moves_has_the_panel_and_one_with_neither_has_none(personas, sources):
    # given a source for the city manager, whom no case type gives a move
    worklist_source_register("工资单审批", lambda user: [WorkItem(title="某工资单", url="/", step="待审批")])
    assert _work_count(client_for(personas.city).get("/").content.decode()) == 1
    # then the auditor, who handles no cases, has neither the panel, nor the menu entry, nor the page
    home = client_for(personas.auditor).get("/").content.decode()
    assert _work_count(home) is None and 'href="/cases/"' not in home
    assert client_for(personas.auditor).get("/cases/").status_code == 403
