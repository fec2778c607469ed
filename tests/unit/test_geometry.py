"""Point-in-polygon over grid cells (grid/geometry.py): shared edges go to the smallest code."""

from __future__ import annotations

import itertools
import random

import pytest

from grid.geometry import CellLocator, intersection_point
from grid.model import Cell, Point


def square(code: str, west: float, south: float, size: float = 1.0) -> Cell:
    east, north = west + size, south + size
    ring = ((west, south), (east, south), (east, north), (west, north), (west, south))
    return Cell(code=code, name=f"cell {code}", community=code[:-2], ring=ring)


# A 2 x 2 block of unit squares with their lower-left corners at (0,0), (1,0), (0,1), (1,1).
CORNERS = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0))
CODES = ("37108300100101", "37108300100102", "37108300100103", "37108300100104")


def block(codes: tuple[str, ...]) -> list[Cell]:
    """The four squares, the i-th code given to the i-th corner."""
    return [square(code, *corner) for code, corner in zip(codes, CORNERS, strict=True)]


@pytest.mark.parametrize("codes", list(itertools.permutations(CODES)))
def test_a_shared_corner_goes_to_the_smallest_code_whatever_the_order(
    codes: tuple[str, ...],
) -> None:
    cells = block(codes)
    for order in (cells, list(reversed(cells)), random.Random(7).sample(cells, len(cells))):
        locator = CellLocator(order)
        assert locator.locate(1.0, 1.0) == min(CODES)


@pytest.mark.parametrize("codes", list(itertools.permutations(CODES)))
def test_a_shared_edge_goes_to_the_smaller_of_its_two_cells(codes: tuple[str, ...]) -> None:
    cells = block(codes)
    by_corner = dict(zip(CORNERS, codes, strict=True))
    edges = {  # a point on each inner edge -> the two cells sharing it
        (1.0, 0.5): (by_corner[(0.0, 0.0)], by_corner[(1.0, 0.0)]),
        (1.0, 1.5): (by_corner[(0.0, 1.0)], by_corner[(1.0, 1.0)]),
        (0.5, 1.0): (by_corner[(0.0, 0.0)], by_corner[(0.0, 1.0)]),
        (1.5, 1.0): (by_corner[(1.0, 0.0)], by_corner[(1.0, 1.0)]),
    }
    for order in (cells, list(reversed(cells))):
        locator = CellLocator(order)
        for (lon, lat), sharing in edges.items():
            assert locator.locate(lon, lat) == min(sharing)


def test_interior_and_outer_edge_points_belong_to_their_only_cell() -> None:
    codes = ("37108300100104", "37108300100101", "37108300100103", "37108300100102")
    locator = CellLocator(block(codes))
    for (west, south), code in zip(CORNERS, codes, strict=True):
        assert locator.locate(west + 0.5, south + 0.5) == code
    assert locator.locate(0.0, 0.5) == codes[0]  # outer edge: one cell only
    assert locator.locate(2.0, 2.0) == codes[3]  # outer corner


@pytest.mark.parametrize("point", [(-0.1, 0.5), (2.5, 2.5), (1.0, -0.001), (1.0, 2.0001)])
def test_a_point_outside_every_cell_is_none(point: Point) -> None:
    assert CellLocator(block(CODES)).locate(*point) is None


def test_locate_many_agrees_with_locate() -> None:
    codes = ("37108300100103", "37108300100101", "37108300100104", "37108300100102")
    cells = block(codes)
    # Also a distant cell, so some points fall in no cell and the tree has gaps.
    cells.append(square("37108300200101", 5.0, 5.0))
    locator = CellLocator(cells)
    rng = random.Random(11)
    points: list[Point] = [(rng.uniform(-0.5, 6.5), rng.uniform(-0.5, 6.5)) for _ in range(300)]
    points += [(x / 2, y / 2) for x in range(-1, 14) for y in range(-1, 14)]  # edges, corners
    expected = [locator.locate(*p) for p in points]
    assert locator.locate_many(points) == expected
    assert any(code is None for code in expected)
    assert len({code for code in expected if code}) == 5


def test_locate_many_of_nothing() -> None:
    assert CellLocator(block(CODES)).locate_many([]) == []


def test_an_empty_locator_finds_nothing() -> None:
    locator = CellLocator([])
    assert locator.locate(0.5, 0.5) is None
    assert locator.locate_many([(0.5, 0.5)]) == [None]


def test_intersection_point_of_two_crossing_lines() -> None:
    east_west = ((121.5, 36.9), (121.7, 36.9))
    north_south = ((121.6, 36.8), (121.6, 37.0))
    crossing = intersection_point(east_west, north_south)
    assert crossing is not None
    assert crossing == pytest.approx((121.6, 36.9))
    assert intersection_point(north_south, east_west) == pytest.approx((121.6, 36.9))


def test_intersection_point_of_two_diagonals() -> None:
    crossing = intersection_point(((0.0, 0.0), (2.0, 2.0)), ((0.0, 2.0), (2.0, 0.0)))
    assert crossing == pytest.approx((1.0, 1.0))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (((0.0, 0.0), (2.0, 0.0)), ((0.0, 1.0), (2.0, 1.0))),  # parallel
        (((0.0, 0.0), (2.0, 2.0)), ((0.0, 1.0), (2.0, 3.0))),  # parallel diagonals
        (((0.0, 0.0), (1.0, 0.0)), ((2.0, -1.0), (2.0, 1.0))),  # would cross if longer
        (((0.0, 0.0),), ((0.0, -1.0), (0.0, 1.0))),  # not a line
        ((), ((0.0, -1.0), (0.0, 1.0))),
    ],
    ids=["parallel", "parallel-diagonals", "too-short", "one-point", "empty"],
)
def test_lines_that_do_not_cross_have_no_intersection(
    a: tuple[Point, ...], b: tuple[Point, ...]
) -> None:
    assert intersection_point(a, b) is None
