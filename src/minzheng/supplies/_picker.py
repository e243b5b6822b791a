"""Stand-in for ``registry.forms.PersonPickForm``/``PersonPickerField`` until the registry's picker lands on
main (same API: the field cleans to a registry person the form's user may see)."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.models import User
from minzheng.core.widgets import SearchSelectWidget
from minzheng.registry.models import Person


class PersonPickerField(forms.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", "人员")
        kwargs.setdefault(
            "widget",
            SearchSelectWidget(source="registry:person_search", value_field="id",
                               placeholder="输入姓名、拼音首字母或身份证号后几位"),
        )  # fmt: skip
        super().__init__(*args, **kwargs)
        self.user: User | None = None

    def clean(self, value: Any) -> Person | None:  # type: ignore[override]
        raw = super().clean(value)
        if not raw:
            return None
        person = None
        if self.user is not None and str(raw).isdigit():
            person = Person.objects.visible_to(self.user).filter(pk=int(raw)).first()
        if person is None:
            raise forms.ValidationError("人员不存在或不在您的管辖范围内")
        return person


class PersonPickForm(forms.Form):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, PersonPickerField):
                field.user = user
