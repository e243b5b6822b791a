"""``{% load casework %}``: the case engine's template tags.

``{% case_actions case as moves %}`` — the moves the case's page offers the requesting user, as
``casework.selectors.CaseAction``\\ s (primary / secondary / danger / disabled with its reason). The component
``casework/_actions.html`` calls it; a case page includes the component rather than the tag.
"""

from __future__ import annotations

from typing import Any

from django import template

from minzheng.casework.selectors import CaseAction, case_actions

register = template.Library()


@register.simple_tag(takes_context=True, name="case_actions")
def case_actions_for(context: template.Context, case: Any) -> list[CaseAction]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if case is None or user is None:
        return []
    return case_actions(user=user, case=case)
