"""The leak matrix of 申请救助/我的申请/我的救助金: every URL of the area with citizen A's records is 404 for citizen
B (verified or not), anonymous visitors are sent to sign-in, a staff login is anonymous there."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minzheng.assistance.models import Application
from minzheng.assistance.tests import given
from minzheng.benefits.tests import given as ledger_given
from minzheng.core.testing import client_for
from minzheng.portal import urls_apply
from minzheng.portal.models_apply import ApplyDraft
from minzheng.portal.testing import citizen_client, citizen_make

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _url(pattern, draft: ApplyDraft, app: Application) -> str:  # noqa: ANN001
    route = str(pattern.pattern)
    return "/m/" + route.replace("<uuid:key>", str(draft.key)).replace("<int:pk>", str(app.pk))


@pytest.fixture
def two_citizens(personas):
    a_head = given.family(2, surname="甲").head
    b_head = given.family(1, surname="乙").head
    a = citizen_make(person=a_head, phone="13876541001")
    b = citizen_make(person=b_head, phone="13876541002")
    client_a = citizen_client(a)
    client_a.post("/m/apply/", {"kind": "dibao"})
    submitted = ApplyDraft.objects.get(citizen=a)
    upload = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    client_a.post(f"/m/apply/{submitted.key}/documents/", {"do": "add", "kind": "hukou", "file": upload})
    client_a.post(f"/m/apply/{submitted.key}/check/", {"key": str(submitted.key)})
    client_a.post("/m/apply/", {"kind": "tekun"})
    draft = ApplyDraft.objects.get(citizen=a, application__isnull=True)
    app = Application.objects.get(applicant=a_head)
    return a, b, draft, app


def test_every_url_with_a_records_is_404_for_b(two_citizens):
    a, b, draft, app = two_citizens
    record_urls = [_url(p, draft, app) for p in urls_apply.urlpatterns if "<" in str(p.pattern)]
    assert len(record_urls) == 7
    for verified in (True, False):
        client_b = citizen_client(b, verified=verified)
        for url in record_urls:
            assert client_b.get(url).status_code == 404, url
            assert client_b.post(url, {"do": "remove", "uid": "x", "pk": "1"}).status_code == 404, url
        listing = client_b.get("/m/applications/").content.decode()
        assert app.case.number not in listing
    # B cannot submit A's draft through B's own form either (the key in the body is A's)
    client_b = citizen_client(b)
    client_b.post("/m/apply/", {"kind": "dibao"})
    own = ApplyDraft.objects.get(citizen=b)
    assert client_b.post(f"/m/apply/{own.key}/check/", {"key": str(draft.key)}).status_code == 404
    assert client_b.post(f"/m/apply/{own.key}/check/", {"key": "not-a-key"}).status_code == 404
    draft.refresh_from_db()
    assert draft.application_id is None
    # A still reaches all of them
    client_a = citizen_client(a)
    for url in record_urls:
        assert client_a.get(url).status_code in (200, 302), url


def test_payments_show_only_the_citizens_own_enrollments(two_citizens):
    a, b, _, _ = two_citizens
    enrollment = ledger_given.enrolled(name="丙领取", start=date(2021, 1, 1))
    page = citizen_client(b, verified=True).get("/m/payments/").content.decode()
    assert enrollment.person.name not in page and "暂无救助记录" in page


def test_anonymous_is_sent_to_sign_in_and_staff_is_anonymous(two_citizens, personas):
    _, _, draft, app = two_citizens
    urls = [_url(p, draft, app) for p in urls_apply.urlpatterns]
    for client in (Client(), client_for(personas.town)):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/m/login/"), url
