import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from minzheng.core.audit import Action, acting_as, audit_append, audit_verify
from minzheng.core.models import AuditEntry


def _write_entries(n: int) -> None:
    for i in range(n):
        audit_append(
            action=Action.UPDATE,
            object_type="test.thing",
            object_id=str(i),
            object_repr=f"第{i}件",
            before={"amount": i},
            after={"amount": i + 1, "名称": "低保"},
        )


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_intact_chain_verifies(personas):
    _write_entries(5)
    result = audit_verify()
    assert result.ok and result.checked == AuditEntry.objects.count()
    call_command("audit", "verify")


@pytest.mark.django_db
def test_altered_entry_is_detected(personas):
    _write_entries(5)
    victim = AuditEntry.objects.get(object_id="2", object_type="test.thing")
    # when someone edits the stored row behind the application's back
    _raw("UPDATE core_auditentry SET object_repr = %s WHERE id = %s", ["改过的", victim.pk])
    # then verify names that entry
    result = audit_verify()
    assert not result.ok and result.broken_seq == victim.seq
    assert "篡改" in result.reason
    with pytest.raises(CommandError, match=f"第{victim.seq}条"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_altered_json_payload_is_detected(personas):
    _write_entries(3)
    victim = AuditEntry.objects.get(object_id="1", object_type="test.thing")
    AuditEntry.objects.filter(pk=victim.pk).update(after={"amount": 999})
    assert audit_verify().broken_seq == victim.seq


@pytest.mark.django_db
def test_deleted_entry_is_detected(personas):
    _write_entries(5)
    victim = AuditEntry.objects.get(object_id="3", object_type="test.thing")
    _raw("DELETE FROM core_auditentry WHERE id = %s", [victim.pk])
    result = audit_verify()
    assert not result.ok and result.broken_seq == victim.seq and "缺失" in result.reason


@pytest.mark.django_db
def test_deleted_tail_is_detected(personas):
    _write_entries(3)
    last = AuditEntry.objects.order_by("-seq").first()
    _raw("DELETE FROM core_auditentry WHERE id = %s", [last.pk])
    result = audit_verify()
    assert not result.ok and "末尾" in result.reason


@pytest.mark.django_db
def test_entries_cannot_be_changed_through_the_orm(personas):
    _write_entries(1)
    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.django_db
def test_actor_and_address_come_from_the_context(personas):
    with acting_as(personas.town, ip="10.1.2.3"):
        entry = audit_append(
            action=Action.VIEW, object_type="registry.person", object_id="7", object_repr="张三"
        )
    assert entry.actor == personas.town and entry.actor_name == "town" and entry.ip == "10.1.2.3"
    assert entry.prev_hash == AuditEntry.objects.get(seq=entry.seq - 1).hash if entry.seq > 1 else True


@pytest.mark.django_db
def test_audit_page_is_for_auditors_only(personas, client):
    from minzheng.core.testing import client_for

    _write_entries(2)
    assert client_for(personas.city).get("/audit/").status_code == 403
    response = client_for(personas.auditor).get("/audit/", {"q": "第1件"})
    assert response.status_code == 200
    assert "第1件" in response.content.decode()
    assert "第0件" not in response.content.decode()


@pytest.mark.django_db
def test_account_changes_are_audited_without_the_password_hash(personas):
    with acting_as(personas.admin):
        personas.grid_a.role = "community_worker"
        personas.grid_a.set_password("Another-Passw0rd!")
        personas.grid_a.save()
    entry = AuditEntry.objects.filter(object_type="core.user", action="update").latest("seq")
    assert entry.actor == personas.admin
    assert entry.after == {"role": "community_worker"}
    assert not any("pbkdf2" in str(v) for v in AuditEntry.objects.values_list("before", "after"))
