"""The thirteenth fresh address set itself (bench/fresh_addresses_v13.py): never the matcher's
scores."""

from __future__ import annotations

import importlib
import re
from collections import Counter

import pytest

from bench import fresh_addresses_v5 as v5
from bench.fresh_addresses import ADDRESS, COMMUNITY, OUTSIDE, Item, chinese_number
from bench.fresh_addresses_v13 import (
    ABANDONED,
    FIX_COMPOUND,
    FIX_NUMBER,
    FIX_ROAD,
    FIX_TOWN,
    FIX_WHOLE,
    FLOOD_VILLAGE,
    HABITS,
    HOUSEHOLD,
    LIFT,
    NEIGHBOUR_FORMS,
    NEIGHBOUR_NAMES,
    NEIGHBOURS,
    OUTSIDE_HABIT,
    PLAIN,
    RED_WHITE,
    RUSHAN_TOWNSHIP_SLIPS,
    TWO_PLACES,
    build_set,
)
from grid.model import Level, Registry, UnitKind
from gridhub.simulator import demo_registry

EARLIER = ("fresh_addresses", *(f"fresh_addresses_v{k}" for k in range(2, 13)))
HARD = {"two_places": 60, "caller_correction": 40, OUTSIDE_HABIT: 40, "plain_reports": 60}

# The words the earlier sets' corrections turn on (v5-v11's, then v12's): v13's use none.
EARLIER_CORRECTION_WORDS = (
    "不对", "说错了", "应该是", "更正", "哦不", "口误", "等等", "纠正", "作废", "改一下",
    "我再说一遍", "弄错了", "打错了", "搞错了", "记错了", "重新说", "哎呀不是", "讲错", "不算",
    "重说", "准确来说", "才对",
    "嗐", "记岔", "记性", "单子", "看错", "改过来", "记一下", "头先", "口快", "串了", "糊涂",
    "帮我改", "换了", "路牌",
    "脑子", "秃噜", "打住", "重来", "弄混", "颠倒", "瞅", "嘀咕", "没跑", "改口", "没说准",
    "想起来了", "打回来", "单元牌",
    "说差", "写差", "跑偏", "瞎说", "我这嘴", "以此条为准", "有误", "追加", "补发", "房本",
    "水费条", "核对", "话务员",
    "呸", "岔劈", "笔误", "应为", "已撤回", "重发", "姥姥", "记成", "户口本", "门牌", "儿媳妇",
    "老伴", "外卖小哥", "妇女主任", "头数",
)  # fmt: skip


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def items(registry: Registry) -> list[Item]:
    return build_set(registry)


def _forms(*tables: object) -> set[str]:
    out: set[str] = set()
    for table in tables:
        for entry in table:  # type: ignore[attr-defined]
            out.add(entry[0] if isinstance(entry, tuple) else entry)
    return out


def _of(items: list[Item], habit: str) -> list[Item]:
    return [i for i in items if i.habit == habit]


def _earlier_tables(*prefixes: str) -> set[str]:
    """Every form of every earlier set's tables whose name starts with one of ``prefixes``."""
    out: set[str] = set()
    for name in EARLIER:
        module = importlib.import_module(f"bench.{name}")
        for key, value in vars(module).items():
            if key.startswith(prefixes) and isinstance(value, tuple):
                out |= _forms(value)
    return out


def _placeholders(form: str) -> list[str]:
    return [p for p in re.findall(r"\{(\w+)\}", form) if p in ("a", "b", "c2")]


def test_size_and_habits(items: list[Item]):
    counts = Counter(item.habit for item in items)
    assert 300 <= len(items) <= 360
    assert counts == Counter(HABITS)
    for habit, count in HARD.items():
        assert counts[habit] == count, habit
    others = set(HABITS) - set(HARD)
    assert 4 <= len(others) <= 6
    assert all(20 <= counts[h] <= 30 for h in others)
    assert len({item.id for item in items}) == len(items)
    assert len({item.text for item in items}) == len(items)


