"""JSON API of the registry: /api/v1/persons, /households, /houses (django-ninja, in the OpenAPI document).

The same selectors and services as the pages, so the same data scope (outside it: 404), permissions
(403) and audit. ID numbers and phones are always masked; ``POST /persons/{id}/reveal`` returns them to a
user with the right to see them and is audited. A refused write is the API's shared refusal
(``config/api.py``: 422 ``{"field", "message"}``, the message in Chinese). Inputs are plain strings where a
bad value is likely (dates, codes, choices) so that the service, not the JSON parser, explains what is
wrong in Chinese; the fields a service needs are required in the schema.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from minzheng.core import selectors as core_selectors
from minzheng.core.api import InputSchema, keyset_list, responses
from minzheng.core.masking import mask_citizen_id, mask_phone
from minzheng.core.models import Region
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.core.web import StaffRequest
from minzheng.registry import selectors, services
from minzheng.registry.models import House, Household, Membership, Person
from minzheng.registry.services import RegistryError

router = Router(tags=["人房信息"])

MAX_LIMIT = 200


def _api(func: Callable[..., Any]) -> Callable[..., Any]:
    """Registry roles only (403). A service's refusal (422), a permission refusal (403) and an
    out-of-scope record (404) are answered by the API's handlers (``config/api.py``)."""

    @functools.wraps(func)
    def wrapper(request: StaffRequest, *args: Any, **kwargs: Any) -> Any:
        if not selectors.registry_readable(request.user):
            raise PermissionDenied("您的角色不查阅人房信息")
        return func(request, *args, **kwargs)

    return wrapper


class ListFilter(Schema):
    q: str = Field(
        "", description="姓名、拼音首字母、身份证号码或至少4位尾号（户：户号或户主姓名；房屋：编号或地址）"
    )
    region: str | None = Field(None, description="区划/网格代码：只列此区划内的记录")
    after: int | None = Field(None, description="上一页最后一条的 id（键集分页）")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


def _region(user: Any, code: str | None) -> Region | None:
    return core_selectors.region_get(user=user, code=code) if code else None


def _parse_date(value: str | None, *, field: str, label: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise RegistryError(f"{label}“{value}”不是有效日期（格式：2020-01-31）", field=field) from exc


def _region_input(code: str | None, *, field: str) -> Region | None:
    if not code:
        return None
    region = selectors.region_by_code(code)
    if region is None:
        raise RegistryError(f"区划代码“{code}”不存在", field=field)
    return region


def _house_input(user: Any, pk: int | None) -> House | None:
    if pk is None:
        return None
    try:
        return access_scoped(user, House, pk, label="房屋")
    except OutOfScopeError as exc:
        raise RegistryError(str(exc), field="residence_house") from exc


# --- persons ----------------------------------------------------------------------------------------


class PersonItem(Schema):
    id: int
    id_number: str = Field(description="身份证号码（脱敏）")
    name: str
    gender: str
    birth_date: date
    region_code: str
    region_name: str
    status: str

    @staticmethod
    def resolve_id_number(obj: Person) -> str:
        return mask_citizen_id(obj.id_number)

    @staticmethod
    def resolve_region_code(obj: Person) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Person) -> str:
        return obj.region.name


class PersonOut(PersonItem):
    ethnicity: str
    phone: str = Field(description="联系电话（脱敏）")
    hukou_region_code: str | None
    hukou_address: str
    residence_house_id: int | None
    residence_permit_no: str
    residence_permit_until: date | None
    status_date: date | None
    merged_into_id: int | None
    household_id: int | None = Field(None, description="现所在户")
    relation: str | None = Field(None, description="与户主关系（GB/T 4761 代码）")

    @staticmethod
    def resolve_phone(obj: Person) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_hukou_region_code(obj: Person) -> str | None:
        return obj.hukou_region.code if obj.hukou_region is not None else None


