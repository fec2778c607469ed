"""The twelfth fresh address set itself (bench/fresh_addresses_v12.py): never the matcher's
scores."""

from __future__ import annotations

import importlib
import re
from collections import Counter

import pytest

from bench import fresh_addresses as v1
from bench import fresh_addresses_v5 as v5
from bench import fresh_addresses_v6 as v6
from bench import fresh_addresses_v7 as v7
from bench import fresh_addresses_v8 as v8
from bench import fresh_addresses_v9 as v9
from bench import fresh_addresses_v10 as v10
from bench import fresh_addresses_v11 as v11
from bench.fresh_addresses import ADDRESS, COMMUNITY, OUTSIDE, TOWNSHIP, Item, chinese_number
from bench.fresh_addresses_v12 import (
    COASTAL,
    COMPOUND_FORMS,
    FIELD,
    FIX_COMPOUND,
    FIX_NUMBER,
    FIX_ROAD,
    FIX_TOWN,
    FIX_WHOLE,
    HABITS,
    NEIGHBOURS,
    NUMBER_SIGNS,
    OCR_CHAR,
    OCR_DIGIT,
    OUTSIDE_HABIT,
    ROMAN,
    RUSHAN_TOWNSHIP_SLIPS,
    TWO_PLACES,
    build_set,
)
from grid.model import Registry, UnitKind
from gridhub.simulator import demo_registry

EARLIER = ("fresh_addresses", *(f"fresh_addresses_v{k}" for k in range(2, 12)))

# The words the earlier sets' corrections turn on (v5-v9's, then v10's and v11's): v12's use
# none.
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
)  # fmt: skip
FIELD_AND_SHORE = ("field_orchard", "shore_fishing")


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


def _earlier_slips() -> set[tuple[str, str]]:
    """Every (character, look-alike) pair of every earlier set's single-character tables."""
    pairs: set[tuple[str, str]] = set()
    for name in EARLIER:
        module = importlib.import_module(f"bench.{name}")
        for table in vars(module).values():
            if not isinstance(table, dict) or not table:
                continue
            if not all(isinstance(k, str) and len(k) == 1 for k in table):
                continue
            for k, v in table.items():
                signs = v if isinstance(v, tuple) else (v,)
                pairs |= {(k, s) for s in signs if isinstance(s, str) and len(s) == 1}
    return pairs


def _earlier_text() -> str:
    """Every string constant of every earlier set, joined."""
    parts: list[str] = []
    for name in EARLIER:
        module = importlib.import_module(f"bench.{name}")
        for value in vars(module).values():
            stack = [value]
            while stack:
                v = stack.pop()
                if isinstance(v, str):
                    parts.append(v)
                elif isinstance(v, tuple | list):
                    stack.extend(v)
                elif isinstance(v, dict):
                    stack.extend(v.keys())
                    stack.extend(v.values())
    return "\n".join(parts)


def test_size_and_habits(items: list[Item]):
    counts = Counter(item.habit for item in items)
    assert 350 <= len(items) <= 400
    assert set(counts) == set(HABITS)
    assert 14 <= len(HABITS) <= 16
    assert all(20 <= n <= 40 for n in counts.values())
    assert counts == Counter(HABITS)
    required = {
        "caller_correction",
        "two_places",
        "ocr_handwriting",
        "number_forms",
        "compound_notation",
        OUTSIDE_HABIT,
    }
    assert required <= set(HABITS)
    assert len({item.id for item in items}) == len(items)
    assert len({item.text for item in items}) == len(items)


def test_the_habits_are_new():
    earlier: set[str] = set()
    for name in EARLIER:
        earlier |= set(importlib.import_module(f"bench.{name}").HABITS)
    required = {"caller_correction", "two_places", "ocr_handwriting", "number_forms"}
    required |= {"compound_notation", OUTSIDE_HABIT}
    new = set(HABITS) - required
    assert 8 <= len(new) <= 10
    assert not new & earlier


def test_items_outside_the_county_are_labelled_outside_and_only_they(items: list[Item]):
    for item in items:
        assert (item.habit == OUTSIDE_HABIT) == (item.precision == OUTSIDE), item
        assert (item.precision == OUTSIDE) == (item.truth == ""), item
    outside = _of(items, OUTSIDE_HABIT)
    assert 25 <= len(outside) <= 35
    assert 0.05 <= len(outside) / len(items) <= 0.15
    counties = [county for county, *_ in NEIGHBOURS]
    shorts = [short for _, short, *_ in NEIGHBOURS]
    for item in outside:
        assert any(name in item.text for name in (*counties, *shorts)), item
        assert not any(slip in item.text for slip in RUSHAN_TOWNSHIP_SLIPS), item
    assert {c for c in counties if any(c in i.text for i in outside)} == set(counties)
    # many also name 乳山 in another role: a landlord, a daughter, a drive, the border
    assert sum("乳山" in i.text for i in outside) >= len(outside) // 2


