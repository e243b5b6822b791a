"""The population figures (``registry.persons``, ``registry.persons_elderly``, ``grid.people_collected``) can be
counted from an index alone.

At 3.4 M people PostgreSQL answered a town's head count with a parallel sequential scan of the whole person table
(1.2 s on both cores; ``bench load`` stalled every page while the figure tables were recomputed). With the index
on (region, created_at, status, birth date) each region of the subtree is an index-only scan (72 ms). A test database is too
small for the planner to prefer the index by itself, so sequential and bitmap scans are switched off and the other
plain indexes dropped (rolled back) for the EXPLAIN: what is asserted is that the index answers the very query the indicator sends without reading the table.
"""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from minzheng.core.models import Region
from minzheng.core.testing import DISTRICT, GRID_A
from minzheng.grid import indicators as grid_indicators
from minzheng.registry import indicators

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL query plans"),
]

INDEX = "person_region_created_idx"


def _plan_of(figure, region: Region) -> str:
    with CaptureQueriesContext(connection) as captured:
        figure(region, date(2026, 1, 1), date(2026, 12, 31))
    (query,) = [q["sql"] for q in captured.captured_queries if "COUNT" in q["sql"].upper()]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # On a small, never-vacuumed table an index-only scan costs what a plain scan of the single-column region
        # index costs, and the planner may take either: the other plain indexes are dropped inside this savepoint
        # (rolled back below), so what the plan shows is whether the population index answers the query alone.
        cursor.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid "
            "WHERE x.indrelid = 'registry_person'::regclass AND c.oid IS NULL AND i.relname <> %s",
            [INDEX],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute("EXPLAIN " + query)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


@pytest.mark.parametrize(
    "figure",
    [indicators.persons, indicators.persons_elderly, grid_indicators.people_collected],
    ids=["persons", "elderly", "collected"],
)
@pytest.mark.parametrize("code", [DISTRICT, GRID_A], ids=["district", "grid"])
def test_a_population_figure_is_counted_from_the_index_alone(personas, figure, code):
    # given a district (a subtree of many regions) or a grid (one region)
    region = Region.objects.get(code=code)
    # when the figure's query is planned
    plan = _plan_of(figure, region)
    # then the people are counted by an index-only scan of the population index, the table never read
    assert f"Index Only Scan using {INDEX}" in plan, plan
