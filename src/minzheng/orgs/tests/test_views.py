"""The clerk's pages: scope (another district sees nothing), capabilities (refusals name them in Chinese, links
shown only to who may follow them), the registration case's moves, the supervision forms, the town's filing,
the exports (audited)."""

from datetime import date

import pytest

from minzheng.core.models import AuditEntry
from minzheng.core.navigation import nav_for
from minzheng.core.testing import client_for
from minzheng.orgs.models import Application, Filing, Listing, Organisation
from minzheng.orgs.services import worker_register
from minzheng.orgs.tests import given

pytestmark = pytest.mark.django_db


def test_the_register_is_scoped_and_exported(personas):
    org = given.registered(personas, name="秀英区页面协会")
    page = client_for(personas.district).get("/orgs/").content.decode()
    assert (
        "秀英区页面协会" in page
        and 'data-testid="export"' in page
        and 'data-testid="new-application"' in page
    )
    other = client_for(personas.other_district)
    assert "秀英区页面协会" not in other.get("/orgs/").content.decode()
    assert other.get(f"/orgs/{org.pk}/").status_code == 404
    response = client_for(personas.district).get("/orgs/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEntry.objects.filter(action="export", actor=personas.district).exists()


def test_a_grid_worker_is_refused_naming_the_capability_and_sees_no_link(personas):
    response = client_for(personas.grid_a).get("/orgs/")
    assert response.status_code == 403 and "查阅社会组织信息" in response.content.decode()
    assert "社会组织名录" not in str(nav_for(personas.grid_a))
    assert "社会组织名录" in str(nav_for(personas.town))


def test_establishment_through_the_pages(personas):
    district = client_for(personas.district)
    response = district.post("/orgs/applications/new/", {
        "kind": "service", "name": "秀英区乐龄服务中心", "authority": given.region("460105").pk,
        "region": given.region("460105001").pk, "business_scope": "养老服务", "legal_rep_name": "周", "funds": "30000",
    })  # fmt: skip
    app = Application.objects.get()
    assert response.status_code == 302 and app.funds_fen == 3_000_000
    district.post(f"/orgs/applications/{app.pk}/act/", {"action": "accept", "expected_state": "applied"})
    page = district.get(f"/orgs/applications/{app.pk}/").content.decode()
    assert 'data-testid="move-approve"' in page and 'data-testid="uscc-form"' in page
    district.post(f"/orgs/applications/{app.pk}/uscc/", {"uscc": given.uscc("service")})
    district.post(f"/orgs/applications/{app.pk}/act/", {"action": "approve", "expected_state": "accepted"})
    assert Organisation.objects.get().name == "秀英区乐龄服务中心"
    # the town sees the application but may not decide it: no move offered
    page = client_for(personas.town).get(f"/orgs/applications/{app.pk}/").content.decode()
    assert 'data-testid="move-' not in page


def test_a_foundation_is_not_offered_and_the_legal_rep_is_picked_from_the_registry(personas):
    page = client_for(personas.district).get("/orgs/applications/new/").content.decode()
    assert "基金会" not in page.split('name="kind"')[1].split("</select>")[0]
    form = {"kind": "association", "authority": given.region("460105").pk, "region": given.region("460105001").pk,
            "business_scope": "x"}  # fmt: skip
    # given a person of another district: the picker refuses them, naming the field
    outsider = given.person("外区人", hukou="460108001001")
    response = client_for(personas.district).post("/orgs/applications/new/", {**form, "name": "甲协会",
                                                                               "legal_rep": outsider.pk})  # fmt: skip
    assert response.status_code == 200 and "人员不存在或不在您的管辖范围内" in response.content.decode()
    # neither picked nor named: refused
    response = client_for(personas.district).post("/orgs/applications/new/", {**form, "name": "乙协会"})
    assert "请选择或填写法定代表人" in response.content.decode()
    # a person of the district: linked, and named on the application
    insider = given.person("本区人")
    client_for(personas.district).post(
        "/orgs/applications/new/", {**form, "name": "丙协会", "legal_rep": insider.pk}
    )
    app = Application.objects.get(name="丙协会")
    assert app.legal_rep == insider and app.legal_rep_name == "本区人"


def test_supervision_forms_on_the_detail(personas):
    org = given.registered(personas, day=date(2019, 3, 1))
    district = client_for(personas.district)
    page = district.get(f"/orgs/{org.pk}/").content.decode()
    assert 'data-testid="penalty-form"' in page and 'data-testid="report-form"' in page
    district.post(f"/orgs/{org.pk}/listing/", {"reason": "no_contact", "on": "2020-07-01"})
    listing = Listing.objects.get()
    district.post(f"/orgs/listings/{listing.pk}/remove/", {"on": "2020-08-01", "reason": "已恢复联系"})
    listing.refresh_from_db()
    assert listing.removed_on == date(2020, 8, 1)
    # the town reads the organisation but sees no supervision form
    page = client_for(personas.town).get(f"/orgs/{org.pk}/").content.decode()
    assert org.name in page and 'data-testid="penalty-form"' not in page


def test_overdue_list_and_export(personas):
    given.registered(personas, name="逾期协会", day=date(2019, 3, 1))
    page = client_for(personas.district).get("/orgs/overdue/?year=2019").content.decode()
    assert "逾期协会" in page and 'data-testid="sweep-form"' in page
    assert client_for(personas.district).get("/orgs/overdue/export.xlsx?year=2019").status_code == 200
    client_for(personas.district).post("/orgs/overdue/sweep/?year=2019")
    assert Listing.objects.filter(reason="no_annual_report").count() == 1
    assert "逾期协会" in client_for(personas.district).get("/orgs/listings/").content.decode()


def test_the_town_files_a_community_organisation(personas):
    town = client_for(personas.town)
    assert 'data-testid="new-filing"' in town.get("/orgs/filings/").content.decode()
    town.post("/orgs/filings/new/", {"name": "秀华社区合唱团", "field": "文体娱乐", "leader_name": "林",
                                     "filed_on": "2020-05-01", "community": given.region("460105001001").pk})  # fmt: skip
    assert Filing.objects.get().town.code == "460105001"
    assert client_for(personas.district).get("/orgs/filings/new/").status_code == 403


def test_workers_and_projects_pages(personas):
    worker_register(
        actor=None, person=given.person("社工乙"), level="assistant", certificate_no="A1", certified_year=2019
    )
    page = client_for(personas.district).get("/orgs/workers/").content.decode()
    assert "社工乙" in page and "助理社会工作师" in page
    assert client_for(personas.district).get("/orgs/workers/export.xlsx").status_code == 200
    assert client_for(personas.district).get("/orgs/projects/").status_code == 200
