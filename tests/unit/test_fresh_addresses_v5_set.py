"""The fifth fresh address set itself (bench/fresh_addresses_v5.py): never the matcher's scores."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench.fresh_addresses import ADDRESS, OUTSIDE, Item
from bench.fresh_addresses_v5 import (
    HABITS,
    NEIGHBOURS,
    OUTSIDE_HABIT,
    build_set,
    said_digits,
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
    assert {"door_range", "speech_slips"} <= set(HABITS)
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


def test_runs_are_never_labelled_as_one_door(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in items:
        if item.habit == "door_range" and item.precision == ADDRESS:
            door = addresses[item.truth]  # a run of entrances: their building
            assert door.building is not None and door.entrance is None, item


def test_property_notations_name_an_entrance_only_with_one(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in items:
        if item.habit == "property_style":
            door = addresses[item.truth]
            names_entrance = "单元" in item.text or re.search(r"\d-\d", item.text)
            assert (door.entrance is not None) == bool(names_entrance), item


def test_speech_items_hold_a_slip(items: list[Item]):
    slips = "好浩耗豪陆录鹿露接节揭存寸阵震搂喽圆园丹"
    for item in items:
        if item.habit == "speech_slips":
            assert any(ch in item.text for ch in slips) or any(
                s in item.text for s in ("如山", "汝山", "乳三", "入山")
            ), item


def test_typos_double_a_character_and_other_habits_show_themselves(items: list[Item]):
    for item in items:
        if item.habit == "typo_extra_char":
            assert re.search(r"(\D)\1", item.text), item
        if item.habit == "english_mix":
            assert re.search(r"[A-Za-z]{2,}", item.text), item
        if item.habit == "numbers_fullwidth_mixed":
            assert re.search(r"[０-９一二三四五六七八九十]", item.text), item
        if item.habit == "county_wrong_city":
            assert ("烟台" in item.text or "青岛" in item.text) and "乳山" in item.text, item
            assert "乳山路" not in item.text and "乳山街" not in item.text, item


def test_numbers_read_digit_by_digit():
    assert said_digits(12) == "幺二"
    assert said_digits(108) == "幺零八"
    assert said_digits(35) == "三五"
