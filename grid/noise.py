"""A labelled test set of messy addresses, generated from a registry, with the right answers.

Every kind of noise the resolver must survive is one ``NoiseKind``. Each case carries what a
correct resolver returns: the standard address, or the grid cell (for points and
intersections), or "unplaced" (for text that names no place, or a name that exists in several
townships with nothing to choose between them). Deterministic for a seed. Used by the tests,
the benchmark and the traffic simulator.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import cn2an

from grid.coords import offset, wgs84_to_gcj02
from grid.geometry import CellLocator, intersection_point
from grid.model import Address, Level, Registry, UnitKind
from grid.places import PlaceIndex


class NoiseKind(StrEnum):
    CLEAN = "clean"
    FULL_WIDTH = "full_width"  # １２号
    CHINESE_NUMERALS = "chinese_numerals"  # 十二号, 三号楼二单元
    MISSING_LEVELS = "missing_levels"  # no province, city, township or community
    ALIASES = "aliases"  # 乳山 for 乳山市, 城区 for 城区街道
    PUNCTUATION = "punctuation"  # spaces, commas, dashes, brackets
    OFFSET_PHRASE = "offset_phrase"  # 12号东50米, 12号附近
    INTERSECTION = "intersection"  # 府前路与胜利街路口东50米
    TYPO = "typo"  # one character replaced by a homophone
    POINT_WGS84 = "point_wgs84"
    POINT_GCJ02 = "point_gcj02"  # a phone map's coordinates
    TEXT_AND_POINT = "text_and_point"
    DISAGREEMENT = "disagreement"  # text says one place, the point another
    AMBIGUOUS = "ambiguous"  # a village name several townships have, nothing else
    AMBIGUOUS_WITH_POINT = "ambiguous_with_point"  # ... and a point that settles it
    UNPLACEABLE = "unplaceable"


# Characters of Rushan's names and a homophone a hurried typist might hit instead.
HOMOPHONES = {
    "家": "佳", "庄": "装", "西": "希", "东": "冬", "南": "男", "北": "贝", "山": "删",
    "口": "扣", "石": "时", "头": "投", "格": "隔", "上": "尚", "沟": "钩", "马": "码",
    "河": "和", "大": "达", "前": "钱", "王": "汪", "后": "厚", "黄": "皇", "海": "嗨",
    "于": "余", "台": "抬", "水": "谁", "下": "夏", "园": "元", "林": "临", "龙": "隆",
    "刘": "留", "兴": "星", "张": "章", "李": "理", "里": "理", "青": "清", "金": "今",
    "岭": "领", "高": "搞", "中": "钟", "古": "谷", "井": "景", "宋": "送", "江": "姜",
    "孙": "荪", "福": "付", "安": "鞍", "阳": "杨", "白": "百", "府": "付", "杨": "羊",
    "新": "心", "民": "明", "人": "仁", "泉": "全", "常": "长", "胜": "圣", "利": "力",
    "华": "花", "和": "河", "平": "坪", "光": "广", "明": "名", "文": "闻", "建": "健",
    "设": "社", "业": "叶", "康": "抗", "乐": "勒", "世": "市", "纪": "记", "富": "付",
    "工": "公", "滨": "宾", "松": "送", "柳": "六", "花": "华", "朝": "潮", "风": "峰",
    "进": "近", "主": "住", "友": "有", "谊": "义", "学": "雪", "迎": "营", "宾": "滨",
    "泰": "太", "永": "勇", "临": "林", "嘉": "佳", "祥": "详", "锦": "紧", "绣": "秀",
    "翠": "脆", "竹": "住", "云": "运", "年": "念", "红": "洪", "旗": "棋", "复": "付",
    "场": "厂", "健": "建", "长": "常", "景": "井", "望": "旺", "观": "关", "澜": "兰",
    "方": "芳", "夏": "下", "春": "纯", "晖": "辉", "秀": "绣", "商": "伤", "才": "材",
    "育": "玉", "化": "花", "振": "镇", "结": "接", "团": "湍", "凤": "奉", "瑞": "锐",
    "银": "阴", "滩": "摊", "岛": "导", "港": "岗", "湾": "弯", "疃": "团", "寨": "债",
}  # fmt: skip
UNPLACEABLE_TEXTS = (
    "不知道在哪",
    "济南市历下区泉城路5号",
    "青岛市市南区香港中路10号",
    "路边",
    "小区门口有人吵架",
    "某某单位院内",
)
OFFSET_PHRASES = ("东50米", "往北约100米", "西侧30米", "附近", "对面", "门口", "南边二十米")


@dataclass(frozen=True)
class AddressCase:
    kind: NoiseKind
    text: str | None
    lon: float | None = None
    lat: float | None = None
    crs: str = "wgs84"
    expected_address: str | None = None
    expected_cell: str | None = None
    expect_unplaced: bool = False
    expect_disagreement: bool = False


def full_width(text: str) -> str:
    """Digits as a Chinese keyboard's full-width mode types them (１２号)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def with_short_names(parts: dict[str, str]) -> dict[str, str]:
    """The county and township as people shorten them (乳山, 城区, 夏村)."""
    township = parts["township"].removesuffix("街道").removesuffix("镇")
    return {**parts, "county": "乳山", "township": township}


