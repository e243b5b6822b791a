"""Parameters linked to the documents that set them (issue 17 item 5): a dated value of a 救助参数 or a 保障标准 names
its document and article; the document's page lists what it sets; the owners' pages show the document through the
hook of ``core.parameters`` (they import no policy); the seed links the demo's values to the documents it holds."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.assistance.services.parameters import parameters_demo_load
from minzheng.assistance.tests.given import region
from minzheng.benefits.seeding import standards_demo_load
from minzheng.core.models import AuditEntry
from minzheng.core.parameters import parameter_sources
from minzheng.core.testing import client_for
from minzheng.policy import selectors, services
from minzheng.policy.errors import PolicyError
from minzheng.policy.models import Document, ParameterLink
from minzheng.policy.seeding import policy_seed

pytestmark = pytest.mark.django_db
LIMIT = "assistance.temporary_town_limit_multiple"


def _doc(actor, number="海民规〔2020〕4号", **kw):  # noqa: ANN001, ANN202
    data = {"title": "关于实行临时救助小额审批的通知", "issuer": "海口市民政局", "region": region("460100"),
            "topic": Document.Topic.ASSISTANCE, "issued_on": date(2019, 12, 1), "effective_from": date(2020, 1, 1),
            "body": "临时救助金额在月低保标准4倍以下的，由乡镇人民政府审批。", **kw}  # fmt: skip
    return services.document_register(actor=actor, number=number, **data)


def test_a_document_sets_a_dated_parameter_once_and_only_an_existing_one(personas):
    # given the demo parameters and standards, and the city's document
    parameters_demo_load(city=region("460100"))
    standards_demo_load()
    document = _doc(personas.city)
    # when the city records what the document sets
    services.parameter_link(actor=personas.city, document=document, key=LIMIT, effective_from=date(2020, 1, 1),
                            clause="第二条")  # fmt: skip
    services.parameter_link(actor=personas.city, document=document, key="benefits.dibao_urban",
                            effective_from=date(2020, 1, 1))  # fmt: skip
    # then the document names them, with the values and the article
    [(limit, rows), (dibao, dibao_rows)] = selectors.document_parameters(document=document)
    assert (limit.key, dibao.key) == (LIMIT, "benefits.dibao_urban")
    assert [r.value for r in rows] == ["4倍"] and limit.clause == "第二条"
    assert [r.value for r in dibao_rows] == ["610.00 元/月"]
    # and the lookup the owners' pages use finds the document
    found = parameter_sources([(LIMIT, date(2020, 1, 1)), (LIMIT, date(2021, 1, 1))])
    assert list(found) == [(LIMIT, date(2020, 1, 1))]
    assert (
        str(found[(LIMIT, date(2020, 1, 1))])
        == "《关于实行临时救助小额审批的通知》（海民规〔2020〕4号）第二条"
    )
    # a value is set by one document; a value that does not exist is refused, naming it
    other = _doc(personas.city, number="海民规〔2020〕9号")
    with pytest.raises(
        PolicyError, match="已登记由《关于实行临时救助小额审批的通知》（海民规〔2020〕4号）设定"
    ) as caught:
        services.parameter_link(
            actor=personas.city, document=other, key=LIMIT, effective_from=date(2020, 1, 1)
        )
    assert caught.value.field == "parameter"
    with pytest.raises(PolicyError, match="没有自2020-02-01起适用的参数"):
        services.parameter_link(
            actor=personas.city, document=other, key=LIMIT, effective_from=date(2020, 2, 1)
        )
    with pytest.raises(PolicyError, match="不是您辖区印发的文件"):
        services.parameter_link(actor=personas.district, document=other, key="benefits.dibao_rural",
                                effective_from=date(2020, 1, 1))  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.parameter_link(actor=personas.grid_a, document=other, key="benefits.dibao_rural",
                                effective_from=date(2020, 1, 1))  # fmt: skip
    assert AuditEntry.objects.filter(object_type="policy.parameterlink", action="create").count() == 2


def test_the_pages_link_a_parameter_and_the_owners_pages_name_the_document(personas):
    parameters_demo_load(city=region("460100"))
    standards_demo_load()
    document = _doc(personas.city)
    city = client_for(personas.city)
    # given the document's page, offering the values no document set yet
    page = city.get(f"/policy/{document.pk}/").content.decode()
    assert "尚未登记本文件设定的参数" in page and "临时救助乡镇（街道）审批限额" in page
    # when the city links the towns' approval limit of 2020
    response = city.post(f"/policy/{document.pk}/parameters/",
                         {"parameter": f"{LIMIT}|2020-01-01", "clause": "第二条"})  # fmt: skip
    assert response.status_code == 302
    # then the document lists it and the parameters' page names the document, with a link to it
    page = city.get(f"/policy/{document.pk}/").content.decode()
    assert "临时救助乡镇（街道）审批限额" in page and "4倍" in page and "第二条" in page
    params = city.get("/assistance/parameters/").content.decode()
    assert f'href="/policy/{document.pk}/" data-testid="set-by"' in params
    assert "《关于实行临时救助小额审批的通知》（海民规〔2020〕4号）第二条" in params
    # a reader sees the list without the form; a bad choice is refused in Chinese
    grid = client_for(personas.grid_a).get(f"/policy/{document.pk}/").content.decode()
    assert "4倍" in grid and 'data-testid="link-form"' not in grid
    city.post(f"/policy/{document.pk}/parameters/", {"parameter": "nonsense|2020-01-01"})
    assert ParameterLink.objects.count() == 1
    # when the link is withdrawn, the page of the parameters no longer names the document
    link = ParameterLink.objects.get()
    assert city.post(f"/policy/parameters/{link.pk}/unlink/").status_code == 302
    assert 'data-testid="set-by"' not in city.get("/assistance/parameters/").content.decode()


def test_the_standards_page_names_the_document_of_a_standard(personas):
    standards_demo_load()
    document = _doc(
        personas.city, number="海民规〔2019〕6号", title="关于提高2020年城乡居民最低生活保障标准的通知"
    )
    services.parameter_link(actor=personas.city, document=document, key="benefits.tekun.full_care",
                            effective_from=date(2020, 1, 1), clause="第二条")  # fmt: skip
    page = client_for(personas.city).get("/benefits/standards/", {"program": "tekun"}).content.decode()
    assert page.count('data-testid="set-by"') == 1 and "海民规〔2019〕6号" in page


def test_the_seed_links_the_demo_values_to_the_documents_it_holds(personas):
    # given the demo's parameters and standards (the steps before the policy library's)
    parameters_demo_load(city=region("460100"))
    standards_demo_load()
    # when the policy library is seeded
    assert "本次登记" in policy_seed(scale=0.01, year=2020)
    # then each value whose document the seed holds names it
    found = parameter_sources([(LIMIT, date(2020, 1, 1)), ("assistance.tekun_basic_multiple", date(2016, 2, 10)),
                               ("benefits.dibao_urban", date(2020, 1, 1)), ("benefits.dibao_rural", date(2021, 7, 1)),
                               ("benefits.tekun.self_care", date(2020, 1, 1))])  # fmt: skip
    assert {k: s.number for k, s in found.items()} == {
        (LIMIT, date(2020, 1, 1)): "海民规〔2020〕4号",
        ("assistance.tekun_basic_multiple", date(2016, 2, 10)): "国发〔2016〕14号",
        ("benefits.dibao_urban", date(2020, 1, 1)): "海民规〔2019〕6号",
        ("benefits.dibao_rural", date(2021, 7, 1)): "海民规〔2021〕3号",
        ("benefits.tekun.self_care", date(2020, 1, 1)): "海民规〔2019〕7号",
    }
    # and a rerun adds nothing
    count = ParameterLink.objects.count()
    assert "本次登记0项" in policy_seed(scale=0.01, year=2020) and ParameterLink.objects.count() == count
