"""Indicator definitions (KPIs), in one place. Pure: facts about cases in, figures out.

Each indicator's formula is written in docs/kpi.md; the code below is that formula. A rate
whose denominator is zero is None ("no data"), never 0 or 1: an empty street is not a
perfect one. Durations are in hours: mean, median and P90 (nearest rank).

Three parts:
- ``CaseFacts`` and ``fold``: what the indicators need to know about one case, built from its
  lifecycle events one at a time (the read model keeps one such row per case current).
- ``FactColumns``: many cases' facts as columns (numpy arrays), so that a million cases are
  counted in tens of milliseconds; ``indicators`` computes every figure over any subset.
- ``breakdown`` and ``series``: the same figures per grid, department, area, category or period.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

import numpy as np

from contracts.lifecycle import CaseEventType, CaseLifecycleEvent

BEIJING = timezone(timedelta(hours=8))  # periods (days, weeks, months) are Beijing time
HOUR = 3600.0
# States in which a case is no longer being worked on.
ENDED = frozenset({"closed", "rejected", "merged"})
# Events that finish the step whose deadline was running: late if after that deadline.
_FINISHES_STEP = frozenset(
    {
        CaseEventType.ACCEPTED,
        CaseEventType.REJECTED,
        CaseEventType.DISPATCHED,
        CaseEventType.SIGNED,
        CaseEventType.RESOLVED,
        CaseEventType.VERIFIED,
        CaseEventType.VERIFICATION_FAILED,
    }
)


@dataclass(frozen=True)
class CaseFacts:
    """What the indicators need to know about one case (from its row and its timeline)."""

    case_id: str
    reported_at: datetime
    grids: frozenset[str] = frozenset()  # the grids its reports came from
    report_count: int = 0
    placed_reports: int = 0  # of them, placed by the registry (status placed)
    system_reports: int = 0  # delivered by a grid's own system (its native topic)
    roster_reports: int = 0  # made by a worker on the unified roster
    hotline_reports: int = 0  # from the public: the hotline, citizens' apps
    routed: bool = False  # the responsibility list named its department
    state: str = "reported"
    merged: bool = False  # merged into another case: its reports count there
    rejected: bool = False
    accepted_at: datetime | None = None
    accept_due: datetime | None = None
    dispatched_at: datetime | None = None  # first dispatch
    dispatches: int = 0
    returns: int = 0
    signed_at: datetime | None = None  # first time a department signed for it
    resolved_at: datetime | None = None  # last resolution
    resolve_due: datetime | None = None  # the resolving deadline, with postponements
    closed_at: datetime | None = None
    late_steps: int = 0  # steps finished after their deadline
    running_due: datetime | None = None  # deadline of the step now running (None: no clock)
    reworks: int = 0  # sent back after resolving: failed verification or reopened
    postponements: int = 0
    escalations: int = 0
    reopened: bool = False
    department: str | None = None  # the department that last held it (or was routed to)
    last_seq: int = 0  # the last lifecycle event folded in
    tags: dict[str, str] = field(default_factory=dict)  # grid, township, category ...


def fold(facts: CaseFacts, event: CaseLifecycleEvent) -> CaseFacts:
    """The facts after one more lifecycle event; events already folded in change nothing."""
    if event.seq <= facts.last_seq:
        return facts
    kind, at, data = event.event_type, event.occurred_at, event.data
    due = facts.running_due
    change: dict[str, Any] = {"last_seq": event.seq, "state": event.to_state}
    if "deadline_at" in data:
        raw = data["deadline_at"]
        change["running_due"] = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
    if kind in _FINISHES_STEP and due is not None and at > due:
        change["late_steps"] = facts.late_steps + 1
    if kind is CaseEventType.ACCEPTED and facts.accepted_at is None:
        change |= {"accepted_at": at, "accept_due": due}
    elif kind is CaseEventType.REJECTED:
        change["rejected"] = True
    elif kind is CaseEventType.MERGED:
        change["merged"] = True
    elif kind is CaseEventType.DISPATCHED:
        change |= {
            "dispatches": facts.dispatches + 1,
            "dispatched_at": facts.dispatched_at or at,
            "department": data.get("department_id") or facts.department,
        }
    elif kind is CaseEventType.RETURNED:
        change["returns"] = facts.returns + 1
    elif kind is CaseEventType.SIGNED and facts.signed_at is None:
        change["signed_at"] = at
    elif kind is CaseEventType.RESOLVED:
        change |= {"resolved_at": at, "resolve_due": due}
    elif kind is CaseEventType.VERIFICATION_FAILED:
        change["reworks"] = facts.reworks + 1
    elif kind is CaseEventType.CLOSED:
        change["closed_at"] = at
    elif kind is CaseEventType.REOPENED:
        change |= {"reopened": True, "closed_at": None, "reworks": facts.reworks + 1}
    elif kind is CaseEventType.POSTPONED:
        change["postponements"] = facts.postponements + 1
    elif kind is CaseEventType.ESCALATED:
        change["escalations"] = facts.escalations + 1
    if event.to_state in ENDED:
        change["running_due"] = None
    return replace(facts, **change)


def fold_all(facts: CaseFacts, events: Iterable[CaseLifecycleEvent]) -> CaseFacts:
    for event in sorted(events, key=lambda e: e.seq):
        facts = fold(facts, event)
    return facts


# -- figures ----------------------------------------------------------------------------------
def rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Durations:
    count: int
    mean: float | None
    median: float | None
    p90: float | None


def durations(hours: Sequence[float] | np.ndarray) -> Durations:
    values = np.asarray(hours, dtype=np.float64)
    if values.size == 0:
        return Durations(0, None, None, None)
    rank = max(1, math.ceil(0.9 * values.size))  # nearest rank
    return Durations(
        int(values.size),
        float(values.mean()),
        float(np.median(values)),
        float(np.partition(values, rank - 1)[rank - 1]),
    )


@dataclass(frozen=True)
class Indicators:
    cases: int
    reports: int
    cases_accepted: int
    acceptance_rate: float | None
    on_time_acceptance: float | None
    dispatch_accuracy: float | None
    disposal_rate: float | None
    on_time_disposal: float | None
    closure_rate: float | None
    on_time_closure: float | None
    open_overdue: int
    rework_rate: float | None
    postponement_rate: float | None
    escalations: int
    time_to_accept: Durations
    time_to_dispatch: Durations
    time_to_resolve: Durations
    time_to_close: Durations
    duplicate_report_rate: float | None
    cross_grid_cases: int
    placed_share: float | None


# Which cases each count is made of: the drill-down behind a figure (see ``members``).
class Measure(StrEnum):
    CASES = "cases"
    ACCEPTED = "accepted"
    ACCEPTED_LATE = "accepted_late"
    DISPATCHED = "dispatched"
    RETURNED = "returned"
    RESOLVED = "resolved"
    RESOLVED_LATE = "resolved_late"
    CLOSED = "closed"
    CLOSED_LATE = "closed_late"
    OPEN_OVERDUE = "open_overdue"
    REWORKED = "reworked"
    POSTPONED = "postponed"
    ESCALATED = "escalated"
    CROSS_GRID = "cross_grid"
    MERGED = "merged"
    UNPLACED = "unplaced"


# -- columns ------------------------------------------------------------------------------------
TIME_COLUMNS = (
    "reported_at",
    "accepted_at",
    "accept_due",
    "dispatched_at",
    "signed_at",
    "resolved_at",
    "resolve_due",
    "closed_at",
    "running_due",
)
# Counts kept per case (the read model's integer columns).
FACT_COUNTS = (
    "report_count",
    "placed_reports",
    "system_reports",
    "roster_reports",
    "hotline_reports",
    "dispatches",
    "returns",
    "reworks",
    "postponements",
    "escalations",
    "late_steps",
)
COUNT_COLUMNS = (*FACT_COUNTS, "grid_count")
FACT_FLAGS = ("routed", "merged", "rejected", "reopened")
FLAG_COLUMNS = (*FACT_FLAGS, "ended")
# The dimensions every figure can be broken down by (the area levels from the county down).
DIMENSIONS = (
    "grid",
    "department",
    "county",
    "township",
    "community",
    "cell",
    "category",
    "family",
)
TAGS = tuple(d for d in DIMENSIONS if d != "department")  # the department is a fact of its own
NONE_LABEL = "(none)"


def _seconds(value: datetime | None) -> float:
    return value.timestamp() if value is not None else math.nan


class Labels:
    """One dimension's values as small integer codes (a categorical column)."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self._codes: dict[str, int] = {}

    def code(self, label: str | None) -> int:
        key = label or NONE_LABEL
        found = self._codes.get(key)
        if found is None:
            found = self._codes[key] = len(self.labels)
            self.labels.append(key)
        return found

    def codes_of(self, labels: Iterable[str]) -> list[int]:
        return [self._codes[x] for x in labels if x in self._codes]


