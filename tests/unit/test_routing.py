"""Routing over the responsibility list (grid/routing.py) and the organisation graph
(grid/orggraph.py), over the demo registry."""

from __future__ import annotations

import dataclasses

import pytest

from contracts.placement import Placement, PlacementMethod, PlacementStatus, RouteStatus
from grid.categories import CATEGORIES
from grid.model import Registry
from grid.orggraph import OrgGraph
from grid.routing import Router, grid_wildcard
from gridhub.simulator import demo_registry

COUNTY = "371083"
CENTRE = "371083001"  # 城区街道
XIACUN = "371083100"  # 夏村镇


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def router(registry: Registry) -> Router:
    return Router(registry)


@pytest.fixture(scope="module")
def graph(registry: Registry) -> OrgGraph:
    return OrgGraph(registry)


@pytest.fixture(scope="module")
def sample_cells(registry: Registry) -> list[str]:
    """The first and last cell of every township."""
    by_township: dict[str, list[str]] = {}
    for cell in registry.cells:
        by_township.setdefault(cell.code[:9], []).append(cell.code)
    return sorted({c for codes in by_township.values() for c in (codes[0], codes[-1])})


def first_cell(registry: Registry, township: str) -> str:
    return next(c.code for c in registry.cells if c.code.startswith(township))


def test_grid_wildcard() -> None:
    assert grid_wildcard("urban.road_damage") == "urban.*"
    assert grid_wildcard("political_legal.dispute") == "political_legal.*"


@pytest.mark.parametrize("township", [CENTRE, XIACUN, "371083113"])
def test_an_exact_category_line_beats_a_township_family_line(
    township: str, registry: Registry, router: Router
) -> None:
    cell = first_cell(registry, township)
    route = router.route_place(cell, "urban.illegal_construction")
    assert route.status is RouteStatus.ROUTED
    assert route.department_id == f"{COUNTY}-urban"  # the county bureau, wherever it happens
    assert route.department == "乳山市综合行政执法局"
    assert route.time_limit_profile == "complex"
    rule = next(r for r in registry.responsibilities if r.id == route.rule_id)
    assert (rule.category, rule.area) == ("urban.illegal_construction", COUNTY)


def test_a_family_line_of_the_township_beats_the_county_family_line(
    registry: Registry, router: Router
) -> None:
    route = router.route_place(first_cell(registry, CENTRE), "urban.road_damage")
    assert route.status is RouteStatus.ROUTED
    assert route.department_id == f"{CENTRE}-urban"
    rule = next(r for r in registry.responsibilities if r.id == route.rule_id)
    assert (rule.category, rule.area) == ("urban.*", CENTRE)
    team = next(t for t in registry.teams if t.id == route.team_id)
    assert team.department == route.department_id
    assert route.registry_version == registry.version


def test_a_township_urgent_line_routes_to_the_street_office(
    registry: Registry, router: Router
) -> None:
    route = router.route_place(first_cell(registry, XIACUN), "urban.sewer_overflow")
    assert route.department_id == f"{XIACUN}-urban"
    assert route.time_limit_profile == "urgent"


def test_routing_a_division_code_works_like_its_cells(router: Router, registry: Registry) -> None:
    for category in ("urban.road_damage", "market.price", "environment.noise"):
        by_township = router.route_place(CENTRE, category)
        by_cell = router.route_place(first_cell(registry, CENTRE), category)
        assert by_township.department_id == by_cell.department_id
        assert by_township.rule_id == by_cell.rule_id


@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_every_cell_and_category_is_routed(
    category: str, registry: Registry, router: Router
) -> None:
    departments = {d.id: d for d in registry.departments}
    grid = category.split(".", 1)[0]
    for cell in registry.cells[::7]:
        route = router.route_place(cell.code, category)
        assert route.status is RouteStatus.ROUTED, (cell.code, route.reason)
        department = departments[route.department_id or ""]
        assert department.grid == grid
        assert department.area in (COUNTY, cell.code[:9])
        assert route.team_id is not None and route.time_limit_profile is not None


