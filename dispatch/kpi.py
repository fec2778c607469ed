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
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

import numpy as np

from contracts.lifecycle import CaseEventType, CaseLifecycleEvent
from dispatch.areas import in_area
from dispatch.satisfaction import RATING_CODES, SATISFIED_FROM_CODE, Rating
from dispatch.sla import CLOCK_RUNNING

BEIJING = timezone(timedelta(hours=8))  # periods (days, weeks, months) are Beijing time
HOUR = 3600.0
# States in which a case is no longer being worked on.
ENDED = frozenset({"closed", "rejected", "merged"})
# States in which the department's latest resolution stands (解决率): resolved, verified, closed.
SOLVED = frozenset({"resolved", "verified", "closed"})
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
    hotline_reports: int = 0  # through a hotline: 12345 tickets, a grid's own hotline
    public_reports: int = 0  # from the public: hotline callers, citizens' apps (Open311)
    staff_reports: int = 0  # made by people of the grids (not the public, not sensors)
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
    sign_due: datetime | None = None  # the signing deadline that first signature met or missed
    resolved_at: datetime | None = None  # last resolution
    resolve_due: datetime | None = None  # the resolving deadline, with postponements
    closed_at: datetime | None = None
    late_steps: int = 0  # steps finished after their deadline
    running_due: datetime | None = None  # deadline of the step now running (None: no clock)
    reworks: int = 0  # sent back after resolving: failed verification or reopened
    postponements: int = 0
    escalations: int = 0
    reopened: bool = False
    satisfaction: int = 0  # the latest rating (dispatch/satisfaction.py RATING_CODES); 0: none
    department: str | None = None  # the department that last held it (or was routed to)
    last_seq: int = 0  # the last lifecycle event folded in
    tags: dict[str, str] = field(default_factory=dict)  # grid, township, category ...
    area_path: str = ""  # where it lies (dispatch/areas.py); empty: unplaced


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
        change |= {"signed_at": at, "sign_due": due}
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
    elif kind is CaseEventType.RATED:
        change["satisfaction"] = RATING_CODES[Rating(data["rating"])]
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
    n = values.size
    if n == 0:
        return Durations(0, None, None, None)
    rank = max(1, math.ceil(0.9 * n))  # nearest rank
    high, middle = rank - 1, n // 2  # P90's index >= the upper middle's, for every n >= 1
    # Two single-rank partitions (linear) instead of a sort; numpy's several-rank partition
    # was ten times slower than one.
    ordered = values.copy()
    ordered.partition(high)
    p90 = ordered[high]
    if middle < high:
        ordered[:high].partition(middle)
    upper = ordered[middle]
    lower = upper if n % 2 else ordered[:middle].max()
    return Durations(n, float(values.mean()), float((lower + upper) / 2), float(p90))


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
    open_overdue: int  # 超期 now: the running step past its deadline (= GET /overdue)
    open_late: int  # open and already late (a step finished late, or overdue now)
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
    # The three rates every 12345 centre is judged by (响应率, 解决率, 满意率).
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None
    rated_cases: int
    unsatisfied_cases: int
    hotline_reports: int
    public_reports: int


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
    OPEN_LATE = "open_late"
    REWORKED = "reworked"
    POSTPONED = "postponed"
    ESCALATED = "escalated"
    CROSS_GRID = "cross_grid"
    MERGED = "merged"
    UNPLACED = "unplaced"
    RESPONDED_LATE = "responded_late"
    UNSOLVED = "unsolved"
    RATED = "rated"
    UNSATISFIED = "unsatisfied"
    HOTLINE = "hotline"


