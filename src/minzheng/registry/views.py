"""Pages of the registry: thin views over the selectors (reads) and services (writes).

Every page needs ``registry.read`` (查阅人房信息: 审计员 and 系统管理员 do not open personal records, 403 naming
the capability); editing pages need 维护人房信息 (``Perm.EDIT_REGISTRY``). Records are read through the data
scope: one outside it raises ``OutOfScopeError``, which the web layer turns into the 404 page (missing and
forbidden are not told apart). A service's ``RegistryError`` is shown on the form or as a message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.excel import xlsx_response
from minzheng.core.masking import mask_citizen_id, mask_phone
from minzheng.core.models import Region
from minzheng.core.roles import Perm, can
from minzheng.core.web import StaffRequest, act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.registry import selectors, services
from minzheng.registry.duplicates import duplicates_detect_start, transposition_at
from minzheng.registry.forms import (
    DismissForm,
    HouseForm,
    HouseholdForm,
    MemberAddForm,
    MemberRemoveForm,
    MoveHouseForm,
    PersonEditForm,
    PersonForm,
    SetHeadForm,
    StatusForm,
)
from minzheng.registry.models import Person
from minzheng.registry.panels import person_panels_render
from minzheng.registry.services import RegistryError

PAGE_SIZE = 50
PICKER_SIZE = 20
READ = "registry.read"
EDIT = Perm.EDIT_REGISTRY


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() else None


def _cursor(value: str | None) -> int | None:
    """The keyset cursor ``after`` of a search page: absent or empty is the first page; anything that is
    not an id names no row (0), which the selector answers like an unknown or out-of-scope id — an empty
    page — so a tampered cursor tells nothing about anyone's records."""
    if not value:
        return None
    return int(value) if value.isdigit() and value.isascii() else 0


def _person_row(person: Person, *, today: date | None = None) -> dict[str, Any]:
    """A person as listed on a page: the ID number masked (《个人信息保护法》第五十一条)."""
    return {
        "person": person,
        "id_number": mask_citizen_id(person.id_number),
        "age": selectors.person_age(person, on=today),
    }


def _lists_everyone(request: StaffRequest) -> bool:
    """An empty search lists everyone only for a grid or community, where that is a short list."""
    assert request.user.region is not None  # every staff account has a region (the account form requires one)
    return request.user.region.level in (Region.Level.GRID, Region.Level.COMMUNITY)


# --- persons ----------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def person_list(request: StaffRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    rows: list[Person] = []
    if q or _lists_everyone(request):
        rows = selectors.person_search(
            user=request.user, q=q, after=_cursor(request.GET.get("after")), limit=PAGE_SIZE
        )
    if rows:
        services.person_search_log(actor=request.user, q=q, count=len(rows))
    today = timezone.localdate()
    context = {
        "q": q,
        "term": selectors.search_term(q),
        "rows": [_person_row(p, today=today) for p in rows],
        "next_after": rows[-1].pk if len(rows) == PAGE_SIZE else None,
        "can_export": can(request.user, Perm.EXPORT),
        "can_edit": can(request.user, EDIT),
    }
    template = "registry/_person_results.html" if request.htmx else "registry/person_list.html"
    return render(request, template, context)


@staff_view(Perm.EXPORT)
@require_GET
def person_export(request: StaffRequest) -> HttpResponseBase:
    q = request.GET.get("q", "").strip()
    try:
        export = services.person_export(actor=request.user, q=q)
    except RegistryError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('registry:person_list')}?{urlencode({'q': q})}")
    return xlsx_response(
        f"人员查询-{timezone.localdate():%Y%m%d}.xlsx",
        sheet="人员",
        headers=services.EXPORT_HEADERS,
        rows=export.rows,
    )


