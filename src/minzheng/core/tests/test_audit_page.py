"""The auditor's page reads like a clerk's page: search terms masked when written (issue 13 item 9), changes
as a table of Chinese field names and labels, objects by their Chinese names (issue 12 item 4)."""

import re

import pytest

from minzheng.core.audit import Action, acting_as, audit_append
from minzheng.core.audit_display import audit_rows, object_type_label
from minzheng.core.models import AuditEntry, Region
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db

ID_NUMBER = "460104196905310016"
INTERNAL = ("core.user", "registry.person", "grid.performance", "{'", "None", "_id")


def _audit_page(personas, **query) -> str:
    response = client_for(personas.auditor).get("/audit/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_searched_id_number_is_stored_and_shown_masked(personas):
    # when a search by a full ID number is recorded (as registry's person_search_log words it)
    with acting_as(personas.town):
        audit_append(
            action=Action.VIEW,
            object_type="registry.person",
            object_repr="人员查询",
            detail=f"人员查询“{ID_NUMBER}”，返回1条",
        )
    # then the "view" entry keeps only what a masked ID shows
    entry = AuditEntry.objects.filter(action="view", actor=personas.town).latest("seq")
    assert entry.detail == "人员查询“460104********0016”，返回1条"
    # and the auditor's page never shows the full number, yet typing it finds the search
    page = _audit_page(personas, q=ID_NUMBER)
    table = page[page.index('data-testid="audit"') :]
    assert ID_NUMBER not in table and "460104********0016" in table


def test_phone_numbers_and_id_fragments_in_search_terms_are_masked(personas):
    with acting_as(personas.town):
        audit_append(
            action=Action.VIEW, object_type="registry.person", detail="人员查询“13812345678”，返回0条"
        )
        audit_append(
            action=Action.VIEW, object_type="registry.person", detail="人员查询“46010419690531”，返回0条"
        )
        audit_append(action=Action.VIEW, object_type="registry.person", detail="人员查询“张 0016”，返回2条")
    details = list(
        AuditEntry.objects.filter(actor=personas.town).order_by("seq").values_list("detail", flat=True)
    )
    assert details[-3:] == [
        "人员查询“138****5678”，返回0条",
        "人员查询“460104****0531”，返回0条",
        "人员查询“张 0016”，返回2条",
    ]


def test_an_old_entry_with_a_full_id_number_is_masked_on_the_page(personas):
    # given an entry written before masking (stored as it was typed)
    entry = audit_append(action=Action.VIEW, object_type="registry.person", detail="人员查询")
    entry.detail = f"人员查询“{ID_NUMBER}”，返回1条"
    (row,) = audit_rows([entry])
    assert ID_NUMBER not in row.detail and "460104********0016" in row.detail


def test_an_account_change_is_a_table_of_chinese_field_names_and_labels(personas):
    # given the administrator moves a grid worker to another community and changes their phone
    community = Region.objects.get(pk=personas.community.region_id)
    with acting_as(personas.admin):
        user = personas.grid_a
        user.role = "community_worker"
        user.region = community
        user.phone = "13912345678"
        user.save()
    page = _audit_page(personas, actor="admin")
    table = page[page.index('data-testid="audit"') :]
    # then the change reads as 角色 网格员 → 村居/社区工作人员, 所属区划 by name, the phone masked
    assert '<span class="muted">用户</span>' in table
    for text in (
        "角色",
        "网格员",
        "村居/社区工作人员",
        "所属区划",
        community.name,
        "联系电话",
        "139****5678",
        "修改前",
    ):
        assert text in table, text
    assert "13912345678" not in table
    for notation in INTERNAL:
        assert notation not in table, notation


def test_a_new_row_and_a_summary_entry_read_in_chinese(personas):
    with acting_as(personas.city):
        audit_append(
            action=Action.EXPORT,
            object_type="grid.performance",
            object_repr="网格员考核",
            after={"rows_total": 3, "cases": 2, "flag": True, "empty": None},
            detail="导出考核表",
        )
    page = _audit_page(personas, actor="city")
    table = page[page.index('data-testid="audit"') :]
    assert "网格化服务管理" in table and "总行数" in table and "案件数" in table and "是" in table
    assert "（空）" in table
    for notation in INTERNAL:
        assert notation not in table, notation


def test_an_account_created_shows_its_values_not_a_dict(personas):
    from minzheng.core.testing import user_make

    with acting_as(personas.admin):
        user_make("newbie", "grid_worker", personas.grid_a.region.code, phone="13700001111")
    (row,) = audit_rows(
        AuditEntry.objects.filter(object_type="core.user", action="create").order_by("-seq")[:1]
    )
    labels = {c.label: c.after for c in row.changes}
    assert row.summary == "新增内容" and row.object_label == "用户"
    assert labels["角色"] == "网格员" and labels["联系电话"] == "137****1111" and labels["用户名"] == "newbie"
    assert not any(re.search(r"\{'|None", c.after) for c in row.changes)


def test_object_types_are_named_in_chinese():
    assert object_type_label("core.user") == "用户"
    assert object_type_label("grid.performance") == "网格化服务管理"
    assert object_type_label("nothing.here") == ""
