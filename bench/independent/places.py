"""The demo registry seen as a street map: doors, buildings, village doors, crossings, fields.

Only the registry's data is read (grid/demo.py builds it; grid/model.py describes it): names,
codes, standard address ids and points. Which cell a point lies in is computed here
(bench/independent/geo.py), not asked of the hub.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from bench.independent.geo import Box, BoxIndex, Point, distance_m, shifted
from grid.demo import build_demo_registry
from grid.model import Address, AddressUnit, Level, Registry, UnitKind

COUNTY_NAME = "乳山市"
PREFECTURE_NAME = "威海市"
PROVINCE_NAME = "山东省"
CENTRE = "371083001"  # 城区街道


@dataclass(frozen=True)
class Spot:
    """Where something is: a standard address, a road crossing, or a point by a village."""

    kind: str  # road_door | building | entrance | village_door | crossing | field
    point: Point  # WGS-84
    township: str
    community: str
    cell: str
    address_id: str | None = None
    unit: str | None = None  # road, compound or village name
    number: int | None = None
    building: int | None = None
    entrance: int | None = None
    cross_road: str | None = None  # the second road of a crossing
    bearing: str | None = None  # for fields: 东/南/西/北 of the village
    metres: int | None = None  # for fields: how far from the village


@dataclass(eq=False)  # compared (and cached) by identity
class Atlas:
    registry: Registry
    township_name: dict[str, str] = field(default_factory=dict)
    township_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    community_name: dict[str, str] = field(default_factory=dict)
    community_township: dict[str, str] = field(default_factory=dict)
    cell_community: dict[str, str] = field(default_factory=dict)
    cells: BoxIndex | None = None
    cell_boxes: dict[str, Box] = field(default_factory=dict)
    units: dict[str, AddressUnit] = field(default_factory=dict)
    doors: dict[str, list[Address]] = field(default_factory=lambda: defaultdict(list))
    roads_by_name: dict[str, list[AddressUnit]] = field(default_factory=lambda: defaultdict(list))
    villages_by_name: dict[str, list[AddressUnit]] = field(
        default_factory=lambda: defaultdict(list)
    )

    # -- lookups -----------------------------------------------------------------------
    def cell_of(self, point: Point) -> str | None:
        assert self.cells is not None
        box = self.cells.locate(point)
        return box.code if box else None

    def edge_margin_m(self, point: Point) -> float:
        """Metres from the point to the edge of the cell holding it (0 when outside)."""
        code = self.cell_of(point)
        return self.cell_boxes[code].edge_distance_m(point) if code else 0.0

    def units_of(self, kind: UnitKind, township: str | None = None) -> list[AddressUnit]:
        return [
            u
            for u in self.units.values()
            if u.kind is kind and (township is None or u.township == township)
        ]

    def township_of_community(self, community: str) -> str:
        return self.community_township[community]

    def road_names_with_stem(self, stem: str) -> list[str]:
        return [n for n in self.roads_by_name if n[:-1] == stem]

    # -- spots ---------------------------------------------------------------------------
    def spot_for(self, address: Address) -> Spot:
        unit = self.units[address.unit]
        community = self.cell_community[address.cell]
        if unit.kind is UnitKind.ROAD:
            kind = "road_door"
        elif unit.kind is UnitKind.VILLAGE:
            kind = "village_door"
        else:
            kind = "entrance" if address.entrance else "building"
        return Spot(
            kind=kind,
            point=(address.lon, address.lat),
            township=unit.township,
            community=community,
            cell=address.cell,
            address_id=address.id,
            unit=unit.name,
            number=address.number,
            building=address.building,
            entrance=address.entrance,
        )

    def road_door(self, rng: random.Random, township: str | None = None) -> Spot:
        road = rng.choice(self.units_of(UnitKind.ROAD, township))
        return self.spot_for(rng.choice(self.doors[road.id]))

    def door_on(self, road_id: str, number: int) -> Spot | None:
        for a in self.doors[road_id]:
            if a.number == number:
                return self.spot_for(a)
        return None

    def building(
        self, rng: random.Random, township: str | None = None, entrance: bool = False
    ) -> Spot:
        compound = rng.choice(self.units_of(UnitKind.COMPOUND, township))
        pool = [a for a in self.doors[compound.id] if (a.entrance is not None) == entrance]
        return self.spot_for(rng.choice(pool))

    def village_door(self, rng: random.Random, township: str | None = None) -> Spot:
        village = rng.choice(self.units_of(UnitKind.VILLAGE, township))
        return self.spot_for(rng.choice(self.doors[village.id]))

    def crossings(self, township: str | None = None) -> list[Spot]:
        return [s for s in _crossings(self) if township is None or s.township == township]

    def crossing(self, rng: random.Random, township: str | None = None) -> Spot:
        return rng.choice(self.crossings(township))

    def field_by(self, rng: random.Random, township: str | None = None) -> Spot:
        """A point in the open a few hundred metres from a village (fields, ditches, a river)."""
        while True:
            village = rng.choice(self.units_of(UnitKind.VILLAGE, township))
            doors = self.doors[village.id]
            lons = [a.lon for a in doors]
            lats = [a.lat for a in doors]
            bearing = rng.choice("东南西北")
            metres = rng.choice((100, 150, 200, 300, 500))
            edge = {
                "东": (max(lons), sum(lats) / len(lats)),
                "西": (min(lons), sum(lats) / len(lats)),
                "北": (sum(lons) / len(lons), max(lats)),
                "南": (sum(lons) / len(lons), min(lats)),
            }[bearing]
            step = {"东": (1, 0), "西": (-1, 0), "北": (0, 1), "南": (0, -1)}[bearing]
            point = shifted(edge, step[0] * metres, step[1] * metres)
            cell = self.cell_of(point)
            if cell is None:
                continue
            return Spot(
                kind="field",
                point=point,
                township=village.township,
                community=self.cell_community[cell],
                cell=cell,
                unit=village.name,
                bearing=bearing,
                metres=metres,
            )

    def near(self, a: Point, b: Point, metres: float) -> bool:
        return distance_m(a, b) < metres


@cache
def _crossings(atlas: Atlas) -> tuple[Spot, ...]:
    found: list[Spot] = []
    roads = atlas.units_of(UnitKind.ROAD)
    for township in sorted({r.township for r in roads}):
        mine = [r for r in roads if r.township == township]
        east_west = [r for r in mine if r.line[0][1] == r.line[-1][1]]
        north_south = [r for r in mine if r.line[0][0] == r.line[-1][0]]
        for ew in east_west:
            for ns in north_south:
                point = (ns.line[0][0], ew.line[0][1])
                cell = atlas.cell_of(point)
                if cell is None:
                    continue
                found.append(
                    Spot(
                        kind="crossing",
                        point=point,
                        township=township,
                        community=atlas.cell_community[cell],
                        cell=cell,
                        unit=ew.name,
                        cross_road=ns.name,
                    )
                )
    return tuple(found)


@cache
def atlas() -> Atlas:
    """The demo registry as the live hub loads it, seen as a street map."""
    registry = build_demo_registry()
    a = Atlas(registry)
    for d in registry.divisions:
        if d.level is Level.TOWNSHIP:
            a.township_name[d.code] = d.name
            a.township_aliases[d.code] = d.aliases
        elif d.level is Level.COMMUNITY:
            a.community_name[d.code] = d.name
            a.community_township[d.code] = d.parent or ""
    boxes = []
    for c in registry.cells:
        lons = [p[0] for p in c.ring]
        lats = [p[1] for p in c.ring]
        box = Box(c.code, min(lons), min(lats), max(lons), max(lats))
        boxes.append(box)
        a.cell_boxes[c.code] = box
        a.cell_community[c.code] = c.community
    a.cells = BoxIndex(boxes)
    for u in registry.units:
        a.units[u.id] = u
        if u.kind is UnitKind.ROAD:
            a.roads_by_name[u.name].append(u)
        elif u.kind is UnitKind.VILLAGE:
            a.villages_by_name[u.name].append(u)
    for address in registry.addresses:
        a.doors[address.unit].append(address)
    return a
