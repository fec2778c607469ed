"""Checks a registry before it is loaded: every reference resolves, every ring is a polygon.

Pure. A city bringing its own data gets every problem at once, each with the entity, the
field and the reason, instead of a half-loaded registry.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely

from contracts.common import GridCode
from grid.categories import is_category_code
from grid.model import Level, Registry

MAX_TEXT = 200  # the registry's text columns


@dataclass(frozen=True)
class Problem:
    entity: str
    id: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.entity} {self.id}: {self.field}: {self.reason}"


def check_registry(registry: Registry) -> list[Problem]:
    problems: list[Problem] = []

    def need(ok: bool, entity: str, id_: str, field: str, reason: str) -> None:
        if not ok:
            problems.append(Problem(entity, id_, field, reason))

    for name, items in registry.entities().items():
        key = "code" if name in ("divisions", "cells") else "id"
        seen: set[str] = set()
        for item in items:
            value = getattr(item, key)
            need(value not in seen, name, value, key, "appears twice")
            seen.add(value)

    for name, items in registry.entities().items():
        for item in items:
            key = getattr(item, "code", None) or getattr(item, "id", "")
            for field_name in ("code", "id", "name"):
                value = getattr(item, field_name, None)
                if isinstance(value, str):
                    need(bool(value.strip()), name, key, field_name, "blank")
                    need(len(value) <= MAX_TEXT, name, key, field_name, f"over {MAX_TEXT} chars")

    divisions = {d.code: d for d in registry.divisions}
    cells = {c.code for c in registry.cells}
    units = {u.id: u for u in registry.units}
    departments = {d.id for d in registry.departments}
    teams = {t.id: t for t in registry.teams}
    for d in registry.divisions:
        if d.parent is not None:
            need(d.parent in divisions, "divisions", d.code, "parent", f"no division {d.parent}")
    for code in _cycles({d.code: d.parent for d in registry.divisions}):
        need(False, "divisions", code, "parent", "the parents run in a circle")
    need(
        any(d.level is Level.TOWNSHIP for d in registry.divisions),
        "divisions", "-", "level", "no township: addresses cannot be resolved",
    )  # fmt: skip
    for c in registry.cells:
        community = divisions.get(c.community)
        need(
            community is not None and community.level is Level.COMMUNITY,
            "cells", c.code, "community", f"no community {c.community}",
        )  # fmt: skip
        try:
            valid = len(c.ring) >= 4 and shapely.Polygon(c.ring).is_valid
        except (TypeError, ValueError):
            valid = False
        need(valid, "cells", c.code, "geometry", "not a valid polygon")
    for u in registry.units:
        township = divisions.get(u.township)
        need(
            township is not None and township.level is Level.TOWNSHIP,
            "units", u.id, "township", f"no township {u.township}",
        )  # fmt: skip
        if u.community is not None:
            need(u.community in divisions, "units", u.id, "community", f"no {u.community}")
    doors: set[tuple[str, int | None, int | None, int | None]] = set()
    for a in registry.addresses:
        need(a.unit in units, "addresses", a.id, "unit", f"no addressing unit {a.unit}")
        door = (a.unit, a.number, a.building, a.entrance)
        need(door not in doors, "addresses", a.id, "number", "the same numbers appear twice")
        doors.add(door)
        need(a.cell in cells, "addresses", a.id, "cell", f"no grid cell {a.cell}")
        need(
            a.number is not None or a.building is not None,
            "addresses", a.id, "number", "needs a door or a building number",
        )  # fmt: skip
    for d in registry.departments:
        need(d.area in divisions, "departments", d.id, "area", f"no division {d.area}")
        if d.parent is not None:
            need(
                d.parent in departments, "departments", d.id, "parent", f"no department {d.parent}"
            )
    for department_id in _cycles({d.id: d.parent for d in registry.departments}):
        need(False, "departments", department_id, "parent", "the escalation runs in a circle")
    grids = {g.value for g in GridCode}
    for d in registry.departments:
        if d.grid is not None:
            need(d.grid in grids, "departments", d.id, "grid", f"not one of {sorted(grids)}")
    for t in registry.teams:
        need(t.department in departments, "teams", t.id, "department", f"no {t.department}")
    for r in registry.responsibilities:
        need(
            is_category_code(r.category, family=True),
            "responsibilities", r.id, "category", "not '<grid>.<type>' or '<grid>.*'",
        )  # fmt: skip
        need(r.area in divisions, "responsibilities", r.id, "area", f"no division {r.area}")
        need(r.department in departments, "responsibilities", r.id, "department", "unknown")
        team = teams.get(r.team)
        need(
            team is not None and team.department == r.department,
            "responsibilities", r.id, "team", "not a team of that department",
        )  # fmt: skip
    for w in registry.workers:
        need(w.cell in cells, "workers", w.id, "cell", f"no grid cell {w.cell}")
    return problems


def _cycles(parents: dict[str, str | None]) -> list[str]:
    """Members of parent chains that come back on themselves."""
    found: set[str] = set()
    for start in parents:
        seen: list[str] = []
        current: str | None = start
        while current is not None and current in parents and current not in seen:
            seen.append(current)
            current = parents[current]
        if current is not None and current in seen:
            found.update(seen[seen.index(current) :])
    return sorted(found)
