"""The policy library: a document registered once by its 文号 with its dates in force, searched by every word of its
full text, repealed by its own region only; the seed's five 社会救助 documents are figure 6 at any scale."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.assistance.tests.given import region
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.policy import indicators, selectors, services
from minzheng.policy.errors import PolicyError
from minzheng.policy.models import Document
from minzheng.policy.seeding import policy_seed
from minzheng.reports.figures import figure_get, seed_target

pytestmark = pytest.mark.django_db
Y2020 = (date(2020, 1, 1), date(2020, 12, 31))


def _doc(actor, number="海民规〔2020〕9号", **kw):  # noqa: ANN001, ANN202
    data = {"title": "关于临时救助小额审批的通知", "issuer": "海口市民政局", "region": region("460100"),
            "topic": Document.Topic.ASSISTANCE, "issued_on": date(2020, 5, 1), "effective_from": date(2020, 6, 1),
            "body": "临时救助金额在1000元以下的，由乡镇人民政府审批。", **kw}  # fmt: skip
    return services.document_register(actor=actor, number=number, **data)


def test_a_document_is_registered_once_with_its_dates_in_force(personas):
    document = _doc(personas.city, effective_until=date(2025, 5, 31))
    assert document.status_on(date(2020, 5, 15)) == "未施行"
    assert document.status_on(date(2021, 1, 1)) == "有效"
    assert document.status_on(date(2025, 6, 1)) == "已失效"
    with pytest.raises(PolicyError, match="文号“海民规〔2020〕9号”已登记") as caught:
        _doc(personas.city)
    assert caught.value.field == "number"
    with pytest.raises(PolicyError, match="有效期至不能早于施行日期"):
        _doc(personas.city, number="x1", effective_until=date(2020, 1, 1))
    with pytest.raises(PolicyError, match="不在您的管辖范围内"):
        _doc(personas.district, number="x2")  # a district registers only its own region's documents
    with pytest.raises(PermissionDenied):
        _doc(personas.community, number="x3")


def test_the_search_needs_every_word_and_in_force_keeps_the_current(personas):
    small = _doc(personas.city)
    other = _doc(personas.city, number="海民规〔2019〕1号", title="养老机构等级评定办法", topic=Document.Topic.ELDERCARE,
                 body="养老机构等级评定分为五级。", issued_on=date(2019, 1, 1), effective_from=date(2019, 1, 1))  # fmt: skip
    assert list(selectors.document_list(q="临时救助 乡镇")) == [small]
    assert list(selectors.document_list(q="临时救助 养老")) == []
    assert list(selectors.document_list(q="2019")) == [other]
    services.document_repeal(actor=personas.city, document=other, on=date(2020, 3, 1), reason="被新办法替代")
    assert list(selectors.document_list(in_force_on=date(2020, 7, 1))) == [small]
    with pytest.raises(PolicyError, match="已于2020-03-01废止"):
        services.document_repeal(actor=personas.city, document=other, on=date(2020, 4, 1), reason="x")


def test_the_pages_search_show_and_export(personas):
    document = _doc(personas.city)
    grid = client_for(personas.grid_a)
    page = grid.get("/policy/", {"q": "小额"}).content.decode()
    assert document.title in page and 'data-testid="new-document"' not in page
    assert "乡镇人民政府审批" in grid.get(f"/policy/{document.pk}/").content.decode()
    assert grid.get("/policy/new/").status_code == 403
    city = client_for(personas.city)
    response = city.post("/policy/new/", {
        "number": "海民发〔2020〕1号", "title": "通知", "issuer": "海口市民政局", "region": "460100", "kind": "other",
        "topic": "community", "issued_on": "2020-01-02", "effective_from": "2020-01-02", "body": "正文",
    })  # fmt: skip
    assert response.status_code == 302 and Document.objects.count() == 2
    assert city.get("/policy/export.xlsx").status_code == 200
    assert AuditEntry.objects.filter(action="export", object_type="policy.document").exists()
    assert client_for(personas.admin).get("/policy/").status_code == 403


def test_the_seed_makes_figure_6_at_any_scale_and_a_rerun_adds_nothing(personas):
    assert "新增10件" in policy_seed(scale=0.01, year=2020)
    city = region("460100")
    assert indicators.assistance_documents_issued(city, *Y2020) == seed_target("policy_documents", 0.01) == 5
    assert figure_get("policy_documents").indicator == "policy.assistance_documents_issued"
    assert indicators.documents_issued(city, *Y2020) == 10
    assert indicators.documents_issued(region("460105"), *Y2020) == 0
    assert "新增0件" in policy_seed(scale=0.01, year=2020)