# -- columns ------------------------------------------------------------------------------------
TIME_COLUMNS = (
    "reported_at",
    "accepted_at",
    "accept_due",
    "dispatched_at",
    "signed_at",
    "sign_due",
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
    "public_reports",
    "staff_reports",
    "satisfaction",  # not a count: the latest rating's code (0: not rated)
    "dispatches",
    "returns",
    "reworks",
    "postponements",
    "escalations",
    "late_steps",
)
COUNT_COLUMNS = (*FACT_COUNTS, "grid_count")
FACT_FLAGS = ("routed", "merged", "rejected", "reopened")
# Derived from the state when a row is loaded: no longer worked on; its resolution stands;
# dispatched and waiting for the department to sign.
FLAG_COLUMNS = (
    *FACT_FLAGS,
    "ended",
    "solved",
    "awaiting_signature",
    "awaiting_acceptance",
    "clock_running",
)
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
        self.paths = np.zeros(self._capacity, dtype=np.int32)  # area paths, as Labels codes
        self.path_labels = Labels()

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
        self.paths = grown(self.paths, 0)
        self._capacity = capacity

    def upsert(self, facts: Iterable[CaseFacts]) -> int:
        """Add or replace rows; returns how many rows were written."""
        return self.upsert_batch(FactBatch.of(list(facts)))

    def upsert_batch(self, batch: FactBatch) -> int:
        """Add or replace many rows at once (arrays in, arrays out: a million in seconds)."""
        size = len(batch.ids)
        if size == 0:
            return 0
        rows = np.empty(size, dtype=np.int64)
        row_of, next_row = self._row_of, self.size
        for i, case_id in enumerate(batch.ids):
            row = row_of.get(case_id)
            if row is None:
                row = row_of[case_id] = next_row
                next_row += 1
            rows[i] = row
        self._grow(next_row)
        self.ids[rows] = np.array(batch.ids, dtype=object)
        self.size = next_row
        for name in TIME_COLUMNS:
            self.times[name][rows] = batch.times[name]
        for name in FACT_COUNTS:
            self.counts[name][rows] = batch.counts[name]
        self.counts["grid_count"][rows] = [g.count(",") + 1 if g else 0 for g in batch.grids]
        for name in FACT_FLAGS:
            self.flags[name][rows] = batch.flags[name]
        self.flags["ended"][rows] = [state in ENDED for state in batch.states]
        self.flags["solved"][rows] = [state in SOLVED for state in batch.states]
        self.flags["awaiting_signature"][rows] = [s == "dispatched" for s in batch.states]
        self.flags["awaiting_acceptance"][rows] = [s == "reported" for s in batch.states]
        self.flags["clock_running"][rows] = [s in CLOCK_RUNNING for s in batch.states]
        for name in DIMENSIONS:
            code = self.labels[name].code
            self.dims[name][rows] = [code(label) for label in batch.tags[name]]
        path_code = self.path_labels.code
        self.paths[rows] = [path_code(path) for path in batch.paths or [""] * size]
        return size

    # -- selecting rows ------------------------------------------------------------------
    def all_rows(self) -> np.ndarray:
        return np.arange(self.size)

    def where(self, rows: np.ndarray, dimension: str, values: Iterable[str]) -> np.ndarray:
        """The rows among ``rows`` whose ``dimension`` is one of ``values``."""
        codes = self.labels[dimension].codes_of(values)
        return rows[np.isin(self.dims[dimension][rows], codes)]

    def within(self, rows: np.ndarray, area_codes: Iterable[str]) -> np.ndarray:
        """Rows that lie in any of the areas (a county, township, community or cell code),
        by the one rule (dispatch/areas.py), judged once per distinct path."""
        wanted = list(area_codes)
        paths = self.path_labels.labels
        inside = np.array(
            [any(in_area(path, area) for area in wanted) for path in paths], dtype=bool
        )
        if not inside.any():
            return rows[:0]
        return rows[inside[self.paths[rows]]]

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


