"""Addresses written in a hurry: a grid cell by its number, a building-entrance pair with 号,
the entrance before the building, a spoken word before the number, English word order, a
road with the other suffix. Each is placed where it means, or left short of confident."""

from __future__ import annotations

import pytest

from contracts.placement import PlacementStatus, Precision
from dispatch.domain import AUTO_DISPATCH_MIN_CONFIDENCE
from grid.address import normalise_address
from grid.model import Registry
from grid.resolver import AddressResolver
from gridhub.simulator import demo_registry
from tests.unit.test_resolver_writing import door


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def resolver(registry: Registry) -> AddressResolver:
    return AddressResolver(registry)


def cell_named(registry: Registry, name: str) -> str:
    return next(c.code for c in registry.cells if c.name == name)


@pytest.mark.parametrize(
    "text",
    ["城区街道利群社区第3网格", "利群社区3网格", "乳山市利群社区三网格", "利群社区第三网格附近"],
)
def test_a_grid_cell_named_by_its_number_is_that_cell(
    resolver: AddressResolver, registry: Registry, text: str
) -> None:
    placement = resolver.resolve(text)
    assert placement.status is PlacementStatus.PLACED, placement.reasons
    assert placement.precision is Precision.CELL
    assert placement.cell == cell_named(registry, "利群社区第3网格")
    assert placement.address_id is None  # never 利群小区3号楼


def test_a_grid_cell_the_community_lacks_leaves_the_community_unsure(
    resolver: AddressResolver,
) -> None:
    placement = resolver.resolve("城区街道利群社区第97网格")
    assert placement.precision is Precision.COMMUNITY
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE
    assert any("no grid cell 97" in r for r in placement.reasons)


def test_building_and_entrance_with_hao_after_a_compound(
    resolver: AddressResolver, registry: Registry
) -> None:
    assert normalise_address("静园小区2-1号").text == "静园小区2号楼1单元"
    assert normalise_address("翠竹路12-1号").text == "翠竹路12号"  # a road's sub-door
    placement = resolver.resolve("静园小区2-1号")
    assert placement.address_id == door(registry, "静园小区", building=2, entrance=1).id


def test_an_entrance_the_registry_lacks_is_never_placed_confidently(
    resolver: AddressResolver, registry: Registry
) -> None:
    placement = resolver.resolve("静园小区1号楼9单元")
    assert placement.status is PlacementStatus.PLACED
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE
    assert any("not in the registry" in r for r in placement.reasons)


def test_the_entrance_written_before_the_building(
    resolver: AddressResolver, registry: Registry
) -> None:
    placement = resolver.resolve("乳山市静园小区3单元1号楼")
    assert placement.address_id == door(registry, "静园小区", building=1, entrance=3).id


def test_a_spoken_word_before_the_number(resolver: AddressResolver, registry: Registry) -> None:
    for text in ("黄河路那个12号", "城区黄河路这边的12号门口"):
        placement = resolver.resolve(text)
        assert placement.address_id == door(registry, "黄河路", 12).id, placement.reasons


def test_english_word_order_puts_the_number_after_the_road(
    resolver: AddressResolver, registry: Registry
) -> None:
    placement = resolver.resolve("12 Huanghe Rd, Rushan")
    assert placement.address_id == door(registry, "黄河路", 12).id, placement.reasons
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE  # read from letters
    flat = resolver.resolve("Bldg 1 Unit 3, Jingyuan Xiaoqu")
    assert flat.address_id == door(registry, "静园小区", building=1, entrance=3).id, flat.reasons


def test_a_road_with_the_other_suffix_before_its_number(
    resolver: AddressResolver, registry: Registry
) -> None:
    placement = resolver.resolve("乳山黄河街12号")
    assert placement.address_id == door(registry, "黄河路", 12).id, placement.reasons
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE
    assert any("'黄河街' read as 黄河路" in r for r in placement.reasons)
    # A stem two roads of the township share is not guessed between.
    shared = resolver.resolve("午极镇海景大道52号")
    assert shared.address_id is None