def test_habits_show_themselves(items: list[Item]):
    slips = "".join(OCR_CHAR.values()) + "".join(c for v in OCR_DIGIT.values() for c in v)
    signs = "".join(NUMBER_SIGNS.values())
    patterns = {
        "caller_correction": r"呸|岔劈|笔误|已撤回|姥姥|记成|头数|户口本|门牌|儿媳妇|老伴|"
        r"外卖小哥|妇女主任",
        "two_places": r"租住|婆家|工地|不住那|遛弯|快递|公交|喜酒|超市|联系地址|我爹|看见的|租的",
        "ocr_handwriting": "[" + re.escape(slips) + "]",
        "number_forms": "["
        + signs
        + r"]|[十二三四五六七八九][一二三四五六七八][二三四五六七八九]号",
        "compound_notation": "[" + ROMAN + r"]号楼|号楼",
        "satisfaction_callback": r"回访",
        "patrol_group": r"巡逻|巡到|志愿者|夜巡",
        "market_inspection": r"检查|巡查|执法",
        "sanitation_memo": r"语音",
        "parent_group": r"家长|妈妈|爸爸",
        "residents_bulletin": r"[居村]委会",
        "dashcam_clip": r"记录仪|dashcam",
        "field_orchard": r"园|地|大棚",
        "shore_fishing": r"海|码头|养殖区|离岸",
        "oa_export": r"[a-z_]+\"?[:=,]|Subject",
    }
    assert set(patterns) == set(HABITS) - {OUTSIDE_HABIT}
    for item in items:
        if item.habit in patterns:
            assert re.search(patterns[item.habit], item.text), item


def test_the_ocr_look_alikes_are_new():
    earlier = _earlier_slips()
    mine = set(OCR_CHAR.items())
    assert not mine & earlier
    assert not {(b, a) for a, b in mine} & earlier
    assert not set(OCR_CHAR.values()) & {s for _, s in earlier}  # no earlier slip at all
    assert all(len(k) == len(v) == 1 and k != v for k, v in OCR_CHAR.items())
    assert len(set(OCR_CHAR.values())) == len(OCR_CHAR)
    mine_digits = {(d, s) for d, signs in OCR_DIGIT.items() for s in signs}
    assert not {s for _, s in mine_digits} & {s for _, s in earlier}
    assert not any(s.isdigit() for _, s in mine_digits)


def test_the_number_signs_are_new_and_in_order():
    earlier = _earlier_text()
    for signs in NUMBER_SIGNS.values():
        assert not any(sign in earlier for sign in signs), signs
        assert len(set(signs)) == len(signs)
    assert not any(sign in earlier for sign in ROMAN)
    assert NUMBER_SIGNS["negative"][11] == "⓬"
    assert NUMBER_SIGNS["stopped"][11] == "⒓"
    assert NUMBER_SIGNS["paren_ideo"][4] == "㈤"
    assert NUMBER_SIGNS["circled_ideo"][4] == "㊄"
    assert NUMBER_SIGNS["double_circled"][4] == "⓹"
    assert ROMAN[2] == "Ⅲ"


def test_the_correction_and_two_place_wordings_are_new():
    mine = _forms(FIX_WHOLE, FIX_NUMBER, FIX_ROAD, FIX_TOWN, FIX_COMPOUND)
    earlier = _forms(
        v5.CORRECTION_FORMS,
        v6.FIX_WHOLE, v6.FIX_NUMBER, v6.FIX_ROAD, v6.FIX_TOWN, v6.FIX_COMPOUND,
        v7.MEND_WHOLE, v7.MEND_NUMBER, v7.MEND_ROAD, v7.MEND_TOWN, v7.MEND_COMPOUND,
        v8.FIX_WHOLE, v8.FIX_NUMBER, v8.FIX_ROAD, v8.FIX_TOWN, v8.FIX_COMPOUND,
        v9.BACK_WHOLE, v9.BACK_NUMBER, v9.BACK_ROAD, v9.BACK_TOWN, v9.BACK_COMPOUND,
        v10.FIX_WHOLE, v10.FIX_NUMBER, v10.FIX_ROAD, v10.FIX_TOWN, v10.FIX_COMPOUND,
        v11.FIX_WHOLE, v11.FIX_NUMBER, v11.FIX_ROAD, v11.FIX_TOWN, v11.FIX_COMPOUND,
    )  # fmt: skip
    assert not mine & earlier
    for form in mine:
        assert not any(word in form for word in EARLIER_CORRECTION_WORDS), form
    earlier_two = _forms(v7.TWO_PLACES, v8.TWO_PLACES, v9.TWO_PLACES, v10.TWO_PLACES)
    assert not _forms(TWO_PLACES) & (earlier_two | _forms(v11.TWO_PLACES))
    earlier_compound = _forms(
        v8.COMPOUND_FORMS, v9.COMPOUND_FORMS, v10.COMPOUND_FORMS, v11.COMPOUND_FORMS
    )
    assert not _forms(COMPOUND_FORMS) & earlier_compound
    assert not set(v1.LOOKALIKE.values()) & set(OCR_CHAR.values())