@dataclass
class FactBatch:
    """Many cases' facts as columns, as the database hands them over: times in seconds since
    the epoch (NaN: never), grids as sorted comma-separated codes, tags by dimension."""

    ids: list[str]
    states: list[str]
    grids: list[str]
    times: dict[str, np.ndarray]
    counts: dict[str, np.ndarray]
    flags: dict[str, np.ndarray]
    tags: dict[str, list[str | None]]
    paths: list[str] = field(default_factory=list)  # area paths; empty: unplaced

    @classmethod
    def of(cls, facts: Sequence[CaseFacts]) -> FactBatch:
        return cls(
            ids=[f.case_id for f in facts],
            states=[f.state for f in facts],
            grids=[",".join(sorted(f.grids)) for f in facts],
            times={
                n: np.array([_seconds(getattr(f, n)) for f in facts], dtype=np.float64)
                for n in TIME_COLUMNS
            },
            counts={n: np.array([getattr(f, n) for f in facts]) for n in FACT_COUNTS},
            flags={n: np.array([getattr(f, n) for f in facts], dtype=bool) for n in FACT_FLAGS},
            tags={
                n: [f.department or f.tags.get(n) if n == "department" else f.tags.get(n)
                    for f in facts]
                for n in DIMENSIONS
            },
            paths=[f.area_path for f in facts],
        )  # fmt: skip


class _Slice:
    """The columns of a set of rows, named after the formulas that use them. Every mask is
    over ``rows``; when ``rows`` is every row, the columns are used as they are (no copy)."""

    def __init__(self, columns: FactColumns, rows: np.ndarray, as_of: datetime) -> None:
        t, c, f = columns.times, columns.counts, columns.flags
        self.all_rows = rows
        everything = rows.size == columns.size  # selections only ever drop rows

        def col(array: np.ndarray) -> np.ndarray:
            return array[: columns.size] if everything else array[rows]

        self.t = {name: col(t[name]) for name in TIME_COLUMNS}

        def has(name: str) -> np.ndarray:
            return ~np.isnan(self.t[name])

        def on_time(done: str, due: str) -> np.ndarray:  # no deadline: on time
            return ~(self.t[done] > self.t[due])

        self.merged = col(f["merged"])
        self.live = ~self.merged  # a merged case's reports count in its survivor
        # Reports count in every case, merged ones too (theirs moved to the survivor).
        self.report_counts, self.placed_counts = col(c["report_count"]), col(c["placed_reports"])
        self.unplaced = self.placed_counts < self.report_counts
        self.accepted = self.live & has("accepted_at")
        self.dispatched = self.live & has("dispatched_at")
        self.resolved = self.dispatched & has("resolved_at")
        self.closed = self.accepted & has("closed_at")
        self.accepted_on_time = self.accepted & on_time("accepted_at", "accept_due")
        self.resolved_on_time = self.resolved & on_time("resolved_at", "resolve_due")
        late = col(c["late_steps"]) > 0
        self.closed_late = self.closed & late
        running_late = self.t["running_due"] < as_of.timestamp()
        # 超期: one definition with GET /overdue (dispatch/sla.py is_overdue).
        self.open_overdue = self.live & col(f["clock_running"]) & running_late
        # Accepted, still open, and unable to close on time any more.
        self.open_late = self.accepted & ~col(f["ended"]) & (late | self.open_overdue)
        # Waiting for 立案 past its deadline: late acceptance that has not happened yet.
        self.acceptance_overdue = self.live & col(f["awaiting_acceptance"]) & running_late
        self.dispatches = np.where(self.live, col(c["dispatches"]), 0)
        self.returns = np.where(self.live, col(c["returns"]), 0)
        self.reworked = self.resolved & (col(c["reworks"]) > 0)
        self.postponed = self.dispatched & (col(c["postponements"]) > 0)
        self.escalations = np.where(self.live, col(c["escalations"]), 0)
        self.cross_grid = self.live & (col(c["grid_count"]) >= 2)
        # 响应率: a dispatched case counts once the department signed, or once its signing
        # deadline passed unsigned; it responded if the first signature met that deadline.
        signed = self.dispatched & has("signed_at")
        self.responded_on_time = signed & on_time("signed_at", "sign_due")
        self.response_due = signed | (self.dispatched & col(f["awaiting_signature"]) & running_late)
        self.solved = self.accepted & col(f["solved"])  # 解决率: resolved of accepted
        rating = np.where(self.live, col(c["satisfaction"]), 0)
        self.rated = rating > 0
        self.satisfied = rating >= SATISFIED_FROM_CODE
        self.unsatisfied = self.rated & ~self.satisfied
        self.hotline_counts = np.where(self.live, col(c["hotline_reports"]), 0)
        self.public_counts = np.where(self.live, col(c["public_reports"]), 0)

    def members(self, measure: Measure) -> np.ndarray:
        m = Measure
        picks = {
            m.CASES: self.live,
            m.ACCEPTED: self.accepted,
            m.ACCEPTED_LATE: self.accepted & ~self.accepted_on_time,
            m.DISPATCHED: self.dispatched,
            m.RETURNED: self.returns > 0,
            m.RESOLVED: self.resolved,
            m.RESOLVED_LATE: self.resolved & ~self.resolved_on_time,
            m.CLOSED: self.closed,
            m.CLOSED_LATE: self.closed_late,
            m.OPEN_OVERDUE: self.open_overdue,
            m.OPEN_LATE: self.open_late,
            m.REWORKED: self.reworked,
            m.POSTPONED: self.postponed,
            m.ESCALATED: self.escalations > 0,
            m.CROSS_GRID: self.cross_grid,
            m.MERGED: self.merged,
            m.UNPLACED: self.unplaced,
            m.RESPONDED_LATE: self.response_due & ~self.responded_on_time,
            m.UNSOLVED: self.accepted & ~self.solved,
            m.RATED: self.rated,
            m.UNSATISFIED: self.unsatisfied,
            m.HOTLINE: self.live & (self.hotline_counts > 0),
        }
        return self.all_rows[picks[measure]]


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
    return _per_group(columns, rows, None, as_of or datetime.now(UTC))[0][1]


