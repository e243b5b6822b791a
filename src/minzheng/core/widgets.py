"""Pickers that search as the clerk types, instead of codes typed from memory (issue 12).

A picker is a ``<select>`` holding only the current value; the vendored tom-select
(``static/minzheng/vendor/tom-select``) turns it into a search box, and ``static/minzheng/search_select.js``
fetches the options from a JSON source as the user types. No inline script: the page's Content-Security-Policy
need not allow one. Without JavaScript the select still submits its current value.

- :class:`SearchSelectWidget` — any source answering ``GET <url>?q=…`` with
  ``{"results": [{<value_field>: …, "label": …}, …]}`` (e.g. the registry's house search).
- :class:`RegionPickerWidget` — the region tree through ``core:region_search``: name, 拼音首字母 or code,
  in the user's subtree, shown as its path ("秀英区 › 秀英街道 › 秀华社区"). The submitted value is the
  region's code, so a form field cleans it as before (``registry.forms.RegionCodeField``).

A page that renders such a form includes ``{{ form.media }}`` (the script and stylesheet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

TOM_SELECT_JS = "minzheng/vendor/tom-select/tom-select.complete.min.js"
TOM_SELECT_CSS = "minzheng/vendor/tom-select/tom-select.default.min.css"
SEARCH_SELECT_JS = "minzheng/search_select.js"


class SearchSelectWidget(forms.Select):
    """A select filled from ``source`` (a URL name) as the user types; ``label_for(value)`` gives the label of
    the current value (None when it names nothing: the value itself is shown)."""

    def __init__(
        self,
        *,
        source: str,
        params: dict[str, str] | None = None,
        value_field: str = "code",
        placeholder: str = "输入名称或编号查找",
        label_for: Callable[[str], str | None] | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs=attrs)
        self.source = source
        self.params = dict(params or {})
        self.value_field = value_field
        self.placeholder = placeholder
        self.label_for = label_for

    @property
    def media(self) -> forms.Media:
        return forms.Media(css={"all": [TOM_SELECT_CSS]}, js=[TOM_SELECT_JS, SEARCH_SELECT_JS])

    def source_url(self) -> str:
        url = reverse(self.source)
        return f"{url}?{urlencode(self.params)}" if self.params else url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-search-url": self.source_url(),
                "data-value-field": self.value_field,
                "data-placeholder": self.placeholder,
                "autocomplete": "off",
            }
        )
        return context

    def format_value(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        value = getattr(value, self.value_field, value)  # a model instance as initial value
        return [str(value)]

    def optgroups(self, name: str, value: Iterable[str], attrs: dict[str, Any] | None = None) -> list[Any]:
        """Only the empty choice and the current value: the rest come from the search."""
        current = [v for v in value if v not in (None, "")]
        options = [self.create_option(name, "", "", not current, 0, attrs=attrs)]
        for index, item in enumerate(current, start=1):
            label = self.label_for(item) if self.label_for else None
            options.append(self.create_option(name, item, label or item, True, index, attrs=attrs))
        return [(None, options, 0)]


def _region_label(code: str) -> str | None:
    from minzheng.core.selectors import region_label

    return region_label(code)


class RegionPickerWidget(SearchSelectWidget):
    """Pick a region of the tree by name, 拼音首字母 or code. ``levels`` narrows the choice (e.g.
    ``("grid",)`` for a house's grid); ``anywhere=True`` searches the official divisions of the whole tree
    instead of the user's subtree (a 户籍地 may lie in another district)."""

    def __init__(
        self,
        *,
        levels: Iterable[str] = (),
        anywhere: bool = False,
        placeholder: str = "输入名称、拼音首字母（如 xhsq）或代码",
        attrs: dict[str, Any] | None = None,
    ) -> None:
        params = {}
        self.levels = tuple(levels)
        if self.levels:
            params["levels"] = ",".join(self.levels)
        if anywhere:
            params["scope"] = "all"
        super().__init__(
            source="core:region_search",
            params=params,
            value_field="code",
            placeholder=placeholder,
            label_for=_region_label,
            attrs=attrs,
        )
