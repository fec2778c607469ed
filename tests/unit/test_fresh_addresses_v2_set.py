"""The second fresh address set itself (bench/fresh_addresses_v2.py): never the matcher's scores."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.fresh_addresses import ADDRESS, COMMUNITY, OUTSIDE, TOWNSHIP, Item
from bench.fresh_addresses_v2 import HABITS, OUTSIDE_HABIT, build_set
from grid.model import Level, Registry
from gridhub.simulator import demo_registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def items(registry: Registry) -> list[Item]:
    return build_set(registry)


def test_the_same_registry_and_seed_write_the_same_set(registry: Registry, items: list[Item]):
    assert build_set(registry) == items
    assert build_set(registry, seed=1) != items


def test_size_and_habits(items: list[Item]):
    counts = Counter(item.habit for item in items)
    assert len(items) >= 300
    assert set(counts) == set(HABITS)
    assert all(20 <= n <= 40 for n in counts.values())
    assert len({item.id for item in items}) == len(items)


def test_every_truth_exists_in_the_registry_at_its_precision(registry: Registry, items: list[Item]):
    addresses = {a.id for a in registry.addresses}
    levels = {d.code: d.level for d in registry.divisions}
    for item in items:
        if item.precision == ADDRESS:
            assert item.truth in addresses, item
        elif item.precision == COMMUNITY:
            assert levels.get(item.truth) is Level.COMMUNITY, item
        elif item.precision == TOWNSHIP:
            assert levels.get(item.truth) is Level.TOWNSHIP, item
        else:
            assert item.precision == OUTSIDE and item.truth == "", item
            assert item.habit == OUTSIDE_HABIT, item