# The counts the formulas need: masks counted, and numbers summed over the live cases.
_COUNTED = (
    "live",
    "accepted",
    "accepted_on_time",
    "dispatched",
    "resolved",
    "resolved_on_time",
    "closed",
    "closed_late",
    "open_overdue",
    "open_late",
    "acceptance_overdue",
    "reworked",
    "postponed",
    "cross_grid",
    "response_due",
    "responded_on_time",
    "solved",
    "rated",
    "satisfied",
    "unsatisfied",
)
_SUMMED = (
    "dispatches",
    "returns",
    "escalations",
    "report_counts",
    "placed_counts",
    "hotline_counts",
    "public_counts",
)
_SPANS = {
    "time_to_accept": ("accepted_at", "reported_at"),
    "time_to_dispatch": ("dispatched_at", "accepted_at"),
    "time_to_resolve": ("resolved_at", "dispatched_at"),
    "time_to_close": ("closed_at", "reported_at"),
}


def _per_group(
    columns: FactColumns, rows: np.ndarray, keys: np.ndarray | None, as_of: datetime
) -> list[tuple[Any, Indicators]]:
    """Every indicator per key (``keys``: one per row; None: one slice), keys in order.
    Masks are computed once for all rows and counted per group; durations are taken from
    the rows sorted by group, so a breakdown costs about one summary, not one per group."""
    s = _Slice(columns, rows, as_of)
    if keys is None:
        values, codes = np.array([None], dtype=object), None
        sizes = np.array([rows.size])
    else:
        values, codes = np.unique(keys, return_inverse=True)
        sizes = np.bincount(codes, minlength=values.size)
    groups = values.size

    def count(array: np.ndarray) -> np.ndarray:
        if codes is None:
            return np.array([int(array.sum())])
        if array.dtype == bool:
            return np.bincount(codes[array], minlength=groups)
        return np.bincount(codes, weights=array, minlength=groups).astype(np.int64)

    n = {name: count(getattr(s, name)) for name in (*_COUNTED, *_SUMMED)}
    order = None if codes is None else np.argsort(codes, kind="stable")
    ends = np.cumsum(sizes)
    spans: dict[str, list[Durations]] = {}
    for name, (later, earlier) in _SPANS.items():
        hours = (s.t[later] - s.t[earlier]) / HOUR
        valid = s.live & ~np.isnan(hours)
        if order is not None:
            hours, valid = hours[order], valid[order]
        spans[name] = [
            durations(hours[a:b][valid[a:b]]) for a, b in zip(ends - sizes, ends, strict=True)
        ]
    return [(values[g], _assemble({k: int(v[g]) for k, v in n.items()}, spans, g))
            for g in range(groups) if sizes[g] or codes is None]  # fmt: skip


