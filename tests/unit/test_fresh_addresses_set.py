"""The fresh address set itself (bench/fresh_addresses.py): never the matcher's scores."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.fresh_addresses import (
    ADDRESS,
    COMMUNITY,
    HABITS,
    OUTSIDE,
    TOWNSHIP,
    Item,
    build_set,
    chinese_number,
)
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


def test_size_and_habit_counts(items: list[Item]):
    counts = Counter(item.habit for item in items)
    assert len(items) >= 300
    assert len(counts) >= 10
    assert counts == Counter(HABITS)
    assert all(25 <= n <= 40 for n in counts.values())
    assert 0.08 <= counts["elsewhere"] / len(items) <= 0.12
    assert len({item.id for item in items}) == len(items)
    assert len({(item.habit, item.text) for item in items}) == len(items)


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
    assert {i.precision for i in items if i.habit == "elsewhere"} == {OUTSIDE}
    assert OUTSIDE not in {i.precision for i in items if i.habit != "elsewhere"}


def test_chinese_numbers_are_written_as_said():
    assert [chinese_number(n) for n in (7, 10, 12, 20, 35, 100, 108, 115, 160)] == [
        "七", "十", "十二", "二十", "三十五", "一百", "一百零八", "一百一十五", "一百六十",
    ]  # fmt: skip
