"""What the place-name services share: the scope check and the GeoJSON check."""

from __future__ import annotations

import json
from decimal import Decimal

from minzheng.core.models import Region, User
from minzheng.core.scope import region_within_scope
from minzheng.placenames.errors import PlacenamesError

GEOMETRY_TYPES = {"Point": "点", "LineString": "线", "MultiLineString": "多段线"}
# Haikou and around (a point outside is a typing error: 经纬度 swapped, or another city's)
LNG_RANGE, LAT_RANGE = (Decimal("109.5"), Decimal("111.2")), (Decimal("19.3"), Decimal("20.3"))


def scope_check(actor: User | None, region: Region, what: str) -> None:
    if actor is not None and not region_within_scope(actor, region):
        raise PlacenamesError(f"“{region.name}”不在您的管辖范围内，不能{what}", field="region")


def point_check(lat: Decimal, lng: Decimal) -> None:
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1]) or not (LNG_RANGE[0] <= lng <= LNG_RANGE[1]):
        raise PlacenamesError(f"坐标（纬度{lat}，经度{lng}）不在本市范围内，请检查是否填反", field="lat")


def geometry_clean(text: str) -> str:
    """A GeoJSON geometry (a Point, LineString or MultiLineString in WGS-84 longitude/latitude) within the
    city, or "" — returned compact."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        geometry = json.loads(text)
    except ValueError:
        raise PlacenamesError("位置不是有效的GeoJSON", field="geometry") from None
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in GEOMETRY_TYPES:
        raise PlacenamesError("位置只能是点（Point）或线（LineString、MultiLineString）", field="geometry")
    coords = geometry.get("coordinates")
    points = (
        [coords]
        if kind == "Point"
        else coords
        if kind == "LineString"
        else [p for line in coords or [] for p in line]
    )
    try:
        pairs = [(Decimal(str(p[0])), Decimal(str(p[1]))) for p in points]
    except (TypeError, IndexError, ArithmeticError, ValueError):
        raise PlacenamesError("位置的坐标格式不正确（应为[经度, 纬度]）", field="geometry") from None
    if not pairs or (kind != "Point" and len(pairs) < 2):
        raise PlacenamesError("线状位置至少需要两个点", field="geometry")
    for lng, lat in pairs:
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1]) or not (LNG_RANGE[0] <= lng <= LNG_RANGE[1]):
            raise PlacenamesError(
                f"位置坐标[{lng}, {lat}]不在本市范围内（应为[经度, 纬度]）", field="geometry"
            )
    return json.dumps({"type": kind, "coordinates": coords}, separators=(",", ":"))
