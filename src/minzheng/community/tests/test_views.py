"""The clerk's pages of community governance and the public verification page: scope (another district sees
nothing), capabilities (a refusal names the capability in Chinese, links only for who may follow them), the person
picker, the exports (audited), and the QR's page that shows only what proves a certificate genuine."""

import io
from datetime import date

import pytest
from django.test import Client
from PIL import Image

from minzheng.assistance.tests.given import RURAL_COMMUNITY, URBAN_COMMUNITY, person, region
from minzheng.community import rules, services
from minzheng.community.models import Election, IssuedCertificate, Posting, Project, Refusal
from minzheng.core.models import AuditEntry
from minzheng.core.navigation import nav_for
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():  # noqa: ANN201
    city = region("460100")
    allowed = services.item_save(actor=None, region=city, name="收养人婚姻状况、抚养教育能力证明", allowed=True,
                                 basis="《中国公民收养子女登记办法》第六条")  # fmt: skip
    refused = services.item_save(actor=None, region=city, name="亲属关系证明", allowed=False,
                                 basis=rules.REFUSED_BASIS, refuse_reason=rules.REFUSED_REASON)  # fmt: skip
    return allowed, refused


def test_every_page_of_the_nav_opens_for_the_community_worker_and_the_grid_worker_is_refused(personas, items):
    worker = client_for(personas.community)
    for url in ("/community/", "/community/items/", "/community/certificates/", "/community/refusals/",
                "/community/postings/", "/community/postings/overdue/", "/community/elections/",
                "/community/certificates/new/", "/community/postings/new/", "/community/elections/new/"):  # fmt: skip
        assert worker.get(url).status_code == 200, url
    response = client_for(personas.grid_a).get("/community/")
    assert response.status_code == 403 and "查阅基层治理与社区建设" in response.content.decode()
    assert "村（居）务公开" not in str(nav_for(personas.grid_a))
    assert "村（居）务公开" in str(nav_for(personas.community))
    # a community worker keeps no project library: no link, and the page refuses
    assert 'data-testid="new-project"' not in worker.get("/community/").content.decode()
    assert worker.get("/community/projects/new/").status_code == 403


