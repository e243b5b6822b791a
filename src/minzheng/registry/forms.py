"""Page forms: they parse what was entered (region and house codes to records, text to dates); the rules live
in the services, whose :class:`~minzheng.registry.services.RegistryError` is shown on the named field
(``core.web.form_refuse``). Regions, grids and houses are picked by searching (``core.widgets``), not typed as
codes; the picker submits the code, so the API and tests may still send one."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.fields import PhoneField
from minzheng.core.ids import normalize_code
from minzheng.core.models import Region, User
from minzheng.core.scope import OutOfScopeError
from minzheng.core.widgets import RegionPickerWidget, SearchSelectWidget
from minzheng.registry import selectors
from minzheng.registry.models import Gender, House, Person, Relation, UrbanRural

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
Level = Region.Level
MANAGED_LEVELS = (Level.GRID, Level.COMMUNITY)  # a person or household is managed by a grid or community
HUKOU_LEVELS = (Level.CITY, Level.DISTRICT, Level.TOWN, Level.COMMUNITY)  # 户籍地: an official division


class HouseCodeField(forms.CharField):
    """A house of the user's scope picked by its address or number (``registry:house_search``); the form
    (:class:`ScopedForm`) cleans the submitted number to the house."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget", SearchSelectWidget(source="registry:house_search", placeholder="输入地址开头或房屋编号")
        )
        super().__init__(*args, **kwargs)


class RegionCodeField(forms.CharField):
    """A region picked by search (name, 拼音首字母 or code); the code it submits is cleaned to the region."""

    def __init__(
        self, *args: Any, levels: tuple[str, ...] = (), anywhere: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("widget", RegionPickerWidget(levels=levels, anywhere=anywhere))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Region | None:
        code = super().clean(value)
        if not code:
            return None
        region = selectors.region_by_code(code)
        if region is None:
            raise forms.ValidationError(f"区划代码“{code}”不存在")
        return region


class PersonPickerField(forms.CharField):
    """A registry person picked by search as the clerk types (name, 拼音首字母, ID number or its last digits:
    ``registry:person_search``); cleans to the :class:`Person`, only one the form's user may see. The one
    person picker of every app: its form derives from :class:`ScopedForm` (``PersonPickForm``), which hands the
    field its user."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", "人员")
        kwargs.setdefault(
            "widget",
            SearchSelectWidget(
                source="registry:person_search",
                value_field="id",
                placeholder="输入姓名、拼音首字母或身份证号后几位",
            ),
        )
        super().__init__(*args, **kwargs)
        self.user: User | None = None

    def clean(self, value: Any) -> Person | None:
        raw = super().clean(value)
        if not raw:
            return None
        person = _person_visible(self.user, raw)
        if person is None:
            raise forms.ValidationError("人员不存在或不在您的管辖范围内")
        return person


def _person_visible(user: User | None, raw: str) -> Person | None:
    if user is None:
        return None
    try:
        return selectors.person_get(user=user, pk=int(raw))
    except (ValueError, OutOfScopeError):
        return None


class ScopedForm(forms.Form):
    """A form of one user's pages: house and person pickers name only records the user may see (a posted id of
    anyone else shows as the bare number, never a name) and clean only to those."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, HouseCodeField):
                field.widget.label_for = self.house_label
            elif isinstance(field, PersonPickerField):
                field.user = user
                field.widget.label_for = self.person_label

    def person_label(self, value: str) -> str | None:
        """The picked person as the user sees them (ID number masked)."""
        person = _person_visible(self.user, value)
        return selectors.person_label(person) if person is not None else None

    def house_label(self, code: str) -> str | None:
        """The picked house as the user sees it (only a house in their scope is named)."""
        house = (
            House.objects.visible_to(self.user)
            .filter(code=normalize_code(code))
            .select_related("grid")
            .first()
        )
        return selectors.house_label(house) if house is not None else None

    def house_by_code(self, code: str) -> House | None:
        if not code:
            return None
        house = House.objects.visible_to(self.user).filter(code=normalize_code(code)).first()
        if house is None:
            raise forms.ValidationError(f"房屋编号“{code}”不存在或不在您的管辖范围内")
        return house

    def person_by_id_number(self, raw: str) -> Person:
        term = selectors.search_term(raw)
        person = None
        if term.kind == "id":
            person = Person.objects.visible_to(self.user).filter(id_number=term.value).first()
        if person is None:
            raise forms.ValidationError("未找到该身份证号码的人员（或不在您的管辖范围内），请先登记人员")
        return person


PersonPickForm = ScopedForm  # the base of another app's form with a PersonPickerField