def test_the_other_habits_are_new():
    earlier: set[str] = set()
    for name in EARLIER:
        earlier |= set(importlib.import_module(f"bench.{name}").HABITS)
    assert not (set(HABITS) - set(HARD)) & earlier
    assert "plain_reports" not in earlier


def test_items_outside_the_county_are_labelled_outside_and_only_they(items: list[Item]):
    for item in items:
        assert (item.habit == OUTSIDE_HABIT) == (item.precision == OUTSIDE), item
        assert (item.precision == OUTSIDE) == (item.truth == ""), item
    outside = _of(items, OUTSIDE_HABIT)
    counties = [county for county, *_ in NEIGHBOURS]
    shorts = [short for _, short, *_ in NEIGHBOURS]
    for item in outside:
        assert any(name in item.text for name in (*counties, *shorts)), item
        assert not any(slip in item.text for slip in RUSHAN_TOWNSHIP_SLIPS), item
    assert {c for c in counties if any(c in i.text for i in outside)} == set(counties)
    # most name 乳山 in another role: origin, home, plate, bride, a correction away from it
    assert sum("乳山" in i.text for i in outside) >= 3 * len(outside) // 4
    assert any("鲁K" in i.text for i in outside)
    assert any(re.search(r"乳山.*(错啦|不不不)", i.text) for i in outside)


def test_habits_show_themselves(items: list[Item]):
    patterns = {
        "two_places": r"租|丈母娘|上班|这会儿|念书|开修车铺|快递单|联系地址|作证|那单|诊所|"
        r"公婆|户口|送货|俺家|打.+来|交材料|收货|车撂|俺是",
        "caller_correction": r"不不不|错啦|收回|沉默|次日补充|通话中断|网格员小姜|孙女|楼长",
        "household_visit": r"走访|排查|户",
        "flood_patrol": r"防汛|汛期|进水|积水|河道",
        "abandoned_vehicle": r"僵尸车|车|鲁[A-Z]",
        "red_white_event": r"喜事|过世|出殡|满月|嫁闺女|乔迁|白事",
        "lift_notice": r"电梯",
    }
    for item in items:
        if item.habit in patterns:
            assert re.search(patterns[item.habit], item.text), item


def test_the_correction_two_place_and_neighbour_wordings_are_new():
    mine = _forms(FIX_WHOLE, FIX_NUMBER, FIX_ROAD, FIX_TOWN, FIX_COMPOUND)
    earlier = _earlier_tables("FIX_", "MEND_", "BACK_") | _forms(v5.CORRECTION_FORMS)
    assert earlier and not mine & earlier
    for form in mine:
        assert not any(word in form for word in EARLIER_CORRECTION_WORDS), form
    earlier_two = _earlier_tables("TWO_PLACES")
    assert earlier_two and not _forms(TWO_PLACES) & earlier_two
    earlier_neighbour = _earlier_tables("NEIGHBOUR_FORMS")
    assert earlier_neighbour and not _forms(NEIGHBOUR_FORMS) & earlier_neighbour
    for table in (PLAIN, HOUSEHOLD, ABANDONED, RED_WHITE, LIFT):
        assert not _forms(table) & _earlier_tables("")


def test_two_and_three_places_come_in_every_order():
    orders = Counter()
    for form, _ in TWO_PLACES:
        spots = _placeholders(form)
        assert "a" in spots and len(spots) >= 2, form
        where = spots.index("a")
        orders["first" if where == 0 else "last" if where == len(spots) - 1 else "middle"] += 1
    assert orders["first"] >= 3 and orders["last"] >= 3 and orders["middle"] >= 3
    # the description right after the incident's place, or in a sentence of its own
    assert any("{a}{i}" in form for form, _ in TWO_PLACES)
    assert any(re.search(r"\{a\}[^{]*。[^{]*\{i\}", form) for form, _ in TWO_PLACES)
    assert any("{c2}" in form for form, _ in TWO_PLACES)  # three places
    kinds = {part for _, kind in TWO_PLACES for part in kind.split("_")}
    wanted = {"rent", "inlaws", "home", "register", "work", "school", "shop", "car", "parcel"}
    wanted |= {"contact", "destination", "origin", "witness", "earlier", "now", "hospital"}
    assert wanted <= kinds


