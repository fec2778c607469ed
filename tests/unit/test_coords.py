"""Coordinate conversion and metre offsets (grid/coords.py)."""

from __future__ import annotations

import pytest

from grid.coords import distance_m, gcj02_to_wgs84, offset, outside_china, wgs84_to_gcj02

# A grid of points over Rushan (WGS-84), corners included.
RUSHAN = [(121.25 + 0.1 * i, 36.75 + 0.08 * j) for i in range(7) for j in range(6)]


@pytest.mark.parametrize("point", RUSHAN)
def test_gcj02_round_trip_returns_the_point(point: tuple[float, float]) -> None:
    back = gcj02_to_wgs84(*wgs84_to_gcj02(*point))
    assert back[0] == pytest.approx(point[0], abs=1e-6)
    assert back[1] == pytest.approx(point[1], abs=1e-6)


@pytest.mark.parametrize("point", RUSHAN)
def test_the_gcj02_offset_around_rushan_is_hundreds_of_metres(
    point: tuple[float, float],
) -> None:
    shifted = wgs84_to_gcj02(*point)
    assert 100.0 < distance_m(point, shifted) < 1000.0
    # The inverse really undoes the shift: a GCJ-02 point is not its own WGS-84 point.
    assert distance_m(gcj02_to_wgs84(*point), point) > 100.0


@pytest.mark.parametrize(
    "point",
    [(2.3522, 48.8566), (-74.006, 40.7128), (139.6917, 35.6895), (151.2093, -33.8688)],
    ids=["paris", "new-york", "tokyo", "sydney"],
)
def test_points_outside_china_are_unchanged(point: tuple[float, float]) -> None:
    assert outside_china(*point)
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


def test_rushan_is_inside_china() -> None:
    assert not outside_china(121.55, 36.95)


@pytest.mark.parametrize(
    ("east", "north"),
    [(100.0, 0.0), (0.0, 100.0), (-250.0, 0.0), (0.0, -40.0), (300.0, 400.0), (-1000.0, 700.0)],
)
def test_offset_moves_by_the_given_metres(east: float, north: float) -> None:
    start = (121.55, 36.95)
    moved = offset(*start, east, north)
    assert distance_m(start, moved) == pytest.approx((east**2 + north**2) ** 0.5, abs=1.0)
    # ... and in the right direction.
    assert (moved[0] > start[0]) == (east > 0) or east == 0
    assert (moved[1] > start[1]) == (north > 0) or north == 0
    if east == 0:
        assert moved[0] == start[0]
    if north == 0:
        assert moved[1] == start[1]


def test_offset_by_nothing_stays_put() -> None:
    assert offset(121.55, 36.95, 0.0, 0.0) == (121.55, 36.95)


def test_distance_is_symmetric_and_plausible() -> None:
    a, b = (121.5, 36.9), (121.5, 37.0)
    assert distance_m(a, b) == distance_m(b, a)
    assert distance_m(a, b) == pytest.approx(11_132.0, rel=0.01)  # 0.1 degree of latitude
    assert distance_m(a, a) == 0.0
