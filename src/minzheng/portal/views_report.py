"""随手拍 (report a problem in my neighbourhood, FixMyStreet's flow) and 12349 help requests on the citizens' site.

Report: category (public ones only) → place on the map → the open reports of that category nearby, if any ("这也是
我的问题" or "仍要上报") → description and photo → filed through the grid's Open311 intake. Each report has a public
status page without personal data. Help: category (the 12349 life-help ones) → what is needed and where → filed
through the same intake; progress and a rating once closed. Every private page looks the record up by its number
AND the signed-in citizen (404 otherwise)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.errors import DomainError
from minzheng.core.web import form_refuse
from minzheng.grid import public as grid_public
from minzheng.grid.models import EventCategory
from minzheng.portal import services_report as reports
from minzheng.portal.forms_report import HelpForm, LocationForm, RatingForm, ReportDetailsForm
from minzheng.portal.models_report import CitizenReport, ReportPhoto
from minzheng.portal.web import CitizenRequest, citizen_of, citizen_view

REPORT, HELP = CitizenReport.Kind.REPORT, CitizenReport.Kind.HELP


class _StartOverError(Exception):
    """A step reached without a category the channel offers (a stale link, a guessed code): back to step 1."""


def _category(kind: str, code: str | None) -> EventCategory:
    """A category the channel offers; anything else (internal ones included) starts the flow over."""
    found = next((c for c in grid_public.categories_for(kind) if c.code == (code or "")), None)
    if found is None:
        raise _StartOverError
    return found


def _steps(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: CitizenRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _StartOverError:
            return HttpResponseRedirect(reverse("portal:report_new"))

    return wrapper


def _grouped(categories: list[EventCategory]) -> list[tuple[str, list[EventCategory]]]:
    groups: dict[str, list[EventCategory]] = {}
    for category in categories:
        parent = category.parent  # the public categories are a group's children (grid.public)
        groups.setdefault(parent.name if parent is not None else "其他", []).append(category)
    return list(groups.items())


def _site_url(request: CitizenRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- report: the steps ----------------------------------------------------------------------------------------


@citizen_view()
@require_GET
def report_new(request: CitizenRequest) -> HttpResponse:
    groups = _grouped(grid_public.report_categories())
    return render(request, "portal/report/new_category.html", {"groups": groups})


def _location(request: CitizenRequest) -> tuple[EventCategory, LocationForm]:
    category = _category(REPORT, request.GET.get("category"))
    form = LocationForm(request.GET if "lat" in request.GET else None)
    return category, form


@citizen_view()
@_steps
@require_GET
def report_where(request: CitizenRequest) -> HttpResponse:
    category, form = _location(request)
    return render(request, "portal/report/new_where.html", {"category": category, "form": form})


@citizen_view()
@_steps
@require_GET
def report_nearby(request: CitizenRequest) -> HttpResponse:
    """Before filing: the open reports of the same category within 200 m (FixMyStreet's duplicate check)."""
    category, form = _location(request)
    if not form.is_valid():
        return render(request, "portal/report/new_where.html", {"category": category, "form": form})
    lat, long = form.cleaned_data["lat"], form.cleaned_data["long"]
    query = urlencode({"category": category.code, "lat": lat, "long": long})
    nearby = reports.nearby_open_reports(category=category, lat=lat, long=long)
    if not nearby:
        return HttpResponseRedirect(f"{reverse('portal:report_details')}?{query}")
    context = {"category": category, "nearby": nearby, "query": query, "metres": reports.NEARBY_METRES}
    return render(request, "portal/report/nearby.html", context)


@citizen_view()
@_steps
def report_details(request: CitizenRequest) -> HttpResponse:
    category, where = _location(request)
    if not where.is_valid():
        return render(request, "portal/report/new_where.html", {"category": category, "form": where})
    form = ReportDetailsForm(request.POST or None, request.FILES or None, category=category)
    if request.method == "POST" and form.is_valid():
        photo = form.cleaned_data["photo"]
        try:
            link = reports.report_file(
                citizen=citizen_of(request),
                kind=REPORT,
                category_code=category.code,
                description=form.cleaned_data["description"],
                lat=where.cleaned_data["lat"],
                long=where.cleaned_data["long"],
                attributes=form.attributes(),
                photos=[photo] if photo else [],
                site_url=_site_url(request),
            )
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已提交，编号 {link.number}")
            return HttpResponseRedirect(reverse("portal:report_mine_detail", args=[link.pk]))
    context = {
        "category": category,
        "form": form,
        "where": where.cleaned_data,
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/report/details.html", context)


@citizen_view()
@require_http_methods(["GET", "POST"])
def report_support(request: CitizenRequest) -> HttpResponse:
    """ "这也是我的问题": join the open report instead of filing it again (a GET, e.g. a reloaded address, starts
    the report over)."""
    if request.method == "GET":
        return HttpResponseRedirect(reverse("portal:report_new"))
    try:
        event_id = int(request.POST.get("event", ""))
    except ValueError:
        raise Http404("没有这个问题") from None
    try:
        link = reports.report_support(citizen=citizen_of(request), event_id=event_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("portal:report_new"))
    messages.success(request, "已记下：这也是您的问题。办理进展会通知您。")
    return HttpResponseRedirect(reverse("portal:report_mine_detail", args=[link.pk]))


# --- report: mine and public -------------------------------------------------------------------------------------


@citizen_view()
@require_GET
def report_mine(request: CitizenRequest) -> HttpResponse:
    citizen = citizen_of(request)
    reports.updates_notify(citizen=citizen)
    items = reports.my_list(citizen, REPORT)
    return render(request, "portal/report/mine_list.html", {"items": items})


def _mine_detail(request: CitizenRequest, pk: int, kind: str) -> HttpResponse:
    citizen = citizen_of(request)
    link = get_object_or_404(
        CitizenReport.objects.select_related("request"), pk=pk, citizen=citizen, kind=kind
    )
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_rate(
                citizen=citizen,
                link=link,
                stars=form.cleaned_data["stars"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, "感谢您的评价")
            return HttpResponseRedirect(request.path)
    reports.updates_notify(citizen=citizen)
    link.refresh_from_db()
    item = reports.my_item(link)
    return render(request, "portal/report/mine_detail.html", {"item": item, "form": form, "kind": kind})


@citizen_view()
def report_mine_detail(request: CitizenRequest, pk: int) -> HttpResponse:
    return _mine_detail(request, pk, REPORT)


@require_GET
def report_public(request: CitizenRequest, public_id: str) -> HttpResponse:
    """The public status page of a report: no sign-in, no personal data."""
    found = reports.public_report(public_id)
    if found is None:
        raise Http404("没有这个编号，或该事项不公开")
    return render(request, "portal/report/public.html", {"report": found})


@require_GET
def report_photo(request: CitizenRequest, token: str) -> HttpResponse:
    """A report's photo at its unguessable address (metadata already taken out; at most 10 MB)."""
    photo = get_object_or_404(ReportPhoto, token=token)
    with photo.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- 12349 help ------------------------------------------------------------------------------------------------


@citizen_view()
@require_GET
def help_list(request: CitizenRequest) -> HttpResponse:
    citizen = citizen_of(request)
    reports.updates_notify(citizen=citizen)
    items = reports.my_list(citizen, HELP)
    return render(request, "portal/report/help_list.html", {"items": items})


def _home_code(request: CitizenRequest) -> str:
    """The house code of the citizen's registered residence — offered only to a verified sign-in."""
    if not request.citizen_session.verified:
        return ""
    person = citizen_of(request).person
    house = getattr(person, "residence_house", None) if person is not None else None
    return house.code if house is not None else ""


@citizen_view()
def help_new(request: CitizenRequest) -> HttpResponse:
    code = request.GET.get("category")
    if not code:
        groups = _grouped(grid_public.help_categories())
        return render(request, "portal/report/help_category.html", {"groups": groups})
    try:
        category = _category(HELP, code)
    except _StartOverError:
        return HttpResponseRedirect(reverse("portal:help_new"))
    home = _home_code(request)
    form = HelpForm(request.POST or None, category=category, has_home=bool(home))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = reports.report_file(
                citizen=citizen_of(request),
                kind=HELP,
                category_code=category.code,
                description=data["description"],
                address=data["address_string"],
                address_id=home if data.get("home") else "",
                attributes=form.attributes(),
            )
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已提交，编号 {link.number}")
            return HttpResponseRedirect(reverse("portal:help_detail", args=[link.pk]))
    return render(request, "portal/report/help_new.html", {"category": category, "form": form})


@citizen_view()
def help_detail(request: CitizenRequest, pk: int) -> HttpResponse:
    return _mine_detail(request, pk, HELP)
