"""The fourth fresh address set itself (bench/fresh_addresses_v4.py): never the matcher's scores."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench.fresh_addresses import ADDRESS, OUTSIDE, Item
from bench.fresh_addresses_v4 import (
    HABITS,
    NEIGHBOURS,
    OUTSIDE_HABIT,
    build_set,
    pinyin_of,
    village_variants,
)
from grid.model import Registry, UnitKind
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


def test_side_entrances_are_labelled_as_their_building(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in items:
        if item.habit == "unit_words":
            door = addresses[item.truth]
            assert door.building is not None and door.entrance is None, item


def test_sub_numbers_and_spots_behind_a_door_are_that_door(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in items:
        if item.habit in ("sub_number", "lane_behind"):
            assert item.precision == ADDRESS, item
            number = addresses[item.truth].number
            assert re.search(rf"(?<!\d){number}(?!\d)", item.text), item


def test_pinyin_items_are_partly_romanised(items: list[Item]):
    for item in items:
        if item.habit == "pinyin_mix":
            assert re.search(r"[A-Za-z]{3,}", item.text), item


def test_pinyin_names_and_village_variants(registry: Registry):
    assert pinyin_of("黄河路") == "Huanghe Lu"
    assert pinyin_of("夏村镇") == "Xiacun Zhen"
    assert pinyin_of("城区街道") == "Chengqu Jiedao"
    romanised = [pinyin_of(u.name) for u in registry.units if u.kind is not UnitKind.VILLAGE]
    assert None not in romanised
    assert len(set(romanised)) == len(romanised)  # no two roads or compounds sound alike
    assert {"宋家庄", "宋家", "宋庄", "宋家村", "宋庄村"} <= village_variants("宋家庄村")
    assert "吕各庄" in village_variants("吕格庄村")
    assert "宋家庄村" not in village_variants("宋家庄村")