def test_a_project_is_registered_started_and_built_through_the_pages(personas):
    district = client_for(personas.district)
    response = district.post("/community/projects/new/", {
        "name": "秀华大社区综合服务中心", "kind": "centre", "region": URBAN_COMMUNITY, "planned_on": "2020-01-10",
        "facilities": "便民服务大厅\n儿童之家", "services": "政务代办", "budget": "1,200,000",
    })  # fmt: skip
    project = Project.objects.get()
    assert response.status_code == 302 and project.budget_fen == 120_000_000
    district.post(f"/community/projects/{project.pk}/start/", {"on": "2020-03-01"})
    district.post(f"/community/projects/{project.pk}/complete/", {"on": "2020-10-01"})
    page = district.get(f"/community/projects/{project.pk}/").content.decode()
    assert "已建成" in page and "儿童之家" in page
    # 美兰区 sees nothing of it
    other = client_for(personas.other_district)
    assert "秀华大社区" not in other.get("/community/").content.decode()
    assert other.get(f"/community/projects/{project.pk}/").status_code == 404
    export = district.get("/community/projects/export.xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="export", object_type="community.project").exists()


def test_a_certificate_is_issued_with_the_person_picker_and_verified_without_login(personas, items):
    allowed, _ = items
    who = person("核验人")
    worker = client_for(personas.community)
    response = worker.post("/community/certificates/new/", {
        "person": who.pk, "item": allowed.pk, "purpose": "办理收养登记", "content": "",
    })  # fmt: skip
    certificate = IssuedCertificate.objects.get()
    assert response.status_code == 302 and certificate.region.code == URBAN_COMMUNITY
    detail = worker.get(f"/community/certificates/{certificate.pk}/").content.decode()
    assert f"/verify/certificates/{certificate.verify_code}/" in detail
    # the QR code of that link (core/qr.py, decoded in core's tests)
    assert 'data-testid="qr" src="data:image/svg+xml;base64,' in detail
    # the public page (no login) proves authenticity and shows nothing else: the name masked, no ID, no purpose
    public = Client().get(f"/verify/certificates/{certificate.verify_code}/")
    page = public.content.decode()
    assert public.status_code == 200 and "真实有效" in page and certificate.number in page
    assert who.name not in page and who.id_number not in page and who.id_number[-4:] not in page
    assert "办理收养登记" not in page
    assert Client().get("/verify/certificates/0000000000000000/").status_code == 404
    # once revoked, it says so
    worker.post(
        f"/community/certificates/{certificate.pk}/revoke/", {"on": "2026-01-05", "reason": "出具有误"}
    )
    assert "已作废" in Client().get(f"/verify/certificates/{certificate.verify_code}/").content.decode()


def test_choosing_a_refused_item_records_the_refusal_and_issues_nothing(personas, items):
    _, refused = items
    who = person("拒证")
    response = client_for(personas.community).post("/community/certificates/new/", {
        "person": who.pk, "item": refused.pk, "purpose": "银行开户",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/community/refusals/"
    assert not IssuedCertificate.objects.exists()
    assert Refusal.objects.get().reason == rules.REFUSED_REASON
    page = client_for(personas.community).get("/community/refusals/").content.decode()
    assert "亲属关系证明" in page and who.name not in page  # the name masked


def test_a_person_of_another_district_cannot_be_picked(personas, items):
    allowed, _ = items
    stranger = person("邻区人", hukou="460108001001")
    page = client_for(personas.community).post("/community/certificates/new/", {
        "person": stranger.pk, "item": allowed.pk, "purpose": "x",
    }).content.decode()  # fmt: skip
    assert "人员不存在或不在您的管辖范围内" in page and stranger.name not in page
    assert not IssuedCertificate.objects.exists()


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "board.png"
    return buffer


def test_a_posting_with_its_photo_and_the_overdue_list(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    worker = client_for(personas.community)
    response = worker.post("/community/postings/new/", {
        "category": "finance", "period_start": "2020-01-01", "period_end": "2020-03-31", "title": "一季度财务公开",
        "content": "收入1000元", "posted_on": "2020-04-20", "photos": _png(),
    })  # fmt: skip
    posting = Posting.objects.get()
    assert response.status_code == 302 and posting.late and posting.photos.count() == 1
    assert "逾期公开" in worker.get(f"/community/postings/{posting.pk}/").content.decode()
    # a period that is not a whole quarter is refused on its field
    page = worker.post("/community/postings/new/", {
        "category": "party", "period_start": "2020-01-01", "period_end": "2020-02-29", "title": "x", "content": "y",
        "posted_on": "2020-03-05",
    }).content.decode()  # fmt: skip
    assert "公开期间应为一个完整的季度" in page
    overdue = worker.get("/community/postings/overdue/?year=2020").content.decode()
    # 2020: finance Q2–Q4 and the other two categories' four quarters are missing for 秀华社区
    assert "1个村（社区）共11期逾期未公开" in overdue
    assert worker.get("/community/postings/overdue/export.xlsx?year=2020").status_code == 200


def test_an_election_through_its_pages_to_the_filing(personas):
    voters = [person(f"选民{i}", hukou=RURAL_COMMUNITY) for i in range(4)]
    town = client_for(personas.town)
    town.post("/community/elections/new/", {"region": RURAL_COMMUNITY, "kind": "village", "term": "9",
                                            "election_day": "2021-04-18", "seats": "3"})  # fmt: skip
    election = Election.objects.get()
    town.post(f"/community/elections/{election.pk}/register/")
    election.refresh_from_db()
    assert election.registered == 4
    for p in voters[:3]:
        town.post(f"/community/elections/{election.pk}/candidates/", {"person": p.pk})
    candidates = list(election.candidates.order_by("id"))
    votes = {f"votes_{c.pk}": n for c, n in zip(candidates, (3, 2, 1), strict=True)}
    town.post(f"/community/elections/{election.pk}/count/",
              {"voted": "3", "ballots_returned": "3", "ballots_invalid": "0", **votes})  # fmt: skip
    page = town.get(f"/community/elections/{election.pk}/").content.decode()
    assert "选举有效" in page and page.count("当选") >= 2
    town.post(f"/community/elections/{election.pk}/file/", {"on": "2021-04-25"})
    election.refresh_from_db()
    assert election.status == Election.Status.FILED
    assert set(election.candidates.filter(elected=True).values_list("person__name", flat=True)) == {
        "选民0",
        "选民1",
    }
    assert date(2021, 4, 25) == election.filed_on
