"""Finer planner statistics for the name and pinyin-initials search columns (PostgreSQL only).

PostgreSQL estimates ``name_initials LIKE 'zs%'`` by testing the pattern against the column's
histogram (``patternsel`` → ``histogram_selectivity``, used once the histogram has 100 or more
entries). With the default statistics target (100) a prefix that no histogram bound happens to start
with is clamped to a selectivity of 0.0001: at 2.4 M people "zs" was estimated at 165 rows against
9,842 real ones. Believing the matches few, the planner scoped a district user's search with a hash
join and a Sort of every match (91 ms) instead of walking ``person_initials_id_idx`` in order through a
nested loop (2.7 ms, measured on the same data). A target of 1000 (a 1001-bound histogram) brings the
estimate to 9,502. ``name`` gets the same: common surnames and given-name prefixes are as skewed.
SQLite has no such setting, so this does nothing there.
"""

from django.db import migrations

COLUMNS = ("name_initials", "name")
TARGET = 1000


def statistics_raise(apps, schema_editor):
    _statistics_set(apps, schema_editor, TARGET)


def statistics_default(apps, schema_editor):
    _statistics_set(apps, schema_editor, -1)


def _statistics_set(apps, schema_editor, target):
    if schema_editor.connection.vendor != "postgresql":
        return
    q = schema_editor.quote_name
    table = apps.get_model("registry", "Person")._meta.db_table
    for column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {q(table)} ALTER COLUMN {q(column)} SET STATISTICS {int(target)}")
    schema_editor.execute(f"ANALYZE {q(table)} ({', '.join(q(c) for c in COLUMNS)})")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_relation_gbt4761_codes"),
    ]

    operations = [
        migrations.RunPython(statistics_raise, statistics_default, elidable=False),
    ]
