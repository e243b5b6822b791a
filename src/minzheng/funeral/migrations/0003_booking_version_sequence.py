"""The 清明 booking's figure version on PostgreSQL: a sequence advanced when a booking commits
(``reports.registry.data_version_sequenced``), instead of a cache file written per booking."""

from django.db import migrations

SEQUENCE = "reports_version_funeral_booking"  # reports.registry.version_sequence("funeral.booking")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("funeral", "0002_funeral_booking_channels")]

    operations = [migrations.RunPython(create, drop)]
