"""The events map: the events the user may see, clustered, filtered by category, state, period and region,
over the grid boundaries drawn as vector layers (no tile server). The page holds the filters and an empty
map; ``static/grid/event_map.js`` asks ``event_map_points`` for the points whenever a filter changes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minzheng.core.models import Region, User
from minzheng.core.web import form_errors_text, staff_view
from minzheng.grid import mapdata, selectors
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.forms import EventMapFilterForm


def _filter_form(request: HttpRequest) -> EventMapFilterForm:
    return EventMapFilterForm(
        request.GET or None, tree=selectors.category_tree(), states=dict(GridEvent.states)
    )


def _filters(user: User, form: EventMapFilterForm) -> mapdata.MapFilters | None:
    """The filters of a valid form (a region outside the user's scope is refused on the form)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    region = data["region"]
    if region is not None and not Region.objects.visible_to(user).filter(pk=region.pk).exists():
        form.add_error("region", f"“{region.name}”不在您的辖区内")
        return None
    return mapdata.MapFilters(
        category=data["category"],
        state=data["state"],
        since=data["since"],
        until=data["until"],
        region=region,
    )


@staff_view("grid.view")
@require_GET
def event_map(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    if form.is_bound:
        _filters(request.user, form)  # shows a refused filter on the form
    context = {
        "form": form,
        "extent": mapdata.grid_extent(user=request.user),
        "query": request.GET.urlencode(),
    }
    return render(request, "grid/event_map.html", context)


@staff_view("grid.view")
@require_GET
def event_map_points(request: HttpRequest) -> JsonResponse:
    """The points and the grid outlines for the filters in the query (JSON for event_map.js)."""
    form = _filter_form(request)
    filters = _filters(request.user, form) if form.is_bound else mapdata.MapFilters()
    if filters is None:
        return JsonResponse({"message": form_errors_text(form)}, status=400)
    data = mapdata.event_points(user=request.user, filters=filters)
    data["boundaries"] = mapdata.grid_boundaries(user=request.user, region=filters.region)
    data["extent"] = mapdata.grid_extent(user=request.user, region=filters.region)
    return JsonResponse(data)
