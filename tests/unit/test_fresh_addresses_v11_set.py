"""The eleventh fresh address set itself (bench/fresh_addresses_v11.py): never the matcher's
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
from bench.fresh_addresses import ADDRESS, COMMUNITY, OUTSIDE, TOWNSHIP, Item, chinese_number
from bench.fresh_addresses_v11 import (
    BRACKETED,
    CIRCLED,
    COMPOUND_FORMS,
    FIX_COMPOUND,
    FIX_NUMBER,
    FIX_ROAD,
    FIX_TOWN,
    FIX_WHOLE,
    HABITS,
    NEIGHBOURS,
    OCR_CHAR,
    OCR_DIGIT,
    OUTSIDE_HABIT,
    RUSHAN_TOWNSHIP_SLIPS,
    TWO_PLACES,
    build_set,
)
from grid.model import Registry
from gridhub.simulator import demo_registry

EARLIER = ("fresh_addresses", *(f"fresh_addresses_v{k}" for k in range(2, 11)))

# The words the earlier sets' corrections turn on (v5-v9's, then v10's): v11's use none.
EARLIER_CORRECTION_WORDS = (
    "不对", "说错了", "应该是", "更正", "哦不", "口误", "等等", "纠正", "作废", "改一下",
    "我再说一遍", "弄错了", "打错了", "搞错了", "记错了", "重新说", "哎呀不是", "讲错", "不算",
    "重说", "准确来说", "才对",
    "嗐", "记岔", "记性", "单子", "看错", "改过来", "记一下", "头先", "口快", "串了", "糊涂",
    "帮我改", "换了", "路牌",
    "脑子", "秃噜", "打住", "重来", "弄混", "颠倒", "瞅", "嘀咕", "没跑", "改口", "没说准",
    "想起来了", "打回来", "单元牌",
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
    # many also name 乳山 in another role: the caller's origin, home, work, car, a 乳山 person
    assert sum("乳山" in i.text for i in outside) >= len(outside) // 2


def test_habits_show_themselves(items: list[Item]):
    slips = "".join(OCR_CHAR.values()) + "".join(c for v in OCR_DIGIT.values() for c in v)
    patterns = {
        "caller_correction": r"说差|写差|报差|追加|补发|跑偏|瞎说|我这嘴|以此条为准|有误|"
        r"房本|水费条|话务员|核对|会计|保安|孙子|对象|想了|隔了",
        "two_places": r"出发|常住|闺女|户籍|户口|车搁|现在人在|报过|之前那单|单位|幼儿园|"
        r"要去|发现人住址|朋友|我家",
        "ocr_handwriting": "[" + re.escape(slips) + "]",
        "number_forms": "[" + CIRCLED + BRACKETED + r"]|单[一二三四五六七八九]号|多号|挂零",
        "compound_notation": r"号楼|楼\d",
        "notice_board": r"公开|公告|公示|告示|宣传栏",
        "solitaire_chain": r"接龙",
        "qr_report_form": r"扫|码",
        "order_transfer_history": r"工单|流转",
        "photo_caption": r"IMG_|水印|（图）|照片|配图",
        "map_legend": r"图例|示意图|草图",
        "lost_and_found": r"寻物|失物|寻狗|捡到|寻人",
        "utility_repair": r"报修|抢修|95598",
        "loudspeaker_broadcast": r"广播|大伙注意",
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


def test_the_correction_and_two_place_wordings_are_new():
    mine = _forms(FIX_WHOLE, FIX_NUMBER, FIX_ROAD, FIX_TOWN, FIX_COMPOUND)
    earlier = _forms(
        v5.CORRECTION_FORMS,
        v6.FIX_WHOLE, v6.FIX_NUMBER, v6.FIX_ROAD, v6.FIX_TOWN, v6.FIX_COMPOUND,
        v7.MEND_WHOLE, v7.MEND_NUMBER, v7.MEND_ROAD, v7.MEND_TOWN, v7.MEND_COMPOUND,
        v8.FIX_WHOLE, v8.FIX_NUMBER, v8.FIX_ROAD, v8.FIX_TOWN, v8.FIX_COMPOUND,
        v9.BACK_WHOLE, v9.BACK_NUMBER, v9.BACK_ROAD, v9.BACK_TOWN, v9.BACK_COMPOUND,
        v10.FIX_WHOLE, v10.FIX_NUMBER, v10.FIX_ROAD, v10.FIX_TOWN, v10.FIX_COMPOUND,
    )  # fmt: skip
    assert not mine & earlier
    for form in mine:
        assert not any(word in form for word in EARLIER_CORRECTION_WORDS), form
    earlier_two = _forms(v7.TWO_PLACES, v8.TWO_PLACES, v9.TWO_PLACES, v10.TWO_PLACES)
    assert not _forms(TWO_PLACES) & earlier_two
    earlier_compound = _forms(v8.COMPOUND_FORMS, v9.COMPOUND_FORMS, v10.COMPOUND_FORMS)
    assert not _forms(COMPOUND_FORMS) & earlier_compound
    assert not set(v1.LOOKALIKE.values()) & set(OCR_CHAR.values())


def test_every_kind_of_correction_is_written(items: list[Item]):
    texts = [i.text for i in _of(items, "caller_correction")]
    assert any(re.search(r"\d+号楼$", t) for t in texts)  # a building
    assert any(re.search(r"\d单元$", t) and "号楼" in t for t in texts)  # an entrance
    assert any(re.search(r"(属|是|，).+[镇道]的?$", t) for t in texts)  # a township
    assert any(re.search(r"[路街]，瞎说了$|[路街]$", t) for t in texts)  # a road
    assert any(re.search(r"孙子|保安|对象|会计|俺爹", t) for t in texts)  # relayed
    assert any(re.search(r"翻|想了|隔了", t) for t in texts)  # after a pause
    assert any("话务员" in t for t in texts)  # after the operator's question
    assert any(re.search(r"追加|补发", t) for t in texts)  # in a follow-up message


def test_two_and_three_places_come_in_both_orders(items: list[Item]):
    texts = [i.text for i in _of(items, "two_places")]
    first = [form for form, _ in TWO_PLACES if form.startswith("{a}")]
    assert first and len(first) < len(TWO_PLACES)
    assert any("{c2}" in form for form, _ in TWO_PLACES)  # three places
    kinds = {part for _, kind in TWO_PLACES for part in kind.split("_")}
    wanted = {"home", "register", "work", "school", "car", "heading", "origin", "earlier"}
    assert wanted | {"relative", "friend", "now"} <= kinds
    assert len(texts) == HABITS["two_places"]


def test_number_forms(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    digits = "一二三四五六七八九"
    for item in _of(items, "number_forms"):
        vague = re.search(r"多号|挂零", item.text)
        assert (item.precision in (COMMUNITY, TOWNSHIP)) == bool(vague), item
        if vague:
            continue
        number = addresses[item.truth].number
        circled = re.search("[" + CIRCLED + "]", item.text)
        bracketed = re.search("[" + BRACKETED + "]", item.text)
        dan = re.search("([一二三四五六七八九])百单([一二三四五六七八九])号", item.text)
        if circled:
            assert CIRCLED.index(circled.group()) + 1 == number, item
        elif bracketed:
            assert BRACKETED.index(bracketed.group()) + 1 == number, item
        else:
            assert dan, item
            read = (digits.index(dan.group(1)) + 1) * 100 + digits.index(dan.group(2)) + 1
            assert read == number, item


def test_compound_conventions(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in _of(items, "compound_notation"):
        if "之间" in item.text:
            assert item.precision == COMMUNITY, item
            continue
        assert item.precision == ADDRESS, item
        address = addresses[item.truth]
        assert (address.entrance is not None) == bool(re.search(r"单元", item.text)), item
        assert f"{address.building}号楼" in item.text or f"楼{address.building}，" in item.text


def test_the_other_habits_are_doors_or_entrances(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    others = set(HABITS) - {OUTSIDE_HABIT, "number_forms", "compound_notation"}
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