class FactColumns:
    """Facts of many cases as columns. Rows are appended or replaced by case id; arrays grow
    by doubling so that a steady trickle of new cases does not copy a million rows each time.
    Times are seconds since the epoch (NaN: never happened)."""

    def __init__(self, capacity: int = 1024) -> None:
        self.size = 0
        self._capacity = max(16, capacity)
        self._row_of: dict[str, int] = {}
        self.ids = np.empty(self._capacity, dtype=object)
        self.times = {n: np.full(self._capacity, np.nan) for n in TIME_COLUMNS}
        self.counts = {n: np.zeros(self._capacity, dtype=np.int32) for n in COUNT_COLUMNS}
        self.flags = {n: np.zeros(self._capacity, dtype=bool) for n in FLAG_COLUMNS}
        self.dims = {n: np.zeros(self._capacity, dtype=np.int32) for n in DIMENSIONS}
        self.labels = {n: Labels() for n in DIMENSIONS}
        self.grid_sets: dict[int, frozenset[str]] = {}  # rows whose reports came from 2+ grids

    @classmethod
    def of(cls, facts: Iterable[CaseFacts]) -> FactColumns:
        columns = cls()
        columns.upsert(facts)
        return columns

    def __len__(self) -> int:
        return self.size

    def _grow(self, needed: int) -> None:
        if needed <= self._capacity:
            return
        capacity = max(needed, self._capacity * 2)

        def grown(array: np.ndarray, fill: Any) -> np.ndarray:
            bigger = np.full(capacity, fill, dtype=array.dtype)
            bigger[: self.size] = array[: self.size]
            return bigger

        self.ids = grown(self.ids, None)
        self.times = {n: grown(a, np.nan) for n, a in self.times.items()}
        self.counts = {n: grown(a, 0) for n, a in self.counts.items()}
        self.flags = {n: grown(a, False) for n, a in self.flags.items()}
        self.dims = {n: grown(a, 0) for n, a in self.dims.items()}
        self._capacity = capacity

    def upsert(self, facts: Iterable[CaseFacts]) -> int:
        """Add or replace rows; returns how many rows were written."""
        written = 0
        for fact in facts:
            row = self._row_of.get(fact.case_id)
            if row is None:
                self._grow(self.size + 1)
                row = self._row_of[fact.case_id] = self.size
                self.size += 1
                self.ids[row] = fact.case_id
            for name in TIME_COLUMNS:
                self.times[name][row] = _seconds(getattr(fact, name))
            for name in FACT_COUNTS:
                self.counts[name][row] = getattr(fact, name)
            self.counts["grid_count"][row] = len(fact.grids)
            if len(fact.grids) >= 2:
                self.grid_sets[row] = fact.grids
            else:
                self.grid_sets.pop(row, None)
            for name in FACT_FLAGS:
                self.flags[name][row] = getattr(fact, name)
            self.flags["ended"][row] = fact.state in ENDED
            tags = {**fact.tags, "department": fact.department or fact.tags.get("department")}
            for name in DIMENSIONS:
                self.dims[name][row] = self.labels[name].code(tags.get(name))
            written += 1
        return written

    # -- selecting rows ------------------------------------------------------------------
    def all_rows(self) -> np.ndarray:
        return np.arange(self.size)

    def where(self, rows: np.ndarray, dimension: str, values: Iterable[str]) -> np.ndarray:
        """The rows among ``rows`` whose ``dimension`` is one of ``values``."""
        codes = self.labels[dimension].codes_of(values)
        return rows[np.isin(self.dims[dimension][rows], codes)]

    def within(self, rows: np.ndarray, area_codes: Iterable[str]) -> np.ndarray:
        """Rows that lie in any of the areas (a county, township, community or cell code)."""
        wanted = list(area_codes)
        keep = np.zeros(rows.size, dtype=bool)
        for level in ("county", "township", "community", "cell"):
            codes = self.labels[level].codes_of(wanted)
            if codes:
                keep |= np.isin(self.dims[level][rows], codes)
        return rows[keep]

    def reported_between(
        self, rows: np.ndarray, start: datetime | None, end: datetime | None
    ) -> np.ndarray:
        """Rows of cases reported in [start, end)."""
        reported = self.times["reported_at"][rows]
        keep = np.ones(rows.size, dtype=bool)
        if start is not None:
            keep &= reported >= start.timestamp()
        if end is not None:
            keep &= reported < end.timestamp()
        return rows[keep]

    def case_ids(self, rows: np.ndarray) -> list[str]:
        return [str(x) for x in self.ids[rows]]

    def label(self, dimension: str, row: int) -> str:
        return self.labels[dimension].labels[self.dims[dimension][row]]


