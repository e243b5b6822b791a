"""Core's own pages on the one web layer: the navigation offers what the pages accept, refusals are the
Chinese 403/404 pages, and managers follow the jobs of their region (capability job.see_all_in_region)."""

import pytest

from minzheng.core.models import Job
from minzheng.core.roles import Role, can
from minzheng.core.testing import CITY, DISTRICT, GRID_A, OTHER_DISTRICT, client_for, user_make

pytestmark = pytest.mark.django_db


def _nav(user) -> str:
    page = client_for(user).get("/").content.decode()
    return page[page.index('class="mainnav"') : page.index("</nav>")]


def test_system_admin_entry_only_for_the_system_administrator(personas):
    # given the admin and the city manager
    # then only the admin is offered 系统管理, and the auditor alone 审计日志
    assert "系统管理" in _nav(personas.admin) and "系统管理" not in _nav(personas.city)
    assert "审计日志" in _nav(personas.auditor) and "审计日志" not in _nav(personas.admin)
    assert can(personas.admin, "system.admin") and not can(personas.city, "system.admin")


def test_every_core_entry_of_the_navigation_opens_for_whoever_sees_it(personas):
    for user in (personas.grid_a, personas.town, personas.city, personas.auditor, personas.admin):
        client = client_for(user)
        for url in ("/", "/regions/", "/jobs/"):
            response = client.get(url, follow=True)
            assert response.status_code == 200, (user.username, url)


def test_export_of_a_region_is_offered_only_to_those_who_may_export(personas):
    # given the auditor (no 导出数据) and the community worker (who may export)
    auditor_page = client_for(personas.auditor).get(f"/regions/{CITY}/").content.decode()
    community_page = client_for(personas.community).get("/regions/460105001001/").content.decode()
    # then only the community worker sees the export button
    assert "导出下级区划与网格" not in auditor_page and "导出下级区划与网格" in community_page
    # and the auditor who types the address anyway gets the Chinese 403 naming what was refused
    response = client_for(personas.auditor).get(f"/regions/{CITY}/export.xlsx")
    assert response.status_code == 403 and "导出数据" in response.content.decode()


def test_a_region_outside_the_scope_is_the_chinese_404(personas):
    response = client_for(personas.district).get(f"/regions/{OTHER_DISTRICT}/")
    assert response.status_code == 404
    assert "不在您的管辖范围内" in response.content.decode()


def test_managers_follow_every_job_of_their_region(personas):
    # given a job the grid A worker started
    job = Job.objects.create(
        kind="x", title="人员导入", created_by=personas.grid_a, region=personas.grid_a.region
    )
    # then the 区局 reviewer of the district sees it, the town worker does not (their own jobs only)
    assert "人员导入" in client_for(personas.district).get("/jobs/").content.decode()
    assert client_for(personas.district).get(f"/jobs/{job.pk}/").status_code == 200
    assert "人员导入" not in client_for(personas.town).get("/jobs/").content.decode()
    assert client_for(personas.town).get(f"/jobs/{job.pk}/").status_code == 404
    # and the other district's reviewer, though a manager, not outside their region
    assert client_for(personas.other_district).get(f"/jobs/{job.pk}/").status_code == 404


def test_a_job_shows_when_it_was_started_as_a_clerk_reads_it(personas):
    job = Job.objects.create(
        kind="x", title="人员导入", created_by=personas.grid_a, region=personas.grid_a.region
    )
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2020))
    page = client_for(personas.grid_a).get(f"/jobs/{job.pk}/").content.decode()
    assert "2020年" in page and "2020-" not in page


def test_the_hotline_operator_sees_no_export_button_it_could_not_use(personas):
    rexian = user_make("rexian", Role.HOTLINE_OPERATOR, CITY)
    page = client_for(rexian).get(f"/regions/{DISTRICT}/").content.decode()
    assert "导出下级区划与网格" not in page
    assert client_for(rexian).get(f"/regions/{DISTRICT}/export.xlsx").status_code == 403
    assert GRID_A not in page  # a district's page lists its towns, not its grids


def test_only_the_demo_system_administrator_opens_the_django_admin(db):
    from minzheng.core.demo import demo_users_create
    from minzheng.core.models import User

    demo_users_create()
    staff = set(User.objects.filter(is_staff=True, is_superuser=True).values_list("username", flat=True))
    assert staff == {"admin"}
