"""Grid boundaries: GeoJSON checking, bounding boxes and "which grid is this point in".

Boundaries are GeoJSON geometries (RFC 7946: Polygon or MultiPolygon, positions [longitude, latitude]
in WGS84). No GIS extension is needed for one city: an indexed bounding-box pre-filter finds the few
candidate grids, then a ray-casting test decides (holes honoured).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from minzheng.core.errors import DomainError

Ring = list[list[float]]


class BoundaryError(DomainError):
    """A boundary that is not a usable GeoJSON polygon; ``message`` is Chinese."""


@dataclass(frozen=True)
class BBox:
    min_lat: float
    max_lat: float
    min_long: float
    max_long: float


def boundary_check(geometry: Any) -> dict[str, Any]:
    """Accept a Polygon or MultiPolygon geometry (or a Feature holding one); return the geometry."""
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise BoundaryError("边界须为 GeoJSON 的 Polygon 或 MultiPolygon", field="boundary")
    polygons = _polygons(geometry)
    if not polygons:
        raise BoundaryError("边界没有任何多边形", field="boundary")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise BoundaryError("多边形须至少有一个外环", field="boundary")
        for ring in polygon:
            _ring_check(ring)
    return {"type": geometry["type"], "coordinates": geometry["coordinates"]}


def _ring_check(ring: Any) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise BoundaryError("每个环至少4个坐标点（首尾相同）", field="boundary")
    for point in ring:
        if (
            not isinstance(point, list | tuple)
            or len(point) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point[:2])
        ):
            raise BoundaryError(f"坐标点 {point!r} 不是 [经度, 纬度]", field="boundary")
        long, lat = point[0], point[1]
        if not (-180 <= long <= 180 and -90 <= lat <= 90):
            raise BoundaryError(f"坐标点 {point!r} 超出经纬度范围（应为 [经度, 纬度]）", field="boundary")
    if list(ring[0][:2]) != list(ring[-1][:2]):
        raise BoundaryError("环的首尾坐标须相同（闭合）", field="boundary")
    if len({(p[0], p[1]) for p in ring[:-1]}) < 3:
        raise BoundaryError("边界至少要有3个不同的顶点", field="boundary")
    crossing = _ring_crossing(ring)
    if crossing is not None:
        long, lat = crossing
        raise BoundaryError(
            f"边界自相交（约在经度 {long:.5f}、纬度 {lat:.5f} 处），请重新绘制为不交叉的多边形",
            field="boundary",
        )
    area = sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))
    if area == 0:
        raise BoundaryError("边界的顶点在一条直线上，围不成面积", field="boundary")


def _ring_crossing(ring: Ring) -> tuple[float, float] | None:
    """A point where two non-adjacent edges of the ring cross (a "bow tie"), or None. Pairs of edges whose
    bounding boxes are apart are skipped; a boundary has at most a few thousand points."""
    edges = [(ring[i][:2], ring[i + 1][:2]) for i in range(len(ring) - 1)]
    n = len(edges)
    boxes = [(min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])) for a, b in edges]
    for i in range(n):
        a, b = edges[i]
        bi = boxes[i]
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue  # the closing edge shares the first point
            bj = boxes[j]
            if bj[0] > bi[1] or bj[1] < bi[0] or bj[2] > bi[3] or bj[3] < bi[2]:
                continue
            point = _segments_cross(a, b, *edges[j])
            if point is not None:
                return point
    return None


def _segments_cross(
    a: list[float], b: list[float], c: list[float], d: list[float]
) -> tuple[float, float] | None:
    """The crossing point of segments ab and cd when they properly cross or touch (collinear overlaps
    included), else None."""

    def orient(p: list[float], q: list[float], r: list[float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    def on(p: list[float], q: list[float], r: list[float]) -> bool:
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])

    d1, d2, d3, d4 = orient(c, d, a), orient(c, d, b), orient(a, b, c), orient(a, b, d)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        t = d1 / (d1 - d2)
        return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    for value, p, q, r in ((d1, c, d, a), (d2, c, d, b), (d3, a, b, c), (d4, a, b, d)):
        if value == 0 and on(p, q, r):
            return (r[0], r[1])
    return None


def _polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list):
        raise BoundaryError("边界缺少坐标", field="boundary")
    return [coordinates] if geometry["type"] == "Polygon" else coordinates


def boundary_bbox(geometry: dict[str, Any]) -> BBox:
    points = [p for polygon in _polygons(geometry) for p in polygon[0]]
    longs = [p[0] for p in points]
    lats = [p[1] for p in points]
    return BBox(min(lats), max(lats), min(longs), max(longs))


def _in_ring(long: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and long < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def boundary_contains(geometry: dict[str, Any], *, lat: float, long: float) -> bool:
    """Is the point inside the geometry (inside an outer ring and in none of its holes)?"""
    for polygon in _polygons(geometry):
        if _in_ring(long, lat, polygon[0]) and not any(_in_ring(long, lat, hole) for hole in polygon[1:]):
            return True
    return False


def rectangle(*, min_lat: float, max_lat: float, min_long: float, max_long: float) -> dict[str, Any]:
    """A rectangular Polygon (used for generated demo boundaries)."""
    ring = [
        [min_long, min_lat],
        [max_long, min_lat],
        [max_long, max_lat],
        [min_long, max_lat],
        [min_long, min_lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


class GridIndex:
    """Many points to place at once (bulk intake): the bounded grids bucketed by 0.01° cells of their
    bounding boxes, so each point is tested against the few grids whose box covers its cell."""

    CELL = 0.01

    def __init__(self, grids: list[tuple[int, dict[str, Any], BBox]]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[int, dict[str, Any], BBox]]] = {}
        for item in sorted(grids, key=lambda g: g[0]):
            box = item[2]
            for i in range(self._key(box.min_lat), self._key(box.max_lat) + 1):
                for j in range(self._key(box.min_long), self._key(box.max_long) + 1):
                    self._cells.setdefault((i, j), []).append(item)

    def _key(self, value: float) -> int:
        return int(value // self.CELL)

    def locate(self, *, lat: float, long: float) -> int | None:
        """The id (as given) of the first grid whose boundary contains the point, or None."""
        for ident, geometry, box in self._cells.get((self._key(lat), self._key(long)), ()):
            inside_box = box.min_lat <= lat <= box.max_lat and box.min_long <= long <= box.max_long
            if inside_box and boundary_contains(geometry, lat=lat, long=long):
                return ident
        return None
