"""What every fresh address set (bench/fresh_addresses_v*.py) must be, whoever wrote it:
the same set for the same seed, every label a place the registry has at the labelled
precision, addresses outside the county labelled as such, and per-item misses kept out of
the repository. Never the matcher's scores: each set is measured once, by its own script."""

from __future__ import annotations

import importlib
import subprocess
from types import ModuleType

import pytest

from bench.fresh_addresses import ADDRESS, COMMUNITY, OUTSIDE, ROOT, TOWNSHIP
from grid.model import Level, Registry
from gridhub.simulator import demo_registry

SETS = ("v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module", params=SETS)
def fresh_set(request: pytest.FixtureRequest) -> ModuleType:
    return importlib.import_module(f"bench.fresh_addresses_{request.param}")


def test_the_same_registry_and_seed_write_the_same_set(
    registry: Registry, fresh_set: ModuleType
) -> None:
    items = fresh_set.build_set(registry)
    assert fresh_set.build_set(registry, seed=fresh_set.SEED) == items
    assert fresh_set.build_set(registry, seed=1) != items


def test_every_truth_exists_in_the_registry_at_its_precision(
    registry: Registry, fresh_set: ModuleType
) -> None:
    addresses = {a.id for a in registry.addresses}
    levels = {d.code: d.level for d in registry.divisions}
    for item in fresh_set.build_set(registry):
        if item.precision == ADDRESS:
            assert item.truth in addresses, item
        elif item.precision == COMMUNITY:
            assert levels.get(item.truth) is Level.COMMUNITY, item
        elif item.precision == TOWNSHIP:
            assert levels.get(item.truth) is Level.TOWNSHIP, item
        else:
            assert item.precision == OUTSIDE and item.truth == "", item
            assert item.habit == fresh_set.OUTSIDE_HABIT, item


def test_misses_stay_in_the_ignored_var_directory(fresh_set: ModuleType) -> None:
    name = fresh_set.__name__.rsplit("_", 1)[-1]
    assert fresh_set.MISSES.parts[-3:] == ("var", f"fresh-addresses-{name}", "misses.md")
    relative = fresh_set.MISSES.relative_to(ROOT)
    ignored = subprocess.run(["git", "check-ignore", "-q", str(relative)], cwd=ROOT, check=False)
    assert ignored.returncode == 0
