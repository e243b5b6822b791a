"""Staff pages of the 小微权力清单 (a village's list, the overview of villages without a published one, the guide list)
and of the honours of community workers (list, XLSX export, registration). Through ``staff_view``; reads scoped."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.community import awards, powers, rules
from minzheng.community import forms as f
from minzheng.community.models import Award, PowerList
from minzheng.core.errors import DomainError
from minzheng.core.models import Region
from minzheng.core.roles import can
from minzheng.core.scope import region_within_scope
from minzheng.core.web import (
    StaffRequest,
    act_and_back,
    form_errors_text,
    form_refuse,
    list_export,
    list_filters,
    list_page,
    staff_view,
)

READ = "community.read"
POWER = "community.power"


# --- 小微权力清单 ----------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def power_overview(request: StaffRequest) -> HttpResponse:
    user = request.user
    own = user.region
    unpublished = powers.power_unpublished(user=user)
    return list_page(request, unpublished, template="community/power_overview.html", per_page=100, context={
        "coverage": powers.power_coverage(user=user),
        "published": powers.power_lists_published(user=user)[:20],
        "own": own if own is not None and own.level == Region.Level.COMMUNITY else None,
        "guide": (powers.power_list_for(region=own) if own is not None and own.level != Region.Level.COMMUNITY
                  else None) or (powers.power_guide_for(region=own) if own is not None else None),
        "own_region": own, "can_edit": can(user, POWER), "can_export": can(user, "export"),
    })  # fmt: skip


@staff_view("export")
@require_GET
def power_unpublished_export(request: StaffRequest) -> HttpResponseBase:
    return list_export(
        request, powers.power_unpublished(user=request.user), filename="未公布小微权力清单的村（社区）", sheet="未公布",
        audit=lambda: powers.power_export_log(actor=request.user), headers=["村（社区）", "区划代码", "镇（街道）", "区"],
        row=lambda r: [r.name, r.code, r.parent.name if r.parent else "",
                       r.parent.parent.name if r.parent and r.parent.parent else ""],
    )  # fmt: skip


@staff_view(READ)
@require_GET
def power_list_page(request: StaffRequest, code: str) -> HttpResponse:
    region = powers.power_region_get(user=request.user, code=code)
    power_list = powers.power_list_for(region=region)
    editable = can(request.user, POWER) and region_within_scope(request.user, region)
    draft = power_list is None or power_list.status == PowerList.Status.DRAFT
    return render(request, "community/power_list.html", {
        "region": region, "power_list": power_list,
        "items": list(power_list.items.all()) if power_list else [],
        "guide": powers.power_guide_for(region=region),
        "categories": rules.POWER_CATEGORY_LABELS,
        "can_edit": editable and draft, "can_revise": editable and not draft,
        "item_form": f.PowerItemForm() if editable and draft else None,
        "date_form": f.DateForm(initial={"on": timezone.localdate()}),
    })  # fmt: skip


def _back(code: str) -> str:
    return reverse("community:power_list", args=[code])


@staff_view(POWER)
@require_POST
def power_item_add(request: StaffRequest, code: str) -> HttpResponse:
    region = powers.power_region_get(user=request.user, code=code)
    form = f.PowerItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(_back(code))

    def add() -> object:
        power_list = powers.power_list_ensure(actor=request.user, region=region)
        return powers.power_item_add(actor=request.user, power_list=power_list, **form.cleaned_data)

    return act_and_back(
        request, add, back=_back(code), success=f"已将“{form.cleaned_data['name']}”列入清单。"
    )


@staff_view(POWER)
@require_POST
def power_item_remove(request: StaffRequest, pk: int) -> HttpResponse:
    item = powers.power_item_get(user=request.user, pk=pk)
    return act_and_back(request, lambda: powers.power_item_remove(actor=request.user, item=item),
                        back=_back(item.power_list.region.code), success=f"已从清单删除“{item.name}”。")  # fmt: skip


@staff_view(POWER)
@require_POST
def power_adopt(request: StaffRequest, code: str) -> HttpResponse:
    region = powers.power_region_get(user=request.user, code=code)

    try:
        power_list = powers.power_list_ensure(actor=request.user, region=region)
        added = powers.power_list_adopt(actor=request.user, power_list=power_list)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已采用上级指导清单的{added}项，请结合本村（社区）实际修改后公布。")
    return redirect(_back(code))


@staff_view(POWER)
@require_POST
def power_publish(request: StaffRequest, code: str) -> HttpResponse:
    region = powers.power_region_get(user=request.user, code=code)
    form = f.DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(_back(code))

    def publish() -> object:
        power_list = powers.power_list_ensure(actor=request.user, region=region)
        return powers.power_list_publish(
            actor=request.user, power_list=power_list, on=form.cleaned_data["on"]
        )

    return act_and_back(request, publish, back=_back(code), success="已公布小微权力清单。")


@staff_view(POWER)
@require_POST
def power_revise(request: StaffRequest, code: str) -> HttpResponse:
    region = powers.power_region_get(user=request.user, code=code)

    def revise() -> object:
        power_list = powers.power_list_ensure(actor=request.user, region=region)
        return powers.power_list_revise(actor=request.user, power_list=power_list)

    return act_and_back(request, revise, back=_back(code), success="清单已转为编制中，修改后请重新公布。")


# --- 表彰奖励 ----------------------------------------------------------------------------------------------------


def _award_filters(request: StaffRequest) -> dict[str, str]:
    """The year (digits, else none) and the title (one of the titles, else all)."""
    filters = list_filters(request, "year", "title")
    return {"year": filters["year"] if filters["year"].isdigit() else "",
            "title": filters["title"] if filters["title"] in Award.Title.values else ""}  # fmt: skip


def _awards(request: StaffRequest, filters: dict[str, str]) -> Any:
    return awards.award_list(user=request.user, year=int(filters["year"]) if filters["year"] else None,
                             title=filters["title"])  # fmt: skip


@staff_view(READ)
@require_GET
def award_list(request: StaffRequest) -> HttpResponse:
    filters = _award_filters(request)
    return list_page(request, _awards(request, filters), template="community/award_list.html", filters=filters,
                     context={"titles": Award.Title.choices, "can_create": can(request.user, "community.award"),
                              "can_export": can(request.user, "export")})  # fmt: skip


@staff_view("export")
@require_GET
def award_export(request: StaffRequest) -> HttpResponseBase:
    return list_export(
        request, _awards(request, _award_filters(request)), filename="表彰奖励",
        audit=lambda: awards.award_export_log(actor=request.user),
        headers=["年度", "荣誉称号", "届次", "获奖人", "职务", "所在村（社区）", "授予单位", "授予日期", "事迹简介"],
        row=lambda a: [a.year, a.get_title_display(), a.edition, a.awardee, a.post, a.region.name, a.conferred_by,
                       a.conferred_on, a.citation],
    )  # fmt: skip


@staff_view("community.award")
def award_new(request: StaffRequest) -> HttpResponse:
    form = f.AwardForm(request.POST or None, user=request.user,
                       initial={"year": timezone.localdate().year, "conferred_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            award = awards.award_register(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记{award.awardee}获{award.year}年“{award.get_title_display()}”。")
            return redirect("community:award_list")
    return render(request, "community/form.html", {
        "form": form, "title": "登记社区工作者表彰", "back": reverse("community:award_list"), "multipart": False,
        "help_text": "获奖人从人口库中选择，或填写平台工作人员的登录名（二选一）。",
    })  # fmt: skip
