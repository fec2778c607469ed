"""Geometry the independent sets need, written here rather than borrowed from the hub.

The sets must not lean on the code they measure: if the hub's coordinate conversion or cell
lookup were wrong, a set built with them would agree with the mistake. So the GCJ-02 and
BD-09 forward transforms (the published closed forms phone maps apply) and the cell lookup
(the demo's cells are axis-aligned rectangles) are computed here from first principles.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0
METRES_PER_DEGREE_LAT = 111_320.0

Point = tuple[float, float]


def metres_per_degree_lon(lat: float) -> float:
    return METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))


def shifted(point: Point, east_m: float, north_m: float) -> Point:
    lon, lat = point
    return (lon + east_m / metres_per_degree_lon(lat), lat + north_m / METRES_PER_DEGREE_LAT)


def distance_m(a: Point, b: Point) -> float:
    mid = (a[1] + b[1]) / 2
    dx = (a[0] - b[0]) * metres_per_degree_lon(mid)
    dy = (a[1] - b[1]) * METRES_PER_DEGREE_LAT
    return math.hypot(dx, dy)


def _gcj_dlat(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2 / 3
    return value


def _gcj_dlon(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    return value


def wgs84_to_gcj02(point: Point) -> Point:
    """What a phone map (AMap, Tencent) shows for a WGS-84 position inside China."""
    lon, lat = point
    dlat = _gcj_dlat(lon - 105.0, lat - 35.0)
    dlon = _gcj_dlon(lon - 105.0, lat - 35.0)
    radlat = math.radians(lat)
    magic = 1 - _KRASOVSKY_EE * math.sin(radlat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_KRASOVSKY_A * (1 - _KRASOVSKY_EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_KRASOVSKY_A / sqrt_magic * math.cos(radlat) * math.pi)
    return (lon + dlon, lat + dlat)


def gcj02_to_bd09(point: Point) -> Point:
    """What Baidu maps shows for a GCJ-02 position."""
    x, y = point
    z = math.sqrt(x * x + y * y) + 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) + 0.000003 * math.cos(x * _X_PI)
    return (z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006)


def as_crs(point: Point, crs: str) -> Point:
    """A WGS-84 point as a device using ``crs`` would report it, rounded as devices do."""
    if crs == "wgs84":
        out = point
    elif crs == "gcj02":
        out = wgs84_to_gcj02(point)
    elif crs == "bd09":
        out = gcj02_to_bd09(wgs84_to_gcj02(point))
    else:
        raise ValueError(f"unknown coordinate system {crs!r}")
    return (round(out[0], 6), round(out[1], 6))


@dataclass(frozen=True)
class Box:
    code: str
    west: float
    south: float
    east: float
    north: float

    def contains(self, point: Point) -> bool:
        return self.west <= point[0] <= self.east and self.south <= point[1] <= self.north

    def edge_distance_m(self, point: Point) -> float:
        """How far inside the box the point is (metres to the nearest edge)."""
        lon, lat = point
        k = metres_per_degree_lon(lat)
        return min(
            (lon - self.west) * k,
            (self.east - lon) * k,
            (lat - self.south) * METRES_PER_DEGREE_LAT,
            (self.north - lat) * METRES_PER_DEGREE_LAT,
        )


class BoxIndex:
    """Which rectangle holds a point: a plain scan over a coarse bucket grid."""

    def __init__(self, boxes: Iterable[Box], bucket_deg: float = 0.02) -> None:
        self.bucket = bucket_deg
        self.buckets: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            for i in range(self._i(box.west), self._i(box.east) + 1):
                for j in range(self._i(box.south), self._i(box.north) + 1):
                    self.buckets.setdefault((i, j), []).append(box)

    def _i(self, value: float) -> int:
        return math.floor(value / self.bucket)

    def locate(self, point: Point) -> Box | None:
        """The box whose interior holds the point best (the one it is deepest inside)."""
        inside = [
            b
            for b in self.buckets.get((self._i(point[0]), self._i(point[1])), [])
            if b.contains(point)
        ]
        if not inside:
            return None
        return max(inside, key=lambda b: (b.edge_distance_m(point), b.code))
