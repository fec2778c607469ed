"""The third fresh address set itself (bench/fresh_addresses_v3.py): never the matcher's scores."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.fresh_addresses import OUTSIDE, Item
from bench.fresh_addresses_v3 import HABITS, OUTSIDE_HABIT, build_set, to_fanti
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
    assert 320 <= len(items) <= 400
    assert set(counts) == set(HABITS)
    assert len(HABITS) >= 10
    assert all(20 <= n <= 40 for n in counts.values())
    assert counts == Counter(HABITS)
    assert len({item.id for item in items}) == len(items)
    assert len({item.text for item in items}) == len(items)


def test_items_outside_the_county_are_labelled_outside_and_only_they(items: list[Item]):
    for item in items:
        assert (item.habit == OUTSIDE_HABIT) == (item.precision == OUTSIDE), item
    outside = [i for i in items if i.habit == OUTSIDE_HABIT]
    assert 0.05 <= len(outside) / len(items) <= 0.15


def test_traditional_items_are_written_in_traditional_characters(items: list[Item]):
    for item in items:
        if item.habit == "fanti_input":
            assert to_fanti(item.text) == item.text, item
            assert any(ch in item.text for ch in "號樓單"), item
