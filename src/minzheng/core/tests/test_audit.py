"""The audit log: writing, sealing, the key, and the attacks on the chain (issue 13 items 5 and 6)."""

import json
import os
import stat
import threading
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from minzheng.core import audit
from minzheng.core.audit import (
    Action,
    acting_as,
    audit_append,
    audit_checkpoint,
    audit_key,
    audit_key_id,
    audit_seal,
    audit_verify,
    chain_link,
    checkpoints_read,
    entry_mac,
)
from minzheng.core.audited import audit_deferred
from minzheng.core.models import AuditCheckpoint, AuditEntry, AuditPending, AuditSeal, User

pg_only = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in {"postgres", "postgresql"},
    reason="PostgreSQL: concurrent writers and triggers (SQLite has one writer)",
)
AUDIT_TABLES = ("core_auditentry", "core_auditseal", "core_auditcheckpoint", "core_auditpending")


def _write_entries(n: int) -> list[AuditEntry]:
    return [
        audit_append(
            action=Action.UPDATE,
            object_type="test.thing",
            object_id=str(i),
            object_repr=f"第{i}件",
            before={"amount": i},
            after={"amount": i + 1, "名称": "低保"},
        )
        for i in range(n)
    ]


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@contextmanager
def attacker():
    """Someone who can write the database directly: on PostgreSQL, as the tables' owner, with the
    append-only triggers switched off for the duration (what a DBA account could do)."""
    if connection.vendor == "postgresql":
        _raw("SET CONSTRAINTS ALL IMMEDIATE", [])  # no deferred checks pending: ALTER TABLE needs that
        for table in AUDIT_TABLES:
            _raw(f"ALTER TABLE {table} DISABLE TRIGGER USER", [])
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            _raw("SET CONSTRAINTS ALL IMMEDIATE", [])
            for table in AUDIT_TABLES:
                _raw(f"ALTER TABLE {table} ENABLE TRIGGER USER", [])


# --- the intact chain ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_intact_chain_verifies(personas, capsys):
    _write_entries(5)
    result = audit_verify()
    assert result.ok and result.checked == AuditEntry.objects.count()
    call_command("audit", "verify")
    assert "审计链完整" in capsys.readouterr().out


@pytest.mark.django_db
def test_entries_are_sealed_in_order_with_a_keyed_link(personas):
    # given entries just written: signed, pending, not yet in the chain
    entries = _write_entries(3)
    assert AuditPending.objects.filter(seq__in=[e.seq for e in entries]).count() == 3
    assert all(e.mac == entry_mac(AuditEntry.objects.get(seq=e.seq)) for e in entries)
    # when the sealer runs
    audit_seal()
    # then each has the next position, chained with the key, and nothing is pending
    seals = list(AuditSeal.objects.filter(entry_id__in=[e.seq for e in entries]).order_by("pos"))
    assert [s.entry_id for s in seals] == [e.seq for e in entries]
    previous = AuditSeal.objects.filter(pos=seals[0].pos - 1).values_list("link", flat=True).first()
    link = previous or audit.GENESIS_LINK
    for seal, entry in zip(seals, entries, strict=True):
        link = chain_link(audit_key(), seal.pos, entry.seq, entry.mac, link)
        assert seal.link == link
    assert not AuditPending.objects.exists()
    assert AuditCheckpoint.objects.filter(pos=seals[-1].pos, entry_seq=entries[-1].seq).exists()


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
    entry = AuditEntry.objects.get(seq=entry.seq)
    assert entry.actor == personas.town and entry.actor_name == "town" and entry.ip == "10.1.2.3"
    assert audit_verify().ok


@pytest.mark.django_db
def test_an_ipv6_address_verifies_however_the_database_spells_it(personas):
    audit_append(action=Action.LOGIN, object_type="core.user", ip="2001:0db8:0000:0000:0000:0000:0000:0001")
    audit_append(action=Action.LOGIN, object_type="core.user", ip="::ffff:10.0.0.1")
    assert audit_verify().ok


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


