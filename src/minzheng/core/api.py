"""The core router of /api/v1 (the current user, regions) and what every router shares: the error bodies and
:func:`responses`, which documents each operation's answers in the OpenAPI document.

Every answer that is not a success has one of two shapes:

=======  ==========================================================  ======================================
status   when                                                        body
=======  ==========================================================  ======================================
400      a control character anywhere in the request                 ``ApiError`` ``{"field", "message"}``
         (``core.middleware.InputBoundaryMiddleware``); a body that
         is not JSON
401      no session (not logged in, or the session expired)         ``Detail`` ``{"detail"}``
403      the role lacks the capability; a write without the CSRF     ``Detail``
         token
404      the record does not exist or lies outside the user's data  ``Detail``
         scope (the two are never told apart)
422      the request does not fit the schema (a required field       ``ApiError``
         missing, a number that is not one), or a service refused it
         (``DomainError``: the business rule's Chinese message)
=======  ==========================================================  ======================================
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from django.db.models import QuerySet
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from minzheng.core import selectors
from minzheng.core.models import Region
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest

router = Router(tags=["区划与账号"])


class ApiError(Schema):
    """400 and 422: what is wrong, in Chinese, and the field it concerns."""

    field: str | None = Field(description="出错的字段（英文名，嵌套字段以 . 连接）；不针对某个字段时为 null")
    message: str = Field(description="中文说明")


class InputSchema(Schema):
    """A request body: only the documented fields (``additionalProperties: false``). A misspelt field is
    refused with 422 naming it, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Detail(Schema):
    """401, 403 and 404."""

    detail: str = Field(description="中文说明")


_ERRORS: dict[int, tuple[type[Schema], str]] = {
    400: (ApiError, "请求含控制字符或请求体不是 JSON"),
    401: (Detail, "未登录或会话已过期"),
    403: (Detail, "角色无此权限，或写操作缺少 CSRF 令牌"),
    404: (Detail, "记录不存在或不在管辖范围内"),
    422: (ApiError, "请求不符合接口定义，或业务规则拒绝"),
}

#: Every operation can answer these: a control character is refused before anything else, and every
#: operation needs a session.
ALWAYS = (400, 401)


#: The OpenAPI description of each error status (``config.api`` writes them into the document).
ERROR_DESCRIPTIONS = {status: description for status, (_, description) in _ERRORS.items()}


def responses(success: dict[int, Any], *errors: int) -> dict[int, Any]:
    """The ``response=`` of an operation: its success bodies, 400 and 401, and the ``errors`` it can give
    (403, 404, 422), each with its documented body."""
    documented = dict(success)
    for status in sorted({*ALWAYS, *errors}):
        documented[status] = _ERRORS[status][0]
    return documented


class RegionOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    generated: bool
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent.code if obj.parent is not None else None


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    region: RegionOut


@router.get("/me", response=responses({200: MeOut}), summary="当前用户")
def me(request: StaffRequest) -> object:
    return request.user


@router.get("/regions/{code}", response=responses({200: RegionOut}, 404), summary="区划详情")
def region_detail(request: StaffRequest, code: str) -> Region:
    return selectors.region_get(user=request.user, code=code)


@router.get("/regions/{code}/children", response=responses({200: list[RegionOut]}, 404), summary="下级区划")
def region_children(request: StaffRequest, code: str) -> list[Region]:
    region = selectors.region_get(user=request.user, code=code)
    return list(selectors.region_children(user=request.user, region=region).select_related("parent"))


# --- what the read APIs of the apps share: keyset pages and the region filter -------------------------------
#
# Every list operation is one call of :func:`keyset_list` (as every list page is one ``core.web.list_page``):
#
#     @router.get("/children/visits", response=responses({200: ChildVisitPage}, 403, 404, 422), summary=…)
#     def visit_list(request: StaffRequest, filters: Query[ChildVisitFilter]) -> dict[str, Any]:
#         return keyset_list(
#             request, filters, lambda: selectors.visit_list(user=request.user, risk=filters.risk),
#             capability=READ, dates="visited_on",
#         )