def test_two_places_are_labelled_as_the_incident(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    units = {u.id: u for u in registry.units}
    for item in _of(items, "two_places"):
        assert item.precision == ADDRESS, item
        address = addresses[item.truth]
        unit = units[address.unit]
        assert unit.name in item.text or any(a in item.text for a in unit.aliases), item
        assert len(re.findall(r"号|单元", item.text)) >= 2, item


def test_every_kind_of_correction_is_written(registry: Registry, items: list[Item]):
    texts = [i.text for i in _of(items, "caller_correction")]
    towns = [d.name for d in registry.divisions if d.level is Level.TOWNSHIP]
    roads = [u.name for u in registry.units if u.kind is UnitKind.ROAD]
    assert any(re.search(r"\d+号楼$", t) for t in texts)  # a building
    assert any(re.search(r"\d单元$", t) and "号楼" in t for t in texts)  # an entrance
    assert any(re.search("(" + "|".join(towns) + ")(的|管)?$", t) for t in texts)  # township
    assert any(re.search("(" + "|".join(roads) + ")$", t) for t in texts)  # a road
    assert any(re.search(r"网格员小姜|孙女|楼长", t) for t in texts)  # relayed
    assert any("沉默" in t for t in texts)  # after a pause
    assert any(re.search(r"次日补充|通话中断", t) for t in texts)  # in a follow-up


def test_a_correction_ends_on_what_it_labels(registry: Registry, items: list[Item]):
    """The corrected number, road, township, building or entrance is the last one said."""
    addresses = {a.id: a for a in registry.addresses}
    for item in _of(items, "caller_correction"):
        address = addresses[item.truth]
        if address.number is not None:
            said = re.findall(r"\d+|[一二三四五六七八九十百零]+(?=号)", item.text)
            assert said, item
            assert said[-1] in (str(address.number), chinese_number(address.number)), item
        else:
            assert f"{address.building}号楼" in item.text, item
            assert f"{address.entrance}单元" in item.text, item


def test_plain_reports_carry_numbers_or_counties_that_place_nothing(items: list[Item]):
    for form in PLAIN:
        frame = form.replace("{a}", "")
        assert re.search(r"\{(f|d|h|mi|p|st|k|tail|bus)\}", frame) or any(
            name in frame for name in NEIGHBOUR_NAMES
        ), form
    plain = _of(items, "plain_reports")
    assert any(re.search(r"号车位|号摊位|月\d+号", i.text) for i in plain)  # 号 not a door
    named = {n for n in NEIGHBOUR_NAMES if any(n in i.text for i in plain)}
    assert len(named) >= 3
    for form in PLAIN:  # the frame names no 乳山 township by accident (海阳所)
        assert not any(slip in form for slip in RUSHAN_TOWNSHIP_SLIPS), form


def test_the_other_habits_are_doors_entrances_or_villages(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    villages = {u.community: u for u in registry.units if u.kind is UnitKind.VILLAGE}
    for item in items:
        if item.habit in (OUTSIDE_HABIT, "caller_correction"):
            continue
        if item.precision == COMMUNITY:
            assert item.habit == "flood_patrol", item
            assert any(form.split("{v}")[1][:2] in item.text for form in FLOOD_VILLAGE), item
            assert villages[item.truth].name.removesuffix("村") in item.text, item
            continue
        assert item.precision == ADDRESS, item
        address = addresses[item.truth]
        if address.number is not None:
            assert f"{address.number}号" in item.text, item
        else:
            assert f"{address.building}号楼{address.entrance}单元" in item.text, item
    for item in _of(items, "lift_notice"):
        assert addresses[item.truth].entrance is not None, item
