"""JSON API of the policy library: /api/v1/policy/documents (django-ninja, in the OpenAPI document).

The same reads as the library's pages: the capability of the pages (``policy.read``, else 403; the pages need a
login, so does the API), the documents through ``selectors.document_list``/``document_get`` — the whole library for
every reader (public documents, no personal data, no read audit), which is why a document's region is
``issuer_region_code``, not a record of the reader's region. ``in_force=true`` keeps the documents in force today.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.policy import selectors
from minzheng.policy.models import Document

router = Router(tags=["政策文件库"])

READ = "policy.read"  # the library's pages (policy.views)


class DocumentItem(Schema):
    id: int
    number: str = Field(description="文号")
    title: str
    issuer: str = Field(description="发文机关")
    issuer_region_code: str = Field(description="发文机关所在区划代码（政策文件全市公开）")
    kind: str = Field(description="normative 行政规范性文件 / other 其他政策文件")
    topic: str = Field(description="业务领域代码")
    topic_label: str
    issued_on: date = Field(description="印发日期")
    effective_from: date = Field(description="施行日期")
    effective_until: date | None = Field(description="有效期至")
    repealed_on: date | None = Field(description="废止日期")
    status: str = Field(description="今天的状态：有效 / 未施行 / 已失效 / 已废止")

    @staticmethod
    def resolve_issuer_region_code(obj: Document) -> str:
        return obj.region.code

    @staticmethod
    def resolve_topic_label(obj: Document) -> str:
        return obj.get_topic_display()

    @staticmethod
    def resolve_status(obj: Document) -> str:
        return obj.status_on(timezone.localdate())


class DocumentOut(DocumentItem):
    repeal_reason: str = Field(description="废止说明")
    body: str = Field(description="全文")


class DocumentPage(Schema):
    items: list[DocumentItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class DocumentFilter(PageFilter):
    q: str = Field("", description="文号、标题、发文机关或全文（以空格分隔的每个词都须出现）")
    topic: str = Field("", description="业务领域代码")
    in_force: bool = Field(False, description="只列今天有效的文件")
    date_from: date | None = Field(None, description="印发日期起（含）")
    date_to: date | None = Field(None, description="印发日期止（含）")


@router.get(
    "/policy/documents", response=responses({200: DocumentPage}, 403, 422), summary="政策文件检索（键集分页）"
)
def document_list(request: StaffRequest, filters: Query[DocumentFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.document_list(
            q=filters.q, topic=filters.topic, in_force_on=timezone.localdate() if filters.in_force else None
        ),
        capability=READ,
        dates="issued_on",
    )


@router.get(
    "/policy/documents/{document_id}",
    response=responses({200: DocumentOut}, 403, 404, 422),
    summary="政策文件全文",
)
def document_detail(request: StaffRequest, document_id: int) -> Document:
    require(request.user, READ)
    try:
        return selectors.document_get(pk=document_id)
    except ObjectDoesNotExist:
        raise HttpError(404, "政策文件不存在") from None
