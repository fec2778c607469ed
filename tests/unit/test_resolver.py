"""Address resolution over the demo registry (grid/resolver.py), against labelled noisy cases."""

from __future__ import annotations

from collections import Counter

import pytest

from contracts.placement import Placement, PlacementMethod, PlacementStatus, Precision
from grid.coords import distance_m, gcj02_to_bd09, offset, wgs84_to_gcj02
from grid.geometry import intersection_point
from grid.model import Address, Registry, UnitKind
from grid.noise import NoiseKind, NoisyAddresses, is_correct
from grid.places import PlaceIndex
from grid.resolver import AddressResolver
from gridhub.simulator import demo_registry

CASES_PER_KIND = 100
MIN_ACCURACY = 0.95


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def resolver(registry: Registry) -> AddressResolver:
    return AddressResolver(registry)


@pytest.fixture(scope="module")
def noisy(registry: Registry) -> NoisyAddresses:
    return NoisyAddresses(registry, seed=20261121)


@pytest.fixture(scope="module")
def places(registry: Registry) -> PlaceIndex:
    return PlaceIndex(registry)


def assert_levels_down_to_cell(placement: Placement) -> None:
    levels = [level.level for level in placement.levels]
    assert levels == ["province", "prefecture", "county", "township", "community", "cell"]
    assert placement.levels[-1].code == placement.cell
    assert placement.levels[-2].code == placement.community
    assert placement.levels[-3].code == placement.township


@pytest.mark.parametrize("kind", list(NoiseKind), ids=str)
def test_accuracy_per_kind_of_noise(
    kind: NoiseKind, resolver: AddressResolver, registry: Registry
) -> None:
    # A fresh generator per kind, so each kind's cases do not depend on the others'.
    generator = NoisyAddresses(registry, seed=1000 + list(NoiseKind).index(kind))
    cases = [generator.case(kind) for _ in range(CASES_PER_KIND)]
    wrong = []
    for case in cases:
        placement = resolver.resolve(case.text, case.lon, case.lat, case.crs)
        assert placement.registry_version == registry.version
        if not is_correct(case, placement):
            wrong.append((case.text, case.lon, case.lat, placement.status, placement.reasons))
    accuracy = 1 - len(wrong) / len(cases)
    assert accuracy >= MIN_ACCURACY, wrong[:5]


def test_a_clean_address_resolves_to_its_door(
    noisy: NoisyAddresses, resolver: AddressResolver, places: PlaceIndex
) -> None:
    for address in noisy.addresses[::997]:
        text = noisy.join(noisy.parts(address))
        placement = resolver.resolve(text)
        assert placement.status is PlacementStatus.PLACED, text
        assert placement.precision is Precision.ADDRESS
        assert placement.method is PlacementMethod.TEXT
        assert placement.address_id == address.id
        assert placement.address == places.address_text(address)
        assert placement.cell == address.cell
        assert placement.disagreement is None
        assert 0.0 < placement.confidence <= 1.0
        assert_levels_down_to_cell(placement)


def test_an_ambiguous_village_name_alone_is_unplaced(
    noisy: NoisyAddresses, resolver: AddressResolver
) -> None:
    assert noisy.shared_villages
    for village in noisy.shared_villages[:20]:
        placement = resolver.resolve(f"{village.name}5号")
        assert placement.status is PlacementStatus.UNPLACED, village.name
        assert any("ambiguous" in reason for reason in placement.reasons), placement.reasons
        assert placement.cell is None and placement.address_id is None
        assert placement.township is None and placement.levels == []


def test_the_point_of_a_door_settles_an_ambiguous_village_name(
    noisy: NoisyAddresses, resolver: AddressResolver, registry: Registry
) -> None:
    name = noisy.shared_villages[0].name
    namesakes = [u for u in registry.units if u.name == name and u.kind is UnitKind.VILLAGE]
    assert len({u.township for u in namesakes}) >= 2
    for village in namesakes:
        door = next(d for d in noisy.doors_by_unit[village.id] if d.number == 5)
        placement = resolver.resolve(f"{name}5号", door.lon, door.lat)
        assert placement.status is PlacementStatus.PLACED
        assert placement.address_id == door.id
        assert placement.cell == door.cell
        assert placement.township == village.township
        assert placement.disagreement is None


def _in_another_township(noisy: NoisyAddresses, address: Address) -> Address:
    township = noisy.places.township_of(address.cell)
    return next(a for a in noisy.addresses if noisy.places.township_of(a.cell) != township)