def _finite(values: np.ndarray) -> np.ndarray:
    return values[~np.isnan(values)]


class _Slice:
    """The columns of a set of rows, named after the formulas that use them."""

    def __init__(self, columns: FactColumns, rows: np.ndarray, as_of: datetime) -> None:
        t, c, f = columns.times, columns.counts, columns.flags
        self.all_rows = rows
        live = ~f["merged"][rows]  # a merged case's reports count in its survivor
        self.rows = rows[live]
        r = self.rows

        def has(name: str) -> np.ndarray:
            return ~np.isnan(t[name][r])

        def on_time(done: str, due: str) -> np.ndarray:  # no deadline: on time
            return has(done) & ~(t[done][r] > t[due][r])

        self.t = {name: t[name][r] for name in TIME_COLUMNS}
        self.reports = int(c["report_count"][rows].sum())
        self.placed = int(c["placed_reports"][rows].sum())
        self.accepted = has("accepted_at")
        self.dispatched = has("dispatched_at")
        self.resolved = self.dispatched & has("resolved_at")
        self.closed = self.accepted & has("closed_at")
        self.accepted_on_time = on_time("accepted_at", "accept_due")
        self.resolved_on_time = on_time("resolved_at", "resolve_due")
        late = c["late_steps"][r] > 0
        self.closed_late = self.closed & late
        running_late = t["running_due"][r] < as_of.timestamp()
        self.open_overdue = self.accepted & ~f["ended"][r] & (late | running_late)
        self.dispatches = c["dispatches"][r]
        self.returns = c["returns"][r]
        self.reworked = self.resolved & (c["reworks"][r] > 0)
        self.postponed = self.dispatched & (c["postponements"][r] > 0)
        self.escalations = c["escalations"][r]
        self.cross_grid = c["grid_count"][r] >= 2
        self.merged = f["merged"][rows]
        self.unplaced = c["placed_reports"][rows] < c["report_count"][rows]

    def hours(self, later: str, earlier: str) -> Durations:
        return durations(_finite(self.t[later] - self.t[earlier]) / HOUR)

    def members(self, measure: Measure) -> np.ndarray:
        m = Measure
        picks = {
            m.CASES: None,
            m.ACCEPTED: self.accepted,
            m.ACCEPTED_LATE: self.accepted & ~self.accepted_on_time,
            m.DISPATCHED: self.dispatched,
            m.RETURNED: self.returns > 0,
            m.RESOLVED: self.resolved,
            m.RESOLVED_LATE: self.resolved & ~self.resolved_on_time,
            m.CLOSED: self.closed,
            m.CLOSED_LATE: self.closed_late,
            m.OPEN_OVERDUE: self.open_overdue,
            m.REWORKED: self.reworked,
            m.POSTPONED: self.postponed,
            m.ESCALATED: self.escalations > 0,
            m.CROSS_GRID: self.cross_grid,
        }
        if measure is m.MERGED:
            return self.all_rows[self.merged]
        if measure is m.UNPLACED:
            return self.all_rows[self.unplaced]
        pick = picks[measure]
        return self.rows if pick is None else self.rows[pick]


