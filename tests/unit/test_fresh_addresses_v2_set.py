"""The second fresh address set itself (bench/fresh_addresses_v2.py): never the matcher's scores."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.fresh_addresses import Item
from bench.fresh_addresses_v2 import HABITS, build_set
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
    assert len(items) >= 300
    assert set(counts) == set(HABITS)
    assert all(20 <= n <= 40 for n in counts.values())
    assert len({item.id for item in items}) == len(items)
