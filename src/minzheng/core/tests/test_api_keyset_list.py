"""``core.api.keyset_list``, the one way a list operation of /api/v1 answers: the capability before the selector runs,
the filter's region within the user's scope (else the 404 refusal), its dates, a keyset page newest first, the read's
audit over the page; a selector that pages itself passes its page through. Every app's list endpoint calls it (their
own tests and ``test_api_lists`` hold the endpoints)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.api import PageFilter, keyset_list
from minzheng.core.models import CalendarDay, Region
from minzheng.core.scope import OutOfScopeError
from minzheng.core.testing import OTHER_DISTRICT, TOWN

pytestmark = pytest.mark.django_db


class RegionFilter(PageFilter):
    region: str | None = None


class DatedFilter(PageFilter):
    date_from: date | None = None
    date_to: date | None = None


def _request(user):  # noqa: ANN001, ANN202
    return SimpleNamespace(user=user)


def test_the_capability_is_checked_before_the_selector_runs(personas):
    # given a grid worker, who does not read the data sets
    ran = []

    def rows():  # noqa: ANN202
        ran.append(True)
        return Region.objects.none()

    # when a list operation needing datasets.read answers them, then it refuses without running the selector
    with pytest.raises(PermissionDenied, match="查阅汇总报表"):
        keyset_list(_request(personas.grid_a), PageFilter(), rows, capability="datasets.read")
    assert ran == []


def test_the_filters_region_narrows_within_scope_newest_first_page_by_page(personas):
    district = personas.district
    town = Region.objects.get(code=TOWN)
    under_town = list(
        Region.objects.filter(path__startswith=town.path).order_by("-pk").values_list("pk", flat=True)
    )
    assert len(under_town) > 3

    def rows():  # noqa: ANN202
        return Region.objects.visible_to(district)

    # when the district pages through its regions under the town, two at a time
    first = keyset_list(_request(district), RegionFilter(region=TOWN, limit=2), rows, capability=None)
    # then the page is the town's subtree newest first, and next_after leads on
    assert [r.pk for r in first["items"]] == under_town[:2] and first["next_after"] == under_town[1]
    second = keyset_list(
        _request(district),
        RegionFilter(region=TOWN, limit=2, after=first["next_after"]),
        rows,
        capability=None,
    )
    assert [r.pk for r in second["items"]] == under_town[2:4]
    # and a region outside the district is the 404 refusal, not an empty page
    with pytest.raises(OutOfScopeError):
        keyset_list(_request(district), RegionFilter(region=OTHER_DISTRICT), rows, capability=None)


def test_dates_bound_the_named_field_and_the_audit_sees_the_page(personas):
    # given three days of the holiday table
    days = [
        CalendarDay.objects.create(day=date(2030, 10, d), is_workday=False, name="国庆节") for d in (1, 2, 3)
    ]
    seen = []
    # when a list bounds their day to the 2nd and 3rd, with an audit of what it shows
    page = keyset_list(
        _request(personas.city), DatedFilter(date_from=date(2030, 10, 2), date_to=date(2030, 10, 3)),
        lambda: CalendarDay.objects.all(), capability=None, dates="day", audit=seen.append,
    )  # fmt: skip
    # then the page holds those two, newest first, the last page; the audit saw exactly that page
    assert page["items"] == [days[2], days[1]] and page["next_after"] is None
    assert seen == [page["items"]]


def test_a_selector_that_pages_itself_is_passed_through():
    rows = [SimpleNamespace(pk=9), SimpleNamespace(pk=4)]
    page = keyset_list(_request(None), PageFilter(limit=2), lambda: rows, capability=None)
    assert page == {"items": rows, "next_after": 4}
    assert (
        keyset_list(_request(None), PageFilter(limit=3), lambda: rows, capability=None)["next_after"] is None
    )
