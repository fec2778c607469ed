"""The independent address set: noisy address texts (and phone points), each labelled.

Every item says what a careful dispatcher who knows the demo registry would answer:

- ``address``: the standard address id the text names (a door, a building, an entrance);
- ``cell``: the grid cell a point or a crossing lies in (no standard address is named);
- ``community`` / ``township``: the text names nothing finer (a village committee, a road
  without a number, a door number the road does not have, a name two places share inside one
  township);
- ``unplaced``: the text is outside the county or names nothing in it; it must stay unplaced;
- ``not_placed``: two places of the registry fit equally well and nothing tells them apart;
  any answer short of ``placed`` is right, a confident pick is wrong.

Labelling rules, decided before any measurement:

1. A room number (501室), a floor (5楼) or a position phrase (门前, 对面, 楼下, 东侧20米) does
   not change the standard address named: the named door, building or entrance is the answer.
2. A road name written with a wrong or missing suffix (黄河街 for 黄河路, 永安 for 永安街), a
   homophone slip (皇河路) or a wrong township is still that road when exactly one road of the
   county fits; when two fit, the item is ``not_placed`` (or its township, when one township
   holds both).
3. A crossing (with or without 与/和, with an offset such as 东50米) is the cell holding the
   crossing point (moved by the offset); crossings whose point is within 25 m of a cell edge
   are not used, so the label never hangs on a metre.
4. A point without a usable text is the cell it lies in; points are converted from WGS-84 to
   the device's system (GCJ-02, BD-09) with the published transforms, computed in this package.
5. An address in another county, even with a road name this county also has, is ``unplaced``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from bench.independent.geo import Point, as_crs, shifted
from bench.independent.places import Atlas, Spot, atlas
from bench.independent.writing import (
    TOWNSHIP_SLIPS,
    chinese_number,
    county_prefix,
    door_phrase,
    fullwidth,
    number,
    romanised,
    romanised_road,
    spoken,
    spot_text,
    township_text,
    typo_in,
)
from grid.model import UnitKind

ADDRESS_SEED = 20261213


@dataclass(frozen=True)
class Expected:
    kind: str  # address | cell | community | township | unplaced | not_placed
    code: str | None = None


@dataclass(frozen=True)
class AddressItem:
    item_id: str
    writing: str  # the writing kind the item exercises
    text: str
    expected: Expected
    point: Point | None = None  # in ``crs``
    crs: str = "wgs84"
    meaning: str = ""  # what the writer meant, in words, for reading misses


Maker = Callable[[Atlas, random.Random], AddressItem | None]
_MAKERS: dict[str, tuple[Maker, int]] = {}


def writing_kind(name: str, count: int) -> Callable[[Maker], Maker]:
    def register(maker: Maker) -> Maker:
        _MAKERS[name] = (maker, count)
        return maker

    return register


def _item(writing: str, text: str, expected: Expected, meaning: str, **kw: object) -> AddressItem:
    return AddressItem("", writing, text, expected, meaning=meaning, **kw)  # type: ignore[arg-type]


def _addr(spot: Spot) -> Expected:
    assert spot.address_id is not None
    return Expected("address", spot.address_id)


def _meaning(a: Atlas, spot: Spot) -> str:
    town = a.township_name[spot.township]
    if spot.kind == "road_door":
        return f"{town}{spot.unit}{spot.number}号"
    if spot.kind in ("building", "entrance"):
        return f"{town}{spot.unit}{spot.building}号楼" + (
            f"{spot.entrance}单元" if spot.entrance else ""
        )
    if spot.kind == "village_door":
        return f"{town}{spot.unit}{spot.number}号"
    if spot.kind == "crossing":
        return f"{town}{spot.unit}与{spot.cross_road}交叉口 (cell {spot.cell})"
    return f"{town}{spot.unit}{spot.bearing}侧{spot.metres}米 (cell {spot.cell})"


def _any_door(a: Atlas, rng: random.Random) -> Spot:
    pick = rng.random()
    if pick < 0.45:
        return a.road_door(rng)
    if pick < 0.7:
        return a.village_door(rng)
    return a.building(rng, entrance=rng.random() < 0.6)


def _unique_village(a: Atlas, spot: Spot) -> bool:
    return len(a.villages_by_name[spot.unit or ""]) == 1


def _stem_unique(a: Atlas, road: str) -> bool:
    """Only one road of the county has this stem (no 路/街 twin anywhere)."""
    return len(a.road_names_with_stem(road[:-1])) == 1


def _door_text(spot: Spot, form: str = "arabic") -> str:
    if spot.kind in ("road_door", "village_door"):
        return f"{spot.unit}{number(spot.number or 0, form)}号"
    text = f"{spot.unit}{number(spot.building or 0, form)}号楼"
    return text + (f"{number(spot.entrance, form)}单元" if spot.entrance else "")


# ---------------------------------------------------------------- written addresses


@writing_kind("formal", 80)
def _formal(a: Atlas, rng: random.Random) -> AddressItem:
    spot = _any_door(a, rng)
    return _item("formal", spot_text(a, spot, rng, formal=True), _addr(spot), _meaning(a, spot))


@writing_kind("levels_missing", 90)
def _levels_missing(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = _any_door(a, rng)
    if spot.kind == "village_door" and not _unique_village(a, spot):
        return None
    head = rng.choice(("", "", "乳山", "乳山市", "威海乳山"))
    town = township_text(a, spot.township, rng, rng.choice(("stem", "none", "none")))
    return _item("levels_missing", head + town + _door_text(spot), _addr(spot), _meaning(a, spot))


@writing_kind("chinese_numerals", 90)
def _chinese_numerals(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = _any_door(a, rng)
    if spot.kind == "village_door" and not _unique_village(a, spot):
        return None
    town = township_text(a, spot.township, rng)
    text = county_prefix(rng) + town + _door_text(spot, "chinese")
    if spot.kind == "entrance" and rng.random() < 0.4:
        text += rng.choice(("三零一室", "五楼东户", "一楼", "四零二"))
    return _item("chinese_numerals", text, _addr(spot), _meaning(a, spot))


@writing_kind("fullwidth", 70)
def _fullwidth(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = _any_door(a, rng)
    if spot.kind == "village_door" and not _unique_village(a, spot):
        return None
    text = county_prefix(rng) + township_text(a, spot.township, rng) + _door_text(spot)
    if rng.random() < 0.3:
        text = text.replace("号", "号 ", 1)
    return _item("fullwidth", fullwidth(text), _addr(spot), _meaning(a, spot))


@writing_kind("homophone_typo", 100)
def _homophone(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = _any_door(a, rng)
    name = spot.unit or ""
    slipped = typo_in(name[:-1] if spot.kind == "road_door" else name, rng)
    if slipped is None:
        return None
    if spot.kind == "road_door":
        slipped += name[-1]
    known = (
        set(a.roads_by_name)
        | set(a.villages_by_name)
        | {u.name for u in a.units.values() if u.kind is UnitKind.COMPOUND}
    )
    if slipped in known:
        return None
    if spot.kind == "village_door" and not _unique_village(a, spot):
        return None
    town = township_text(a, spot.township, rng, rng.choice(("full", "stem")))
    text = county_prefix(rng) + town + _door_text(spot).replace(name, slipped, 1)
    return _item("homophone_typo", text, _addr(spot), _meaning(a, spot))


@writing_kind("township_slip", 70)
def _township_slip(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = _any_door(a, rng)
    if spot.kind == "village_door" and not _unique_village(a, spot):
        return None
    slip = rng.choice(TOWNSHIP_SLIPS[a.township_name[spot.township]])
    text = county_prefix(rng) + slip + _door_text(spot)
    return _item("township_slip", text, _addr(spot), _meaning(a, spot))


@writing_kind("wrong_township", 90)
def _wrong_township(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = a.road_door(rng) if rng.random() < 0.6 else a.village_door(rng)
    if spot.kind == "road_door" and not _stem_unique(a, spot.unit or ""):
        return None
    if spot.kind == "village_door" and not _unique_village(a, spot):
        return None
    others = [c for c in a.township_name if c != spot.township]
    # Most often the town centre (people assume everything is in 城区), else any township.
    wrong = "371083001" if spot.township != "371083001" and rng.random() < 0.5 else None
    wrong = wrong or rng.choice(others)
    text = county_prefix(rng) + township_text(a, wrong, rng, rng.choice(("full", "stem")))
    text += _door_text(spot)
    return _item(
        "wrong_township",
        text,
        _addr(spot),
        _meaning(a, spot) + f" (written under {a.township_name[wrong]})",
    )


@writing_kind("suffix_dropped", 90)
def _suffix_dropped(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = _any_door(a, rng)
    name = spot.unit or ""
    if spot.kind == "road_door":
        if not _stem_unique(a, name):
            return None
        short = name[:-1]
    elif spot.kind == "village_door":
        short = name.removesuffix("村")
        if not _unique_village(a, spot) or len(short) < 2:
            return None
        if any(v != name and v.startswith(short) for v in a.villages_by_name):
            return None
        if a.road_names_with_stem(short) or any(
            u.name.startswith(short) for u in a.units.values() if u.kind is UnitKind.COMPOUND
        ):
            return None
        townships = set(a.township_name.values()) | {
            alias for aliases in a.township_aliases.values() for alias in aliases
        }
        if short in townships:  # 下初 of 下初村 is also 下初镇: two readings
            return None
    else:
        short = name.removesuffix("小区")
        if a.road_names_with_stem(short):  # 幸福 of 幸福小区 is also 幸福街: not one answer
            return None
    town = township_text(a, spot.township, rng)
    text = county_prefix(rng) + town + _door_text(spot).replace(name, short, 1)
    return _item("suffix_dropped", text, _addr(spot), _meaning(a, spot))


@writing_kind("suffix_swapped", 70)
def _suffix_swapped(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = a.road_door(rng)
    name = spot.unit or ""
    if not _stem_unique(a, name):
        return None
    swapped = name[:-1] + ("街" if name.endswith("路") else "路")
    town = township_text(a, spot.township, rng)
    text = county_prefix(rng) + town + f"{swapped}{spot.number}号"
    return _item("suffix_swapped", text, _addr(spot), _meaning(a, spot))


@writing_kind("door_phrase", 100)
def _door_phrase(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = _any_door(a, rng)
    if spot.kind == "village_door" and not _unique_village(a, spot):
        return None
    town = township_text(a, spot.township, rng)
    text = county_prefix(rng) + town + _door_text(spot) + door_phrase(rng)
    return _item("door_phrase", text, _addr(spot), _meaning(a, spot))


@writing_kind("road_door_with_building_words", 60)
def _road_building_words(a: Atlas, rng: random.Random) -> AddressItem:
    """A road door written with words of a building (金岭路5号楼下, 5号院内, 5号3单元)."""
    spot = a.road_door(rng)
    tail = rng.choice(("楼下", "院内", "院", "楼前", "1单元", "3单元门口", "大院", "楼后面"))
    town = township_text(a, spot.township, rng)
    text = county_prefix(rng) + town + f"{spot.unit}{spot.number}号{tail}"
    return _item("road_door_with_building_words", text, _addr(spot), _meaning(a, spot))


_OFFSETS = (("东", 1, 0), ("西", -1, 0), ("北", 0, 1), ("南", 0, -1))


@writing_kind("crossing", 100)
def _crossing(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = a.crossing(rng)
    r1, r2 = (spot.unit, spot.cross_road) if rng.random() < 0.5 else (spot.cross_road, spot.unit)
    form = rng.choice(
        (
            "{1}与{2}交叉口",
            "{1}和{2}交汇处",
            "{1}{2}路口",
            "{1}{2}交叉口",
            "{1}、{2}十字路口",
            "{1}与{2}路口",
            "{1}跟{2}交叉的地方",
            "{1}/{2}路口",
            "{1}{2}十字口",
        )
    )
    text = form.format("", r1, r2)
    point = spot.point
    if rng.random() < 0.4:
        word, dx, dy = rng.choice(_OFFSETS)
        metres = rng.choice((30, 50, 80, 100, 150))
        point = shifted(point, dx * metres, dy * metres)
        metres_text = rng.choice((f"{metres}米", f"约{metres}米", f"{chinese_number(metres)}米"))
        text += rng.choice(
            (f"往{word}{metres_text}", f"{word}{metres_text}", f"{word}侧{metres_text}")
        )
    elif rng.random() < 0.3:
        text += rng.choice(("东北角", "西南角", "东南角", "西北角", "附近", "红绿灯处"))
    if a.edge_margin_m(point) < 25:
        return None
    cell = a.cell_of(point)
    text = county_prefix(rng) + township_text(a, spot.township, rng) + text
    meaning = f"{_meaning(a, spot)} -> point in cell {cell}"
    return _item("crossing", text, Expected("cell", cell), meaning)


@writing_kind("compound_formal", 80)
def _compound_formal(a: Atlas, rng: random.Random) -> AddressItem:
    spot = a.building(rng, entrance=True)
    room = f"{rng.randint(1, 6)}0{rng.randint(1, 4)}"
    town = township_text(a, spot.township, rng)
    text = (
        county_prefix(rng)
        + town
        + f"{spot.unit}{spot.building}号楼{spot.entrance}单元{rng.choice((room + '室', room, ''))}"
    )
    return _item("compound_formal", text, _addr(spot), _meaning(a, spot))


@writing_kind("compound_dashes", 90)
def _compound_dashes(a: Atlas, rng: random.Random) -> AddressItem:
    spot = a.building(rng, entrance=True)
    room = f"{rng.randint(1, 6)}0{rng.randint(1, 4)}"
    b, e = spot.building, spot.entrance
    form = rng.choice(
        (
            f"{b}-{e}-{room}",
            f"{b}-{e}",
            f"{b}#{e}单元",
            f"{b}#楼{e}单元{room}",
            f"{b}－{e}－{room}",
            f"{b}-{e}号",
            f"{b}楼{e}单元",
            f"{b}—{e}",
        )
    )
    name = spot.unit or ""
    if rng.random() < 0.3:
        name = name.removesuffix("小区")
    text = county_prefix(rng) + township_text(a, spot.township, rng) + name + form
    return _item("compound_dashes", text, _addr(spot), _meaning(a, spot))


@writing_kind("compound_colloquial", 90)
def _compound_colloquial(a: Atlas, rng: random.Random) -> AddressItem:
    entrance = rng.random() < 0.6
    spot = a.building(rng, entrance=entrance)
    b, e = spot.building or 0, spot.entrance or 0
    stem = (spot.unit or "").removesuffix("小区")
    places = [spot.unit, f"{stem}花园", f"{stem}社区"]
    if not a.road_names_with_stem(stem):
        places.append(stem)
    place = rng.choice(places)
    if entrance:
        form = rng.choice(
            (
                f"{b}号{e}单元",
                f"{chinese_number(b)}号楼{chinese_number(e)}单元",
                f"{b}栋{e}单元",
                f"{b}幢{e}单元",
                f"第{b}栋{e}单元",
                f"{b}号楼{e}单元{rng.randint(2, 6)}楼",
                f"{e}单元{b}号楼",
            )
        )
    else:
        form = rng.choice((f"{b}号楼", f"{b}栋", f"{b}幢", f"第{b}栋", f"{b}号楼楼下", f"{b}#楼"))
    text = county_prefix(rng) + township_text(a, spot.township, rng) + f"{place}{form}"
    return _item("compound_colloquial", text, _addr(spot), _meaning(a, spot))


@writing_kind("village", 90)
def _village(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = a.village_door(rng)
    unique = _unique_village(a, spot)
    town_style = (
        rng.choice(("full", "stem")) if not unique else rng.choice(("full", "stem", "none"))
    )
    town = township_text(a, spot.township, rng, town_style)
    surname = rng.choice("王李张刘宫于姜孙")
    tail = rng.choice(
        (
            "号",
            "号",
            "号院",
            f"号（户主{surname}某）",
            f"号老{surname}家",
            "号门口",
            f"号{surname}某某家",
        )
    )
    text = county_prefix(rng) + town + f"{spot.unit}{spot.number}" + tail
    return _item("village", text, _addr(spot), _meaning(a, spot))


@writing_kind("village_committee", 60)
def _village_committee(a: Atlas, rng: random.Random) -> AddressItem:
    spot = a.village_door(rng)
    town = township_text(a, spot.township, rng, rng.choice(("full", "stem")))
    tail = rng.choice(
        ("村委会", "村委", "村委大院", "村东头", "村西边", "村里", "村南头小卖部", "")
    )
    text = county_prefix(rng) + town + (spot.unit or "") + tail
    meaning = f"{a.township_name[spot.township]}{spot.unit} (the village, no door)"
    return _item("village_committee", text, Expected("community", spot.community), meaning)


@writing_kind("village_and_road", 90)
def _village_and_road(a: Atlas, rng: random.Random) -> AddressItem | None:
    """A road door written with the village it runs through (南台子村永安52号)."""
    spot = a.road_door(rng, None if rng.random() < 0.7 else "371083001")
    village = a.community_name[spot.community]
    if not village.endswith("村"):
        return None
    road = spot.unit or ""
    written_road = road[:-1] if rng.random() < 0.5 and _stem_unique(a, road) else road
    town = township_text(a, spot.township, rng, rng.choice(("full", "stem", "none")))
    text = county_prefix(rng) + town + f"{village}{written_road}{spot.number}号"
    meaning = _meaning(a, spot) + f" (written with the village {village})"
    return _item("village_and_road", text, _addr(spot), meaning)


@writing_kind("number_first", 70)
def _number_first(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = a.road_door(rng) if rng.random() < 0.7 else a.village_door(rng)
    if spot.kind == "village_door" and not _unique_village(a, spot):
        return None
    n = spot.number
    town = township_text(a, spot.township, rng)
    form = rng.choice(
        (
            f"{n}号{spot.unit}",
            f"{town}{n}号{spot.unit}",
            f"{spot.unit}，{n}号",
            f"{n}号 {spot.unit}",
            f"{chinese_number(n or 0)}号{spot.unit}",
            f"{spot.unit}那个{n}号",
        )
    )
    return _item("number_first", county_prefix(rng) + form, _addr(spot), _meaning(a, spot))


@writing_kind("romanised", 80)
def _romanised(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = a.road_door(rng) if rng.random() < 0.6 else a.building(rng, entrance=rng.random() < 0.5)
    town = a.township_name[spot.township].removesuffix("街道").removesuffix("镇")
    town_r = rng.choice(("", "", romanised(town, rng) + " ", romanised(town, rng) + ", "))
    county = rng.choice(("", "Rushan ", "Rushan, Weihai, ", "Rushan Shi "))
    if spot.kind == "road_door":
        stem, word = romanised_road(spot.unit or "", rng)
        n = spot.number
        form = rng.choice(
            (
                f"{stem} {word} {n} Hao",
                f"No.{n} {stem} {word}",
                f"{n} {stem} {word}",
                f"{stem}{word.lower()} {n}hao",
                f"{stem} {word} No. {n}",
            )
        )
    else:
        stem = romanised((spot.unit or "").removesuffix("小区"), rng)
        b, e = spot.building, spot.entrance
        if e:
            form = rng.choice(
                (
                    f"{stem} Xiaoqu {b} Hao Lou {e} Danyuan",
                    f"Bldg {b} Unit {e}, {stem} Garden",
                    f"{stem} xiaoqu {b}-{e}",
                )
            )
        else:
            form = rng.choice((f"{stem} Xiaoqu {b} Hao Lou", f"Building {b}, {stem} Garden"))
    text = (county + town_r + form) if rng.random() < 0.5 else (form + ", " + town_r + county)
    text = text.strip().strip(",").strip()
    return _item("romanised", text, _addr(spot), _meaning(a, spot))


@writing_kind("hotline_spoken", 90)
def _hotline(a: Atlas, rng: random.Random) -> AddressItem | None:
    pick = rng.random()
    if pick < 0.6:
        spot = _any_door(a, rng)
        if spot.kind == "village_door" and not _unique_village(a, spot):
            return None
        form = rng.choice(("arabic", "chinese", "chinese"))
        inner = township_text(a, spot.township, rng) + _door_text(spot, form)
        if rng.random() < 0.5:
            inner += door_phrase(rng)
        return _item("hotline_spoken", spoken(inner, rng), _addr(spot), _meaning(a, spot))
    if pick < 0.8:
        spot = a.crossing(rng)
        if a.edge_margin_m(spot.point) < 25:
            return None
        inner = township_text(a, spot.township, rng) + rng.choice(
            (
                f"{spot.unit}靠近{spot.cross_road}那个路口",
                f"{spot.unit}上，{spot.cross_road}路口那块",
                f"{spot.cross_road}和{spot.unit}交界的地方",
            )
        )
        return _item(
            "hotline_spoken", spoken(inner, rng), Expected("cell", spot.cell), _meaning(a, spot)
        )
    spot = a.road_door(rng)
    town = township_text(a, spot.township, rng, rng.choice(("full", "stem")))
    inner = town + rng.choice(
        (f"{spot.unit}（具体门牌号不详）", f"{spot.unit}上，门牌号没看清", f"{spot.unit}中间那段")
    )
    meaning = f"{a.township_name[spot.township]}{spot.unit} (road, no door)"
    return _item("hotline_spoken", spoken(inner, rng), Expected("township", spot.township), meaning)


@writing_kind("road_without_number", 60)
def _road_only(a: Atlas, rng: random.Random) -> AddressItem:
    spot = a.road_door(rng)
    town = township_text(a, spot.township, rng, rng.choice(("full", "stem", "none")))
    tail = rng.choice(("", "中段", "沿线", "路边", "两侧人行道", "东段", "上"))
    text = county_prefix(rng) + town + f"{spot.unit}{tail}"
    meaning = f"{a.township_name[spot.township]}{spot.unit} (road, no door)"
    return _item("road_without_number", text, Expected("township", spot.township), meaning)


@writing_kind("community_or_cell_name", 60)
def _community(a: Atlas, rng: random.Random) -> AddressItem:
    code = rng.choice(sorted(a.community_name))
    name = a.community_name[code]
    town = township_text(a, a.community_township[code], rng, rng.choice(("full", "stem")))
    if rng.random() < 0.4:
        cells = sorted(c for c, m in a.cell_community.items() if m == code)
        k = rng.randrange(len(cells))
        form = rng.choice((f"{name}第{k + 1}网格", f"{name}{chinese_number(k + 1)}网格"))
        text = county_prefix(rng) + town + form
        return _item(
            "community_or_cell_name", text, Expected("cell", cells[k]), f"{name} grid cell {k + 1}"
        )
    tail = "居委会" if name.endswith("社区") else "村委会"
    text = county_prefix(rng) + town + name + rng.choice(("", tail, "辖区"))
    return _item("community_or_cell_name", text, Expected("community", code), name)


@writing_kind("clutter", 70)
def _clutter(a: Atlas, rng: random.Random) -> AddressItem | None:
    spot = _any_door(a, rng)
    if spot.kind == "village_door" and not _unique_village(a, spot):
        return None
    core = township_text(a, spot.township, rng) + _door_text(spot)
    shop = rng.choice(("农业银行", "利群超市", "中国移动营业厅", "家家悦", "老王烧烤", "药店"))
    form = rng.choice(
        (
            f"地址：{core}",
            f"【{a.township_name[spot.township]}】{core}",
            f"{core}（靠近{shop}）",
            f" {core} 。",
            f"{core}——{shop}旁",
            f"乳山 {core}",
            f"{core}\n{shop}附近",
            f"{core}!!!",
            f"[{core}]",
            f"{core} {shop}",
        )
    )
    return _item("clutter", form, _addr(spot), _meaning(a, spot))


# ---------------------------------------------------------------- points


def _random_point(a: Atlas, rng: random.Random) -> tuple[Point, str] | None:
    box = rng.choice(list(a.cell_boxes.values()))
    point = (rng.uniform(box.west, box.east), rng.uniform(box.south, box.north))
    if box.edge_distance_m(point) < 40:
        return None
    return point, box.code


@writing_kind("point_only", 100)
def _point_only(a: Atlas, rng: random.Random) -> AddressItem | None:
    found = _random_point(a, rng)
    if found is None:
        return None
    point, cell = found
    crs = rng.choices(("gcj02", "wgs84", "bd09"), weights=(6, 3, 1))[0]
    text = rng.choice(
        ("手机定位", "现场定位", "见定位", "位置见地图", "我的位置", "定位点", "见图", "无")
    )
    return _item(
        "point_only",
        text,
        Expected("cell", cell),
        f"a {crs} point in cell {cell}",
        point=as_crs(point, crs),
        crs=crs,
    )


@writing_kind("text_and_point", 90)
def _text_and_point(a: Atlas, rng: random.Random) -> AddressItem | None:
    crs = rng.choices(("gcj02", "wgs84", "bd09"), weights=(6, 3, 1))[0]
    if rng.random() < 0.6:
        spot = _any_door(a, rng)
        if spot.kind == "village_door" and not _unique_village(a, spot):
            return None
        angle_m = (rng.uniform(-18, 18), rng.uniform(-18, 18))
        point = shifted(spot.point, *angle_m)
        text = township_text(a, spot.township, rng) + _door_text(spot)
        if rng.random() < 0.3:
            text += door_phrase(rng)
        return _item(
            "text_and_point",
            text,
            _addr(spot),
            _meaning(a, spot),
            point=as_crs(point, crs),
            crs=crs,
        )
    spot = a.road_door(rng)
    point = shifted(spot.point, rng.uniform(-20, 20), rng.uniform(-20, 20))
    if a.edge_margin_m(point) < 40:
        return None
    cell = a.cell_of(point)
    text = rng.choice(
        (f"{spot.unit}边上", f"{spot.unit}这边", f"{spot.unit}路边", f"{spot.unit}附近")
    )
    meaning = f"somewhere on {spot.unit}, point in cell {cell}"
    return _item(
        "text_and_point", text, Expected("cell", cell), meaning, point=as_crs(point, crs), crs=crs
    )


# ---------------------------------------------------------------- must not be placed

_OTHER_COUNTIES = (
    ("威海市文登区", ("米山镇", "龙山街道", "天福街道", "")),
    ("威海市环翠区", ("鲸园街道", "竹岛街道", "")),
    ("荣成市", ("石岛管理区", "崂山街道", "")),
    ("烟台市牟平区", ("宁海街道", "")),
    ("海阳市", ("方圆街道", "留格庄镇", "")),
    ("青岛市即墨区", ("通济街道", "")),
    ("烟台市莱阳市", ("城厢街道", "")),
)
_OUTSIDE_POINTS = (  # WGS-84, outside 乳山 (文登, 海阳, 荣成, 牟平)
    (122.05, 37.20),
    (121.15, 36.75),
    (122.40, 37.16),
    (121.60, 37.39),
    (121.05, 36.80),
)


@writing_kind("other_county", 90)
def _other_county(a: Atlas, rng: random.Random) -> AddressItem:
    county, towns = rng.choice(_OTHER_COUNTIES)
    town = rng.choice(towns)
    if rng.random() < 0.6:
        # A road name this county also has: the county decides.
        road = rng.choice(sorted(a.roads_by_name))
        body = f"{road}{rng.randint(1, 120)}号"
    else:
        body = rng.choice(
            (
                "人民路8号",
                "文化中路56号",
                "世昌大道100号",
                "统一路3号",
                "香港中路10号",
                "海港路18号",
            )
        )
    prefix = rng.choice(("山东省", "", ""))
    point = None
    crs = "wgs84"
    if rng.random() < 0.25:
        crs = "gcj02"
        point = as_crs(rng.choice(_OUTSIDE_POINTS), crs)
    text = prefix + county + town + body
    return _item(
        "other_county",
        text,
        Expected("unplaced"),
        f"{county}: outside 乳山市",
        point=point,
        crs=crs,
    )


_UNKNOWN_STEMS = ("文化", "胜利", "商业", "新华", "光明", "友谊", "东风", "学府", "民主", "柳林")
_LANDMARKS = ("人民医院门口", "汽车站", "一中东门", "市政府广场", "老百货大楼", "火车站出站口")


@writing_kind("unknown_in_county", 70)
def _unknown(a: Atlas, rng: random.Random) -> AddressItem | None:
    stems = [s for s in _UNKNOWN_STEMS if not a.road_names_with_stem(s)]
    if rng.random() < 0.6:
        body = f"{rng.choice(stems)}{rng.choice('路街')}{rng.randint(1, 90)}号"
    else:
        body = rng.choice(_LANDMARKS)
    if rng.random() < 0.5:
        code = rng.choice(sorted(a.township_name))
        text = rng.choice(("乳山市", "乳山", "")) + township_text(a, code, rng, "full") + body
        meaning = f"in {a.township_name[code]}, a name the registry does not have"
        return _item("unknown_in_county", text, Expected("township", code), meaning)
    text = rng.choice(("乳山市", "乳山", "威海市乳山市")) + body
    return _item("unknown_in_county", text, Expected("unplaced"), "a name the registry lacks")


@writing_kind("ambiguous", 80)
def _ambiguous(a: Atlas, rng: random.Random) -> AddressItem | None:
    pick = rng.random()
    if pick < 0.35:
        # A village name two townships share, without the township.
        name = rng.choice(sorted(n for n, us in a.villages_by_name.items() if len(us) > 1))
        units = a.villages_by_name[name]
        towns = {u.township for u in units}
        n = rng.randint(1, 20)
        if len(towns) == 1:  # two villages of one name in one township (白沙滩镇桃村)
            code = next(iter(towns))
            text = county_prefix(rng) + township_text(a, code, rng, "full") + f"{name}{n}号"
            return _item(
                "ambiguous",
                text,
                Expected("township", code),
                f"two {name} in {a.township_name[code]}",
            )
        text = county_prefix(rng) + f"{name}{n}号"
        return _item("ambiguous", text, Expected("not_placed"), f"{name} is in several townships")
    if pick < 0.6:
        # A stem with both 路 and 街, suffix dropped.
        twins = sorted({n[:-1] for n in a.roads_by_name if len(a.road_names_with_stem(n[:-1])) > 1})
        stem = rng.choice(twins)
        roads = [u for n in a.road_names_with_stem(stem) for u in a.roads_by_name[n]]
        towns = {u.township for u in roads}
        n = rng.randint(1, 150)
        if len(towns) == 1:
            code = next(iter(towns))
            text = township_text(a, code, rng, rng.choice(("full", "stem"))) + f"{stem}{n}号"
            return _item(
                "ambiguous",
                text,
                Expected("township", code),
                f"{stem}路 and {stem}街 both in {a.township_name[code]}",
            )
        text = county_prefix(rng) + f"{stem}{n}号"
        return _item("ambiguous", text, Expected("not_placed"), f"{stem}路 or {stem}街")
    if pick < 0.8:
        # A road name with the suffix of its twin in the other township, under that township.
        twins = sorted(
            n
            for n in a.roads_by_name
            if len(a.road_names_with_stem(n[:-1])) == 2
            and len({a.roads_by_name[m][0].township for m in a.road_names_with_stem(n[:-1])}) == 2
        )
        name = rng.choice(twins)
        twin = next(m for m in a.road_names_with_stem(name[:-1]) if m != name)
        twin_town = a.roads_by_name[twin][0].township
        n = rng.randint(1, 150)
        text = township_text(a, twin_town, rng, "full") + f"{name}{n}号"
        return _item(
            "ambiguous",
            text,
            Expected("not_placed"),
            f"{name} is elsewhere; {a.township_name[twin_town]} has {twin}",
        )
    # A door number the road does not have.
    spot = a.road_door(rng)
    n = rng.randint(161, 400)
    town = township_text(a, spot.township, rng, rng.choice(("full", "stem")))
    text = county_prefix(rng) + town + f"{spot.unit}{n}号"
    return _item(
        "ambiguous", text, Expected("township", spot.township), f"{spot.unit} has no door {n}"
    )


def build_address_set(seed: int = ADDRESS_SEED) -> list[AddressItem]:
    """The whole labelled set, in a fixed order; the same seed gives the same set."""
    a = atlas()
    items: list[AddressItem] = []
    for name, (maker, count) in _MAKERS.items():
        rng = random.Random(f"{seed}:{name}")
        made: list[AddressItem] = []
        texts: set[tuple[str, Point | None]] = set()
        attempts = 0
        while len(made) < count:
            attempts += 1
            if attempts > count * 50:
                raise RuntimeError(f"could not make {count} items of {name}")
            item = maker(a, rng)
            if item is None or (item.text, item.point) in texts:
                continue
            texts.add((item.text, item.point))
            made.append(item)
        items.extend(made)
    return [
        AddressItem(f"A{i:04d}", it.writing, it.text, it.expected, it.point, it.crs, it.meaning)
        for i, it in enumerate(items, start=1)
    ]


WRITING_KINDS: tuple[str, ...] = tuple(_MAKERS)
