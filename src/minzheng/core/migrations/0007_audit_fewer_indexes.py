"""Fewer indexes on the audit log, each one an insert on every audited write.

- (object_type, object_id) goes: no page or query reads entries by object.
- ``at`` loses its B-tree and gets, outside Django's model state, a BRIN index on PostgreSQL: entries are
  appended in time order, so the audit page's date search needs only each block range's smallest and
  largest time, and an append costs the index next to nothing. SQLite (the single-user demo) gets a
  plain B-tree under the same name; a later table rebuild on SQLite would drop it, like the triggers of
  0005 that SQLite does not have.
- (actor, at) stays: Django's PROTECT check reads it when an account is deleted.
"""

from django.db import migrations, models

_INDEX = "audit_at_brin"


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {_INDEX} ON core_auditentry USING brin (at)")
    else:
        schema_editor.execute(f"CREATE INDEX {_INDEX} ON core_auditentry (at)")


def _backward(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("core", "0006_user_role_marriage_registrar")]
    operations = [
        migrations.RemoveIndex(model_name="auditentry", name="audit_object_idx"),
        migrations.AlterField(
            model_name="auditentry", name="at", field=models.DateTimeField(verbose_name="时间")
        ),
        migrations.RunPython(_forward, _backward),
    ]
