"""Where incidents happen: true places from the demo registry, and how people write them.

The truth of a place is a standard address of the registry (a door on a road, a door in a
village, a building of a compound) with its WGS-84 point. What a report carries is a person's
rendering of it: levels left out, colloquial landmarks, a point from the reporter's device in
its own coordinate system and with its own error.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

from grid.coords import distance_m, gcj02_to_bd09, offset, wgs84_to_gcj02
from grid.model import Level, Registry, UnitKind, Worker

CENTRE_TOWNSHIP = "371083001"  # 城区街道


@dataclass(frozen=True)
class Spot:
    """One true place: a standard address and what people call the things around it."""

    address_id: str
    unit_id: str
    unit_name: str
    unit_kind: str  # "road", "village", "compound"
    number: int | None
    building: int | None
    entrance: int | None
    township: str
    township_name: str
    community: str
    community_name: str
    lon: float
    lat: float

    @property
    def point(self) -> tuple[float, float]:
        return (self.lon, self.lat)

    @property
    def town_short(self) -> str:
        name = self.township_name
        return name.removesuffix("街道").removesuffix("镇")

    @property
    def village_short(self) -> str:
        name = self.unit_name
        return name[:-1] if name.endswith("村") and len(name) > 2 else name


@dataclass(frozen=True)
class Places:
    registry: Registry
    spots: tuple[Spot, ...]
    by_unit: dict[str, tuple[Spot, ...]]
    by_kind: dict[str, tuple[Spot, ...]]
    dense: dict[str, tuple[Spot, ...]]  # the busy centre of 城区街道, by unit kind
    workers_by_community: dict[tuple[str, str], tuple[Worker, ...]]
    workers_by_grid: dict[str, tuple[Worker, ...]]


@lru_cache(maxsize=1)
def places() -> Places:
    from gridhub.simulator import demo_registry

    registry = demo_registry()
    divisions = {d.code: d for d in registry.divisions}
    units = {u.id: u for u in registry.units}
    spots: list[Spot] = []
    for a in registry.addresses:
        unit = units[a.unit]
        if unit.kind is UnitKind.COMPOUND and a.entrance is None:
            continue  # a building's own row: its entrances stand for it
        community = a.cell[:12]
        spots.append(
            Spot(
                address_id=a.id,
                unit_id=unit.id,
                unit_name=unit.name,
                unit_kind=unit.kind.value,
                number=a.number,
                building=a.building,
                entrance=a.entrance,
                township=unit.township,
                township_name=divisions[unit.township].name,
                community=community,
                community_name=divisions[community].name,
                lon=a.lon,
                lat=a.lat,
            )
        )
    by_unit: dict[str, list[Spot]] = {}
    by_kind: dict[str, list[Spot]] = {}
    for s in spots:
        by_unit.setdefault(s.unit_id, []).append(s)
        by_kind.setdefault(s.unit_kind, []).append(s)
    centre = [s for s in spots if s.township == CENTRE_TOWNSHIP]
    road_centre = [s for s in centre if s.unit_kind == "road"]
    mid_lon = sorted(s.lon for s in road_centre)[len(road_centre) // 2]
    mid_lat = sorted(s.lat for s in road_centre)[len(road_centre) // 2]
    dense: dict[str, list[Spot]] = {}
    for s in centre:
        limit = 3500 if s.unit_kind != "road" else 2200
        if distance_m(s.point, (mid_lon, mid_lat)) <= limit:
            dense.setdefault(s.unit_kind, []).append(s)
    workers_by_community: dict[tuple[str, str], list[Worker]] = {}
    workers_by_grid: dict[str, list[Worker]] = {}
    for w in registry.workers:
        workers_by_community.setdefault((w.grid, w.cell[:12]), []).append(w)
        workers_by_grid.setdefault(w.grid, []).append(w)
    return Places(
        registry=registry,
        spots=tuple(spots),
        by_unit={k: tuple(v) for k, v in by_unit.items()},
        by_kind={k: tuple(v) for k, v in by_kind.items()},
        dense={k: tuple(v) for k, v in dense.items()},
        workers_by_community={k: tuple(v) for k, v in workers_by_community.items()},
        workers_by_grid={k: tuple(v) for k, v in workers_by_grid.items()},
    )


def township_names() -> dict[str, str]:
    return {d.code: d.name for d in places().registry.divisions if d.level is Level.TOWNSHIP}


# ----------------------------------------------------------------- points as devices give them


def jitter(point: tuple[float, float], rng: random.Random, lo_m: float, hi_m: float):
    """The point moved a random distance in [lo_m, hi_m] metres in a random direction."""
    distance = rng.uniform(lo_m, hi_m)
    angle = rng.uniform(0, 2 * math.pi)
    return offset(point[0], point[1], distance * math.cos(angle), distance * math.sin(angle))


def as_crs(point: tuple[float, float], crs: str) -> tuple[float, float]:
    """A WGS-84 point as a device in ``crs`` reports it, rounded as such devices round."""
    lon, lat = point
    if crs == "gcj02":
        lon, lat = wgs84_to_gcj02(lon, lat)
    elif crs == "bd09":
        lon, lat = gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))
    return round(lon, 6), round(lat, 6)


# ----------------------------------------------------------------- places as people write them

_ROAD_SIDES = ("门前", "门口", "东侧", "西侧", "南侧", "北侧", "对面", "旁边", "附近", "路边")
_ROAD_SPOTS = ("人行道上", "非机动车道", "路口往里一点", "公交站边上", "慢车道")
_VILLAGE_SPOTS = ("村东头", "村西头", "村南边", "村北头", "村口", "村委会旁边", "大湾边上", "后街")
_COMPOUND_SPOTS = ("门口", "东门", "西门", "南门", "北门", "里面", "车库出口", "院里")
_VAGUE_ROAD = ("那块", "那一片", "上", "那边", "附近", "中段", "东头", "西头", "菜市场那块")


def written(spot: Spot, style: str, rng: random.Random) -> str:
    """How a reporter of ``style`` writes the place: formal, supervisor, worker, citizen,
    operator, patrol or market."""
    kind = spot.unit_kind
    town, community = spot.township_name, spot.community_name
    if kind == "road":
        door = f"{spot.unit_name}{spot.number}号"
        if style == "formal":
            return f"乳山市{town}{door}"
        if style == "supervisor":
            return rng.choice(
                [
                    f"{door}{rng.choice(_ROAD_SIDES)}",
                    f"{spot.unit_name}（{spot.number}号{rng.choice(('前', '附近', '处'))}）",
                    f"{town}{door}",
                    f"{door}{rng.choice(_ROAD_SPOTS)}",
                ]
            )
        if style == "worker":
            return rng.choice(
                [
                    f"{community}{door}",
                    f"{town}{community}辖区{door}",
                    f"{door}{rng.choice(_ROAD_SIDES)}",
                    f"{spot.town_short}{door}",
                ]
            )
        if style == "citizen":
            return rng.choice(
                [
                    f"{spot.unit_name}{rng.choice(_VAGUE_ROAD)}",
                    f"{spot.unit_name}{spot.number}号{rng.choice(('附近', '那', '对过', '跟前'))}",
                    f"{spot.town_short}{spot.unit_name}",
                    f"{spot.unit_name}",
                    f"{community}那边{spot.unit_name}",
                ]
            )
        if style == "operator":
            return rng.choice(
                [
                    f"{town}{door}附近",
                    f"乳山市{spot.unit_name}{spot.number}号",
                    f"{spot.town_short}{spot.unit_name}（具体门牌不详）",
                    f"{town}{spot.unit_name}{spot.number}号{rng.choice(_ROAD_SIDES)}",
                ]
            )
        if style == "market":
            return rng.choice(
                [
                    f"乳山市{town}{door}",
                    f"{town}{door}",
                    f"山东省威海市乳山市{spot.unit_name}{spot.number}号",
                ]
            )
        return rng.choice([f"{town}{door}{rng.choice(_ROAD_SIDES)}", f"{door}段", f"{door}"])
    if kind == "village":
        village = spot.unit_name
        if style == "formal":
            return f"乳山市{town}{village}{spot.number}号"
        if style == "supervisor":
            return rng.choice(
                [f"{town}{village}{spot.number}号", f"{village}{rng.choice(_VILLAGE_SPOTS)}"]
            )
        if style == "worker":
            return rng.choice(
                [
                    f"{village}{spot.number}号",
                    f"{spot.town_short}{village}{rng.choice(_VILLAGE_SPOTS)}",
                    f"{town}{village}{spot.number}号户",
                    f"{village}{rng.choice(_VILLAGE_SPOTS)}",
                ]
            )
        if style == "citizen":
            return rng.choice(
                [
                    f"{spot.village_short}{rng.choice(_VILLAGE_SPOTS)}",
                    f"{spot.town_short}{village}",
                    f"{village}",
                    f"俺们{village}{rng.choice(('东头', '西头', '后面', '前街'))}",
                    f"{village}{spot.number}号那",
                ]
            )
        if style == "operator":
            return rng.choice(
                [
                    f"{town}{village}",
                    f"{town}{village}{spot.number}号附近",
                    f"乳山市{spot.town_short}{village}",
                ]
            )
        if style == "market":
            return rng.choice(
                [f"乳山市{town}{village}{spot.number}号", f"{town}{village}{spot.number}号"]
            )
        return rng.choice(
            [
                f"{town}{village}{rng.choice(_VILLAGE_SPOTS)}",
                f"{village}{spot.number}号附近",
                f"{town}{village}",
            ]
        )
    # compound
    compound = spot.unit_name
    b, e = spot.building, spot.entrance
    if style == "formal":
        return f"乳山市{town}{community}{compound}{b}号楼{e}单元"
    if style == "supervisor":
        return rng.choice(
            [
                f"{compound}{rng.choice(_COMPOUND_SPOTS)}",
                f"{compound}{b}号楼前",
                f"{town}{compound}{b}号楼",
            ]
        )
    if style == "worker":
        return rng.choice(
            [
                f"{community}{compound}{b}号楼{e}单元",
                f"{compound}{b}-{e}",
                f"{compound}{b}号楼{e}单元",
                f"{community}{b}号楼",
            ]
        )
    if style == "citizen":
        return rng.choice(
            [
                f"{compound}{rng.choice(_COMPOUND_SPOTS)}",
                f"{compound}{b}号楼",
                f"{compound}{b}号楼{e}单元那",
                f"{compound.removesuffix('小区')}小区",
                f"俺家小区{compound}",
            ]
        )
    if style == "operator":
        return rng.choice(
            [f"{town}{compound}{b}号楼", f"{community}{compound}", f"{compound}{b}号楼{e}单元"]
        )
    if style == "market":
        return f"乳山市{town}{compound}{b}号楼底商"
    return rng.choice([f"{town}{compound}", f"{compound}{b}号楼附近"])


def far_enough(a: Spot, b: Spot, metres: float) -> bool:
    return distance_m(a.point, b.point) >= metres
