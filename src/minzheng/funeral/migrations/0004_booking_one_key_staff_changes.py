"""The 清明 booking's keys, and the staff's changes on the day.

- On PostgreSQL one foreign key (slot, season, cemetery) → the slot's (id, season, cemetery), INITIALLY IMMEDIATE, in
  place of Django's three DEFERRABLE INITIALLY DEFERRED keys (slot, season, cemetery): a booking's season and
  cemetery are its slot's, and the check is one lookup of the slot row the booking statement has just locked, at
  the end of the statement — not three checks queued for the commit, two of which took a KEY SHARE lock on the one
  season row and the one cemetery row every concurrent booking shares. The target is the slot's unique
  (id, season, cemetery). It stays DEFERRABLE, so that a transaction deleting many tables at once (the test
  suite's flush: ``SET CONSTRAINTS ALL DEFERRED``) may still defer it, as it does Django's keys. The partial
  unique index (one booking per ID per cemetery per season) stays.
- No index on the booking's cemetery (the one-per-ID index leads with season and cemetery), and the checker's index
  only where a booking was checked in (a booking is inserted unchecked: the partial index costs the insert nothing).
- ``handled_at`` and ``reason``: the last change staff made (rescheduled, refused), shown to the citizen.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


ONE_KEY = "funeral_booking_slot_season_cemetery_fk"


def one_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE funeral_booking ADD CONSTRAINT {ONE_KEY} FOREIGN KEY (slot_id, season_id, cemetery_id) "
            "REFERENCES funeral_slot (id, season_id, cemetery_id) DEFERRABLE INITIALLY IMMEDIATE"
        )


def one_key_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE funeral_booking DROP CONSTRAINT IF EXISTS {ONE_KEY}")


class Migration(migrations.Migration):
    dependencies = [
        ("funeral", "0003_booking_version_sequence_fewer_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="handled_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="处理时间"),
        ),
        migrations.AddField(
            model_name="booking",
            name="reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="处理原因"),
        ),
        migrations.AlterField(
            model_name="booking",
            name="cemetery",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="funeral.cemetery",
                verbose_name="公墓",
            ),
        ),
        migrations.AlterField(
            model_name="booking",
            name="checked_in_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="核验人",
            ),
        ),
        migrations.AlterField(
            model_name="booking",
            name="season",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="funeral.season",
                verbose_name="祭扫季",
            ),
        ),
        migrations.AlterField(
            model_name="booking",
            name="slot",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bookings",
                to="funeral.slot",
                verbose_name="时段",
            ),
        ),
        migrations.AddIndex(
            model_name="booking",
            index=models.Index(
                condition=models.Q(("checked_in_by__isnull", False)),
                fields=["checked_in_by"],
                name="funeral_booking_checker_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="slot",
            constraint=models.UniqueConstraint(
                fields=("id", "season", "cemetery"), name="funeral_slot_id_season_cemetery"
            ),
        ),
        migrations.RunPython(one_key, one_key_drop),
    ]
