"""Reads for the grid maps (issue 12): events as map points, grid boundaries as vector layers, the extent
to open a map on. Everything goes through the data scope: an event is a point only for a user who may see it
in the list, and a point carries only what the list shows (number, category, state, date, grid)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import F, Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.grid import selectors
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.models import Event, GridProfile

MAP_POINTS_LIMIT = 5000  # the newest events shown on one map; the page says when more matched
BOUNDARIES_LIMIT = 600  # grid outlines drawn at once (a town's grids; a city narrows by region first)
NEIGHBOUR_MARGIN = 0.02  # degrees around a grid's box in which other grids are drawn for context


@dataclass(frozen=True)
class MapFilters:
    category: str = ""
    state: str = ""
    since: date | None = None
    until: date | None = None
    region: Region | None = None


def _events(*, user: User, filters: MapFilters) -> QuerySet[Event]:
    qs = selectors.event_list(user=user, state=filters.state, category=filters.category)
    tz = timezone.get_current_timezone()
    if filters.since:
        qs = qs.filter(case__opened_at__gte=datetime.combine(filters.since, time.min, tzinfo=tz))
    if filters.until:
        qs = qs.filter(case__opened_at__lt=datetime.combine(filters.until, time.max, tzinfo=tz))
    if filters.region is not None:
        qs = qs.filter(case__region__path__startswith=filters.region.path)
    return qs


def event_points(*, user: User, filters: MapFilters, limit: int = MAP_POINTS_LIMIT) -> dict[str, Any]:
    """The events matching ``filters`` as points, newest first. An event without its own coordinates is
    placed at the middle of its grid's box (``approx``); one with neither is counted as ``unplaced``."""
    qs = _events(user=user, filters=filters)
    located = Q(lat__isnull=False, long__isnull=False) | Q(case__region__grid_profile__min_lat__isnull=False)
    total = qs.count()
    rows = (
        qs.filter(located)
        .annotate(
            grid_name=F("case__region__name"),
            box_min_lat=F("case__region__grid_profile__min_lat"),
            box_max_lat=F("case__region__grid_profile__max_lat"),
            box_min_long=F("case__region__grid_profile__min_long"),
            box_max_long=F("case__region__grid_profile__max_long"),
        )
        .values_list(
            "case_id",
            "case__number",
            "category__name",
            "case__state",
            "case__opened_at",
            "lat",
            "long",
            "grid_name",
            "box_min_lat",
            "box_max_lat",
            "box_min_long",
            "box_max_long",
        )[:limit]
    )
    points = []
    for pk, number, category, state, opened_at, lat, long, grid, *box in rows:
        approx = lat is None or long is None
        if approx:
            lat, long = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
        points.append(
            {
                "url": reverse("grid:event_detail", args=[pk]),
                "number": number,
                "category": category,
                "state": GridEvent.state_label(state),
                "date": timezone.localtime(opened_at).strftime("%Y-%m-%d"),
                "grid": grid,
                "lat": round(lat, 6),
                "long": round(long, 6),
                "approx": approx,
            }
        )
    placed = qs.filter(located).count() if len(points) == limit else len(points)
    return {"events": points, "total": total, "unplaced": total - placed, "limit": limit}


def _feature(profile: GridProfile) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": profile.boundary,
        "properties": {"code": profile.region.code, "name": profile.region.name},
    }


def grid_boundaries(*, user: User, region: Region | None = None) -> dict[str, Any]:
    """The outlines of the user's grids under ``region`` (default: the user's region) as a GeoJSON
    FeatureCollection; past ``BOUNDARIES_LIMIT`` none are drawn and ``too_many`` says so."""
    qs = GridProfile.objects.visible_to(user).filter(boundary__isnull=False).select_related("region")
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    profiles = list(qs.order_by("region__code")[: BOUNDARIES_LIMIT + 1])
    too_many = len(profiles) > BOUNDARIES_LIMIT
    features = [] if too_many else [_feature(p) for p in profiles]
    return {"type": "FeatureCollection", "features": features, "too_many": too_many}


def grid_neighbours(*, user: User, profile: GridProfile) -> dict[str, Any]:
    """The other grids the user may see around ``profile`` (its siblings, and any whose box comes within
    ``NEIGHBOUR_MARGIN`` of its box; for a grid with no boundary yet, the grids of its town), for context
    when its boundary is drawn."""
    qs = (
        GridProfile.objects.visible_to(user)
        .filter(boundary__isnull=False)
        .exclude(pk=profile.pk)
        .select_related("region")
    )
    near = Q(region__parent_id=profile.region.parent_id)
    if profile.min_lat is None:
        # nothing drawn yet: the grids of the level above the community (its town) show where to draw
        parent = profile.region.parent
        above = parent.parent if parent is not None and parent.parent_id else parent
        if above is not None:
            near |= Q(region__path__startswith=above.path)
    else:
        m = NEIGHBOUR_MARGIN
        near |= Q(
            min_lat__lte=profile.max_lat + m,
            max_lat__gte=profile.min_lat - m,
            min_long__lte=profile.max_long + m,
            max_long__gte=profile.min_long - m,
        )
    features = [_feature(p) for p in qs.filter(near).order_by("region__code")[:BOUNDARIES_LIMIT]]
    return {"type": "FeatureCollection", "features": features}


def grid_extent(*, user: User, region: Region | None = None) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` around the user's bounded grids (under ``region``), or None."""
    qs = GridProfile.objects.visible_to(user).filter(min_lat__isnull=False)
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    box = qs.aggregate(s=Min("min_lat"), n=Max("max_lat"), w=Min("min_long"), e=Max("max_long"))
    if box["s"] is None:
        return None
    return [[box["s"], box["w"]], [box["n"], box["e"]]]
