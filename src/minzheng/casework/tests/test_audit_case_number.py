"""The audit log shows a new case under its final number, never the placeholder it was inserted with
(issue 12 item 4: "a temporary case number tmp-… in the audit log")."""

import pytest

from minzheng.casework.models import Case
from minzheng.casework.services import case_open
from minzheng.casework.tests.factories import SampleCase
from minzheng.core.models import AuditEntry, Region
from minzheng.core.testing import client_for


@pytest.mark.django_db
def test_a_new_case_is_audited_under_its_final_number(personas):
    # when a caseworker opens a case
    case = case_open(
        case_type=SampleCase.code,
        actor=personas.town,
        title="张三申请",
        region=Region.objects.get(code="460105001001"),
    )
    # then its 新增 entry carries the number the case keeps, and no entry anywhere a placeholder
    entry = AuditEntry.objects.get(
        object_type=Case._meta.label_lower, object_id=str(case.pk), action="create"
    )
    assert entry.after["number"] == case.number and entry.object_repr.startswith(case.number)
    assert not AuditEntry.objects.filter(object_repr__startswith="tmp-").exists()
    assert not [e for e in AuditEntry.objects.filter(object_id=str(case.pk)) if "tmp-" in str(e.after)]
    # and the auditor's page shows the case by its Chinese name and number
    page = client_for(personas.auditor).get("/audit/", {"q": case.number}).content.decode()
    assert case.number in page and "tmp-" not in page and "casework.case" not in page
