"""On PostgreSQL the audit tables refuse UPDATE and DELETE (plain SQL triggers; reversible).

Entries, seals and checkpoints are only ever inserted. The sealer needs nothing more: it inserts seals and
checkpoints and deletes rows of core_auditpending, its work list, which therefore refuses only UPDATE.
TRUNCATE is left alone (Django's test flush uses it; it needs the table owner's rights, like dropping a
trigger does). SQLite, the single-user demo, has no such triggers: its table rebuilds would drop them.
"""

from django.db import migrations

_FUNCTION = """
CREATE OR REPLACE FUNCTION core_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加：表 % 拒绝 %', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = '审计日志、封存记录和检查点写入后不可修改或删除';
END
$$;
"""
_TRIGGERS = [
    ("core_auditentry", "UPDATE OR DELETE"),
    ("core_auditseal", "UPDATE OR DELETE"),
    ("core_auditcheckpoint", "UPDATE OR DELETE"),
    ("core_auditpending", "UPDATE"),
]


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_FUNCTION, params=None)
    for table, events in _TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION core_audit_append_only()"
        )


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _events in _TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS core_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_keyed_chain")]
    operations = [migrations.RunPython(_forward, _backward)]