def indicators(
    columns: FactColumns | Sequence[CaseFacts],
    rows: np.ndarray | None = None,
    *,
    as_of: datetime | None = None,
) -> Indicators:
    """Every indicator over the cases of one slice (a period, a department, an area ...).
    ``as_of``: the moment "open and past its deadline" is judged at (default now)."""
    if not isinstance(columns, FactColumns):
        columns = FactColumns.of(columns)
    if rows is None:
        rows = columns.all_rows()
    s = _Slice(columns, rows, as_of or datetime.now(UTC))
    cases = int(s.rows.size)
    accepted, dispatched = int(s.accepted.sum()), int(s.dispatched.sum())
    resolved, closed = int(s.resolved.sum()), int(s.closed.sum())
    dispatches, returns = int(s.dispatches.sum()), int(s.returns.sum())
    open_overdue = int(s.open_overdue.sum())
    return Indicators(
        cases=cases,
        reports=s.reports,
        cases_accepted=accepted,
        acceptance_rate=rate(accepted, cases),
        on_time_acceptance=rate(int((s.accepted & s.accepted_on_time).sum()), accepted),
        dispatch_accuracy=rate(dispatches - returns, dispatches),
        disposal_rate=rate(resolved, dispatched),
        on_time_disposal=rate(int((s.resolved & s.resolved_on_time).sum()), resolved),
        closure_rate=rate(closed, accepted),
        # Open overdue cases count in the denominator: otherwise late work hides.
        on_time_closure=rate(closed - int(s.closed_late.sum()), closed + open_overdue),
        open_overdue=open_overdue,
        rework_rate=rate(int(s.reworked.sum()), resolved),
        postponement_rate=rate(int(s.postponed.sum()), dispatched),
        escalations=int(s.escalations.sum()),
        time_to_accept=s.hours("accepted_at", "reported_at"),
        time_to_dispatch=s.hours("dispatched_at", "accepted_at"),
        time_to_resolve=s.hours("resolved_at", "dispatched_at"),
        time_to_close=s.hours("closed_at", "reported_at"),
        duplicate_report_rate=rate(s.reports - cases, s.reports),
        cross_grid_cases=int(s.cross_grid.sum()),
        placed_share=rate(s.placed, s.reports),
    )


