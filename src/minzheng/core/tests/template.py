"""The migrated test template (see src/minzheng/conftest.py): ``python -m minzheng.core.tests.template`` migrates
the database DATABASE_URL names (an SQLite file, or an existing empty PostgreSQL database) and loads the region
tree, as every test database starts. The xdist controller runs it for each run; .ci/run runs it once for the
PostgreSQL suite and the browser tests together and names it to both in MINZHENG_TEST_TEMPLATE."""

from __future__ import annotations

import os


def template_build() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from minzheng.core.testing import regions_ensure

    call_command("migrate", verbosity=0, interactive=False)
    regions_ensure()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("PRAGMA journal_mode=DELETE")


if __name__ == "__main__":
    template_build()
