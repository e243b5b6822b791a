"""Sections of the person page that other domains contribute (their enrollments and cases).

The registry imports no domain (DESIGN: the spine imports no domain). A domain registers a panel in its
``contributions.py`` (discovered by ``core.contributions``)::

    person_panel_register(
        order=20,
        title="社会救助",
        template="assistance/_person_panel.html",
        context=lambda user, person: {"enrollments": enrollment_list_for_person(user=user, person=person)},
        capability="assistance.read",  # optional: only users holding it see the panel
    )

The person page calls ``context(user, person)`` for each panel the user may see (``capability``, as for the
navigation), in ``order``, and renders ``template`` with it. The person has already passed the data scope
check; the context function should still read through its own scoped selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from minzheng.core.models import User
from minzheng.core.roles import can
from minzheng.core.roles import capability as capability_get
from minzheng.core.web import StaffRequest
from minzheng.registry.models import Person

PanelContext = Callable[[User, Person], dict[str, Any]]


@dataclass(frozen=True)
class PersonPanel:
    order: int
    title: str
    template: str
    context: PanelContext
    capability: str = ""  # core.roles capability needed to see the panel ("": every user who sees the person)


_panels: list[PersonPanel] = []


def person_panel_register(
    *, order: int, title: str, template: str, context: PanelContext, capability: str = ""
) -> None:
    """Add a section to the person page. Registering the same title and template again replaces the
    earlier registration (registration may run more than once in tests)."""
    if capability:
        capability_get(capability)  # an unknown code fails at start-up, not on the page
    _panels[:] = [p for p in _panels if (p.title, p.template) != (title, template)]
    _panels.append(
        PersonPanel(order=order, title=title, template=template, context=context, capability=capability)
    )


def person_panels() -> list[PersonPanel]:
    return sorted(_panels, key=lambda p: (p.order, p.title))


@dataclass(frozen=True)
class RenderedPanel:
    title: str
    html: SafeString


def person_panels_render(*, request: StaffRequest, person: Person) -> list[RenderedPanel]:
    """Each registered panel the user may see, rendered for this user and person, in order."""
    rendered = []
    for panel in person_panels():
        if panel.capability and not can(request.user, panel.capability):
            continue
        context = {"person": person, **panel.context(request.user, person)}
        rendered.append(
            RenderedPanel(panel.title, render_to_string(panel.template, context, request=request))
        )
    return rendered
