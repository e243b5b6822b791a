from __future__ import annotations

from ninja import Router, Schema

from minzheng.core import selectors
from minzheng.core.models import Region
from minzheng.core.web import StaffRequest

router = Router(tags=["区划与账号"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    generated: bool
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent.code if obj.parent is not None else None


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    region: RegionOut


@router.get("/me", response=MeOut, summary="当前用户")
def me(request: StaffRequest) -> object:
    return request.user


@router.get("/regions/{code}", response=RegionOut, summary="区划详情")
def region_detail(request: StaffRequest, code: str) -> Region:
    return selectors.region_get(user=request.user, code=code)


@router.get("/regions/{code}/children", response=list[RegionOut], summary="下级区划")
def region_children(request: StaffRequest, code: str) -> list[Region]:
    region = selectors.region_get(user=request.user, code=code)
    return list(selectors.region_children(user=request.user, region=region).select_related("parent"))
