from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from minzheng.core import selectors
from minzheng.core.audit import Action, audit_append
from minzheng.core.audit_display import audit_rows
from minzheng.core.excel import xlsx_response
from minzheng.core.forms import AuditSearchForm, LoginForm
from minzheng.core.home import home_panels_render
from minzheng.core.jobs import job_enqueue, job_live
from minzheng.core.masking import mask_personal_text
from minzheng.core.models import Region
from minzheng.core.permissions import require_perm
from minzheng.core.roles import Perm, can
from minzheng.core.tasks import audit_verify_task
from minzheng.core.web import StaffRequest, staff_view

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and probes: JSON always, 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.error("healthz: database unreachable: %s", exc)
        return JsonResponse({"status": "error", "database": "error", "vendor": connection.vendor}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


@staff_view()
def home(request: StaffRequest) -> HttpResponse:
    user = request.user
    context = {
        "level_counts": selectors.region_level_counts(user=user),
        "jobs": [job_live(j) for j in selectors.job_list(user=user)[:5]],
        "levels": Region.Level,
        "panels": home_panels_render(request),
    }
    return render(request, "core/home.html", context)


@staff_view()
def region_home(request: StaffRequest) -> HttpResponse:
    assert request.user.region is not None  # every staff account has a region (the account form requires one)
    return redirect("core:region_detail", code=request.user.region.code)


@staff_view()
def region_detail(request: StaffRequest, code: str) -> HttpResponse:
    region = selectors.region_get(user=request.user, code=code)
    assert request.user.region is not None  # every staff account has a region (the account form requires one)
    visible_ancestors = [a for a in region.ancestors() if a.path.startswith(request.user.region.path)]
    context = {
        "region": region,
        "ancestors": visible_ancestors,
        "children": selectors.region_children(user=request.user, region=region),
        "can_export": can(request.user, Perm.EXPORT),
    }
    return render(request, "core/region_detail.html", context)


@staff_view()
@require_GET
def region_search(request: StaffRequest) -> JsonResponse:
    """The region picker's source (``core.widgets.RegionPickerWidget``): ``?q=`` a name part, 拼音首字母 or
    code prefix; ``levels=grid,community`` narrows the levels; ``scope=all`` widens the search from the user's
    subtree to the official divisions of the whole tree (grids stay within the user's scope)."""
    levels = [level for level in request.GET.get("levels", "").split(",") if level in Region.Level.values]
    regions = selectors.region_search(
        user=request.user,
        q=request.GET.get("q", ""),
        levels=levels or None,
        anywhere=request.GET.get("scope") == "all",
    )
    labels = selectors.region_labels(regions)
    results = [
        {
            "id": r.pk,
            "code": r.code,
            "name": r.name,
            "label": labels[r.pk],
            "level": r.level,
            "level_label": r.get_level_display(),
        }
        for r in regions
    ]
    return JsonResponse({"results": results})


@staff_view(Perm.EXPORT)
def region_export(request: StaffRequest, code: str) -> HttpResponseBase:
    region = selectors.region_get(user=request.user, code=code)
    rows = selectors.region_subtree(user=request.user, region=region)
    audit_append(
        action=Action.EXPORT, obj=region, detail=f"导出{region.name}下级区划与网格 {rows.count()} 条"
    )
    return xlsx_response(
        f"区划网格-{region.name}.xlsx",
        sheet="区划与网格",
        headers=["代码", "名称", "层级", "城乡属性", "上级代码", "系统生成"],
        rows=(
            (
                r.code,
                r.name,
                r.get_level_display(),
                r.get_kind_display(),
                r.path.rstrip("/").split("/")[-2] if r.depth else "",
                "是" if r.generated else "否",
            )
            for r in rows.iterator(chunk_size=2000)
        ),
    )


@require_perm(Perm.VIEW_AUDIT)
def audit_list(request: StaffRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    if filters.get("q"):
        # search terms are stored masked: a full ID number typed here finds its masked form
        filters["q"] = mask_personal_text(filters["q"])
    page = Paginator(selectors.audit_search(**filters).select_related("actor"), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": audit_rows(page.object_list), "query": query.urlencode()}
    return render(request, "core/audit_list.html", context)


@require_POST
@require_perm(Perm.VIEW_AUDIT)
def audit_verify_start(request: StaffRequest) -> HttpResponse:
    job = job_enqueue(
        task=audit_verify_task, kind="audit_verify", title="审计链完整性校验", user=request.user
    )
    messages.info(request, "已提交审计链校验任务。")
    return redirect("core:job_detail", pk=job.pk)


@staff_view()
def job_list(request: StaffRequest) -> HttpResponse:
    jobs = [job_live(j) for j in selectors.job_list(user=request.user)[:100]]
    return render(request, "core/job_list.html", {"jobs": jobs})


@staff_view()
def job_detail(request: StaffRequest, pk: int) -> HttpResponse:
    job = job_live(selectors.job_get(user=request.user, pk=pk))
    template = "core/_job_card.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale or foreign form (CSRF check failed): a Chinese page in the site's layout, nothing submitted."""
    return render(request, "errors/csrf.html", status=403)