def test_every_kind_of_correction_is_written(items: list[Item]):
    texts = [i.text for i in _of(items, "caller_correction")]
    assert any(re.search(r"\d+号楼）?$", t) for t in texts)  # a building
    assert any(re.search(r"\d单元$", t) and "号楼" in t for t in texts)  # an entrance
    assert any(re.search(r"(归|应为|是|：).+[镇道](的|地面|）)?$", t) for t in texts)  # a township
    assert any(re.search(r"[路街]）?$", t) for t in texts)  # a road
    assert any(re.search(r"儿媳妇|老伴|外卖小哥|妇女主任", t) for t in texts)  # relayed
    assert any(re.search(r"户口本|门牌", t) for t in _forms(FIX_WHOLE, FIX_NUMBER))  # looked up
    assert any("笔误" in t for t in texts)  # written
    assert any("已撤回" in t for t in texts)  # sent again


def test_two_and_three_places_come_in_both_orders(items: list[Item]):
    texts = [i.text for i in _of(items, "two_places")]
    first = [form for form, _ in TWO_PLACES if form.startswith("{a}")]
    assert first and len(first) < len(TWO_PLACES)
    assert any("{c2}" in form for form, _ in TWO_PLACES)  # three places
    kinds = {part for _, kind in TWO_PLACES for part in kind.split("_")}
    wanted = {"rent", "inlaws", "parents", "site", "home", "walk", "parcel", "bus"}
    assert wanted | {"wedding", "shop", "contact", "witnesses"} <= kinds
    assert len(texts) == HABITS["two_places"]


def test_number_forms(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    signs = "".join(NUMBER_SIGNS.values())
    for item in _of(items, "number_forms"):
        sign = re.search("[" + signs + "]", item.text)
        assert (item.precision in (COMMUNITY, TOWNSHIP)) == (sign is None), item
        if sign is None:
            assert re.search(
                r"[十二三四五六七八九][一二三四五六七八][二三四五六七八九]号", item.text
            )
            continue
        number = addresses[item.truth].number
        read = {s.index(sign.group()) + 1 for s in NUMBER_SIGNS.values() if sign.group() in s}
        assert read == {number}, item


def test_neighbouring_doors_said_together(registry: Registry, items: list[Item]):
    """二十五六号 is 25 or 26: labelled where both doors lie, never one door."""
    pairs = [i for i in _of(items, "number_forms") if i.precision != ADDRESS]
    assert pairs
    units = {u.id: u for u in registry.units}
    for item in pairs:
        said = re.search(
            r"([二三四五六七八九]?十)([一二三四五六七八])([二三四五六七八九])号", item.text
        )
        assert said, item
        digits = "一二三四五六七八九"
        assert digits.index(said.group(3)) == digits.index(said.group(2)) + 1, item
    assert all(i.truth in {d.code for d in registry.divisions} for i in pairs)
    assert units  # the registry has units to name


def test_compound_conventions(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in _of(items, "compound_notation"):
        if "这一排" in item.text or "大门口到" in item.text:
            assert item.precision == COMMUNITY, item
            continue
        assert item.precision == ADDRESS, item
        address = addresses[item.truth]
        assert (address.entrance is not None) == bool(re.search(r"单元", item.text)), item
        roman = re.search("([" + ROMAN + "])号楼", item.text)
        if roman:
            assert ROMAN.index(roman.group(1)) + 1 == address.building, item
        else:
            assert f"{address.building}号楼" in item.text, item


def test_fields_and_shores_are_villages(registry: Registry, items: list[Item]):
    units = {u.id: u for u in registry.units}
    communities = {u.community: u for u in units.values() if u.kind is UnitKind.VILLAGE}
    for habit in FIELD_AND_SHORE:
        for item in _of(items, habit):
            assert item.precision == COMMUNITY, item
            village = communities[item.truth]
            assert village.name in item.text, item
            if habit == "shore_fishing":
                assert village.township in COASTAL, item
    # the owner's door written beside a field does not make it a door
    assert any("{n}号" in form for form in FIELD)


def test_the_other_habits_are_doors_or_entrances(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    others = set(HABITS) - {OUTSIDE_HABIT, "number_forms", "compound_notation", *FIELD_AND_SHORE}
    for item in items:
        if item.habit in others:
            assert item.precision == ADDRESS, item
            address = addresses[item.truth]
            if address.number is not None:
                spelt = chinese_number(address.number)
                assert (
                    str(address.number) in item.text
                    or spelt in item.text
                    or (item.habit == "ocr_handwriting")
                ), item
            else:
                assert f"{address.building}号楼{address.entrance}单元" in item.text or (
                    item.habit in ("ocr_handwriting", "caller_correction")
                ), item


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
