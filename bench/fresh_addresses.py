"""A fresh labelled address set for 乳山市, and one measurement of placement on it.

How it was written: the truths are picked from the demo registry with a seeded
``random.Random`` (standard addresses, villages, compounds, roads, townships), then each
truth is written the way people in a Chinese county actually write addresses: a grid
worker's hurried phone note, a 12345 operator's transcription of a caller's speech, village
doors with 组/队/屯, building and unit notations, road suffixes dropped or swapped,
look-alike characters, full-width digits and Chinese numerals, wrong or outdated township
names, noise around the address (names, phone numbers, dates, 门牌不清), texts that can only
be placed to a village or a township, and addresses outside the county. The writing follows
the habits, not the matcher: no item was written, kept or relabelled by calling the matcher
or by reading its code, its tests or its other test sets. Each item carries the truth a
careful human would give: the standard address when the door is unambiguous, else the
deepest unambiguous place (village/community or township) and that precision; an item
outside the county is "not placeable", and placing it anywhere is confidently wrong.

Rule: this set must never be used to tune the matcher. Only the aggregate table goes to
docs/benchmarks.md; per-item misses are written only to the untracked (git-ignored)
var/fresh-addresses/misses.md, never to docs or the repository. Reading them while changing
the matcher spends the set: write a new one instead.

    python bench/fresh_addresses.py              # measure, write docs/benchmarks.md
    python bench/fresh_addresses.py --no-write   # measure and print only
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from contracts.placement import Placement, PlacementStatus  # noqa: E402
from grid.model import Address, AddressUnit, Division, Level, Registry, UnitKind  # noqa: E402

SEED = 20261203
SET_NAME = "fresh-addresses-v1"
SECTION = "fresh-addresses"
MISSES = ROOT / "var" / "fresh-addresses" / "misses.md"

ADDRESS, COMMUNITY, TOWNSHIP, OUTSIDE = "address", "community", "township", "outside"

# Habit -> how many items. Elsewhere is ~10% of the whole.
HABITS: dict[str, int] = {
    "phone_note": 32,
    "hotline_speech": 32,
    "village_group": 32,
    "building_notation": 32,
    "road_suffix": 30,
    "lookalike_chars": 30,
    "numerals": 32,
    "wrong_township": 30,
    "noise": 32,
    "coarse_only": 30,
    "elsewhere": 36,
}

# Look-alike characters (形近字) people type or read for each other; only swaps that leave a
# name no other place in the registry carries are used.
LOOKALIKE: dict[str, str] = {
    "幸": "辛", "福": "褔", "康": "庚", "滨": "宾", "乐": "东", "业": "亚", "华": "毕",
    "胜": "性", "商": "啇", "青": "清", "金": "全", "岭": "玲", "江": "汪", "建": "健",
    "海": "梅", "育": "盲", "新": "亲", "和": "知", "平": "乎", "人": "入", "民": "氏",
    "明": "朋", "团": "困", "振": "赈", "凤": "风", "凰": "皇", "瑞": "端", "祥": "样",
    "纪": "记", "富": "畗", "工": "土", "河": "何", "松": "淞", "花": "化", "阳": "阴",
    "朝": "潮", "进": "近", "友": "发", "学": "字", "迎": "仰", "泰": "秦", "永": "水",
    "临": "监", "锦": "绵", "翠": "萃", "竹": "什", "白": "自", "云": "去", "红": "虹",
    "旗": "棋", "复": "夏", "广": "厂", "场": "汤", "健": "建", "景": "京", "晖": "辉",
    "庄": "压", "家": "冢", "沟": "钩", "甲": "申", "王": "玉", "泗": "洒", "格": "恪",
    "崔": "催", "官": "宫", "疃": "瞳", "汤": "场", "栾": "恋", "徐": "涂", "孙": "逊",
    "泉": "皋", "龙": "尤", "山": "出", "大": "太", "西": "酉", "东": "车", "南": "男",
    "北": "比", "前": "煎", "后": "后", "上": "土", "口": "囗", "岛": "鸟", "石": "右",
    "林": "材", "杨": "扬", "刘": "浏", "李": "季", "张": "账", "赵": "赴", "于": "干",
}  # fmt: skip

FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
DIGITS_CN = "零一二三四五六七八九"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙于姜宫"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明")

# Real places outside 乳山市 (neighbouring counties and cities), for the elsewhere items.
ELSEWHERE_PLACES = (
    "威海市环翠区", "环翠区张村镇", "环翠区羊亭镇", "威海市文登区", "文登区龙山街道",
    "文登区天福街道", "文登侯家镇", "文登区泽头镇", "文登区宋村镇", "荣成市崖头街道",
    "荣成市石岛", "荣成俚岛镇", "烟台市牟平区", "牟平区宁海街道", "牟平姜格庄街道",
    "海阳市东村街道", "海阳市留格庄镇", "海阳朱吴镇", "海阳市发城镇", "青岛市城阳区",
    "莱阳市", "栖霞市", "即墨区", "威海经区", "威海高区",
)  # fmt: skip
# Road names in the registry are common ones; these real ones elsewhere carry 乳山 itself.
ELSEWHERE_RUSHAN_NAMED = ("青岛市市南区乳山路", "烟台市芝罘区乳山路", "威海市环翠区乳山路")


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    habit: str
    text: str
    truth: str  # a standard address id, a division code, or "" for outside the county
    precision: str  # address | community | township | outside


def chinese_number(n: int) -> str:
    """1..999 the way it is said: 十二, 二十, 一百零八, 一百一十五."""
    if n < 10:
        return DIGITS_CN[n]
    if n < 20:
        return "十" + (DIGITS_CN[n % 10] if n % 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return DIGITS_CN[tens] + "十" + (DIGITS_CN[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    head = DIGITS_CN[hundreds] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + DIGITS_CN[rest]
    tens, ones = divmod(rest, 10)
    return head + DIGITS_CN[tens] + "十" + (DIGITS_CN[ones] if ones else "")


def spelled_digits(n: int) -> str:
    """Digit by digit, as callers read a door plate: 108 -> 一零八."""
    return "".join(DIGITS_CN[int(d)] for d in str(n))


class _Index:
    """What the writer needs to know about the registry (truths and their ancestors)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.divisions: dict[str, Division] = {d.code: d for d in registry.divisions}
        self.townships = [d for d in registry.divisions if d.level is Level.TOWNSHIP]
        self.cell_community = {c.code: c.community for c in registry.cells}
        self.units: dict[str, AddressUnit] = {u.id: u for u in registry.units}
        self.doors: dict[str, list[Address]] = defaultdict(list)
        for address in registry.addresses:
            self.doors[address.unit].append(address)
        self.addresses = {a.id: a for a in registry.addresses}
        self.roads = [u for u in registry.units if u.kind is UnitKind.ROAD]
        self.villages = [u for u in registry.units if u.kind is UnitKind.VILLAGE]
        self.compounds = [u for u in registry.units if u.kind is UnitKind.COMPOUND]
        names = Counter(u.name for u in self.villages)
        self.unique_villages = [u for u in self.villages if names[u.name] == 1]
        self.unique_village_ids = {u.id for u in self.unique_villages}
        # Every name a text could mean: units, their aliases, divisions, their aliases.
        self.known_names: set[str] = set()
        for unit in registry.units:
            self.known_names.update((unit.name, *unit.aliases))
        for division in registry.divisions:
            self.known_names.update((division.name, *division.aliases))
        stems = Counter(u.name[:-1] for u in self.roads)
        self.unique_stem_roads = [
            u
            for u in self.roads
            if stems[u.name[:-1]] == 1
            and not any(n.startswith(u.name[:-1]) and n != u.name for n in self.known_names)
        ]
        self.road_names = {u.name for u in self.roads}

    def community_of(self, address: Address) -> str:
        return self.cell_community[address.cell]

    def township_of_code(self, code: str) -> str:
        division = self.divisions[code]
        return code if division.level is Level.TOWNSHIP else division.parent or ""

    def township_name(self, code: str) -> str:
        return self.divisions[code].name

    def township_stem(self, code: str) -> str:
        return self.divisions[code].aliases[0]

    def door(self, rng: random.Random, unit: AddressUnit, low: int = 1) -> Address:
        doors = [a for a in self.doors[unit.id] if a.number is not None and a.number >= low]
        return rng.choice(doors)

    def road_door_truth(self, unit: AddressUnit, numbers: Iterable[int]) -> tuple[str, str]:
        """The deepest place every door in ``numbers`` on ``unit`` shares: a community, or the
        road's township when they differ or a door is missing."""
        by_number = {a.number: a for a in self.doors[unit.id]}
        communities = set()
        for n in numbers:
            address = by_number.get(n)
            if address is None:
                return unit.township, TOWNSHIP
            communities.add(self.community_of(address))
        if len(communities) == 1:
            return communities.pop(), COMMUNITY
        return unit.township, TOWNSHIP

    def road_only_truth(self, unit: AddressUnit) -> tuple[str, str]:
        communities = {self.community_of(a) for a in self.doors[unit.id]}
        if len(communities) == 1:
            return communities.pop(), COMMUNITY
        return unit.township, TOWNSHIP

    def village_label(self, rng: random.Random, unit: AddressUnit, short: bool = False) -> str:
        """A village as written: with its township when its name is not unique."""
        name = unit.name
        if short and name.endswith("村") and len(name) > 2:
            name = name[:-1]
        unique = unit.id in self.unique_village_ids
        if unique and rng.random() < 0.5:
            return name
        township = unit.township
        prefix = (
            self.township_stem(township) if rng.random() < 0.5 else self.township_name(township)
        )
        return prefix + name


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3589") + "".join(rng.choices("0123456789", k=9))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN))