def test_text_and_a_far_point_disagree_and_the_text_wins(
    noisy: NoisyAddresses, resolver: AddressResolver
) -> None:
    address = noisy.addresses[1234]
    elsewhere = _in_another_township(noisy, address)
    text = noisy.join(noisy.parts(address))
    placement = resolver.resolve(text, elsewhere.lon, elsewhere.lat)
    assert placement.disagreement is not None
    assert placement.address_id == address.id
    assert placement.cell == address.cell
    assert placement.township == noisy.places.township_of(address.cell)
    # The point given is reported as the one used, but did not move the answer.
    assert placement.point is not None
    assert (placement.point.lon, placement.point.lat) == pytest.approx(
        (elsewhere.lon, elsewhere.lat)
    )
    alone = resolver.resolve(text)
    assert placement.confidence < alone.confidence


def test_text_and_a_point_at_the_same_door_agree(
    noisy: NoisyAddresses, resolver: AddressResolver
) -> None:
    address = noisy.addresses[4321]
    text = noisy.join(noisy.parts(address))
    placement = resolver.resolve(text, address.lon, address.lat)
    assert placement.disagreement is None
    assert placement.method is PlacementMethod.TEXT_AND_POINT
    assert placement.address_id == address.id
    assert placement.confidence >= resolver.resolve(text).confidence


@pytest.mark.parametrize("text", ["不知道在哪", "路边", "济南市历下区泉城路5号"])
def test_text_naming_nothing_is_unplaced_with_a_reason(
    text: str, resolver: AddressResolver
) -> None:
    placement = resolver.resolve(text)
    assert placement.status is PlacementStatus.UNPLACED
    assert placement.reasons
    assert placement.cell is None and placement.community is None
    assert placement.township is None and placement.address_id is None
    assert placement.levels == []
    assert placement.method is PlacementMethod.NONE
    assert placement.confidence == 0.0


def test_nothing_given_is_unplaced_with_a_reason(resolver: AddressResolver) -> None:
    placement = resolver.resolve()
    assert placement.status is PlacementStatus.UNPLACED
    assert placement.reasons
    assert placement.cell is None


def test_a_point_outside_every_cell_is_unplaced(resolver: AddressResolver) -> None:
    placement = resolver.resolve(None, 120.0, 36.0)
    assert placement.status is PlacementStatus.UNPLACED
    assert placement.cell is None
    assert any("outside" in reason for reason in placement.reasons), placement.reasons


def test_a_point_alone_is_placed_in_its_cell(
    noisy: NoisyAddresses, resolver: AddressResolver
) -> None:
    address = noisy.addresses[777]
    placement = resolver.resolve(None, address.lon, address.lat)
    assert placement.status is PlacementStatus.PLACED
    assert placement.precision is Precision.CELL
    assert placement.method is PlacementMethod.POINT
    assert placement.cell == address.cell
    assert placement.address_id is None
    assert_levels_down_to_cell(placement)


def test_a_gcj02_point_is_converted(noisy: NoisyAddresses, resolver: AddressResolver) -> None:
    address = noisy.addresses[2024]
    lon, lat = wgs84_to_gcj02(address.lon, address.lat)
    placement = resolver.resolve(None, lon, lat, "gcj02")
    assert placement.cell == address.cell
    assert any("GCJ-02" in reason for reason in placement.reasons), placement.reasons
    assert placement.point is not None
    used = (placement.point.lon, placement.point.lat)
    assert distance_m(used, (address.lon, address.lat)) < 0.1
    assert distance_m(used, (lon, lat)) > 100.0
    as_wgs84 = resolver.resolve(None, address.lon, address.lat, "wgs84")
    assert not any("GCJ-02" in reason for reason in as_wgs84.reasons)


def test_township_only_text_is_partial(resolver: AddressResolver, registry: Registry) -> None:
    placement = resolver.resolve("乳山市夏村镇")
    assert placement.status is PlacementStatus.PARTIAL
    assert placement.precision is Precision.TOWNSHIP
    assert placement.township == "371083100"
    assert placement.cell is None and placement.community is None
    assert [level.level for level in placement.levels] == [
        "province",
        "prefecture",
        "county",
        "township",
    ]
    assert placement.levels[-1].code == "371083100"
    assert placement.registry_version == registry.version


