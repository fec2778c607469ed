"""The sixth fresh address set itself (bench/fresh_addresses_v6.py): never the matcher's scores."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench.fresh_addresses import OUTSIDE, TOWNSHIP, Item
from bench.fresh_addresses_v6 import (
    HABITS,
    NEIGHBOURS,
    OUTSIDE_HABIT,
    build_set,
    circle_digits,
    radio_digits,
)
from grid.model import Registry
from gridhub.simulator import demo_registry


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
        "reverse_order",
        "english_mix",
        "numbers_mixed",
        "speech_slips",
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


def test_habits_show_themselves(items: list[Item]):
    corrections = ("口误", "说错", "不是", "哦不", "等等", "不对", "更正", "纠正", "应该", "作废")
    for item in items:
        text = item.text
        if item.habit == "caller_correction":
            assert any(word in text for word in corrections), item
        if item.habit == "reverse_order":
            assert re.match(r"\d", text), item
        if item.habit == "english_mix":
            assert re.search(r"[A-Za-z]{2,}", text), item
        if item.habit == "numbers_mixed":
            assert re.search(r"[０-９两〇廿百十]", text), item
        if item.habit == "speech_slips":
            assert re.search(r"[毫浩豪露禄阶春振喽娄渠幺洞两]|单员|单原", text), item
        if item.habit == "police_record":
            assert "派出所" in text or "警" in text or "所辖区" in text, item
        if item.habit == "wechat_location_share":
            assert "位置" in text, item
        if item.habit == "form_fields":
            assert re.search(r"[：:】]|\n", text), item
        if item.habit == "bus_stop":
            assert "站" in text, item
        if item.habit == "odd_separators":
            assert re.search(r"[/>·_｜【（,\-]", text), item


def test_forms_with_a_blank_detail_are_townships(items: list[Item]):
    for item in items:
        if item.habit == "form_fields" and item.precision == TOWNSHIP:
            assert re.search(
                r"(详细地址：|地址:|【详址】|门牌 )(（空）|/|无|请选择)?$", item.text
            ), item


def test_rooms_without_an_entrance_are_buildings(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in items:
        if item.habit == "english_mix" and re.search(r"\bBldg \d+ Rm\b", item.text):
            assert addresses[item.truth].entrance is None, item


def test_numbers_read_digit_by_digit():
    assert radio_digits(108) == "幺洞八"
    assert radio_digits(20) == "两洞"
    assert radio_digits(35) == "三五"
    assert circle_digits(108) == "一〇八"
    assert circle_digits(502) == "五〇二"
