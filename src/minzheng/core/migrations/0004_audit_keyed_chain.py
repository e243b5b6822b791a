"""The audit log without a global lock: entries numbered by an identity column and signed with HMAC-SM3,
sealed into the chain afterwards (core.audit). Existing entries are signed with the audit key here and
queued for sealing, so ``minzheng audit seal`` chains them first, in their old order."""

import hmac
import ipaddress
import json
from datetime import UTC

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _canonical_ip(ip):
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(str(ip).split("/")[0])
    except ValueError:
        return str(ip)
    mapped = getattr(address, "ipv4_mapped", None)
    return f"::ffff:{mapped}" if mapped is not None else address.compressed


def _mac(key, e):
    # A frozen copy of core.audit.entry_fields/entry_mac as of this migration.
    at = e.at.astimezone(UTC) if e.at.tzinfo else e.at.replace(tzinfo=UTC)
    fields = {
        "at": at.isoformat(timespec="microseconds"),
        "actor_id": e.actor_id,
        "actor_name": e.actor_name,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "object_repr": e.object_repr,
        "ip": _canonical_ip(e.ip),
        "before": e.before,
        "after": e.after,
        "detail": e.detail,
    }
    message = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(key, b"entry:" + message, "sm3").hexdigest()


def sign_existing(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditPending = apps.get_model("core", "AuditPending")
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the identity column continues after the existing numbers
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('core_auditentry', 'seq'), COALESCE(MAX(seq), 1), "
                "MAX(seq) IS NOT NULL) FROM core_auditentry"
            )
    if not AuditEntry.objects.exists():
        return
    from minzheng.core.audit import audit_key

    key = audit_key()
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:5000])
        if not batch:
            break
        for entry in batch:
            entry.mac = _mac(key, entry)
        AuditEntry.objects.bulk_update(batch, ["mac"])
        AuditPending.objects.bulk_create([AuditPending(seq=e.seq) for e in batch])
        last = batch[-1].seq


class Migration(migrations.Migration):
    dependencies = [("core", "0003_calendar_day"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="AuditPending",
            fields=[("seq", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="序号"))],
            options={"verbose_name": "待封存审计日志", "verbose_name_plural": "待封存审计日志"},
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("pos", models.BigIntegerField(verbose_name="链上位置")),
                ("entry_seq", models.BigIntegerField(verbose_name="末条序号")),
                ("link", models.CharField(max_length=64, verbose_name="链校验码")),
                ("at", models.DateTimeField(verbose_name="时间")),
                ("key_id", models.CharField(max_length=16, verbose_name="密钥指纹")),
                ("signature", models.CharField(max_length=64, verbose_name="签名(HMAC-SM3)")),
            ],
            options={
                "verbose_name": "审计链检查点",
                "verbose_name_plural": "审计链检查点",
                "ordering": ["-pos"],
                "indexes": [models.Index(fields=["pos"], name="audit_checkpoint_pos_idx")],
            },
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.RemoveField(model_name="auditentry", name="id"),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.BigAutoField(primary_key=True, serialize=False, verbose_name="序号"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="mac",
            field=models.CharField(default="", max_length=64, verbose_name="校验码(HMAC-SM3)"),
            preserve_default=False,
        ),
        migrations.RunPython(sign_existing, migrations.RunPython.noop),
        migrations.RemoveField(model_name="auditentry", name="hash"),
        migrations.RemoveField(model_name="auditentry", name="prev_hash"),
        migrations.DeleteModel(name="AuditHead"),
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("pos", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="链上位置")),
                (
                    "entry",
                    models.OneToOneField(
                        db_column="entry_seq",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="seal",
                        to="core.auditentry",
                        verbose_name="日志",
                    ),
                ),
                ("link", models.CharField(max_length=64, verbose_name="链校验码")),
                ("sealed_at", models.DateTimeField(verbose_name="封存时间")),
            ],
            options={"verbose_name": "审计链封存", "verbose_name_plural": "审计链封存", "ordering": ["pos"]},
        ),
    ]
