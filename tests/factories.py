"""Reports as the stream sees them, placed against the real demo registry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache

from contracts.placement import PlacedReport
from contracts.report import IncidentReport
from grid.model import Registry
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


@lru_cache(maxsize=1)
def small_registry() -> Registry:
    """The demo registry cut down to 城区街道 and the county's own departments: quick to load."""
    demo = demo_registry()
    township = "371083001"
    divisions = tuple(d for d in demo.divisions if len(d.code) < 9 or d.code.startswith(township))
    codes = {d.code for d in divisions}
    cells = tuple(c for c in demo.cells if c.community in codes)
    cell_codes = {c.code for c in cells}
    units = tuple(u for u in demo.units if u.township == township)
    unit_ids = {u.id for u in units}
    departments = tuple(d for d in demo.departments if d.area in codes)
    department_ids = {d.id for d in departments}
    return Registry(
        divisions=divisions,
        cells=cells,
        units=units,
        addresses=tuple(a for a in demo.addresses if a.unit in unit_ids and a.cell in cell_codes),
        departments=departments,
        teams=tuple(t for t in demo.teams if t.department in department_ids),
        responsibilities=tuple(
            r for r in demo.responsibilities if r.area in codes and r.department in department_ids
        ),
        workers=tuple(w for w in demo.workers if w.cell in cell_codes),
        source="test: 城区街道 of the demo registry",
    )
