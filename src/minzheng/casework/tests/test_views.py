import pytest

from minzheng.casework.services import case_open
from minzheng.casework.tests.factories import SampleCase
from minzheng.core.models import Region
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_case_page_acts_and_refuses_a_stale_form(personas):
    case = case_open(
        case_type=SampleCase.code,
        actor=personas.town,
        title="李四申请",
        region=Region.objects.get(code="460105001001"),
    )
    client = client_for(personas.town)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="action-accept"' in page
    client.post(f"/cases/{case.pk}/act/", {"action": "accept", "expected_state": "new", "comment": "收"})
    response = client.post(
        f"/cases/{case.pk}/act/", {"action": "accept", "expected_state": "new"}, follow=True
    )
    assert "已被处理" in response.content.decode()
    assert client_for(personas.other_district).get(f"/cases/{case.pk}/").status_code == 404


def test_worklist_page(personas, django_assert_max_num_queries):
    for i in range(5):
        case_open(
            case_type=SampleCase.code,
            actor=personas.town,
            title=f"申请{i}",
            region=Region.objects.get(code="460105001001"),
        )
    client = client_for(personas.town)
    with django_assert_max_num_queries(12):
        page = client.get("/cases/").content.decode()
    assert page.count("申请") >= 5
