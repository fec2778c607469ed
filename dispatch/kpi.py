"""Indicator definitions (KPIs), in one place. Pure: facts about cases in, figures out.

Each indicator's formula is written in docs/kpi.md; the code below is that formula. A rate
whose denominator is zero is None ("no data"), never 0 or 1: an empty street is not a
perfect one. Durations are in hours: mean, median and P90 (nearest rank).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class CaseFacts:
    """What the indicators need to know about one case (from its row and its timeline)."""

    case_id: str
    reported_at: datetime
    grids: frozenset[str]  # the grids its reports came from
    report_count: int
    placed_reports: int  # of them, placed by the registry (status placed)
    merged: bool = False  # merged into another case: its reports count there
    rejected: bool = False
    accepted_at: datetime | None = None
    accept_due: datetime | None = None
    dispatched_at: datetime | None = None  # first dispatch
    dispatches: int = 0
    returns: int = 0
    resolved_at: datetime | None = None  # last resolution
    resolve_due: datetime | None = None  # the resolving deadline, with postponements
    closed_at: datetime | None = None
    closure_due: datetime | None = None
    reworks: int = 0
    postponements: int = 0
    escalations: int = 0
    reopened: bool = False
    open_overdue: bool = False  # still open at the period's end and past a deadline
    tags: dict[str, str] = field(default_factory=dict)  # grid, department, area, category


def rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Durations:
    count: int
    mean: float | None
    median: float | None
    p90: float | None


def durations(hours: Sequence[float]) -> Durations:
    if not hours:
        return Durations(0, None, None, None)
    ordered = sorted(hours)
    rank = max(1, math.ceil(0.9 * len(ordered)))  # nearest rank
    return Durations(
        len(ordered),
        statistics.fmean(ordered),
        statistics.median(ordered),
        ordered[rank - 1],
    )


def _hours(later: datetime | None, earlier: datetime | None) -> float | None:
    if later is None or earlier is None:
        return None
    return (later - earlier).total_seconds() / 3600


def _on_time(done: datetime | None, due: datetime | None) -> bool:
    return done is not None and (due is None or done <= due)


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


def indicators(facts: Sequence[CaseFacts]) -> Indicators:
    """Every indicator over the cases of one slice (a period, a department, an area ...)."""
    live = [f for f in facts if not f.merged]  # a merged case's reports count in its survivor
    reports = sum(f.report_count for f in facts)
    accepted = [f for f in live if f.accepted_at is not None]
    dispatched = [f for f in live if f.dispatched_at is not None]
    resolved = [f for f in dispatched if f.resolved_at is not None]
    closed = [f for f in accepted if f.closed_at is not None]
    dispatches = sum(f.dispatches for f in live)
    returns = sum(f.returns for f in live)
    closed_on_time = sum(1 for f in closed if _on_time(f.closed_at, f.closure_due))
    open_overdue = sum(1 for f in accepted if f.closed_at is None and f.open_overdue)

    def spans(pick: Callable[[CaseFacts], float | None]) -> Durations:
        return durations([h for f in live if (h := pick(f)) is not None])

    return Indicators(
        cases=len(live),
        reports=reports,
        cases_accepted=len(accepted),
        acceptance_rate=rate(len(accepted), len(live)),
        on_time_acceptance=rate(
            sum(1 for f in accepted if _on_time(f.accepted_at, f.accept_due)), len(accepted)
        ),
        dispatch_accuracy=rate(dispatches - returns, dispatches),
        disposal_rate=rate(len(resolved), len(dispatched)),
        on_time_disposal=rate(
            sum(1 for f in resolved if _on_time(f.resolved_at, f.resolve_due)), len(resolved)
        ),
        closure_rate=rate(len(closed), len(accepted)),
        # Open overdue cases count in the denominator: otherwise late work hides.
        on_time_closure=rate(closed_on_time, len(closed) + open_overdue),
        rework_rate=rate(sum(1 for f in resolved if f.reworks), len(resolved)),
        postponement_rate=rate(sum(1 for f in dispatched if f.postponements), len(dispatched)),
        escalations=sum(f.escalations for f in live),
        time_to_accept=spans(lambda f: _hours(f.accepted_at, f.reported_at)),
        time_to_dispatch=spans(lambda f: _hours(f.dispatched_at, f.accepted_at)),
        time_to_resolve=spans(lambda f: _hours(f.resolved_at, f.dispatched_at)),
        time_to_close=spans(lambda f: _hours(f.closed_at, f.reported_at)),
        duplicate_report_rate=rate(reports - len(live), reports),
        cross_grid_cases=sum(1 for f in live if len(f.grids) >= 2),
        placed_share=rate(sum(f.placed_reports for f in facts), reports),
    )


def by(facts: Sequence[CaseFacts], tag: str) -> dict[str, Indicators]:
    """The indicators per value of a tag (grid, department, township, category ...)."""
    groups: dict[str, list[CaseFacts]] = {}
    for fact in facts:
        groups.setdefault(fact.tags.get(tag, "(none)"), []).append(fact)
    return {value: indicators(group) for value, group in sorted(groups.items())}
