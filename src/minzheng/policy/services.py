"""Writes of the policy library: register a document, repeal it. Keyword-only; ``PolicyError`` names the field."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.parameters import parameter_catalogue
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.policy.errors import PolicyError
from minzheng.policy.models import Document, ParameterLink


def document_register(
    *,
    actor: User | None,
    number: str,
    title: str,
    issuer: str,
    region: Region,
    topic: str,
    issued_on: date,
    effective_from: date,
    body: str,
    effective_until: date | None = None,
    kind: str = Document.Kind.NORMATIVE,
) -> Document:
    """Register a document the bureau (or a district's) issued: 文号 unique, the full text, the dates in force."""
    if actor is not None:
        require(actor, "policy.edit")
        if not region_within_scope(actor, region):
            raise PolicyError(f"“{region.name}”不在您的管辖范围内，不能登记其政策文件", field="region")
    number, title, issuer, body = (x.strip() for x in (number or "", title or "", issuer or "", body or ""))
    for value, field, label in ((number, "number", "文号"), (title, "title", "标题"), (issuer, "issuer", "发文机关"),
                                (body, "body", "全文")):  # fmt: skip
        if not value:
            raise PolicyError(f"请填写{label}", field=field)
    if topic not in Document.Topic.values:
        raise PolicyError("业务领域无效", field="topic")
    if effective_until is not None and effective_until < effective_from:
        raise PolicyError("有效期至不能早于施行日期", field="effective_until")
    if Document.objects.filter(number=number).exists():
        raise PolicyError(f"文号“{number}”已登记", field="number")
    return Document.objects.create(
        number=number, title=title[:200], issuer=issuer[:100], region=region, kind=kind, topic=topic,
        issued_on=issued_on, effective_from=effective_from, effective_until=effective_until, body=body,
        created_by=actor,
    )  # fmt: skip


def document_repeal(*, actor: User | None, document: Document, on: date, reason: str) -> Document:
    if actor is not None:
        require(actor, "policy.edit")
        if not region_within_scope(actor, document.region):
            raise PolicyError(f"《{document.title}》不是您辖区印发的文件，不能废止")
    if not (reason or "").strip():
        raise PolicyError("请填写废止说明", field="reason")
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.repealed_on:
            raise PolicyError(f"《{locked.title}》已于{locked.repealed_on:%Y-%m-%d}废止")
        if on < locked.issued_on:
            raise PolicyError("废止日期不能早于印发日期", field="on")
        locked.repealed_on, locked.repeal_reason = on, reason.strip()[:200]
        locked.save(update_fields=["repealed_on", "repeal_reason"])
    return locked


def document_export_log(*, actor: User) -> None:
    audit_append(action=Action.EXPORT, object_type="policy.document", actor=actor, detail="导出政策文件目录")


def parameter_link(
    *, actor: User | None, document: Document, key: str, effective_from: date, clause: str = ""
) -> ParameterLink:
    """Record that ``document`` (its ``clause``) set the parameter ``key``'s value from ``effective_from``. The value
    must exist among the platform's dated parameters; one document per value (a second link replaces nothing: it is
    refused, naming the document already recorded)."""
    if actor is not None:
        require(actor, "policy.edit")
        if not region_within_scope(actor, document.region):
            raise PolicyError(f"《{document.title}》不是您辖区印发的文件，不能登记其设定的参数")
    rows = parameter_catalogue([(key, effective_from)])
    if not rows:
        raise PolicyError(
            f"没有自{effective_from:%Y-%m-%d}起适用的参数“{key}”，请先录入参数数值", field="parameter"
        )
    if document.repealed_on and document.repealed_on <= effective_from:
        raise PolicyError(f"《{document.title}》已于{document.repealed_on:%Y-%m-%d}废止，不能设定之后的参数",
                          field="parameter")  # fmt: skip
    with transaction.atomic():
        existing = ParameterLink.objects.select_related("document").filter(
            key=key, effective_from=effective_from
        )
        for link in existing.select_for_update():
            raise PolicyError(f"“{rows[0].label}”自{effective_from:%Y-%m-%d}起的数值已登记由"
                              f"《{link.document.title}》（{link.document.number}）设定", field="parameter")  # fmt: skip
        return ParameterLink.objects.create(key=key, effective_from=effective_from, document=document,
                                            clause=(clause or "").strip()[:100], created_by=actor)  # fmt: skip


def parameter_unlink(*, actor: User, link: ParameterLink) -> None:
    """Remove a link recorded in error (audited, like every change of the library)."""
    require(actor, "policy.edit")
    if not region_within_scope(actor, link.document.region):
        raise PolicyError(f"《{link.document.title}》不是您辖区印发的文件，不能修改其设定的参数")
    link.delete()