# --- "before" without reading the row again ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_save_of_named_fields_records_the_loaded_value_without_a_second_read(
    personas, django_assert_num_queries
):
    user = User.objects.get(pk=personas.grid_a.pk)
    old_phone = user.phone
    user.phone = "13912345678"
    # the UPDATE, the entry (one statement on PostgreSQL, two on SQLite) — and no SELECT of the row
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 3):
        user.save(update_fields=["phone"])
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk)).latest("seq")
    assert entry.before == {"phone": old_phone} and entry.after == {"phone": "13912345678"}
    # and a second save in the same life of the instance starts from what the first one wrote
    user.phone = "13700000000"
    user.save(update_fields=["phone"])
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk)).latest("seq")
    assert entry.before == {"phone": "13912345678"}


@pytest.mark.django_db
def test_after_refresh_from_db_the_stored_value_is_read(personas):
    user = User.objects.get(pk=personas.grid_a.pk)
    User.objects.filter(pk=user.pk).update(display_name="别人改的")  # no signal
    user.refresh_from_db()
    user.display_name = "我改的"
    user.save(update_fields=["display_name"])
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk)).latest("seq")
    assert entry.before == {"display_name": "别人改的"}


@pytest.mark.django_db
def test_a_row_numbered_after_its_insert_is_recorded_with_its_final_number(personas):
    # given a row inserted with a placeholder and renamed from its primary key in the same transaction
    with transaction.atomic(), audit_deferred():
        user = User.objects.create(username="tmp-1796263454.009366-1", role="grid_worker")
        user.username = f"final-{user.pk}"
        User.objects.filter(pk=user.pk).update(username=user.username)
    # then one 新增 entry records the final value, never the placeholder
    entries = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk))
    assert [e.action for e in entries] == ["create"]
    assert entries[0].after["username"] == f"final-{user.pk}" and "tmp-" not in entries[0].object_repr


