import hashlib

from django.db import migrations


def create_head(apps, schema_editor):
    AuditHead = apps.get_model("core", "AuditHead")
    genesis = hashlib.new("sm3", b"minzheng audit chain").hexdigest()  # = core.audit.GENESIS_HASH
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": genesis})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