MAX_LIMIT = 200
#: the largest id a database takes (a larger ``after`` is refused with 422, not sent to the database)
MAX_ID = 2**63 - 1


class PageFilter(Schema):
    """Keyset pagination, as ``/persons``: newest first by id; ``after`` is the last id of the previous page."""

    after: int | None = Field(None, ge=1, le=MAX_ID, description="上一页最后一条的 id（键集分页）")
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="每页条数")


def keyset_page(qs: QuerySet[Any], *, after: int | None, limit: int) -> dict[str, Any]:
    """One page of ``qs``, newest first by id: ``{"items", "next_after"}`` (``next_after`` null on the last page)."""
    if after is not None:
        qs = qs.filter(pk__lt=after)
    rows = list(qs.order_by("-pk")[:limit])
    return {"items": rows, "next_after": rows[-1].pk if len(rows) == limit else None}


def region_narrowed(qs: QuerySet[Any], *, user: Any, code: str | None) -> QuerySet[Any]:
    """``qs`` narrowed to the subtree of the region ``code`` (a list's 区划 filter). The region must be one the user
    sees (else 404, as ``/regions/{code}``); the rows are those of the model's own ``scope_region_field`` — a
    filter within what ``visible_to`` already allows, never a second scope rule."""
    if not code:
        return qs
    region = selectors.region_get(user=user, code=code)
    field = qs.model.scope_region_field
    return qs.filter(**{f"{field}__path__startswith" if field else "path__startswith": region.path})


def date_range(qs: QuerySet[Any], field: str, start: date | None, end: date | None) -> QuerySet[Any]:
    """``qs`` with ``field`` on or after ``start`` and on or before ``end`` (either may be open)."""
    if start is not None:
        qs = qs.filter(**{f"{field}__gte": start})
    if end is not None:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


class Paged(Protocol):
    """What :func:`keyset_list` reads of a list's query filter (``PageFilter`` and the older filters of the
    registry and the grid): the cursor and the page size. ``region``, ``date_from`` and ``date_to`` are read when
    the filter declares them."""

    after: int | None
    limit: int


def keyset_list(
    request: StaffRequest,
    filters: Paged,
    rows: Callable[[], QuerySet[Any] | list[Any]],
    *,
    capability: str | None,
    dates: str | None = None,
    audit: Callable[[list[Any]], object] | None = None,
) -> dict[str, Any]:
    """The answer of a list operation of /api/v1, ``{"items", "next_after"}``, each list the same way:

    1. ``capability`` is required (403 without it); None only where the router's own guard has checked it (the
       registry's and the grid's ``_api``);
    2. ``rows()`` calls the app's scoped selector (``visible_to``: the user's region) with the filter's own
       criteria — called after the capability, so a refused user learns nothing, not even a 404;
    3. the filter's ``region`` (when the filter declares one) narrows the rows to that subtree (404 for a region
       the user does not see; :func:`region_narrowed`);
    4. ``dates`` names the date the filter's ``date_from``/``date_to`` bound (:func:`date_range`);
    5. one page newest first by id (:func:`keyset_page`; an ``after`` of 0 is no cursor — ids start at 1);
    6. ``audit(items)`` records the read where the page records it (a search with its count).

    A selector that pages itself (the registry's searches, in their own order and cursor) returns its page as a
    list from ``rows()``; the region then is its own argument and steps 3–5 are its own. Personal data goes out
    as the response schema's resolvers mask it (``core.masking``), never unmasked from here."""
    if capability is not None:
        require(request.user, capability)
    found = rows()
    page: dict[str, Any]
    if isinstance(found, list):
        page = {"items": found, "next_after": found[-1].pk if len(found) == filters.limit else None}
    else:
        qs = region_narrowed(found, user=request.user, code=getattr(filters, "region", None))
        if dates is not None:
            dated: Any = filters  # a filter with ``date_from`` and ``date_to`` (a missing one is a bug: AttributeError)
            qs = date_range(qs, dates, dated.date_from, dated.date_to)
        page = keyset_page(qs, after=filters.after or None, limit=filters.limit)
    items: list[Any] = page["items"]
    if audit is not None:
        audit(items)
    return page
