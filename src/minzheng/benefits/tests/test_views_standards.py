"""The standards page: everyone in the city reads the standards in force; the city manager adds them."""

from __future__ import annotations

from django.urls import reverse

from minzheng.benefits.models import Standard
from minzheng.benefits.seeding import standards_demo_load
from minzheng.benefits.tests import given
from minzheng.core.models import AuditEntry, Region
from minzheng.core.testing import client_for


def test_the_city_manager_adds_a_standard_with_audit(personas):
    standards_demo_load()
    client = client_for(personas.city)
    page = client.get(reverse("benefits:standard_list")).content.decode()
    assert "演示数据" in page and "610.00 元" in page and 'data-testid="standard-form"' in page
    response = client.post(
        reverse("benefits:standard_list"),
        {
            "program": given.program_id("dibao_urban"),
            "region": Region.objects.get(code="460100").pk,
            "category": "",
            "effective_from": "2022-01-01",
            "amount": "680",
            "source": "海口市民政局2022年标准文件",
        },
    )
    assert response.status_code == 302
    new = Standard.objects.get(effective_from="2022-01-01")
    assert new.amount_fen == 68_000 and new.created_by == personas.city
    assert (
        Standard.objects.get(
            program__code="dibao_urban", effective_from="2021-07-01"
        ).effective_to.isoformat()
        == "2021-12-31"
    )
    assert AuditEntry.objects.filter(
        object_type="benefits.standard", object_id=str(new.pk), action="create"
    ).exists()


def test_an_overlapping_standard_shows_the_reason(personas):
    standards_demo_load()
    response = client_for(personas.city).post(
        reverse("benefits:standard_list"),
        {
            "program": given.program_id("dibao_urban"),
            "region": Region.objects.get(code="460100").pk,
            "effective_from": "2021-01-01",
            "amount": "640",
            "is_demo": "on",
        },
    )
    assert response.status_code == 200 and "与已有标准重叠" in response.content.decode()


def test_others_read_but_cannot_add(personas):
    standards_demo_load()
    client = client_for(personas.district)
    page = client.get(reverse("benefits:standard_list")).content.decode()
    assert "农村低保" in page and 'data-testid="standard-form"' not in page
    assert client.post(reverse("benefits:standard_list"), {"amount": "1"}).status_code == 403


def test_categories_read_as_labels(personas):
    # given the demo standards, among them 特困's care levels (codes full_care, partial_care, self_care)
    standards_demo_load()
    page = client_for(personas.district).get(reverse("benefits:standard_list")).content.decode()
    table = page.split('data-testid="standards"')[1].split("</table>")[0]
    # then the table names them as a clerk does, never by their code
    assert "<td>特困：全护理</td>" in table and "<td>特困：全自理</td>" in table
    assert "full_care" not in table and "self_care" not in table
    # and the demo standards' source is plain words, not the project's notes
    assert "domain.md" not in page and "演示数据：未找到海口2020/2021年标准的公开文件" in page
