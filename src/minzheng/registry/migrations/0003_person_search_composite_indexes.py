"""Person search indexes on (key, id), and no ``*_like`` indexes that nothing uses.

1. ``person_search`` orders by ``(key USING ~<~, id)``. On a single-column ``varchar_pattern_ops``
   index PostgreSQL must read every row sharing the prefix and sort them before the LIMIT (pinyin
   initials "zs": tens of thousands of rows at 2.4 M people, 330 ms p99). On ``(key, id)`` the ORDER BY
   is the index order: an Index Scan that stops after one page. The single-column indexes are a prefix
   of the new ones, so they go.
2. For a ``unique`` varchar column Django's PostgreSQL backend adds a second, ``varchar_pattern_ops``
   index (``…_like``) for ``LIKE`` queries. ``Person.id_number`` and ``House.code`` are only ever
   compared with ``=`` (the unique btree serves that; 尾号 search goes to ``id_reversed``), so their
   ``_like`` indexes only cost writes and space (two more btrees over 2.4 M and 1.26 M rows).
   ``Household.number`` keeps its own: ``household_search`` looks up a 户号 prefix.
   SQLite has no such indexes, so this step does nothing there.
"""

from django.db import migrations, models

# (model, column): the unique varchar columns whose ``_like`` index no query uses.
UNUSED_LIKE_INDEXES = (("person", "id_number"), ("house", "code"))


def _like_indexes(apps, schema_editor):
    for model_name, column in UNUSED_LIKE_INDEXES:
        table = apps.get_model("registry", model_name)._meta.db_table
        # The name Django's PostgreSQL schema editor gave the index when it created the column.
        yield table, column, schema_editor._create_index_name(table, [column], suffix="_like")


def like_indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in _like_indexes(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def like_indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, name in _like_indexes(apps, schema_editor):
        q = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {q(name)} ON {q(table)} ({q(column)} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_person_status_history"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="person", name="person_id_rev_idx"),
        migrations.RemoveIndex(model_name="person", name="person_name_idx"),
        migrations.RemoveIndex(model_name="person", name="person_initials_idx"),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["id_reversed", "id"],
                name="person_id_rev_id_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["name", "id"],
                name="person_name_id_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["name_initials", "id"],
                name="person_initials_id_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
        ),
        migrations.RunPython(like_indexes_drop, like_indexes_create, elidable=False),
    ]
