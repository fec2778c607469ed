"""The eighth fresh address set itself (bench/fresh_addresses_v8.py): never the matcher's
scores."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench.fresh_addresses import ADDRESS, COMMUNITY, OUTSIDE, TOWNSHIP, Item, chinese_number
from bench.fresh_addresses_v8 import (
    HABITS,
    NEIGHBOURS,
    OCR_CHAR,
    OUTSIDE_HABIT,
    POSTCODE,
    build_set,
)
from grid.model import Registry
from gridhub.simulator import demo_registry

# The earlier sets' OCR look-alikes (v1's 形近字 and v7's OCR table): v8 uses none of them.
EARLIER_OCR = {
    ("乳", "孔"), ("山", "出"), ("市", "币"), ("路", "略"), ("街", "衔"), ("村", "忖"),
    ("镇", "慎"), ("号", "弓"), ("楼", "搂"), ("元", "无"), ("区", "匹"), ("社", "杜"),
    ("庄", "圧"), ("家", "冡"), ("河", "诃"), ("海", "悔"), ("阳", "阻"), ("青", "责"),
    ("白", "臼"), ("福", "褔"), ("林", "材"), ("庄", "压"), ("海", "梅"), ("锦", "绵"),
}  # fmt: skip


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def items(registry: Registry) -> list[Item]:
    return build_set(registry)


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
        "village_group",
        "road_position",
        "mixed_numbers",
        "compound_notation",
        "message_wrapper",
        OUTSIDE_HABIT,
    }
    assert required <= set(HABITS)
    assert len({item.id for item in items}) == len(items)
    assert len({item.text for item in items}) == len(items)


def test_items_outside_the_county_are_labelled_outside_and_only_they(items: list[Item]):
    for item in items:
        assert (item.habit == OUTSIDE_HABIT) == (item.precision == OUTSIDE), item
    outside = [i for i in items if i.habit == OUTSIDE_HABIT]
    assert 25 <= len(outside) <= 35
    assert 0.05 <= len(outside) / len(items) <= 0.15
    counties = [county for county, *_ in NEIGHBOURS]
    shorts = [short for _, short, *_ in NEIGHBOURS]
    for item in outside:
        assert any(name in item.text for name in (*counties, *shorts)), item
        assert "海阳所" not in item.text, item
        assert POSTCODE not in item.text, item
    # every neighbouring county is written, and postcodes are each county's own
    assert {c for c in counties if any(c in i.text for i in outside)} == set(counties)
    for county, _, _, postcode, _ in NEIGHBOURS:
        for item in outside:
            if county in item.text and "邮编" in item.text:
                assert postcode in item.text, item


def test_habits_show_themselves(items: list[Item]):
    corrections = (
        "哎呀不是", "讲错", "不算", "重说", "吧", "准确来说", "更正", "作废",
    )  # fmt: skip
    for item in items:
        text = item.text
        if item.habit == "caller_correction":
            assert any(word in text for word in corrections), item
        if item.habit == "two_places":
            assert re.search(r"家住|户籍在|我人在|我现在在|单位在|住户", text), item
        if item.habit == "ocr_handwriting":
            assert re.search("[" + "".join(OCR_CHAR.values()) + r"]|\d?[I|DGq]\d?", text), item
        if item.habit == "village_group":
            assert re.search(r"[组队]", text) and "村" in text, item
        if item.habit == "road_position":
            assert re.search(r"侧|边|拐|对面|往|北面|第二家|胡同", text), item
        if item.habit == "mixed_numbers":
            assert re.search(r"[一二三四五六七八九十百]|第\d|\d#|0\d", text), item
        if item.habit == "compound_notation":
            assert re.search(r"幢|栋|号楼|#楼|\d-\d", text), item
        if item.habit == "message_wrapper":
            assert re.search(r"微信|短信|12345|热线|语音|随手拍", text), item
        if item.habit == "dialect_speech":
            assert re.search(r"俺|搁|待|那合儿|这块儿|夜来|晌午|知不道|血|杠|瞅", text), item
        if item.habit == "postal_address":
            assert POSTCODE in text and ("山东省" in text or "威海市" in text or "邮编" in text)
        if item.habit == "hedged_guess":
            assert re.search(r"好像|应该|大概|印象|还是|或者|不是.+就是|那一块", text), item
        if item.habit == "rental_listing":
            assert re.search(r"出租|出售|急售|转让", text), item
        if item.habit == "navigation_destination":
            assert re.search(r"导航|打车|目的地|司机|开车", text), item
        if item.habit == "complaint_title":
            assert re.search(r"关于|情况说明|报告|事由", text), item


def test_the_ocr_look_alikes_are_new():
    assert not set(OCR_CHAR.items()) & EARLIER_OCR
    assert all(len(k) == len(v) == 1 and k != v for k, v in OCR_CHAR.items())


def test_vague_texts_are_never_labelled_as_one_door(items: list[Item]):
    """A door with a position word, a group with no door and a choice of two numbers are
    never one door."""
    for item in items:
        if item.habit == "road_position":
            assert item.precision in (COMMUNITY, TOWNSHIP), item
        if item.habit == "village_group" and "号" not in item.text and "-" not in item.text:
            assert item.precision == COMMUNITY, item
        if item.habit == "hedged_guess" and re.search(r"还是|或者|就是|那一块", item.text):
            assert item.precision in (COMMUNITY, TOWNSHIP), item


def test_compound_rooms_without_an_entrance_are_buildings(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in items:
        if item.habit != "compound_notation":
            continue
        assert item.precision == ADDRESS, item
        address = addresses[item.truth]
        names_entrance = re.search(r"单元|门|\d-\d", item.text)
        assert (address.entrance is not None) == bool(names_entrance), item
        building = address.building or 0
        assert str(building) in item.text or chinese_number(building) in item.text, item