def test_router_and_graph_agree(router: Router, graph: OrgGraph, sample_cells: list[str]) -> None:
    assert len(sample_cells) >= 15
    for cell in sample_cells:
        for category in CATEGORIES:
            route = router.route_place(cell, category)
            handler = graph.handler(category, cell)
            assert handler is not None
            assert handler.id == route.department_id, (cell, category)


def test_chain_above_a_street_office(graph: OrgGraph) -> None:
    chain = graph.chain_above(f"{CENTRE}-urban")
    assert [d.id for d in chain] == [f"{COUNTY}-urban", f"{COUNTY}-CMD"]
    assert chain[-1].grid is None
    assert graph.chain_above(f"{COUNTY}-CMD") == []


def test_chain_above_an_unknown_department(graph: OrgGraph) -> None:
    with pytest.raises(KeyError):
        graph.chain_above("no-such-department")


def test_covering_lists_the_township_before_the_county(graph: OrgGraph, registry: Registry) -> None:
    cell = first_cell(registry, XIACUN)
    covering = graph.covering(cell)
    areas = [d.area for d in covering]
    assert set(areas) == {XIACUN, COUNTY}
    first_county = areas.index(COUNTY)
    assert all(area == XIACUN for area in areas[:first_county])
    assert all(area == COUNTY for area in areas[first_county:])
    ids = {d.id for d in covering}
    for grid in ("political_legal", "environment", "market", "urban"):
        assert f"{XIACUN}-{grid}" in ids and f"{COUNTY}-{grid}" in ids
    assert f"{COUNTY}-CMD" in ids


def test_workers_of_a_cell(graph: OrgGraph, registry: Registry) -> None:
    cell = registry.cells[0].code
    expected = sorted(w.id for w in registry.workers if w.cell == cell)
    assert expected
    assert graph.workers_of(cell) == expected


def test_an_unplaced_placement_is_unrouted(router: Router, registry: Registry) -> None:
    placement = Placement(
        status=PlacementStatus.UNPLACED,
        confidence=0.0,
        method=PlacementMethod.NONE,
        reasons=["no place name of the registry found in the text"],
        registry_version=registry.version,
    )
    route = router.route(placement, "urban.road_damage")
    assert route.status is RouteStatus.UNROUTED
    assert route.reason
    assert route.department_id is None and route.rule_id is None
    assert route.registry_version == registry.version


def test_a_partial_placement_is_routed_by_its_township(router: Router, registry: Registry) -> None:
    placement = Placement(
        status=PlacementStatus.PARTIAL,
        township=XIACUN,
        confidence=0.4,
        method=PlacementMethod.TEXT,
        registry_version=registry.version,
    )
    route = router.route(placement, "urban.road_damage")
    assert route.status is RouteStatus.ROUTED
    assert route.department_id == f"{XIACUN}-urban"


def test_a_category_no_line_covers_is_unrouted(registry: Registry) -> None:
    without_market = dataclasses.replace(
        registry,
        responsibilities=tuple(
            r for r in registry.responsibilities if not r.category.startswith("market.")
        ),
        version="",
    )
    assert without_market.version != registry.version
    router = Router(without_market)
    cell = first_cell(registry, CENTRE)
    route = router.route_place(cell, "market.price")
    assert route.status is RouteStatus.UNROUTED
    assert "market.price" in route.reason
    assert route.department_id is None
    assert route.registry_version == without_market.version
    assert OrgGraph(without_market).handler("market.price", cell) is None
    assert router.route_place(cell, "urban.road_damage").status is RouteStatus.ROUTED


def test_an_unknown_category_falls_back_to_its_family(router: Router, registry: Registry) -> None:
    route = router.route_place(first_cell(registry, CENTRE), "urban.component.0199")
    assert route.status is RouteStatus.ROUTED
    assert route.department_id == f"{CENTRE}-urban"
    assert router.route_place(CENTRE, "unknown_grid.thing").status is RouteStatus.UNROUTED
