import re

import pytest

from minzheng.casework.services import case_open
from minzheng.casework.tests.factories import SampleCase
from minzheng.core.models import Region
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def _work_count(html: str) -> int | None:
    found = re.search(r'data-testid="work-count">(\d+)<', html)
    return int(found.group(1)) if found else None


def test_the_home_page_shows_what_waits_on_the_user(personas):
    # given a case waiting for the town's 受理
    case = case_open(
        case_type=SampleCase.code,
        actor=personas.town,
        title="张三申请",
        region=Region.objects.get(code="460105001001"),
    )
    # then the town's home page counts it and links it; the district has nothing to do yet
    html = client_for(personas.town).get("/").content.decode()
    assert _work_count(html) == 1 and case.number in html
    assert _work_count(client_for(personas.district).get("/").content.decode()) == 0
    # and a role that no case type gives a step has no worklist panel
    assert _work_count(client_for(personas.auditor).get("/").content.decode()) is None