class NoisyAddresses:
    def __init__(self, registry: Registry, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.places = PlaceIndex(registry)
        self.locator = CellLocator(registry.cells)
        in_township = Counter((u.township, u.name) for u in registry.units)
        # Text can only name a place unambiguously if no other place in its township has
        # the same name; the others are the AMBIGUOUS cases.
        self.addresses = [
            a
            for a in registry.addresses
            if in_township[(self.places.units[a.unit].township, self.places.units[a.unit].name)]
            == 1
        ]
        self.roads_by_township: dict[str, list[str]] = {}
        for unit in registry.units:
            if unit.kind is UnitKind.ROAD:
                self.roads_by_township.setdefault(unit.township, []).append(unit.id)
        name_townships: Counter[str] = Counter()
        for unit in registry.units:
            name_townships[unit.name] += 1
        self.unique_names = {name for name, count in name_townships.items() if count == 1}
        self.shared_villages = [
            u
            for u in registry.units
            if u.kind is UnitKind.VILLAGE and u.name not in self.unique_names
        ]
        self.doors_by_unit: dict[str, list[Address]] = {}
        for address in registry.addresses:
            self.doors_by_unit.setdefault(address.unit, []).append(address)

    # -- text of an address, level by level -------------------------------------------
    def parts(self, address: Address) -> dict[str, str]:
        unit = self.places.units[address.unit]
        chain = {d.level: d for d in self.places.division_chain(unit.community or unit.township)}
        numbers = ""
        if address.number is not None:
            numbers += f"{address.number}号"
        if address.building is not None:
            numbers += f"{address.building}号楼"
        if address.entrance is not None:
            numbers += f"{address.entrance}单元"
        community = ""
        if unit.kind is UnitKind.COMPOUND and Level.COMMUNITY in chain:
            community = chain[Level.COMMUNITY].name
        return {
            "province": chain[Level.PROVINCE].name,
            "prefecture": chain[Level.PREFECTURE].name,
            "county": chain[Level.COUNTY].name,
            "township": chain[Level.TOWNSHIP].name,
            "community": community,
            "unit": unit.name,
            "numbers": numbers,
        }

    @staticmethod
    def join(parts: dict[str, str], separator: str = "") -> str:
        return separator.join(p for p in parts.values() if p)

    def pick(self) -> Address:
        return self.rng.choice(self.addresses)

    def case(self, kind: NoiseKind) -> AddressCase:
        rng = self.rng
        address = self.pick()
        parts = self.parts(address)
        expected = {"expected_address": address.id, "expected_cell": address.cell}
        if kind is NoiseKind.CLEAN:
            return AddressCase(kind, self.join(parts), **expected)
        if kind is NoiseKind.FULL_WIDTH:
            return AddressCase(kind, full_width(self.join(parts)), **expected)
        if kind is NoiseKind.CHINESE_NUMERALS:
            parts["numbers"] = self._numerals(address)
            return AddressCase(kind, self.join(parts), **expected)
        if kind is NoiseKind.MISSING_LEVELS:
            parts["province"] = parts["prefecture"] = ""
            if rng.random() < 0.5:
                parts["county"] = ""
            if parts["unit"] in self.unique_names and rng.random() < 0.7:
                parts["township"] = ""
            if rng.random() < 0.5:
                parts["community"] = ""
            return AddressCase(kind, self.join(parts), **expected)
        if kind is NoiseKind.ALIASES:
            parts["province"] = rng.choice(("山东", ""))
            parts["prefecture"] = rng.choice(("威海", ""))
            return AddressCase(kind, self.join(with_short_names(parts)), **expected)
        if kind is NoiseKind.PUNCTUATION:
            separator = rng.choice((" ", "，", "-", "、", "  "))
            text = self.join(parts, separator)
            if rng.random() < 0.5:
                text = f"（{text}）"
            return AddressCase(kind, text, **expected)
        if kind is NoiseKind.OFFSET_PHRASE:
            parts["province"] = parts["prefecture"] = ""
            return AddressCase(kind, self.join(parts) + rng.choice(OFFSET_PHRASES), **expected)
        if kind is NoiseKind.INTERSECTION:
            return self._intersection()
        if kind is NoiseKind.TYPO:
            return self._typo()
        if kind in (NoiseKind.POINT_WGS84, NoiseKind.POINT_GCJ02):
            lon, lat = address.lon, address.lat
            crs = "wgs84"
            if kind is NoiseKind.POINT_GCJ02:
                lon, lat = wgs84_to_gcj02(lon, lat)
                crs = "gcj02"
            return AddressCase(kind, None, lon, lat, crs, expected_cell=address.cell)
        if kind is NoiseKind.TEXT_AND_POINT:
            lon, lat = wgs84_to_gcj02(address.lon, address.lat)
            return AddressCase(kind, self.join(parts), lon, lat, "gcj02", **expected)
        if kind is NoiseKind.DISAGREEMENT:
            township = self.places.township_of(address.cell)
            elsewhere = self.pick()
            while self.places.township_of(elsewhere.cell) == township:
                elsewhere = self.pick()
            return AddressCase(
                kind, self.join(parts), elsewhere.lon, elsewhere.lat, "wgs84",
                **expected, expect_disagreement=True,
            )  # fmt: skip
        if kind in (NoiseKind.AMBIGUOUS, NoiseKind.AMBIGUOUS_WITH_POINT):
            unit = rng.choice(self.shared_villages)
            door = rng.choice(self.doors_by_unit[unit.id])
            text = f"{unit.name}{door.number}号"
            if kind is NoiseKind.AMBIGUOUS:
                return AddressCase(kind, text, expect_unplaced=True)
            return AddressCase(
                kind, text, door.lon, door.lat, "wgs84",
                expected_address=door.id, expected_cell=door.cell,
            )  # fmt: skip
        return AddressCase(kind, rng.choice(UNPLACEABLE_TEXTS), expect_unplaced=True)

    def _numerals(self, address: Address) -> str:
        def cn(value: int) -> str:
            return cn2an.an2cn(str(value))

        text = ""
        if address.number is not None:
            text += f"{cn(address.number)}号"
        if address.building is not None:
            text += f"{cn(address.building)}号楼"
        if address.entrance is not None:
            text += f"{cn(address.entrance)}单元"
        return text

    def _typo(self) -> AddressCase:
        while True:
            address = self.pick()
            unit = self.places.units[address.unit]
            name = unit.name
            positions = [i for i, ch in enumerate(name[:-1]) if ch in HOMOPHONES]
            if len(name) < 3 or not positions:
                continue
            i = self.rng.choice(positions)
            parts = self.parts(address)
            parts["province"] = parts["prefecture"] = ""
            parts["unit"] = name[:i] + HOMOPHONES[name[i]] + name[i + 1 :]
            return AddressCase(
                NoiseKind.TYPO,
                self.join(parts),
                expected_address=address.id,
                expected_cell=address.cell,
            )

    def _intersection(self) -> AddressCase:
        while True:
            township = self.rng.choice(sorted(self.roads_by_township))
            roads = [self.places.units[r] for r in self.roads_by_township[township]]
            first, second = self.rng.sample(roads, 2)
            crossing = intersection_point(first.line, second.line)
            if crossing is None:
                continue
            metres = self.rng.choice((0, 30, 50, 80))
            direction, (dx, dy) = self.rng.choice(
                (("东", (1, 0)), ("西", (-1, 0)), ("南", (0, -1)), ("北", (0, 1)))
            )
            point = offset(*crossing, dx * metres, dy * metres)
            cell = self.locator.locate(*point)
            if cell is None:
                continue
            tail = f"{direction}{metres}米" if metres else ""
            prefix = self.rng.choice(("", self.places.divisions[township].name))
            joiner = self.rng.choice(("与", "和"))
            crossing_word = self.rng.choice(("路口", "交叉口"))
            text = f"{prefix}{first.name}{joiner}{second.name}{crossing_word}{tail}"
            return AddressCase(NoiseKind.INTERSECTION, text, expected_cell=cell)

    def generate(self, per_kind: int) -> Iterator[AddressCase]:
        for kind in NoiseKind:
            for _ in range(per_kind):
                yield self.case(kind)


def is_correct(case: AddressCase, placement: object) -> bool:
    """Whether a Placement answers the case: same address, same cell, or rightly unplaced."""
    status = getattr(placement, "status", None)
    if case.expect_unplaced:
        return status == "unplaced"
    if case.expect_disagreement and getattr(placement, "disagreement", None) is None:
        return False
    if case.expected_address is not None:
        return getattr(placement, "address_id", None) == case.expected_address
    return getattr(placement, "cell", None) == case.expected_cell
