"""The KPI read model in the database (table case_facts) and its reader.

``FactsProjection`` runs inside the unit of work that changed cases: it folds the lifecycle
events just written into each case's facts row (dispatch/kpi.py ``fold``), recounts the case's
reports (grids, placed, delivered by a grid system, by a roster worker, through a hotline, from
the public: the rule is dispatch/kpi_sources.py, the one the history generator uses too) and
takes the dimensions from the case row. Folding skips events already folded (last_seq), so a
replayed batch changes nothing.

``FactsReader`` keeps the facts of every case in memory as columns (dispatch/kpi.py
FactColumns) for the KPI API: it loads them once, then fetches only the rows changed since its
last look, with a safety margin longer than any write transaction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import (
    Connection,
    Engine,
    Float,
    cast,
    func,
    select,
    type_coerce,
)
from sqlalchemy.dialects import postgresql, sqlite

from contracts.lifecycle import CaseLifecycleEvent
from dispatch.adapters.repository import event_from_row
from dispatch.adapters.tables import UtcDateTime, case_events, case_facts, cases, reports
from dispatch.kpi import (
    FACT_COUNTS,
    FACT_FLAGS,
    TAGS,
    TIME_COLUMNS,
    CaseFacts,
    FactBatch,
    FactColumns,
    fold_all,
)
from dispatch.kpi_sources import ReportCounts, ReportOrigin
from grid.adapters.tables import ENTITY_TABLES, registry_versions

CHUNK = 500  # ids per IN list
# Rows committed up to this long after their changed_at are still seen by a reader: longer
# than any write transaction of the hub.
SAFETY_MARGIN = timedelta(seconds=60)

_COUNT_FIELDS = (*FACT_COUNTS, "last_seq")


def _chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def facts_from_row(row: Any) -> CaseFacts:
    m = row._mapping
    return CaseFacts(
        case_id=m["case_id"],
        grids=frozenset(g for g in (m["grids"] or "").split(",") if g),
        state=m["state"],
        **{n: bool(m[n]) for n in FACT_FLAGS},
        department=m["department"],
        tags={t: m[t] for t in TAGS if m[t] is not None},
        area_path=m["area_path"] or "",
        **{n: m[n] for n in _COUNT_FIELDS},
        **{n: m[n] for n in TIME_COLUMNS},
    )


def row_of(facts: CaseFacts) -> dict[str, Any]:
    return {
        "case_id": facts.case_id,
        "grids": ",".join(sorted(facts.grids)),
        "state": facts.state,
        **{n: getattr(facts, n) for n in FACT_FLAGS},
        "department": facts.department,
        **{t: facts.tags.get(t) for t in TAGS},
        "area_path": facts.area_path,
        **{n: getattr(facts, n) for n in _COUNT_FIELDS},
        **{n: getattr(facts, n) for n in TIME_COLUMNS},
    }


def base_facts(case: Mapping[str, Any], counts: ReportCounts) -> CaseFacts:
    """What a case row (columns of the cases table) and its report counts say; the events
    add the rest."""
    path = [code for code in (case["area_path"] or "").split("/") if code]
    return CaseFacts(
        case_id=case["id"],
        reported_at=case["reported_at"],
        grids=frozenset(counts.grids),
        report_count=counts.reports,
        placed_reports=counts.placed,
        system_reports=counts.system,
        roster_reports=counts.roster,
        hotline_reports=counts.hotline,
        public_reports=counts.public,
        staff_reports=counts.staff,
        routed=case["route_status"] == "routed",
        area_path=case["area_path"] or "",
        department=case["department_id"],
        tags={
            "grid": case["origin_grid"],
            "county": path[0] if path else None,
            "township": case["township_code"],
            "community": case["community_code"],
            "cell": case["cell_code"],
            "category": case["category"],
            "family": case["category_family"],
        },
    )


# What the case row and its reports say now, rather than what the stored row said.
_RECOUNTED = (
    "grids",
    "report_count",
    "placed_reports",
    "system_reports",
    "roster_reports",
    "hotline_reports",
    "public_reports",
    "staff_reports",
    "routed",
    "tags",
    "area_path",
)


def _current(stored: CaseFacts | None, base: CaseFacts) -> CaseFacts:
    """The stored facts with the counts and dimensions recounted (reports move between
    cases when cases merge or split, and join them after de-duplication)."""
    if stored is None:
        return base
    fresh = {name: getattr(base, name) for name in _RECOUNTED}
    return replace(stored, **fresh, department=stored.department or base.department)


class FactsProjection:
    """Keeps case_facts current; called by the unit of work with the events it wrote."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def apply(self, events: Sequence[CaseLifecycleEvent]) -> None:
        by_case: dict[str, list[CaseLifecycleEvent]] = {}
        for event in events:
            by_case.setdefault(event.case_id, []).append(event)
        for ids in _chunks(sorted(by_case)):
            # A case whose events start at the first is folded whole from them: no stored row
            # to read (most cases in the stream's batches are new).
            started = {i for i in ids if min(e.seq for e in by_case[i]) > 1}
            stored = self._stored(sorted(started)) if started else {}
            rows = [
                row_of(fold_all(_current(stored.get(case_id), base), by_case[case_id]))
                for case_id, base in self._bases(ids).items()
            ]
            self._upsert(rows)

    def rebuild(self, case_ids: Sequence[str]) -> int:
        """Facts of these cases from scratch, from all their events."""
        written = 0
        for ids in _chunks(list(case_ids)):
            history: dict[str, list[CaseLifecycleEvent]] = {}
            for row in self._conn.execute(
                select(case_events).where(case_events.c.case_id.in_(ids))
            ):
                history.setdefault(row.case_id, []).append(event_from_row(row._mapping))
            rows = [
                row_of(fold_all(base, history.get(case_id, [])))
                for case_id, base in self._bases(ids).items()
            ]
            self._upsert(rows)
            written += len(rows)
        return written

    def _stored(self, ids: Sequence[str]) -> dict[str, CaseFacts]:
        found = self._conn.execute(select(case_facts).where(case_facts.c.case_id.in_(ids)))
        return {row.case_id: facts_from_row(row) for row in found}

    def _bases(self, ids: Sequence[str]) -> dict[str, CaseFacts]:
        """What the case row and the reports say (the events add the rest)."""
        stats = self._report_stats(ids)
        bases: dict[str, CaseFacts] = {}
        columns = (
            cases.c.id,
            cases.c.reported_at,
            cases.c.origin_grid,
            cases.c.category,
            cases.c.category_family,
            cases.c.department_id,
            cases.c.township_code,
            cases.c.community_code,
            cases.c.cell_code,
            cases.c.area_path,
            cases.c.route_status,
        )
        for row in self._conn.execute(select(*columns).where(cases.c.id.in_(ids))):
            bases[row.id] = base_facts(row._mapping, stats.get(row.id) or ReportCounts())
        return bases

    def _report_stats(self, ids: Sequence[str]) -> dict[str, ReportCounts]:
        """Each case's reports counted by the one rule (dispatch/kpi_sources.py)."""
        query = select(
            reports.c.case_id,
            reports.c.grid,
            reports.c.channel,
            reports.c.reporter_id,
            reports.c.reporter_role,
            reports.c.place_status,
        ).where(reports.c.case_id.in_(ids))
        found = [(row[0], ReportOrigin(*row[1:])) for row in self._conn.execute(query)]
        roster = self._on_roster({origin.reporter_id for _, origin in found})
        stats: dict[str, ReportCounts] = {}
        for case_id, origin in found:
            stats.setdefault(case_id, ReportCounts()).add(origin, roster)
        return stats

    def _on_roster(self, reporter_ids: set[str]) -> set[str]:
        """Which of these reporters are workers on the active registry's roster."""
        workers = ENTITY_TABLES["workers"]
        on_roster: set[str] = set()
        for part in _chunks(sorted(reporter_ids)):
            on_roster.update(
                self._conn.scalars(
                    select(workers.c.id)
                    .join(registry_versions, registry_versions.c.version == workers.c.version)
                    .where(registry_versions.c.active.is_(True), workers.c.id.in_(part))
                )
            )
        return on_roster

    def _upsert(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        dialect = self._conn.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(case_facts)
        changed = {name: stmt.excluded[name] for name in rows[0] if name != "case_id"}
        stmt = stmt.values(changed_at=func.now()).on_conflict_do_update(
            index_elements=[case_facts.c.case_id], set_={**changed, "changed_at": func.now()}
        )
        self._conn.execute(stmt, rows)


def rebuild_all(engine: Engine, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every case's facts from its events (after an upgrade, or to check)."""
    with engine.connect() as conn:
        ids = list(conn.scalars(select(cases.c.id).order_by(cases.c.id)))
    done = 0
    for part in _chunks(ids, 5000):
        with engine.begin() as conn:
            done += FactsProjection(conn).rebuild(part)
        if progress is not None:
            progress(done, len(ids))
    return done


NEVER = -1.0e300  # stands for "no time" on the way out of SQL; NaN in the columns


def _epoch(column: Any, dialect: str) -> Any:
    """A time column as float seconds since the epoch, computed by the database."""
    if dialect == "postgresql":
        seconds = cast(func.extract("epoch", column), Float)
    else:  # SQLite keeps UTC times as text
        seconds = (func.julianday(column) - 2440587.5) * 86400.0
    return func.coalesce(seconds, NEVER)


def _batch_query(dialect: str) -> Any:
    c = case_facts.c
    return select(
        c.case_id,
        c.state,
        c.grids,
        *(c[n] for n in FACT_COUNTS),
        *(c[n] for n in FACT_FLAGS),
        c.department,
        *(c[n] for n in TAGS),
        c.area_path,
        *(_epoch(c[n], dialect) for n in TIME_COLUMNS),
    )


def _batch_of(rows: Sequence[Any]) -> FactBatch:
    """Rows of ``_batch_query`` as a FactBatch: one transposition, then arrays."""
    if not rows:
        return FactBatch.of([])
    at = iter(list(zip(*rows, strict=True)))
    ids, states, grids = list(next(at)), list(next(at)), list(next(at))
    counts = {n: np.array(next(at), dtype=np.int32) for n in FACT_COUNTS}
    flags = {n: np.array(next(at), dtype=bool) for n in FACT_FLAGS}
    tags: dict[str, list[str | None]] = {"department": list(next(at))}
    tags |= {n: list(next(at)) for n in TAGS}
    paths = [p or "" for p in next(at)]
    times = {}
    for name in TIME_COLUMNS:
        values = np.array(next(at), dtype=np.float64)
        values[values == NEVER] = np.nan
        times[name] = values
    return FactBatch(ids, states, grids, times, counts, flags, tags, paths)


class FactsReader:
    """Every case's facts as columns, in memory, brought up to date at most every
    ``refresh_seconds``. Thread-safe: one refresh or query at a time."""

    def __init__(self, engine: Engine, refresh_seconds: float = 2.0) -> None:
        self._engine = engine
        self._refresh_seconds = refresh_seconds
        self._columns = FactColumns(capacity=1 << 16)
        self._seen_until: datetime | None = None
        self._checked = 0.0
        self.lock = threading.RLock()
        self.loaded_rows = 0

    def current(self) -> FactColumns:
        """The columns, refreshed if the last look is older than refresh_seconds. Callers
        hold ``lock`` while they compute on them."""
        with self.lock:
            if time.monotonic() - self._checked >= self._refresh_seconds or (
                self._seen_until is None
            ):
                self.refresh()
            return self._columns

    def refresh(self) -> int:
        with self.lock, self._engine.connect() as conn:
            started = conn.scalar(select(type_coerce(func.now(), UtcDateTime)))
            query = _batch_query(conn.dialect.name)
            if self._seen_until is not None:
                query = query.where(case_facts.c.changed_at >= self._seen_until - SAFETY_MARGIN)
            written = 0
            result = conn.execution_options(stream_results=True, yield_per=50_000).execute(query)
            for part in result.partitions():
                written += self._columns.upsert_batch(_batch_of(part))
            self._seen_until = started
            self._checked = time.monotonic()
            self.loaded_rows = len(self._columns)
            return written