def _assemble(n: dict[str, int], spans: dict[str, list[Durations]], group: int) -> Indicators:
    """The formulas (docs/kpi.md), from the counts of one slice."""
    cases, reports = n["live"], n["report_counts"]
    accepted, dispatched = n["accepted"], n["dispatched"]
    resolved, closed, open_late = n["resolved"], n["closed"], n["open_late"]
    return Indicators(
        cases=cases,
        reports=reports,
        cases_accepted=accepted,
        acceptance_rate=rate(accepted, cases),
        # Cases still waiting past their acceptance deadline count as late: otherwise the
        # slowest acceptances would hide.
        on_time_acceptance=rate(n["accepted_on_time"], accepted + n["acceptance_overdue"]),
        dispatch_accuracy=rate(n["dispatches"] - n["returns"], n["dispatches"]),
        disposal_rate=rate(resolved, dispatched),
        on_time_disposal=rate(n["resolved_on_time"], resolved),
        closure_rate=rate(closed, accepted),
        # Open cases already late count in the denominator: otherwise late work hides.
        on_time_closure=rate(closed - n["closed_late"], closed + open_late),
        open_overdue=n["open_overdue"],
        open_late=open_late,
        rework_rate=rate(n["reworked"], resolved),
        postponement_rate=rate(n["postponed"], dispatched),
        escalations=n["escalations"],
        time_to_accept=spans["time_to_accept"][group],
        time_to_dispatch=spans["time_to_dispatch"][group],
        time_to_resolve=spans["time_to_resolve"][group],
        time_to_close=spans["time_to_close"][group],
        duplicate_report_rate=rate(reports - cases, reports),
        cross_grid_cases=n["cross_grid"],
        placed_share=rate(n["placed_counts"], reports),
        response_rate=rate(n["responded_on_time"], n["response_due"]),
        resolution_rate=rate(n["solved"], accepted),
        satisfaction_rate=rate(n["satisfied"], n["rated"]),
        rated_cases=n["rated"],
        unsatisfied_cases=n["unsatisfied"],
        hotline_reports=n["hotline_counts"],
        public_reports=n["public_counts"],
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


def breakdown(
    columns: FactColumns,
    rows: np.ndarray,
    dimension: str,
    *,
    as_of: datetime | None = None,
) -> dict[str, Indicators]:
    """The indicators per value of a dimension (grid, department, township, category ...)."""
    labels = columns.labels[dimension].labels
    parts = _per_group(columns, rows, columns.dims[dimension][rows], as_of or datetime.now(UTC))
    return dict(sorted((labels[int(code)], figures) for code, figures in parts))


def series(
    columns: FactColumns,
    rows: np.ndarray,
    interval: Interval,
    *,
    as_of: datetime | None = None,
) -> list[tuple[str, Indicators]]:
    """The indicators per period of the cases reported in it, oldest first."""
    keys = period_keys(columns.times["reported_at"][rows], interval)
    parts = _per_group(columns, rows, keys, as_of or datetime.now(UTC))
    return [(str(key), figures) for key, figures in parts]


def by(facts: Sequence[CaseFacts], tag: str) -> dict[str, Indicators]:
    """The indicators per value of a tag, over a list of facts (tests, small slices)."""
    columns = FactColumns.of(facts)
    return breakdown(columns, columns.all_rows(), tag)
