"""Reports as the stream sees them, placed against the real demo registry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache

from contracts.placement import PlacedReport
from contracts.report import IncidentReport
from grid.placing import Placer
from gridhub.simulator import demo_registry

PLACED_AT = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


@lru_cache(maxsize=1)
def demo_placer() -> Placer:
    return Placer(demo_registry())


def placed(report: IncidentReport) -> PlacedReport:
    return demo_placer().place(report, PLACED_AT)


def placed_all(reports: Iterable[IncidentReport]) -> list[PlacedReport]:
    return [placed(r) for r in reports]
