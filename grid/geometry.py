"""Point-in-polygon over the grid cells, with a deterministic answer on shared edges."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import shapely
from shapely import STRtree

from grid.model import Cell, Point


class CellLocator:
    """Finds the grid cell a WGS-84 point lies in.

    A point on an edge or corner shared by several cells belongs to the cell with the
    smallest code, so the same point always lands in the same cell, whatever the order the
    cells were loaded in.
    """

    def __init__(self, cells: Iterable[Cell]) -> None:
        ordered = sorted(cells, key=lambda c: c.code)
        self._codes = [c.code for c in ordered]
        self._polygons = [shapely.Polygon(c.ring) for c in ordered]
        self._tree = STRtree(self._polygons)

    def locate(self, lon: float, lat: float) -> str | None:
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        if len(hits) == 0:
            return None
        return self._codes[int(min(hits))]  # codes are sorted, so the smallest index wins

    def locate_many(self, points: Sequence[Point]) -> list[str | None]:
        """Bulk lookup: one tree query for all points (much faster than one by one)."""
        found: list[str | None] = [None] * len(points)
        if not points:
            return found
        geometries = shapely.points(list(points))
        point_index, cell_index = self._tree.query(geometries, predicate="intersects")
        for p, c in zip(point_index.tolist(), cell_index.tolist(), strict=True):
            current = found[p]
            if current is None or self._codes[c] < current:
                found[p] = self._codes[c]
        return found


def intersection_point(a: Sequence[Point], b: Sequence[Point]) -> Point | None:
    """Where two road centre lines cross (the first crossing if several), or None."""
    if len(a) < 2 or len(b) < 2:
        return None
    crossing = shapely.LineString(a).intersection(shapely.LineString(b))
    if crossing.is_empty:
        return None
    point = crossing if crossing.geom_type == "Point" else crossing.representative_point()
    return (point.x, point.y)
