"""Every list of /api/v1 that pages (``{"items", "next_after"}``) reads a page in a fixed number of queries, whatever
its length: one row or every row of both districts costs the same (no query per row), and ``next_after`` leads to
the next page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.core.testing import client_for
from minzheng.core.tests import api_records

pytestmark = pytest.mark.django_db


def _paged_lists(client) -> list[str]:  # noqa: ANN001
    """The paths of the document's GET operations that take ``after`` and name no record."""
    document = client.get("/api/v1/openapi.json").json()
    paths = []
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get and "{" not in path and any(p["name"] == "after" for p in get.get("parameters", ())):
            paths.append(path)
    return paths


def test_a_page_costs_the_same_queries_for_one_row_as_for_all(personas):
    # given a record of every app in both districts, read by the city manager (and the marriage register by the
    # city manager too: 市局 reads every office's)
    api_records.both_districts(personas)
    client = client_for(personas.city)
    paths = _paged_lists(client)
    assert "/api/v1/marriage/registrations" in paths and "/api/v1/policy/documents" in paths
    counted = 0
    for path in paths:
        # when the list is read one row a page, then every row at once
        with CaptureQueriesContext(connection) as one:
            first = client.get(path, {"limit": 1})
        with CaptureQueriesContext(connection) as every:
            whole = client.get(path, {"limit": 200})
        assert first.status_code == whole.status_code == 200, (path, whole.content)
        if not isinstance(whole.json(), dict):
            continue  # /events answers a bare list (its own pagination, the grid's)
        rows = whole.json()["items"]
        if len(rows) < 2:
            continue
        counted += 1
        # then the queries do not grow with the rows, and the first page's next_after leads on
        assert len(every) == len(one), (
            path,
            len(one),
            len(every),
            [q["sql"] for q in every.captured_queries],
        )
        after = first.json()["next_after"]
        second = client.get(path, {"limit": 1, "after": after}).json()["items"]
        assert second and second[0] == rows[1], path
    assert counted >= 12