class PersonForm(ScopedForm):
    id_number = forms.CharField(label="身份证号码", max_length=30)
    name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(
        label="性别（可不填，按身份证号码）", choices=[("", "—"), *Gender.choices], required=False
    )
    birth_date = forms.DateField(label="出生日期（可不填）", required=False, widget=_DATE)
    ethnicity = forms.CharField(label="民族", max_length=20, initial="汉族", required=False)
    phone = PhoneField(label="联系电话", max_length=20, required=False)
    hukou_region = RegionCodeField(label="户籍地", levels=HUKOU_LEVELS, anywhere=True, required=False)
    hukou_address = forms.CharField(label="户籍地址", max_length=200, required=False)
    residence_house = HouseCodeField(label="居住房屋", required=False)
    region = RegionCodeField(label="管理网格/社区（无居住房屋时）", levels=MANAGED_LEVELS, required=False)
    residence_permit_no = forms.CharField(label="居住证号", max_length=30, required=False)
    residence_permit_until = forms.DateField(label="居住证有效期至", required=False, widget=_DATE)

    def clean_residence_house(self) -> House | None:
        return self.house_by_code(self.cleaned_data["residence_house"])


class PersonEditForm(PersonForm):
    """Editing never shows the full ID number or phone (that would be an unaudited reveal): the fields
    start empty and are changed only when something is typed."""

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        initial = {
            "name": person.name,
            "ethnicity": person.ethnicity,
            "hukou_region": person.hukou_region.code if person.hukou_region else "",
            "hukou_address": person.hukou_address,
            "residence_house": person.residence_house.code if person.residence_house else "",
            "region": person.region.code,
            "residence_permit_no": person.residence_permit_no,
            "residence_permit_until": person.residence_permit_until,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["id_number"].required = False
        self.fields["id_number"].help_text = "不修改请留空"
        self.fields["phone"].help_text = "不修改请留空"

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for field in ("id_number", "phone", "gender", "birth_date"):
            if not data.get(field):
                data.pop(field, None)
        if data.get("residence_house") is not None or data.get("region") is None:
            data.pop("region", None)
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="新状态",
        choices=[(s.value, s.label) for s in Person.Status if s != Person.Status.MERGED],
    )
    date = forms.DateField(label="变更日期", widget=_DATE)
    reason = forms.CharField(label="原因", max_length=200)


class MoveHouseForm(ScopedForm):
    house = HouseCodeField(label="新居住房屋（留空表示无居住房屋）", required=False)

    def clean_house(self) -> House | None:
        return self.house_by_code(self.cleaned_data["house"])


class HouseholdForm(forms.Form):
    number = forms.CharField(label="户号", max_length=32)
    kind = forms.ChoiceField(label="城乡类别", choices=UrbanRural.choices)
    hukou_region = RegionCodeField(label="户籍地", levels=HUKOU_LEVELS, anywhere=True)
    address = forms.CharField(label="户籍地址", max_length=200, required=False)
    region = RegionCodeField(label="管理网格/社区（不填则随户主）", levels=MANAGED_LEVELS, required=False)


class MemberAddForm(ScopedForm):
    id_number = forms.CharField(label="成员身份证号码", max_length=30)
    relation = forms.ChoiceField(label="与户主关系", choices=Relation.choices)
    start_date = forms.DateField(label="入户日期", widget=_DATE)
    move = forms.BooleanField(label="从原户迁入（结束其在原户的成员记录）", required=False)

    def clean_id_number(self) -> Person:
        return self.person_by_id_number(self.cleaned_data["id_number"])


class MemberRemoveForm(forms.Form):
    end_date = forms.DateField(label="离户日期", widget=_DATE)
    reason = forms.CharField(label="离户原因", max_length=100)


class SetHeadForm(forms.Form):
    old_head_relation = forms.ChoiceField(
        label="原户主与新户主的关系",
        choices=[c for c in Relation.choices if c[0] != Relation.HEAD],
        initial=Relation.OTHER_RELATIVE,
    )


class HouseForm(forms.Form):
    code = forms.CharField(label="房屋编号", max_length=32)
    address = forms.CharField(label="地址", max_length=200)
    grid = RegionCodeField(label="所属网格", levels=(Level.GRID,))
    house_type = forms.ChoiceField(label="房屋类型", choices=House.Type.choices)
    use = forms.ChoiceField(label="房屋用途", choices=House.Use.choices)
    area = forms.DecimalField(label="建筑面积(㎡)", max_digits=8, decimal_places=2, required=False)


class DismissForm(forms.Form):
    note = forms.CharField(label="说明", max_length=200, required=False)
