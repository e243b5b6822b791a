"""Reading a case page's actions in tests, without a browser: the moves ``casework/_actions.html`` shows, parsed
from the HTML (lxml), as the user sees them."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html


@dataclass(frozen=True)
class ShownMove:
    action: str
    state: str  # primary | secondary | danger | disabled
    label: str  # the text of its submit button
    filled: bool  # the submit button is the filled (primary) style
    disabled: bool
    confirmed: bool  # its form opens first (a <details> disclosure): a second click submits it
    reason: str  # why it is disabled, and from when
    fields: tuple[str, ...]  # the names of its form's inputs


def moves_shown(page: str | bytes) -> list[ShownMove]:
    """The moves of the page's action component, in the order shown ([] when it shows none)."""
    root = lxml_html.fromstring(page)
    shown = []
    for section in root.xpath('//section[@data-testid="case-actions"]'):
        for move in section.xpath(".//*[@data-state]"):
            button = move.xpath('.//button[starts-with(@data-testid, "action-")]')[0]
            classes = (button.get("class") or "").split()
            reason = move.xpath('.//*[@class="move-reason"]')
            shown.append(
                ShownMove(
                    action=button.get("data-testid").removeprefix("action-"),
                    state=move.get("data-state"),
                    label=button.text_content().strip(),
                    filled=not classes,
                    disabled=button.get("disabled") is not None,
                    confirmed=move.tag == "details",
                    reason=reason[0].text_content().strip() if reason else "",
                    fields=tuple(
                        dict.fromkeys(e.get("name") for e in move.xpath(".//input|.//select|.//textarea"))
                    ),
                )
            )
    return shown


def move_shown(page: str | bytes, action: str) -> ShownMove | None:
    return next((m for m in moves_shown(page) if m.action == action), None)
