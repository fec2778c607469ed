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
        for polygon in self._polygons:
            shapely.prepare(polygon)
        self._tree = STRtree(self._polygons)
        self._index = {code: i for i, code in enumerate(self._codes)}
        self._neighbours: dict[str, tuple[str, ...]] = {}
        self._build_buckets()

    def _build_buckets(self) -> None:
        """A coarse grid of bounding boxes, for single lookups without building a Point:
        a bucket lists (in code order) the cells whose box touches it, edges included."""
        if not self._polygons:
            self._buckets: dict[tuple[int, int], list[int]] = {}
            self._origin, self._step = (0.0, 0.0), (1.0, 1.0)
            return
        west, south, east, north = shapely.total_bounds(self._polygons).tolist()
        side = max(1, int(len(self._polygons) ** 0.5))
        self._origin = (west, south)
        self._step = ((east - west) / side or 1.0, (north - south) / side or 1.0)
        self._buckets = {}
        for index, polygon in enumerate(self._polygons):
            x0, y0, x1, y1 = polygon.bounds
            (i0, j0), (i1, j1) = self._bucket(x0, y0), self._bucket(x1, y1)
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    self._buckets.setdefault((i, j), []).append(index)

    def _bucket(self, lon: float, lat: float) -> tuple[int, int]:
        return (
            int((lon - self._origin[0]) // self._step[0]),
            int((lat - self._origin[1]) // self._step[1]),
        )

    def neighbours(self, code: str) -> tuple[str, ...]:
        """Cells that share an edge or a corner with the cell (code order)."""
        cached = self._neighbours.get(code)
        if cached is None:
            index = self._index.get(code)
            if index is None:
                return ()
            hits = self._tree.query(self._polygons[index], predicate="intersects")
            cached = tuple(sorted(self._codes[int(i)] for i in hits if int(i) != index))
            self._neighbours[code] = cached
        return cached

    def locate(self, lon: float, lat: float) -> str | None:
        for index in self._buckets.get(self._bucket(lon, lat), ()):
            # Candidates are in code order: the first hit is the smallest code.
            if shapely.intersects_xy(self._polygons[index], lon, lat):
                return self._codes[index]
        return None

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