# --- attacks on the chain --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_altered_entry_is_detected(personas):
    _write_entries(5)
    audit_seal()
    victim = AuditEntry.objects.get(object_id="2", object_type="test.thing")
    # when someone edits the stored row behind the application's back
    with attacker():
        _raw("UPDATE core_auditentry SET object_repr = %s WHERE seq = %s", ["改过的", victim.seq])
    # then verify names that entry
    result = audit_verify()
    assert not result.ok and result.broken_seq == victim.seq
    assert "篡改" in result.reason and f"序号{victim.seq}" in result.reason
    with pytest.raises(CommandError, match=f"序号{victim.seq}的日志内容已被篡改"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_altered_json_payload_is_detected(personas):
    _write_entries(3)
    victim = AuditEntry.objects.get(object_id="1", object_type="test.thing")
    with attacker():
        AuditEntry.objects.filter(seq=victim.seq).update(after={"amount": 999})
    assert audit_verify().broken_seq == victim.seq


@pytest.mark.django_db
def test_an_entry_edited_before_it_was_sealed_is_detected(personas):
    entries = _write_entries(2)
    with attacker():
        _raw("UPDATE core_auditentry SET detail = %s WHERE seq = %s", ["无事发生", entries[1].seq])
    result = audit_verify(seal=False)
    assert not result.ok and result.broken_seq == entries[1].seq and "尚未封存" in result.reason


@pytest.mark.django_db
def test_deleted_entry_is_detected(personas):
    _write_entries(5)
    audit_seal()
    victim = AuditEntry.objects.get(object_id="3", object_type="test.thing")
    with attacker():
        _raw("DELETE FROM core_auditentry WHERE seq = %s", [victim.seq])
    result = audit_verify()
    assert not result.ok and result.broken_seq == victim.seq and "缺失" in result.reason


@pytest.mark.django_db
def test_deleted_entry_with_its_seal_is_detected(personas):
    entries = _write_entries(5)
    audit_seal()
    victim = entries[2]
    with attacker():
        _raw("DELETE FROM core_auditseal WHERE entry_seq = %s", [victim.seq])
        _raw("DELETE FROM core_auditentry WHERE seq = %s", [victim.seq])
    result = audit_verify()
    assert not result.ok and result.broken_seq == entries[3].seq
    assert f"序号{entries[1].seq}之后" in result.reason and "删除" in result.reason


@pytest.mark.django_db
def test_an_entry_deleted_before_it_was_sealed_is_detected(personas):
    entries = _write_entries(3)
    with attacker():
        _raw("DELETE FROM core_auditentry WHERE seq = %s", [entries[1].seq])
    result = audit_verify()
    assert not result.ok and result.broken_seq == entries[1].seq and "封存前被删除" in result.reason


@pytest.mark.django_db
def test_an_entry_inserted_behind_the_applications_back_is_detected(personas):
    _write_entries(2)
    audit_seal()
    # given a forged entry written straight into the table (its pending row left out, or removed)
    forged = AuditEntry(at=AuditEntry.objects.latest("seq").at, action="login", actor_name="x", mac="0" * 64)
    forged.save(force_insert=True)
    result = audit_verify()
    assert not result.ok and result.broken_seq == forged.seq and "不在审计链上" in result.reason


@pytest.mark.django_db
def test_deleted_tail_is_detected_by_the_databases_checkpoint(personas):
    entries = _write_entries(3)
    audit_seal()
    # when the last entry and its seal are removed (the head "rewound"), the checkpoint left behind
    with attacker():
        _raw("DELETE FROM core_auditseal WHERE entry_seq = %s", [entries[-1].seq])
        _raw("DELETE FROM core_auditentry WHERE seq = %s", [entries[-1].seq])
    result = audit_verify()
    assert not result.ok and "链尾被截断" in result.reason and f"序号{entries[-1].seq}" in result.reason


@pytest.mark.django_db
def test_tail_truncation_with_the_head_rewound_is_detected_by_an_exported_checkpoint(personas, tmp_path):
    entries = _write_entries(4)
    exported = tmp_path / "checkpoints.jsonl"
    call_command("audit", "checkpoint", "--export", str(exported))
    (point,) = checkpoints_read(exported)
    assert point.entry_seq == entries[-1].seq
    # when the tail goes together with its seals and every checkpoint that mentions it
    with attacker():
        for e in entries[2:]:
            _raw("DELETE FROM core_auditseal WHERE entry_seq = %s", [e.seq])
            _raw("DELETE FROM core_auditentry WHERE seq = %s", [e.seq])
        _raw("DELETE FROM core_auditcheckpoint WHERE pos > %s", [point.pos - 2])
    # then the database alone looks like an intact, shorter chain — the exported checkpoint does not
    assert audit_verify().ok
    with pytest.raises(CommandError, match="链尾被截断：导出的检查点记录到"):
        call_command("audit", "verify", "--checkpoints", str(exported))
    # and once new entries have been sealed onto the rewound head, the same position disagrees
    _write_entries(3)
    with pytest.raises(CommandError, match="与导出的检查点不符"):
        call_command("audit", "verify", "--checkpoints", str(exported))


@pytest.mark.django_db
def test_recomputing_the_chain_without_the_key_is_detected(personas):
    entries = _write_entries(5)
    audit_seal()
    victim = entries[1]
    # when someone edits an entry and recomputes its mac and every later link with the code's own
    # functions — but without the key, which is not in the database
    guessed = b"\x00" * 32
    with attacker():
        _raw("UPDATE core_auditentry SET detail = %s WHERE seq = %s", ["改过的说明", victim.seq])
        forged = AuditEntry.objects.get(seq=victim.seq)
        _raw("UPDATE core_auditentry SET mac = %s WHERE seq = %s", [entry_mac(forged, guessed), victim.seq])
        seals = list(AuditSeal.objects.filter(pos__gte=AuditSeal.objects.get(entry_id=victim.seq).pos))
        link = AuditSeal.objects.get(pos=seals[0].pos - 1).link if seals[0].pos > 1 else audit.GENESIS_LINK
        for seal in seals:
            mac = AuditEntry.objects.get(seq=seal.entry_id).mac
            link = chain_link(guessed, seal.pos, seal.entry_id, mac, link)
            _raw("UPDATE core_auditseal SET link = %s WHERE pos = %s", [link, seal.pos])
        _raw("DELETE FROM core_auditcheckpoint", [])
    # then verify names the edited entry
    result = audit_verify()
    assert not result.ok and result.broken_seq == victim.seq and "篡改" in result.reason


@pytest.mark.django_db
def test_a_checkpoint_signed_without_the_key_is_detected(personas, tmp_path):
    _write_entries(2)
    point = audit_checkpoint()
    forged = {**point.as_json(), "pos": point.pos + 5, "signature": "0" * 64}
    path = tmp_path / "forged.jsonl"
    path.write_text(json.dumps(forged) + "\n")
    with pytest.raises(CommandError, match="签名不符"):
        call_command("audit", "verify", "--checkpoints", str(path))


@pytest.mark.django_db
def test_an_unreadable_checkpoint_file_is_named(personas, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"pos": 1}\n不是JSON\n')
    with pytest.raises(CommandError, match="第1行无法读取"):
        call_command("audit", "verify", "--checkpoints", str(path))


# --- the key ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_verifying_with_another_key_fails_and_says_so(personas, monkeypatch):
    _write_entries(2)
    audit_checkpoint()
    signed_with = AuditCheckpoint.objects.first().key_id
    # when the chain is checked with a key other than the one it was written with
    monkeypatch.setenv("MINZHENG_AUDIT_KEY", "ab" * 32)
    result = audit_verify(seal=False)
    # then it fails at the first entry, and says first that the entries were written with the other key
    # (naming both keys) — not that they were edited
    assert not result.ok and result.other_key_ids == (signed_with,)
    assert "另一把密钥写入" in result.reason and "已被篡改" not in result.reason
    assert f"密钥指纹{signed_with}" in result.reason and f"当前密钥（指纹{audit_key_id()}）" in result.reason
    with pytest.raises(CommandError, match="无法用当前密钥"):
        call_command("audit", "verify", "--no-seal")


@pytest.mark.django_db
def test_an_edited_first_entry_is_called_edited_when_every_checkpoint_has_the_current_key(personas):
    # given a chain signed with the current key only
    entries = _write_entries(3)
    audit_checkpoint()
    # when its first entry is edited
    with attacker():
        _raw("UPDATE core_auditentry SET detail = %s WHERE seq = %s", ["改过的", entries[0].seq])
    # then that is tampering, not a question of the key
    result = audit_verify()
    assert not result.ok and result.other_key_ids == () and result.broken_seq == entries[0].seq
    assert f"序号{entries[0].seq}的日志内容已被篡改" in result.reason


@pytest.mark.django_db
def test_an_entry_edited_after_the_first_is_called_edited_even_beside_another_keys_checkpoint(
    personas, monkeypatch
):
    # given a chain under the current key, and a checkpoint someone signed with another key
    entries = _write_entries(3)
    audit_seal()
    monkeypatch.setenv("MINZHENG_AUDIT_KEY", "ab" * 32)
    audit_checkpoint()
    monkeypatch.delenv("MINZHENG_AUDIT_KEY")
    # when the second entry is edited
    with attacker():
        _raw("UPDATE core_auditentry SET detail = %s WHERE seq = %s", ["改过的", entries[1].seq])
    # then the first entry checks out, so the key is right: the second is reported as edited
    result = audit_verify()
    assert not result.ok and result.other_key_ids == () and result.broken_seq == entries[1].seq
    assert f"序号{entries[1].seq}的日志内容已被篡改" in result.reason


def test_keygen_writes_a_private_key_file_and_never_overwrites_it(tmp_path, capsys, settings):
    path = tmp_path / "keys" / "audit_key"
    call_command("audit", "keygen", "--file", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(bytes.fromhex(path.read_text().strip())) == 32
    assert "指纹" in capsys.readouterr().out
    first = path.read_text()
    with pytest.raises(CommandError, match="已存在，未覆盖"):
        call_command("audit", "keygen", "--file", str(path))
    assert path.read_text() == first


def test_a_key_file_is_never_seen_half_written(tmp_path):
    """Test workers, the web server and the job worker starting together on a fresh var/ all look for the
    key: whoever finds the file must find the whole key, never the empty file of the process writing it."""
    # given readers watching for key files that are being generated
    paths = [tmp_path / f"audit_key_{i}" for i in range(200)]
    seen_short: list[str] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for path in paths:
                try:
                    text = path.read_text()
                except FileNotFoundError:
                    continue
                if len(text.strip()) != 64:
                    seen_short.append(text)

    readers = [threading.Thread(target=watch) for _ in range(2)]
    for reader in readers:
        reader.start()
    # when each key is generated
    try:
        for path in paths:
            audit.audit_keygen(path)
    finally:
        done.set()
        for reader in readers:
            reader.join()
    # then no reader ever saw a key file without the whole key, and no draft is left behind
    assert seen_short == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_the_key_comes_from_the_environment_first_then_the_file(tmp_path, monkeypatch):
    path = tmp_path / "audit_key"
    monkeypatch.setenv("MINZHENG_AUDIT_KEY_FILE", str(path))
    monkeypatch.delenv("MINZHENG_AUDIT_KEY", raising=False)
    generated = audit_key()  # the demo and the tests get one automatically
    assert path.exists() and bytes.fromhex(path.read_text().strip()) == generated
    monkeypatch.setenv("MINZHENG_AUDIT_KEY", "cd" * 32)
    assert audit_key() == bytes.fromhex("cd" * 32)
    monkeypatch.setenv("MINZHENG_AUDIT_KEY", "不是十六进制")
    with pytest.raises(audit.AuditKeyError, match="不是十六进制"):
        audit_key()


def test_without_autocreate_a_missing_key_is_refused_in_chinese(tmp_path, monkeypatch):
    monkeypatch.delenv("MINZHENG_AUDIT_KEY", raising=False)
    monkeypatch.setenv("MINZHENG_AUDIT_KEY_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("MINZHENG_AUDIT_KEY_AUTOCREATE", "0")
    with pytest.raises(audit.AuditKeyError, match="minzheng audit keygen"):
        audit_key()


# --- PostgreSQL: no global lock, commit order, append-only tables ----------------------------------------


def _in_thread(func):
    result = {}

    def run():
        try:
            result["value"] = func()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            result["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    return result


@pg_only
@pytest.mark.django_db(transaction=True)
def test_a_page_view_entry_in_an_open_transaction_does_not_hold_up_another_writer(personas):
    # given a page view whose transaction wrote its "view" entry and has not finished
    with transaction.atomic():
        audit_append(
            action=Action.VIEW, object_type="registry.person", object_repr="人员查询", detail="人员查询“吴”"
        )

        # when another connection makes an audited change, refusing to wait more than 2 s for any lock
        def write():
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                with acting_as(personas.admin):
                    user = User.objects.get(pk=personas.grid_a.pk)
                    user.phone = "13800000000"
                    user.save(update_fields=["phone"])
            return True

        result = _in_thread(write)
    # then it committed without waiting
    assert result == {"value": True}
    assert audit_verify().ok


@pg_only
@pytest.mark.django_db(transaction=True)
def test_entries_are_sealed_in_commit_order(personas):
    audit_seal()
    with transaction.atomic():
        first = audit_append(action=Action.VIEW, object_type="test.thing", detail="先写后提交")
        second = _in_thread(
            lambda: audit_append(action=Action.VIEW, object_type="test.thing", detail="后写先提交")
        )
        second = second["value"]
        assert second.seq > first.seq
        assert _in_thread(audit_seal) == {"value": 1}  # only the committed one
    audit_seal()
    assert AuditSeal.objects.get(entry_id=second.seq).pos < AuditSeal.objects.get(entry_id=first.seq).pos
    assert audit_verify().ok


@pg_only
@pytest.mark.django_db
def test_the_audit_tables_refuse_update_and_delete(personas):
    entries = _write_entries(2)
    audit_seal()
    waiting = _write_entries(1)[0]
    for sql, seq in (
        ("UPDATE core_auditentry SET detail = 'x' WHERE seq = %s", entries[-1].seq),
        ("DELETE FROM core_auditentry WHERE seq = %s", entries[-1].seq),
        ("UPDATE core_auditseal SET link = 'x' WHERE entry_seq = %s", entries[-1].seq),
        ("DELETE FROM core_auditseal WHERE entry_seq = %s", entries[-1].seq),
        ("UPDATE core_auditcheckpoint SET link = 'x' WHERE entry_seq = %s", entries[-1].seq),
        ("DELETE FROM core_auditcheckpoint WHERE entry_seq = %s", entries[-1].seq),
        ("UPDATE core_auditpending SET seq = seq WHERE seq = %s", waiting.seq),
    ):
        with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic():
            _raw(sql, [seq])
    # while the sealer still does its work: new entries are sealed and their pending rows removed
    later = _write_entries(1)[0]
    audit_seal()
    assert AuditSeal.objects.filter(entry_id=later.seq).exists() and not AuditPending.objects.exists()


# --- the worker seals shortly after a commit ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_seals_what_was_committed(personas):
    # given an audited change committed by a page
    with transaction.atomic(), acting_as(personas.admin):
        user = User.objects.get(pk=personas.grid_a.pk)
        user.display_name = "新名字"
        user.save(update_fields=["display_name"])
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk)).latest("seq")
    assert AuditPending.objects.filter(seq=entry.seq).exists()
    # when the job worker runs (here: drains its queue and stops)
    call_command("worker", batch=True)
    # then the entry is in the chain
    assert AuditSeal.objects.filter(entry_id=entry.seq).exists()
    assert not AuditPending.objects.exists() and audit_verify(seal=False).ok


@pg_only
@pytest.mark.django_db(transaction=True)
def test_the_sealer_thread_seals_while_the_worker_runs(personas):
    import time

    with audit.AuditSealer(interval=0.05):
        entry = audit_append(action=Action.VIEW, object_type="test.thing", detail="后台封存")
        deadline = time.monotonic() + 10
        while AuditPending.objects.filter(seq=entry.seq).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert AuditSeal.objects.filter(entry_id=entry.seq).exists()


@pytest.mark.django_db(transaction=True)
def test_bench_audit_on_a_chain_written_with_another_key_says_the_key_is_wrong(personas, capsys, monkeypatch):
    # given a database whose chain was written and signed with another key (another installation's var/)
    monkeypatch.setenv("MINZHENG_AUDIT_KEY", "ab" * 32)
    _write_entries(2)
    audit_checkpoint()
    other = audit_key_id()
    monkeypatch.delenv("MINZHENG_AUDIT_KEY")
    # when the bench runs with this installation's key
    call_command("bench", "audit", "--writers", "1", "--seconds", "0.2", "--rounds", "1")
    printed = capsys.readouterr()
    out = printed.out
    # then it warns before it starts and its last row says the key is wrong, not that entries were edited
    assert f"另一把密钥（指纹{other}）写入并签署" in printed.out + printed.err
    verdict = next(line for line in out.splitlines() if line.startswith("审计链校验"))
    assert "是密钥不对，不是日志被改动" in verdict and "断裂" not in verdict and "篡改" not in verdict


@pytest.mark.django_db(transaction=True)
def test_bench_audit_prints_its_table(personas, capsys):
    call_command("bench", "audit", "--writers", "1", "--seconds", "0.3", "--rounds", "1")
    out = capsys.readouterr().out
    assert "写入者 1 个：审计开（审计关为下限）" in out and "成本" in out
    assert "审计链校验" in out and "完整" in out