class PersonPage(Schema):
    items: list[PersonItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class PersonIn(InputSchema):
    id_number: str = Field(description="身份证号码（18位，或15位旧号码）")
    name: str = Field(description="姓名")
    gender: str | None = Field(None, description="M 男 / F 女；可不填，按身份证号码")
    birth_date: str | None = Field(None, description="YYYY-MM-DD；可不填，按身份证号码")
    ethnicity: str = "汉族"
    phone: str = ""
    hukou_region: str | None = Field(None, description="户籍地区划代码")
    hukou_address: str = ""
    residence_house: int | None = Field(None, description="居住房屋 id")
    region: str | None = Field(None, description="管理网格/社区代码（无居住房屋时）")
    residence_permit_no: str = ""
    residence_permit_until: str | None = Field(None, description="YYYY-MM-DD")


class PersonPatch(InputSchema):
    id_number: str | None = None
    name: str | None = None
    ethnicity: str | None = None
    phone: str | None = None
    hukou_region: str | None = None
    hukou_address: str | None = None
    residence_house: int | None = None
    region: str | None = None
    residence_permit_no: str | None = None
    residence_permit_until: str | None = None


class Revealed(Schema):
    id_number: str
    phone: str


def _person_values(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """API strings to service arguments (codes to regions, ids to houses, text to dates)."""
    values = dict(data)
    for field in ("hukou_region", "region"):
        if field in values:
            values[field] = _region_input(values[field], field=field)
    if "residence_house" in values:
        values["residence_house"] = _house_input(user, values["residence_house"])
    labels = {"birth_date": "出生日期", "residence_permit_until": "居住证有效期"}
    for field, label in labels.items():
        if field in values:
            values[field] = _parse_date(values[field], field=field, label=label)
    return values


def _person_out(person: Person) -> Person:
    membership = selectors.person_membership(person=person)
    person.household_id = membership.household_id if membership else None  # type: ignore[attr-defined]
    person.relation = membership.relation if membership else None  # type: ignore[attr-defined]
    return person


def _searched(
    request: StaffRequest,
    filters: ListFilter,
    search: Callable[..., list[Any]],
    audit: Callable[[list[Any]], object] | None = None,
) -> dict[str, Any]:
    """A page of one of the registry's own searches (persons, households, houses): the selector pages itself, in
    its own order and cursor, within the user's scope narrowed to the filter's region."""
    return keyset_list(
        request,
        filters,
        lambda: search(
            user=request.user,
            q=filters.q,
            region=_region(request.user, filters.region),
            after=filters.after,
            limit=filters.limit,
        ),
        capability=None,  # _api: registry_readable
        audit=audit,
    )


@router.get("/persons", response=responses({200: PersonPage}, 403, 404, 422), summary="人员查询（键集分页）")
@_api
def person_list(request: StaffRequest, filters: Query[ListFilter]) -> dict[str, Any]:
    def audit(items: list[Person]) -> None:
        if items:
            services.person_search_log(actor=request.user, q=filters.q, count=len(items))

    return _searched(request, filters, selectors.person_search, audit)


@router.get(
    "/persons/{person_id}",
    response=responses({200: PersonOut}, 403, 404, 422),
    summary="人员详情（查看记入审计）",
)
@_api
def person_detail(request: StaffRequest, person_id: int) -> Person:
    person = selectors.person_get(user=request.user, pk=person_id)
    services.person_view_log(actor=request.user, person=person)
    return _person_out(person)


@router.post(
    "/persons/{person_id}/reveal",
    response=responses({200: Revealed}, 403, 404, 422),
    summary="显示完整身份证号码和电话（需相应权限，记入审计）",
)
@_api
def person_reveal(request: StaffRequest, person_id: int) -> dict[str, str]:
    person = selectors.person_get(user=request.user, pk=person_id)
    return {
        "id_number": services.person_reveal(actor=request.user, person=person, field="id_number"),
        "phone": services.person_reveal(actor=request.user, person=person, field="phone"),
    }


@router.post("/persons", response=responses({201: PersonOut}, 403, 422), summary="登记人员")
@_api
def person_create(request: StaffRequest, payload: PersonIn) -> Status[Person]:
    values = _person_values(request.user, payload.dict())
    person = services.person_create(actor=request.user, **values)
    return Status(201, _person_out(selectors.person_get(user=request.user, pk=person.pk)))


@router.patch("/persons/{person_id}", response=responses({200: PersonOut}, 403, 404, 422), summary="修改人员")
@_api
def person_update(request: StaffRequest, person_id: int, payload: PersonPatch) -> Person:
    person = selectors.person_get(user=request.user, pk=person_id)
    values = _person_values(request.user, payload.dict(exclude_unset=True))
    services.person_update(actor=request.user, person=person, **values)
    return _person_out(selectors.person_get(user=request.user, pk=person_id))


# --- households -------------------------------------------------------------------------------------


class MemberOut(Schema):
    person_id: int
    name: str
    id_number: str = Field(description="身份证号码（脱敏）")
    relation: str
    start_date: date

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.person.name

    @staticmethod
    def resolve_id_number(obj: Membership) -> str:
        return mask_citizen_id(obj.person.id_number)


class HouseholdItem(Schema):
    id: int
    number: str
    kind: str
    head_id: int | None
    head_name: str | None
    hukou_region_code: str
    address: str
    region_code: str

    @staticmethod
    def resolve_head_name(obj: Household) -> str | None:
        return obj.head.name if obj.head is not None else None

    @staticmethod
    def resolve_hukou_region_code(obj: Household) -> str:
        return obj.hukou_region.code

    @staticmethod
    def resolve_region_code(obj: Household) -> str:
        return obj.region.code


class HouseholdOut(HouseholdItem):
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: Household) -> list[Membership]:
        return list(selectors.household_members(household=obj))


class HouseholdPage(Schema):
    items: list[HouseholdItem]
    next_after: int | None


class HouseholdIn(InputSchema):
    number: str = Field(description="户号")
    kind: str = Field(description="urban 城镇 / rural 农村")
    hukou_region: str = Field(description="户籍地区划代码")
    address: str = ""
    region: str | None = Field(None, description="管理网格/社区代码（不填则随户主）")
    head: int | None = Field(None, description="户主的人员 id")
    start_date: str | None = Field(None, description="户主入户日期 YYYY-MM-DD，默认今天")
    move: bool = Field(False, description="户主已在他户时，从原户迁入")


class HouseholdPatch(InputSchema):
    number: str | None = None
    kind: str | None = None
    hukou_region: str | None = None
    address: str | None = None
    region: str | None = None


def _household_values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    for field in ("hukou_region", "region"):
        if field in values:
            values[field] = _region_input(values[field], field=field)
    return values


@router.get(
    "/households", response=responses({200: HouseholdPage}, 403, 404, 422), summary="户查询（键集分页）"
)
@_api
def household_list(request: StaffRequest, filters: Query[ListFilter]) -> dict[str, Any]:
    return _searched(request, filters, selectors.household_search)


@router.get(
    "/households/{household_id}",
    response=responses({200: HouseholdOut}, 403, 404, 422),
    summary="户详情（含现有成员）",
)
@_api
def household_detail(request: StaffRequest, household_id: int) -> Household:
    return selectors.household_get(user=request.user, pk=household_id)


@router.post("/households", response=responses({201: HouseholdOut}, 403, 404, 422), summary="新建户")
@_api
def household_create(request: StaffRequest, payload: HouseholdIn) -> Status[Household]:
    values = _household_values(payload.dict())
    head_pk = values.pop("head")
    values["head"] = selectors.person_get(user=request.user, pk=head_pk) if head_pk else None
    values["start_date"] = _parse_date(values["start_date"], field="start_date", label="入户日期")
    household = services.household_create(actor=request.user, **values)
    return Status(201, selectors.household_get(user=request.user, pk=household.pk))


@router.patch(
    "/households/{household_id}",
    response=responses({200: HouseholdOut}, 403, 404, 422),
    summary="修改户",
)
@_api
def household_update(request: StaffRequest, household_id: int, payload: HouseholdPatch) -> Household:
    household = selectors.household_get(user=request.user, pk=household_id)
    services.household_update(
        actor=request.user, household=household, **_household_values(payload.dict(exclude_unset=True))
    )
    return selectors.household_get(user=request.user, pk=household_id)


# --- houses -----------------------------------------------------------------------------------------


class HouseOut(Schema):
    id: int
    code: str
    address: str
    grid_code: str
    grid_name: str
    house_type: str
    use: str
    area: str | None = Field(None, description="建筑面积（平方米）")

    @staticmethod
    def resolve_grid_code(obj: House) -> str:
        return obj.grid.code

    @staticmethod
    def resolve_grid_name(obj: House) -> str:
        return obj.grid.name

    @staticmethod
    def resolve_area(obj: House) -> str | None:
        return str(obj.area) if obj.area is not None else None


class HousePage(Schema):
    items: list[HouseOut]
    next_after: int | None


class HouseIn(InputSchema):
    code: str = Field(description="房屋编号")
    address: str = Field(description="地址")
    grid: str = Field(description="所属网格代码")
    house_type: str = Field(
        "apartment", description="apartment 楼房 / bungalow 平房 / self_built 自建房 / other 其他"
    )
    use: str = Field("own", description="own 自住 / rented 出租 / mixed 商住两用 / vacant 空置 / other 其他")
    area: str | None = Field(None, description="建筑面积（平方米）")


class HousePatch(InputSchema):
    code: str | None = None
    address: str | None = None
    grid: str | None = None
    house_type: str | None = None
    use: str | None = None
    area: str | None = None


def _house_values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if "grid" in values:
        values["grid"] = _region_input(values["grid"], field="grid")
    return values


@router.get("/houses", response=responses({200: HousePage}, 403, 404, 422), summary="房屋查询（键集分页）")
@_api
def house_list(request: StaffRequest, filters: Query[ListFilter]) -> dict[str, Any]:
    return _searched(request, filters, selectors.house_search)


@router.get("/houses/{house_id}", response=responses({200: HouseOut}, 403, 404, 422), summary="房屋详情")
@_api
def house_detail(request: StaffRequest, house_id: int) -> House:
    return selectors.house_get(user=request.user, pk=house_id)


@router.post("/houses", response=responses({201: HouseOut}, 403, 422), summary="登记房屋")
@_api
def house_create(request: StaffRequest, payload: HouseIn) -> Status[House]:
    house = services.house_create(actor=request.user, **_house_values(payload.dict()))
    return Status(201, selectors.house_get(user=request.user, pk=house.pk))


@router.patch("/houses/{house_id}", response=responses({200: HouseOut}, 403, 404, 422), summary="修改房屋")
@_api
def house_update(request: StaffRequest, house_id: int, payload: HousePatch) -> House:
    house = selectors.house_get(user=request.user, pk=house_id)
    services.house_update(actor=request.user, house=house, **_house_values(payload.dict(exclude_unset=True)))
    return selectors.house_get(user=request.user, pk=house_id)