@staff_view(READ)
@require_GET
def person_detail(request: StaffRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    services.person_view_log(actor=request.user, person=person)
    membership = selectors.person_membership(person=person)
    context = {
        "person": person,
        "masked_id": mask_citizen_id(person.id_number),
        "masked_phone": mask_phone(person.phone),
        "age": selectors.person_age(person),
        "membership": membership,
        "members": _member_rows(selectors.household_members(household=membership.household))
        if membership
        else [],
        "memberships": selectors.person_membership_history(person=person),
        "status_history": selectors.person_status_history(person=person),
        "panels": person_panels_render(request=request, person=person),
        "can_edit": can(request.user, EDIT),
        "can_reveal": can(request.user, Perm.REVEAL_PERSONAL),
        "status_form": StatusForm(initial={"date": timezone.localdate()}),
        "move_form": MoveHouseForm(user=request.user),
    }
    return render(request, "registry/person_detail.html", context)


@staff_view(READ)
@require_POST
def person_reveal(request: StaffRequest, pk: int, field: str) -> HttpResponse:
    if field not in ("id_number", "phone"):
        raise Http404("没有这个字段")
    person = selectors.person_get(user=request.user, pk=pk)
    value = services.person_reveal(actor=request.user, person=person, field=field)  # type: ignore[arg-type]
    return render(request, "registry/_revealed.html", {"value": value, "field": field})


def _person_form_page(
    request: StaffRequest, form: PersonForm, title: str, save: Callable[[], Person], *, back: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            person = save()
        except RegistryError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已保存{person.name}的信息。")
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/form.html", {"form": form, "title": title, "back": back})


@staff_view(EDIT)
def person_create(request: StaffRequest) -> HttpResponse:
    assert request.user.region is not None  # every staff account has a region (the account form requires one)
    initial = {"region": request.user.region.code} if _lists_everyone(request) else {}
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    return _person_form_page(
        request,
        form,
        "登记人员",
        lambda: services.person_create(actor=request.user, **form.cleaned_data),
        back=reverse("registry:person_list"),
    )


@staff_view(EDIT)
def person_edit(request: StaffRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    form = PersonEditForm(request.POST or None, user=request.user, person=person)
    return _person_form_page(
        request,
        form,
        f"修改人员信息：{person.name}",
        lambda: services.person_update(actor=request.user, person=person, **form.changes()),
        back=reverse("registry:person_detail", args=[person.pk]),
    )


def _submit(
    request: StaffRequest, form: forms.Form, act: Callable[[], Any], *, success: str, back: str
) -> HttpResponse:
    """A small POST form of a detail page: its input errors, or the service's refusal, as a message; back to
    the page either way (``core.web.act_and_back``)."""
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(request, act, success=success, back=back)


@staff_view(EDIT)
@require_POST
def person_status(request: StaffRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    form = StatusForm(request.POST)
    return _submit(
        request,
        form,
        lambda: services.person_set_status(actor=request.user, person=person, **form.cleaned_data),
        success="人员状态已变更。",
        back=reverse("registry:person_detail", args=[pk]),
    )


@staff_view(EDIT)
@require_POST
def person_move(request: StaffRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    form = MoveHouseForm(request.POST, user=request.user)
    back = reverse("registry:person_detail", args=[pk])
    return _submit(
        request,
        form,
        lambda: services.person_move_house(
            actor=request.user, person=person, house=form.cleaned_data["house"]
        ),
        success="居住房屋已变更。",
        back=back,
    )


# --- households -------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def household_list(request: StaffRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    rows = []
    if q or _lists_everyone(request):
        rows = selectors.household_search(
            user=request.user, q=q, after=_int(request.GET.get("after")), limit=PAGE_SIZE
        )
    context = {
        "q": q,
        "rows": rows,
        "next_after": rows[-1].pk if len(rows) == PAGE_SIZE else None,
        "can_edit": can(request.user, EDIT),
    }
    return render(request, "registry/household_list.html", context)


@staff_view(READ)
@require_GET
def household_detail(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk)
    context = {
        "household": household,
        "members": _member_rows(selectors.household_members(household=household)),
        "former": _member_rows(selectors.household_members(household=household, current=False)),
        "can_edit": can(request.user, EDIT),
        "add_form": MemberAddForm(user=request.user, initial={"start_date": timezone.localdate()}),
        "remove_form": MemberRemoveForm(initial={"end_date": timezone.localdate()}),
        "head_form": SetHeadForm(),
    }
    return render(request, "registry/household_detail.html", context)


@staff_view(EDIT)
def household_create(request: StaffRequest) -> HttpResponse:
    head_pk = _int(request.GET.get("head"))
    head = selectors.person_get(user=request.user, pk=head_pk) if head_pk else None
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(actor=request.user, head=head, **form.cleaned_data)
        except RegistryError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已建立户号{household.number}。")
            return redirect("registry:household_detail", pk=household.pk)
    title = f"新建户（户主：{head.name}）" if head else "新建户"
    back = reverse("registry:person_detail", args=[head.pk]) if head else reverse("registry:household_list")
    return render(request, "registry/form.html", {"form": form, "title": title, "back": back})


@staff_view(EDIT)
def household_edit(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk)
    initial = {
        "number": household.number,
        "kind": household.kind,
        "hukou_region": household.hukou_region.code,
        "address": household.address,
        "region": household.region.code,
    }
    form = HouseholdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if not (k == "region" and v is None)}
        try:
            services.household_update(actor=request.user, household=household, **changes)
        except RegistryError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, "户信息已保存。")
            return redirect("registry:household_detail", pk=pk)
    context = {
        "form": form,
        "title": f"修改户号{household.number}",
        "back": reverse("registry:household_detail", args=[pk]),
    }
    return render(request, "registry/form.html", context)


@staff_view(EDIT)
@require_POST
def household_member_add(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk)
    form = MemberAddForm(request.POST, user=request.user)
    return _submit(
        request,
        form,
        lambda: services.household_add_member(
            actor=request.user,
            household=household,
            person=form.cleaned_data["id_number"],
            relation=form.cleaned_data["relation"],
            start_date=form.cleaned_data["start_date"],
            move=form.cleaned_data["move"],
        ),
        success="已加入本户。",
        back=reverse("registry:household_detail", args=[pk]),
    )


def _member(household_pk: int, person_pk: int) -> Person:
    person = Person.objects.filter(
        pk=person_pk, memberships__household_id=household_pk, memberships__end_date__isnull=True
    ).first()
    if person is None:
        raise Http404("该人员不是本户现有成员")
    return person


@staff_view(EDIT)
@require_POST
def household_member_remove(request: StaffRequest, pk: int, person_pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk)
    person = _member(household.pk, person_pk)
    form = MemberRemoveForm(request.POST)
    return _submit(
        request,
        form,
        lambda: services.household_remove_member(
            actor=request.user, household=household, person=person, **form.cleaned_data
        ),
        success=f"{person.name}已离户。",
        back=reverse("registry:household_detail", args=[pk]),
    )


@staff_view(EDIT)
@require_POST
def household_set_head(request: StaffRequest, pk: int, person_pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk)
    person = _member(household.pk, person_pk)
    form = SetHeadForm(request.POST)
    return _submit(
        request,
        form,
        lambda: services.household_set_head(
            actor=request.user, household=household, person=person, **form.cleaned_data
        ),
        success=f"{person.name}已设为户主。",
        back=reverse("registry:household_detail", args=[pk]),
    )


# --- houses -----------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def house_list(request: StaffRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    rows = []
    if q or _lists_everyone(request):
        rows = selectors.house_search(
            user=request.user, q=q, after=_int(request.GET.get("after")), limit=PAGE_SIZE
        )
    context = {
        "q": q,
        "rows": rows,
        "next_after": rows[-1].pk if len(rows) == PAGE_SIZE else None,
        "can_edit": can(request.user, EDIT),
    }
    return render(request, "registry/house_list.html", context)


@staff_view(READ)
@require_GET
def person_pick(request: StaffRequest) -> JsonResponse:
    """The person picker's source for every app's forms: people of the user's scope by name, 拼音首字母 or
    ID (tail), ``{"results": [{"id", "label"}]}`` with the ID masked. A search of people, audited like the
    person list's."""
    q = request.GET.get("q", "").strip()
    people = selectors.person_search(user=request.user, q=q, limit=PICKER_SIZE) if q else []
    if q:
        services.person_search_log(actor=request.user, q=q, count=len(people))
    results = [{"id": p.pk, "label": selectors.person_label(p)} for p in people]
    return JsonResponse({"results": results})


@staff_view(READ)
@require_GET
def house_search(request: StaffRequest) -> JsonResponse:
    """The house picker's source (``registry.forms.HouseCodeField``): houses of the user's scope by address
    prefix or exact number, ``{"results": [{"id", "code", "label"}]}``."""
    q = request.GET.get("q", "").strip()
    houses = selectors.house_search(user=request.user, q=q, limit=PICKER_SIZE)
    results = [{"id": h.pk, "code": h.code, "label": selectors.house_label(h)} for h in houses]
    return JsonResponse({"results": results})


@staff_view(READ)
@require_GET
def house_detail(request: StaffRequest, pk: int) -> HttpResponse:
    house = selectors.house_get(user=request.user, pk=pk)
    context = {
        "house": house,
        "occupants": [_person_row(p) for p in selectors.house_occupants(house=house)],
        "can_edit": can(request.user, EDIT),
    }
    return render(request, "registry/house_detail.html", context)


def _house_form_page(
    request: StaffRequest, form: HouseForm, title: str, save: Callable[[], Any], *, back: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            house = save()
        except RegistryError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已保存房屋{house.code}。")
            return redirect("registry:house_detail", pk=house.pk)
    return render(request, "registry/form.html", {"form": form, "title": title, "back": back})


@staff_view(EDIT)
def house_create(request: StaffRequest) -> HttpResponse:
    assert request.user.region is not None  # every staff account has a region (the account form requires one)
    initial = {"grid": request.user.region.code} if request.user.region.level == Region.Level.GRID else {}
    form = HouseForm(request.POST or None, initial=initial)
    return _house_form_page(
        request,
        form,
        "登记房屋",
        lambda: services.house_create(actor=request.user, **form.cleaned_data),
        back=reverse("registry:house_list"),
    )


@staff_view(EDIT)
def house_edit(request: StaffRequest, pk: int) -> HttpResponse:
    house = selectors.house_get(user=request.user, pk=pk)
    initial = {
        "code": house.code,
        "address": house.address,
        "grid": house.grid.code,
        "house_type": house.house_type,
        "use": house.use,
        "area": house.area,
    }
    form = HouseForm(request.POST or None, initial=initial)
    return _house_form_page(
        request,
        form,
        f"修改房屋：{house.address}",
        lambda: services.house_update(actor=request.user, house=house, **form.cleaned_data),
        back=reverse("registry:house_detail", args=[house.pk]),
    )


# --- duplicates -------------------------------------------------------------------------------------


@staff_view(EDIT)
@require_GET
def duplicate_list(request: StaffRequest) -> HttpResponse:
    candidates = list(selectors.duplicate_queue(user=request.user)[:PAGE_SIZE])
    rows = [
        {
            "candidate": c,
            "swap": transposition_at(c.person_a.id_number, c.person_b.id_number),
            "a": _person_row(c.person_a),
            "b": _person_row(c.person_b),
            "a_household": _open_household(c.person_a),
            "b_household": _open_household(c.person_b),
        }
        for c in candidates
    ]
    context = {
        "rows": rows,
        "total": selectors.duplicate_queue(user=request.user).count(),
        "can_detect": can(request.user, "registry.duplicates_detect"),
        "dismiss_form": DismissForm(),
    }
    return render(request, "registry/duplicate_list.html", context)


def _member_rows(memberships: Any) -> list[dict[str, Any]]:
    return [{"m": m, "id_number": mask_citizen_id(m.person.id_number)} for m in memberships]


def _open_household(person: Person) -> Any:
    memberships = getattr(person, "open_memberships", [])
    return memberships[0].household if memberships else None


@staff_view("registry.duplicates_detect")
@require_POST
def duplicate_detect(request: StaffRequest) -> HttpResponse:
    job = duplicates_detect_start(user=request.user)
    messages.info(request, "已提交疑似重复人员检测任务。")
    return redirect("core:job_detail", pk=job.pk)


@staff_view(EDIT)
@require_POST
def duplicate_merge(request: StaffRequest, pk: int) -> HttpResponse:
    candidate = selectors.duplicate_get(user=request.user, pk=pk)
    keep_pk = {"a": candidate.person_a_id, "b": candidate.person_b_id}.get(request.POST.get("keep", ""))
    if keep_pk is None:
        messages.error(request, "请选择保留哪一条记录")
        return redirect("registry:duplicate_list")
    try:
        kept = services.duplicate_merge(actor=request.user, candidate=candidate, keep=Person(pk=keep_pk))
    except RegistryError as exc:
        messages.error(request, exc.message)
        return redirect("registry:duplicate_list")
    messages.success(request, f"已合并，保留{kept.name}的记录。")
    return redirect("registry:person_detail", pk=kept.pk)


@staff_view(EDIT)
@require_POST
def duplicate_dismiss(request: StaffRequest, pk: int) -> HttpResponse:
    candidate = selectors.duplicate_get(user=request.user, pk=pk)
    form = DismissForm(request.POST)
    return _submit(
        request,
        form,
        lambda: services.duplicate_dismiss(actor=request.user, candidate=candidate, **form.cleaned_data),
        success="已标记为非同一人。",
        back=reverse("registry:duplicate_list"),
    )
