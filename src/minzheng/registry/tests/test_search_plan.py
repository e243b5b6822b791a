"""person_search on PostgreSQL reads the (key, id) index in order and stops: no Sort node.

Thousands of people share the prefix "zs" here, as they do at real size, so a plan that has to sort
every match before the LIMIT would be chosen if the ORDER BY did not match an index exactly. Each
query person_search really sends (captured) is explained; page 2 (the keyset ``after``) as well, and
for a district user, whose scope adds a region condition.
"""

import json
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region
from minzheng.core.testing import GRID_A
from minzheng.registry import selectors
from minzheng.registry.models import Person
from minzheng.registry.rules import id_reversed, name_initials

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL query plans"),
]

GIVEN_NAMES = ["三丰", "三娅", "思远", "淑芬", "世杰", "少华", "书文", "胜利", "素梅", "树林"]
OTHER_DISTRICT = "460108"


@pytest.fixture
def crowd(personas):
    """6,000 people: 4,000 张 whose initials start "zs" (half in 秀英区, half in 美兰区), 2,000 others."""
    home = Region.objects.get(code=GRID_A)
    away = Region.objects.filter(level="grid", code__startswith=OTHER_DISTRICT).first()
    people = []
    for n in range(6000):
        name = f"张{GIVEN_NAMES[n % 10]}" if n < 4000 else f"李{GIVEN_NAMES[n % 10]}"
        number = make_citizen_id(
            region_code="460105", birth_date=date(1950, 1, 1) + timedelta(days=n // 900), sequence=n % 900 + 1
        )
        people.append(
            Person(
                id_number=number,
                id_reversed=id_reversed(number),
                name=name,
                name_initials=name_initials(name),
                gender="M" if int(number[16]) % 2 else "F",
                birth_date=date(1950, 1, 1) + timedelta(days=n // 900),
                region=home if n % 2 else away,
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Person._meta.db_table}")
        cursor.execute(f"ANALYZE {Region._meta.db_table}")  # as autovacuum would have, in production
    return personas


def _plans(run):
    """The JSON plan of every query ``run`` sends that reads the person table."""
    with CaptureQueriesContext(connection) as captured:
        rows = run()
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if "~<~" in sql:  # the search queries (IndexOrder), not the cursor's key look-up
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plans.append(cursor.fetchone()[0][0]["Plan"])
    assert plans, "no search query was captured"
    return rows, plans


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _exact_key(node) -> bool:
    """A read of the person table restricted to one exact search key (``key = k``), by the search index."""
    cond = node.get("Index Cond", "") + node.get("Recheck Cond", "")
    return node.get("Index Name") in _SEARCH_INDEXES and bool(
        re.search(r"\(name(?:_initials)?\)::text = '", cond)
    )


_SEARCH_INDEXES = ("person_initials_id_idx", "person_name_id_idx")


def _assert_index_order(plan, *indexes):
    """No Sort of the matches, and the person table read by an ordered index scan on one of ``indexes``.

    Page 2 starts with ``key = k AND id > after ORDER BY id``: the primary key serves that order too, and on a
    few thousand rows the planner may take it — or, estimating few rows for that one key, read them by a bitmap
    scan of the search index and sort them. That Sort is bounded by the people of one exact key, never by
    every match of the prefix, so it is allowed there and only there."""
    nodes = list(_nodes(plan))
    shown = json.dumps(plan, ensure_ascii=False, indent=1)
    for sort in (n for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")):
        reads = [n for n in _nodes(sort) if n.get("Index Name") in _SEARCH_INDEXES]
        assert reads and all(_exact_key(n) for n in reads), shown
    person = [n for n in nodes if n.get("Relation Name") == Person._meta.db_table]
    assert person and all(_ordered_or_one_key(n, indexes) for n in person), shown


def _ordered_or_one_key(read, indexes) -> bool:
    """An index scan in one of ``indexes``' order, or a bitmap read of one exact key's people."""
    if read["Node Type"] == "Index Scan":
        return read["Index Name"] in indexes
    return read["Node Type"] == "Bitmap Heap Scan" and all(_exact_key(n) for n in read.get("Plans", ()))


@pytest.mark.parametrize(("q", "index"), [("zs", "person_initials_id_idx"), ("张", "person_name_id_idx")])
def test_city_search_walks_the_index_without_sorting(crowd, q, index):
    # given 6,000 people, 4,000 of them "zs…"; when the city manager searches, page 1 then page 2
    first, plans = _plans(lambda: selectors.person_search(user=crowd.city, q=q, limit=50))
    # then each query is an index scan in the index's order, stopped by the LIMIT: no Sort
    assert len(first) == 50
    for plan in plans:
        _assert_index_order(plan, index)
    second, plans = _plans(
        lambda: selectors.person_search(user=crowd.city, q=q, limit=50, after=first[-1].pk)
    )
    assert len(second) == 50 and not {p.pk for p in first} & {p.pk for p in second}
    for plan in plans:
        _assert_index_order(plan, index, "registry_person_pkey")


def test_district_search_keeps_the_index_order_under_the_scope_filter(crowd):
    # when the 秀英区 reviewer searches "zs" (the scope adds region_id IN (秀英区's regions))
    first, plans = _plans(lambda: selectors.person_search(user=crowd.district, q="zs", limit=50))
    # then the plan still reads person_initials_id_idx in order, and only 秀英区 people come back
    assert len(first) == 50 and all(p.region.code == GRID_A for p in first)
    for plan in plans:
        _assert_index_order(plan, "person_initials_id_idx")
    second, plans = _plans(
        lambda: selectors.person_search(user=crowd.district, q="zs", limit=50, after=first[-1].pk)
    )
    assert len(second) == 50 and all(p.region.code == GRID_A for p in second)
    for plan in plans:
        _assert_index_order(plan, "person_initials_id_idx", "registry_person_pkey")


def test_pages_follow_one_another_in_key_then_id_order(crowd):
    # when every "zsf" page (张三丰 and 张淑芬: 800 people with the same key) is fetched with the keyset cursor
    pages, after = [], None
    while True:
        page = selectors.person_search(user=crowd.city, q="zsf", limit=70, after=after)
        if not page:
            break
        pages += page
        after = page[-1].pk
    assert len(pages) == 800
    # then the pages together are all the matches, once each, in (initials, id) order
    expected = list(
        Person.objects.filter(name_initials__startswith="zsf")
        .order_by("name_initials", "id")
        .values_list("pk")
    )
    assert [(p.pk,) for p in pages] == expected
