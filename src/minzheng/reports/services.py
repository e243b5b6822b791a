"""Writes of the reports app: only the narrative template of the annual summary."""

from __future__ import annotations

from minzheng.core.models import User
from minzheng.core.roles import require
from minzheng.reports.annual import template_parse
from minzheng.reports.models import AnnualTemplate


def annual_template_save(*, actor: User, year: int, text: str) -> AnnualTemplate:
    """Save ``year``'s narrative (audited through :class:`~minzheng.core.audited.Audited`). Only those who may
    修改年度总结模板 (the city bureau) edit it; a template with an unknown placeholder or no title is refused
    (TemplateError)."""
    require(actor, "report.template_edit")
    template_parse(text)
    row, created = AnnualTemplate.objects.get_or_create(
        year=year, defaults={"text": text, "updated_by": actor}
    )
    if not created:
        row.text = text
        row.updated_by = actor
        row.save(update_fields=["text", "updated_by", "updated_at"])
    return row