class _Writer:
    def __init__(self, registry: Registry, seed: int) -> None:
        self.ix = _Index(registry)
        self.rng = random.Random(seed)

    # Each writer returns (text, truth, precision).

    def phone_note(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        kind = rng.choice(("road", "road", "village", "village", "compound"))
        if kind == "road":
            unit = rng.choice(ix.roads)
            door = ix.door(rng, unit)
            stem = ix.township_stem(unit.township)
            text = rng.choice(
                (
                    f"{stem}{unit.name}{door.number}号",
                    f"{stem}{unit.name}{door.number}",
                    f"{stem} {unit.name}{door.number}号门口",
                    f"{unit.name}{door.number}号",
                )
            )
            return text, door.id, ADDRESS
        if kind == "village":
            unit = rng.choice(ix.villages)
            door = ix.door(rng, unit)
            stem = ix.township_stem(unit.township)
            short = unit.name[:-1] if unit.name.endswith("村") and len(unit.name) > 2 else unit.name
            text = rng.choice(
                (
                    f"{stem}{short}{door.number}号",
                    f"{stem}{unit.name}{door.number}号",
                    f"{stem}镇{short}村{door.number}",
                    f"{stem}{unit.name}{door.number}",
                )
            )
            return text, door.id, ADDRESS
        unit = rng.choice(ix.compounds)
        door = rng.choice([a for a in ix.doors[unit.id] if a.entrance is not None])
        stem = unit.name.removesuffix("小区")
        text = rng.choice(
            (
                f"{stem}{door.building}-{door.entrance}",
                f"{unit.name}{door.building}号楼{door.entrance}单元",
                f"{stem}小区{door.building}#{door.entrance}单元",
            )
        )
        return text, door.id, ADDRESS

    def hotline_speech(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        kind = rng.choice(("door", "door", "opposite", "beside", "around", "village"))
        county = rng.choice(("乳山市", "乳山", "咱乳山"))
        if kind == "village":
            unit = rng.choice(ix.villages)
            township = ix.township_name(unit.township)
            text = rng.choice(
                (
                    f"{county}{township}{unit.name}，进村往东走，路北那几户附近",
                    f"来电人说是{township}{unit.name}那边，具体哪家说不清",
                    f"{township}，嗯，{unit.name}，村里大湾旁边",
                )
            )
            return text, unit.community or "", COMMUNITY
        unit = rng.choice(ix.roads)
        door = ix.door(rng, unit, low=3)
        n = door.number or 0
        township = ix.township_name(unit.township)
        said = chinese_number(n) if rng.random() < 0.5 else str(n)
        if kind == "door":
            text = rng.choice(
                (
                    f"来电人反映，{county}{township}{unit.name}，{said}号那家门口",
                    f"就是{township}那个{unit.name}啊，{said}号，门口老堆东西",
                    f"{county}{unit.name}{said}号，市民说就在他家门口",
                )
            )
            return text, door.id, ADDRESS
        if kind == "opposite":
            truth, precision = ix.road_door_truth(unit, (n - 1, n + 1))
            text = f"{township}{unit.name}{said}号对面"
        elif kind == "beside":
            truth, precision = ix.road_door_truth(unit, (n - 2, n, n + 2))
            text = rng.choice(
                (f"{unit.name}{said}号旁边那家", f"{township}{unit.name}{said}号边上")
            )
        else:
            truth, precision = ix.road_door_truth(unit, range(n - 2, n + 3))
            text = f"{county}{township}{unit.name}，大概{said}号左右，具体门牌记不清"
        return text, truth, precision

    def village_group(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        unit = rng.choice(ix.villages)
        label = ix.village_label(rng, unit)
        group = rng.randint(1, 8)
        group_said = rng.choice((str(group), chinese_number(group)))
        if rng.random() < 0.2:
            text = rng.choice(
                (f"{label}{group_said}组", f"{label}{group_said}队", f"{label}第{group_said}生产队")
            )
            return text, unit.community or "", COMMUNITY
        door = ix.door(rng, unit)
        text = rng.choice(
            (
                f"{label}{group_said}组{door.number}号",
                f"{label}{group_said}队{door.number}号",
                f"{label}{group_said}屯{door.number}号",
                f"乳山市{label}{group_said}组{door.number}号",
                f"{label}{group_said}组 {door.number}号院",
            )
        )
        return text, door.id, ADDRESS

    def building_notation(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        unit = rng.choice(ix.compounds)
        stem = unit.name.removesuffix("小区")
        name = rng.choice((unit.name, unit.name, f"{stem}花园", f"{stem}社区"))
        entrances = [a for a in ix.doors[unit.id] if a.entrance is not None]
        buildings = [a for a in ix.doors[unit.id] if a.entrance is None]
        if rng.random() < 0.25:
            door = rng.choice(buildings)
            b = door.building or 0
            text = rng.choice(
                (
                    f"{name}{b}号楼",
                    f"{name}{chinese_number(b)}号楼",
                    f"{name}{b}栋",
                    f"{name}{b}号楼下",
                    f"{name}{b}幢",
                )
            )
            return text, door.id, ADDRESS
        door = rng.choice(entrances)
        b, e = door.building or 0, door.entrance or 0
        room = rng.choice((1, 2, 3, 4, 5, 6)) * 100 + rng.choice((1, 2))
        text = rng.choice(
            (
                f"{name}{b}号楼{e}单元{room}",
                f"{name}{b}-{e}-{room}",
                f"{name}{b}栋{e}单元",
                f"{name}{b}#{e}单元{room}室",
                f"{name}{b}号楼{e}单元{room}室",
                f"{name}{chinese_number(b)}号楼{chinese_number(e)}单元",
                f"{name}{b}幢{e}单元",
                f"{name} {b}号楼 {e}单元",
            )
        )
        return text, door.id, ADDRESS

    def road_suffix(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        unit = rng.choice(ix.unique_stem_roads)
        door = ix.door(rng, unit)
        stem, suffix = unit.name[:-1], unit.name[-1]
        other = "街" if suffix == "路" else "路"
        options = [f"{stem}大道", f"{stem}大街", stem]
        if stem + other not in ix.road_names:
            options += [stem + other, stem + other]
        written = rng.choice(options)
        township = ix.township_stem(unit.township) if rng.random() < 0.5 else ""
        return f"{township}{written}{door.number}号", door.id, ADDRESS

    def _lookalike(self, name: str, keep_last: bool) -> str | None:
        positions = list(range(len(name) - (1 if keep_last else 0)))
        self.rng.shuffle(positions)
        for i in positions:
            swap = LOOKALIKE.get(name[i])
            if swap and swap != name[i]:
                typo = name[:i] + swap + name[i + 1 :]
                if not any(typo in n or n in typo for n in self.ix.known_names if len(n) > 1):
                    return typo
        return None

    def lookalike_chars(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        while True:
            if rng.random() < 0.5:
                unit = rng.choice(ix.roads)
                typo = self._lookalike(unit.name, keep_last=True)
                prefix = ix.township_stem(unit.township) if rng.random() < 0.5 else ""
            else:
                unit = rng.choice(ix.unique_villages)
                typo = self._lookalike(unit.name, keep_last=True)
                prefix = ix.township_name(unit.township) if rng.random() < 0.5 else ""
            if typo is None:
                continue
            door = ix.door(rng, unit)
            return f"{prefix}{typo}{door.number}号", door.id, ADDRESS

    def numerals(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        kind = rng.choice(("road_cn", "road_cn", "road_fw", "village", "compound", "mixed"))
        if kind == "compound":
            unit = rng.choice(ix.compounds)
            door = rng.choice([a for a in ix.doors[unit.id] if a.entrance is not None])
            b, e = door.building or 0, door.entrance or 0
            text = rng.choice(
                (
                    f"{unit.name}{b}号楼{e}单元".translate(FULL_WIDTH),
                    f"{unit.name}{chinese_number(b)}号楼{e}单元",
                    f"{unit.name}{b}-{e}-30{e}".translate(FULL_WIDTH),
                )
            )
            return text, door.id, ADDRESS
        if kind == "village":
            unit = rng.choice(ix.villages)
            door = ix.door(rng, unit)
            label = ix.village_label(rng, unit)
            said = rng.choice(
                (chinese_number(door.number or 0), str(door.number).translate(FULL_WIDTH))
            )
            return f"{label}{said}号", door.id, ADDRESS
        unit = rng.choice(ix.roads)
        low = 100 if kind == "road_cn" and rng.random() < 0.5 else 1
        door = ix.door(rng, unit, low=low)
        n = door.number or 0
        township = ix.township_name(unit.township) if rng.random() < 0.5 else ""
        if kind == "road_cn":
            said = rng.choice((chinese_number(n), chinese_number(n), spelled_digits(n)))
        elif kind == "road_fw":
            said = str(n).translate(FULL_WIDTH)
        else:  # half full-width, half ASCII, as a phone keyboard switches mid-number
            digits = str(n)
            said = (
                digits[0].translate(FULL_WIDTH) + digits[1:] if len(digits) > 1 else "第" + digits
            )
        return f"{township}{unit.name}{said}号", door.id, ADDRESS

    def wrong_township(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        pool = ix.roads if rng.random() < 0.7 else ix.unique_villages
        unit = rng.choice(pool)
        door = ix.door(rng, unit)
        right = ix.divisions[unit.township]
        wrong = rng.choice([t for t in ix.townships if t.code != unit.township])
        forms = [
            f"{wrong.name}{unit.name}{door.number}号",
            f"乳山市{wrong.name}{unit.name}{door.number}号",
            f"{wrong.aliases[0]}{unit.name}{door.number}号",
        ]
        if wrong.name.endswith("镇"):  # the people's commune of the 1960s-80s
            forms.append(f"乳山县{wrong.aliases[0]}公社{unit.name}{door.number}号")
        if right.name.endswith("镇"):  # the old 乡 of the right township, as older people say
            forms.append(f"乳山县{right.aliases[0]}乡{unit.name}{door.number}号")
        text = rng.choice(forms)
        return text, door.id, ADDRESS

    def noise(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        kind = rng.choice(("phone", "name", "date", "unclear", "phone", "name"))
        if kind == "unclear":
            if rng.random() < 0.5:
                unit = rng.choice(ix.villages)
                label = ix.village_label(rng, unit)
                text = rng.choice(
                    (f"{label}，门牌不清", f"{label} 门牌号不详 联系人{_person(rng)}")
                )
                return text, unit.community or "", COMMUNITY
            unit = rng.choice(ix.roads)
            truth, precision = ix.road_only_truth(unit)
            township = ix.township_name(unit.township)
            return f"{township}{unit.name}，门牌不清，{_phone(rng)}", truth, precision
        if rng.random() < 0.6:
            unit = rng.choice(ix.roads)
            township = ix.township_stem(unit.township) if rng.random() < 0.5 else ""
            place = f"{township}{unit.name}"
        else:
            unit = rng.choice(ix.villages)
            place = ix.village_label(rng, unit)
        door = ix.door(rng, unit)
        address = f"{place}{door.number}号"
        if kind == "phone":
            text = rng.choice(
                (
                    f"{address} 联系电话{_phone(rng)}",
                    f"电话：{_phone(rng)}，地址{address}",
                    f"{address}（{_person(rng)} {_phone(rng)}）",
                )
            )
        elif kind == "name":
            text = rng.choice(
                (
                    f"{address}{_person(rng)}家",
                    f"{_person(rng)}反映：{address}",
                    f"{address}，户主{_person(rng)}，举报人不愿留姓名",
                )
            )
        else:
            day, hour = rng.randint(1, 28), rng.randint(7, 18)
            text = rng.choice(
                (
                    f"12月{day}日{hour}点 {address}",
                    f"{address} 2026-11-{day:02d} {hour}:30巡查发现",
                )
            )
        return text, door.id, ADDRESS

    def coarse_only(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        kind = rng.choice(("township", "village", "village", "road", "compound", "community"))
        if kind == "township":
            township = rng.choice(ix.townships)
            text = rng.choice(
                (
                    f"{township.name}",
                    f"乳山市{township.name}政府附近",
                    f"{township.aliases[0]}那边，具体位置不详",
                    f"{township.name}东边一个村",
                )
            )
            return text, township.code, TOWNSHIP
        if kind == "village":
            unit = rng.choice(ix.villages)
            label = ix.village_label(rng, unit)
            text = rng.choice(
                (f"{label}", f"{label}村委会门口", f"{label}一带", f"{label}村东头", f"{label}附近")
            )
            return text, unit.community or "", COMMUNITY
        if kind == "road":
            unit = rng.choice(ix.roads)
            truth, precision = ix.road_only_truth(unit)
            township = ix.township_name(unit.township)
            text = rng.choice(
                (f"{township}{unit.name}", f"{township}{unit.name}路段", f"{unit.name}沿线")
            )
            return text, truth, precision
        unit = rng.choice(ix.compounds)
        community = ix.divisions[unit.community or ""]
        if kind == "compound":
            text = rng.choice((unit.name, f"{unit.name}里面", f"{unit.name}门口"))
        else:
            text = rng.choice(
                (
                    f"{ix.township_name(unit.township)}{community.name}",
                    f"{community.name}辖区",
                )
            )
        return text, community.code, COMMUNITY

    def elsewhere(self) -> tuple[str, str, str]:
        ix, rng = self.ix, self.rng
        kind = rng.choice(("road", "road", "road", "village", "village", "rushan_road"))
        if kind == "rushan_road":
            return f"{rng.choice(ELSEWHERE_RUSHAN_NAMED)}{rng.randint(1, 120)}号", "", OUTSIDE
        place = rng.choice(ELSEWHERE_PLACES)
        if kind == "road":
            road = rng.choice(ix.roads).name
            return f"{place}{road}{rng.randint(1, 200)}号", "", OUTSIDE
        village = rng.choice(ix.villages).name
        return f"{place}{village}{rng.randint(1, 60)}号", "", OUTSIDE


def build_set(registry: Registry, seed: int = SEED) -> list[Item]:
    """The whole set, the same for the same registry and seed."""
    writer = _Writer(registry, seed)
    items: list[Item] = []
    for habit, count in HABITS.items():
        write: Callable[[], tuple[str, str, str]] = getattr(writer, habit)
        seen: set[str] = set()
        number = 0
        while number < count:
            text, truth, precision = write()
            if text in seen:
                continue
            seen.add(text)
            number += 1
            items.append(Item(f"{habit}-{number:02d}", habit, text, truth, precision))
    return items


# -- scoring -------------------------------------------------------------------------------

EXACT, PARTIAL_RIGHT, OVER_PRECISE, WRONG, UNPLACED = (
    "exact",
    "partial_right",
    "over_precise",
    "wrong",
    "unplaced",
)
OUTCOMES = (EXACT, PARTIAL_RIGHT, OVER_PRECISE, WRONG, UNPLACED)


def score(item: Item, placement: Placement, registry: Registry) -> str:
    """One outcome for one item, from the public placement fields only.

    exact: the labelled address, or the labelled place at the labelled precision; for an
    item outside the county, left unplaced.
    partial_right: a correct ancestor of the truth (its building, cell, community, township).
    over_precise: inside the labelled place but deeper than the text allows (a guess).
    wrong: anywhere else; and any placement at all of an item outside the county.
    """
    if item.precision == OUTSIDE:  # not placeable: left unplaced is the right answer
        return EXACT if placement.status is PlacementStatus.UNPLACED else WRONG
    if placement.status is PlacementStatus.UNPLACED:
        return UNPLACED
    precision = str(placement.precision)
    address_id, cell = placement.address_id, placement.cell
    community, township = placement.community, placement.township
    if item.precision == ADDRESS:
        truth = next(a for a in registry.addresses if a.id == item.truth)
        truth_community = next(c.community for c in registry.cells if c.code == truth.cell)
        truth_township = truth_community[:9]
        if precision == "address":
            if address_id == item.truth:
                return EXACT
            placed = next((a for a in registry.addresses if a.id == address_id), None)
            if placed is not None and placed.unit == truth.unit:
                same_building = placed.building is not None and placed.building == truth.building
                if same_building and placed.entrance is None and truth.entrance is not None:
                    return PARTIAL_RIGHT
                if same_building and truth.entrance is None and placed.entrance is not None:
                    return OVER_PRECISE
            return WRONG
        if precision == "cell":
            return PARTIAL_RIGHT if cell == truth.cell else WRONG
        if precision == "community":
            return PARTIAL_RIGHT if community == truth_community else WRONG
        if precision == "township":
            return PARTIAL_RIGHT if township == truth_township else WRONG
        return WRONG
    if item.precision == COMMUNITY:
        if precision == "community":
            return EXACT if community == item.truth else WRONG
        if precision == "township":
            return PARTIAL_RIGHT if township == item.truth[:9] else WRONG
        return OVER_PRECISE if community == item.truth else WRONG
    # township truth
    if precision == "township":
        return EXACT if township == item.truth else WRONG
    return OVER_PRECISE if township == item.truth else WRONG


def measure(
    items: list[Item], registry: Registry, progress: bool = True
) -> list[tuple[Item, str, Placement]]:
    from contracts.common import GridCode
    from contracts.report import Channel, IncidentReport, Reporter, ReportSource
    from dispatch.identity import report_id_for
    from grid.placing import Placer

    placer = Placer(registry)
    now = datetime.now(UTC)
    results: list[tuple[Item, str, Placement]] = []

    def one(item: Item) -> None:
        report = IncidentReport(
            report_id=report_id_for("urban", f"fresh-{item.id}"),
            source=ReportSource(
                grid=GridCode.URBAN, channel=Channel.API, source_event_id=f"fresh-{item.id}"
            ),
            category="urban.road_damage",
            title="路面坑洼",
            description="路面坑洼，雨天积水",
            address_text=item.text,
            reporter=Reporter(id="fresh-addresses", role="citizen"),
            occurred_at=now,
            reported_at=now,
        )
        placement = placer.place(report, now).placement
        results.append((item, score(item, placement, registry), placement))

    if progress:
        from rich.progress import track

        for item in track(items, description="placing"):
            one(item)
    else:
        for item in items:
            one(item)
    return results


def table(
    results: list[tuple[Item, str, Placement]],
    habits: Iterable[str] = HABITS,
    outside: str = "elsewhere",
) -> list[str]:
    """The outcome table, one row per habit in ``habits``; ``outside`` is the habit of the
    addresses outside the county, left out of the last row."""
    by_habit: dict[str, Counter[str]] = defaultdict(Counter)
    for item, outcome, _ in results:
        by_habit[item.habit][outcome] += 1
    lines = [
        "| habit | items | exact | partial, right | over-precise | confidently wrong | unplaced |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]

    def row(name: str, counts: Counter[str]) -> str:
        total = sum(counts.values())
        cells = [f"{counts[o]} ({counts[o] / total:.0%})" for o in OUTCOMES]
        return f"| {name} | {total} | " + " | ".join(cells) + " |"

    for habit in habits:
        lines.append(row(habit, by_habit[habit]))
    overall: Counter[str] = Counter()
    for counts in by_habit.values():
        overall.update(counts)
    lines.append(row("**all**", overall))
    inside: Counter[str] = Counter()
    for habit, counts in by_habit.items():
        if habit != outside:
            inside.update(counts)
    lines.append(row(f"all but {outside}", inside))
    return lines


def write_misses(
    results: list[tuple[Item, str, Placement]], path: Path = MISSES, set_name: str = SET_NAME
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# {set_name}: per-item misses (untracked; never to docs, never to tune)", ""]
    for item, outcome, placement in results:
        if outcome == EXACT:
            continue
        lines.append(
            f"- {item.id} [{outcome}] `{item.text}` truth={item.truth or '-'}/{item.precision} "
            f"placed={placement.status}/{placement.precision} "
            f"{placement.address_id or placement.community or ''}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


Prose = Callable[[Registry, list[Item], Counter[str], str], list[str]]


Written = tuple[str, str, str]  # text, truth, precision
MOST_TRIES = 50_000  # per habit: a writer that cannot find enough distinct items says so


def collect(writer: object, habits: dict[str, int]) -> list[Item]:
    """Each habit's items from the writer's method of that name: ``count`` distinct texts,
    in order; the same for the same writer state (a seeded ``random.Random``)."""
    items: list[Item] = []
    seen: set[str] = set()
    for habit, count in habits.items():
        write: Callable[[], Written | None] = getattr(writer, habit)
        number = tries = 0
        while number < count:
            tries += 1
            if tries > MOST_TRIES:
                raise RuntimeError(f"{habit}: too few items can be written")
            written = write()
            if written is None or written[0] in seen:
                continue
            text, truth, precision = written
            seen.add(text)
            number += 1
            items.append(Item(f"{habit}-{number:02d}", habit, text, truth, precision))
    return items


def run_set(
    argv: list[str] | None,
    description: str,
    build: Callable[[Registry], list[Item]],
    prose: Prose,
    *,
    section: str,
    misses: Path,
    set_name: str,
    habits: Iterable[str] = HABITS,
    outside: str = "elsewhere",
) -> None:
    """Measure a fresh set once and write its section: ``prose`` gives the lines above the
    table (registry, items, habit counts, the run's time)."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/benchmarks.md")
    args = parser.parse_args(argv)

    from bench.results import write_section
    from gridhub.simulator import demo_registry

    registry = demo_registry()
    items = build(registry)
    results = measure(items, registry)
    write_misses(results, misses, set_name=set_name)
    counts = Counter(i.habit for i in items)
    run = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [*prose(registry, items, counts, run), *table(results, habits=habits, outside=outside)]
    print("\n".join(lines))
    if not args.no_write:
        write_section(section, lines)


def _prose(registry: Registry, items: list[Item], habits: Counter[str], run: str) -> list[str]:
    return [
        "## Address placement on a fresh set nobody tuned on",
        "",
        "Command: `python bench/fresh_addresses.py`",
        "",
        f"Run: {run}, CPython {sys.version.split()[0]}. Set `{SET_NAME}` (bench/fresh_addresses.py,"
        f" seed {SEED}), generated from demo registry {registry.version}: {len(items)} items,"
        f" {len(habits)} kinds of writing, {habits['elsewhere']} of them outside the county."
        " Each text is placed through `Placer.place` as a citizen's report with no point."
        " Written from how people write addresses, never by calling the matcher; it must never"
        " be used to tune it, and per-item misses stay out of the repository.",
        "",
        "exact: the labelled standard address, or the labelled village/community/township at"
        " that precision, or, for an address outside the county, left unplaced. partial,"
        " right: a correct ancestor of the truth (the building of a"
        " labelled entrance, its cell, community or township). over-precise: inside the labelled"
        " place but deeper than the text allows, a guess. confidently wrong: any other place,"
        " and any placement of an address outside the county.",
        "",
        "Labels a reader may dispute: a village door written with its 组/队/屯 (X村3组12号) is"
        " labelled as the village's door of that number, since the registry counts doors along"
        " the village and has no groups (where houses are numbered within each group, that"
        " label is wrong); 'X号对面/旁边/左右' is labelled to the community all the doors it"
        " can mean share, else the road's township; a wrong or outdated township before a road"
        " or village named once in the county is labelled as the door the road or village"
        " names. The registry has no landmarks, so no landmark habit was written.",
        "",
    ]


def main(argv: list[str] | None = None) -> None:
    run_set(argv, __doc__ or "", build_set, _prose, section=SECTION, misses=MISSES,
            set_name=SET_NAME)  # fmt: skip


if __name__ == "__main__":
    main()
