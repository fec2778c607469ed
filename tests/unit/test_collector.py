"""The stream processes' collector settings (streams/collector.py) and when the projector
freezes what it loaded."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from streams import collector, projector


@pytest.fixture
def collector_restored() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_thresholds_follow_the_setting(collector_restored: None) -> None:
    collector.set_thresholds(12_345)
    assert gc.get_threshold() == (12_345, collector.YOUNG_TO_MIDDLE, collector.MIDDLE_TO_OLD)


def test_what_is_alive_is_frozen_out_of_reach(collector_restored: None) -> None:
    gc.unfreeze()
    held = [{"n": i} for i in range(1_000)]  # tracked containers, alive across the freeze
    collector.freeze_long_lived()
    assert gc.get_freeze_count() >= len(held)


@dataclass
class FakeRegistry:
    """Holds a registry version; ``refresh`` loads the next one when told to."""

    current: object | None = None
    newer: list[object] = field(default_factory=list)

    def refresh(self) -> object | None:
        if self.newer:
            self.current = self.newer.pop(0)
        return self.current

    def escalates_to(self, *_: object) -> None:
        return None


def test_the_projector_freezes_a_registry_once_when_it_loads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frozen: list[int] = []
    monkeypatch.setattr(collector, "freeze_long_lived", lambda: frozen.append(1))
    monkeypatch.setattr(projector, "SqlUnitOfWork", lambda engine: None)
    monkeypatch.setattr(projector, "sweep_overdue", lambda *_, **__: _Swept())
    registry = FakeRegistry(newer=["v1"])
    running = projector.Projector(None, None, None, registry)  # type: ignore[arg-type]

    running.sweep_once()  # v1 loaded
    running.sweep_once()  # v1 held
    assert frozen == [1]
    registry.newer.append("v2")
    running.sweep_once()  # v2 loaded
    assert frozen == [1, 1]


@dataclass
class _Swept:
    marked_overdue: int = 0
    escalated: int = 0
