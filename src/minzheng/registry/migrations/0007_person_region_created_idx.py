"""An index for the population figures: ``registry.persons`` and ``registry.persons_elderly`` count the people of
a region subtree by status (and birth date), ``grid.people_collected`` by when they were entered. Without it
PostgreSQL answered each with a parallel sequential scan of the whole person table (1.2 s and both cores at 3.4 M
people, for a town of 100,000; ``bench load`` stalled every page while the figures were recomputed); with it, an
index-only scan per region of the subtree (72 ms for the same town; a district's 156 figures 0.7 s in all).

On PostgreSQL the index is built ``CONCURRENTLY`` (the site keeps writing people while it builds: a plain
CREATE INDEX would block every writer of the table for the ~25 s the build takes at 3.4 M people) and
``IF NOT EXISTS`` (one built by hand is kept); an invalid one left by an interrupted concurrent build is dropped
and built again. Elsewhere it is a plain index.
"""

from django.db import migrations, models

INDEX = models.Index(
    fields=["region", "created_at", "status", "birth_date"], name="person_region_created_idx"
)


def index_create(apps, schema_editor):
    model = apps.get_model("registry", "Person")
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.add_index(model, INDEX)
        return
    q = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = %s",
            [INDEX.name],
        )
        found = cursor.fetchone()
    if found and found[0]:  # an interrupted CREATE INDEX CONCURRENTLY leaves an invalid index behind
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {q(INDEX.name)}")
    columns = ", ".join(q(model._meta.get_field(name).column) for name in INDEX.fields)
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {q(INDEX.name)} ON {q(model._meta.db_table)} ({columns})"
    )


def index_drop(apps, schema_editor):
    model = apps.get_model("registry", "Person")
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.remove_index(model, INDEX)
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(INDEX.name)}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("registry", "0006_importbatch_runner_issue_summary_report"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="person", index=INDEX)],
            database_operations=[migrations.RunPython(index_create, index_drop, elidable=False)],
        ),
    ]