def test_community_only_text_is_partial(
    resolver: AddressResolver, registry: Registry, places: PlaceIndex
) -> None:
    communities = Counter(d.name for d in registry.divisions if d.level == "community")
    community = next(
        d
        for d in registry.divisions
        if d.level == "community" and d.name.endswith("社区") and communities[d.name] == 1
    )
    township = places.divisions[community.parent or ""]
    placement = resolver.resolve(f"{township.name}{community.name}")
    assert placement.status is PlacementStatus.PARTIAL
    assert placement.precision is Precision.COMMUNITY
    assert placement.community == community.code
    assert placement.township == township.code
    assert placement.levels[-1].level == "community"


def test_an_intersection_is_placed_at_the_crossing_moved_by_the_offset(
    registry: Registry, resolver: AddressResolver
) -> None:
    roads = [u for u in registry.units if u.kind is UnitKind.ROAD and u.township == "371083001"]
    first, second = next(
        (a, b)
        for a in roads
        for b in roads
        if a.id < b.id and intersection_point(a.line, b.line) is not None
    )
    crossing = intersection_point(first.line, second.line)
    assert crossing is not None
    moved = offset(*crossing, 50.0, 0.0)
    placement = resolver.resolve(f"城区街道{first.name}与{second.name}路口东50米")
    assert placement.method is PlacementMethod.INTERSECTION
    assert placement.cell == resolver.locator.locate(*moved)
    assert placement.precision is Precision.CELL


def test_placements_carry_version_and_levels_from_the_province_down(
    noisy: NoisyAddresses, resolver: AddressResolver, registry: Registry
) -> None:
    for kind in (NoiseKind.CLEAN, NoiseKind.POINT_GCJ02, NoiseKind.TEXT_AND_POINT):
        for _ in range(10):
            case = noisy.case(kind)
            placement = resolver.resolve(case.text, case.lon, case.lat, case.crs)
            assert placement.registry_version == registry.version
            assert placement.status is PlacementStatus.PLACED
            assert placement.levels[0].level == "province"
            assert placement.levels[0].code == "370000"
            assert placement.levels[-1].level == "cell"
            assert placement.levels[-1].code == placement.cell
            assert_levels_down_to_cell(placement)


def test_resolving_is_deterministic(noisy: NoisyAddresses, registry: Registry) -> None:
    texts = [noisy.case(NoiseKind.TYPO).text for _ in range(20)]
    first, second = AddressResolver(registry), AddressResolver(registry)
    for text in texts:
        assert first.resolve(text) == second.resolve(text)
        assert first.resolve(text) == first.resolve(text)


def test_a_decimal_offset_from_an_intersection(
    registry: Registry, resolver: AddressResolver
) -> None:
    roads = [u for u in registry.units if u.kind is UnitKind.ROAD]
    # A crossing where 40.5 m east and 405 m east are in different cells, so it matters.
    first, second, crossing = next(
        (a, b, c)
        for a in roads
        for b in roads
        if a.township == b.township
        and a.id < b.id
        and (c := intersection_point(a.line, b.line)) is not None
        and resolver.locator.locate(*offset(*c, 40.5, 0.0))
        != resolver.locator.locate(*offset(*c, 405.0, 0.0))
    )
    expected = resolver.locator.locate(*offset(*crossing, 40.5, 0.0))
    placement = resolver.resolve(f"{first.name}与{second.name}路口东40.5米")
    assert placement.method is PlacementMethod.INTERSECTION
    assert placement.cell == expected, placement.reasons


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        # A typo that leaves another real village's name inside (冯家村) must not stop there.
        ("乳山市冯家镇关上冯家村26号", "乳山市冯家镇观上冯家村26号"),
        # The township's own short name inside a misspelt village name (冬诸往村).
        ("乳山市诸往镇冬诸往村22号", "乳山市诸往镇东诸往村22号"),
        # ... while the shorter real name, written right, is still itself.
        ("乳山市冯家镇冯家村26号", "乳山市冯家镇冯家村26号"),
    ],
)
def test_misspelt_names_that_contain_other_names(
    resolver: AddressResolver, text: str, meant: str
) -> None:
    assert resolver.resolve(text).address == meant


def test_a_bd09_point_is_converted(noisy: NoisyAddresses, resolver: AddressResolver) -> None:
    address = noisy.pick()
    lon, lat = gcj02_to_bd09(*wgs84_to_gcj02(address.lon, address.lat))
    placement = resolver.resolve(None, lon, lat, "bd09")
    assert placement.cell == address.cell
    assert any("BD-09" in reason for reason in placement.reasons)
