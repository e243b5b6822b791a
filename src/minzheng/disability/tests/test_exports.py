"""The certificates' list exports as XLSX (read back with python-calamine, the platform's XLSX reader; ``?format=xlsx``, capability ``export``) like the applications' list:
the file opens with the page's header, the user's region only, the 残疾人证号 masked; the export is audited."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from python_calamine import CalamineWorkbook

from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.disability import rules
from minzheng.disability.tests import given

pytestmark = pytest.mark.django_db
MEILAN_COMMUNITY = "460108001001"


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:300]
    sheet = CalamineWorkbook.from_filelike(BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(
        0
    )
    return [tuple(row) for row in sheet.to_python()]


def test_the_certificates_export_is_scoped_masked_filtered_and_audited(personas):
    ours = given.person("秀英持证")
    given.certified(ours, kind=rules.Kind.MENTAL, grade=3, issued=date(2019, 6, 1))
    given.certified(given.person("秀英乙"), kind=rules.Kind.PHYSICAL, grade=1)
    given.certified(given.person("美兰持证", hukou=MEILAN_COMMUNITY), kind=rules.Kind.VISUAL, grade=2)
    client = client_for(personas.district)
    assert 'name="format" value="xlsx"' in client.get("/disability/certificates/").content.decode()
    rows = _sheet(client.get("/disability/certificates/", {"format": "xlsx"}))
    assert rows[0] == ("持证人", "残疾人证号", "残疾类别", "残疾等级", "发证日期", "有效期至", "状态", "注销日期",
                       "所属区划")  # fmt: skip
    assert {r[0] for r in rows[1:]} == {"秀英持证", "秀英乙"}
    assert ours.id_number not in str(rows)
    [row] = _sheet(client.get("/disability/certificates/", {"format": "xlsx", "q": "秀英持"}))[1:]
    assert row[1] == f"{ours.id_number[:6]}**********{ours.id_number[-2:]}63" and len(row[1]) == 20
    assert row[2:4] == ("精神残疾", "三级") and row[6] == "有效"
    assert AuditEntry.objects.filter(action="export", object_type="disability.certificate").count() == 2