def members(
    columns: FactColumns, rows: np.ndarray, measure: Measure, *, as_of: datetime | None = None
) -> np.ndarray:
    """The rows behind one figure: e.g. the open overdue cases of a department."""
    return _Slice(columns, rows, as_of or datetime.now(UTC)).members(measure)


# -- breakdowns and periods ----------------------------------------------------------------
class Interval(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


def period_keys(seconds: np.ndarray, interval: Interval) -> np.ndarray:
    """The first day (Beijing time) of the period each moment falls in, as datetime64[D]."""
    local = (seconds + 8 * HOUR).astype("int64").astype("datetime64[s]")
    days = local.astype("datetime64[D]")
    if interval is Interval.DAY:
        return days
    if interval is Interval.WEEK:  # ISO weeks start on Monday; 1970-01-01 was a Thursday
        number = days.astype("int64")
        return (number - (number + 3) % 7).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    if interval is Interval.QUARTER:
        number = months.astype("int64")
        months = (number - number % 3).astype("datetime64[M]")
    return months.astype("datetime64[D]")


def groups(keys: np.ndarray, rows: np.ndarray) -> list[tuple[Any, np.ndarray]]:
    """Rows split by key, keys in order."""
    if rows.size == 0:
        return []
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], sorted_keys.size]
    return [(sorted_keys[a], rows[order[a:b]]) for a, b in zip(starts, ends, strict=True)]


def breakdown(
    columns: FactColumns,
    rows: np.ndarray,
    dimension: str,
    *,
    as_of: datetime | None = None,
) -> dict[str, Indicators]:
    """The indicators per value of a dimension (grid, department, township, category ...)."""
    when = as_of or datetime.now(UTC)
    labels = columns.labels[dimension].labels
    parts = groups(columns.dims[dimension][rows], rows)
    return {labels[int(code)]: indicators(columns, part, as_of=when) for code, part in parts}


def series(
    columns: FactColumns,
    rows: np.ndarray,
    interval: Interval,
    *,
    as_of: datetime | None = None,
) -> list[tuple[str, Indicators]]:
    """The indicators per period of the cases reported in it, oldest first."""
    when = as_of or datetime.now(UTC)
    keys = period_keys(columns.times["reported_at"][rows], interval)
    return [(str(key), indicators(columns, part, as_of=when)) for key, part in groups(keys, rows)]


def by(facts: Sequence[CaseFacts], tag: str) -> dict[str, Indicators]:
    """The indicators per value of a tag, over a list of facts (tests, small slices)."""
    columns = FactColumns.of(facts)
    return breakdown(columns, columns.all_rows(), tag)


FACT_FIELDS = tuple(f.name for f in fields(CaseFacts))
