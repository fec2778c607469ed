"""Which report of a batch joins which case: the stream's decisions, as a pure function.

``plan_batch`` walks a batch of placed reports in order. Each report not yet in a case is
compared (dispatch/dedupe.py ``decide``) with the open cases the caller knows of (``stored``:
the worker's in-memory index, see dispatch/dedupe_index.py) and with the cases this batch
has opened or joined so far, so two reports of one incident in one batch also meet. Then:

- merged: the report joins that case (a stored case is "joined": the writer checks it is still
  open under lock);
- suggested: a new case, left for a dispatcher (a possible duplicate of the best candidate);
- new (or no de-duplication, or not placed at all): a new case, dispatched automatically
  when routing is sure (dispatch/domain.py ``auto_dispatch``).

Cases are opened with ``recording=False``: their state, step times and deadlines are set,
their lifecycle events are written later by the projector (dispatch/projection.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from contracts.placement import PlacedReport, PlacementStatus
from dispatch.dedupe import (
    Candidate,
    DedupePolicy,
    Outcome,
    Sighting,
    decide,
    reach_m,
    sighting_of,
    window_hours,
)
from dispatch.dedupe_index import OpenCaseIndex
from dispatch.domain import Case
from dispatch.sla import SlaPolicy

StoredCandidates = Callable[[Sighting], Sequence[Candidate]]


class ConcurrentWrite(Exception):
    """Rows a transaction meant to add were added by another one meanwhile (the record
    stage looks again and finds them stored)."""


@dataclass(frozen=True)
class Recorded:
    """A report as the stream puts it into a case."""

    placed: PlacedReport
    case_id: str
    sighting: Sighting
    decision: dict[str, Any] | None

    @property
    def report_id(self) -> str:
        return self.placed.report.report_id


@dataclass
class BatchPlan:
    opened: list[Case] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # report id -> case id
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)  # report id -> decision
    sightings: dict[str, Sighting] = field(default_factory=dict)  # report id -> sighting
    joined: dict[str, list[str]] = field(default_factory=dict)  # stored case -> report ids
    suggestions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def merged(self) -> int:
        return sum(1 for d in self.decisions.values() if d["outcome"] == Outcome.MERGED.value)

    def recorded(self, batch: Sequence[PlacedReport]) -> list[Recorded]:
        """Every report of the batch with its case and decision."""
        return [
            Recorded(p, self.links[rid], self.sightings[rid], self.decisions.get(rid))
            for p in batch
            if (rid := p.report.report_id) in self.links
        ]

    def entries(self) -> list[tuple[str, Sighting]]:
        """(case id, sighting) of every report placed in a case, for the index."""
        return [(self.links[r], s) for r, s in self.sightings.items() if r in self.links]


def comparable_place(placed: PlacedReport) -> bool:
    """Whether a report is placed well enough to be de-duplicated: to a cell, or (partial)
    to a village, community or township. An unplaced report is never compared."""
    placement = placed.placement
    if placement.status is PlacementStatus.UNPLACED:
        return False
    return bool(placement.cell or placement.community or placement.township)


def plan_batch(
    batch: Sequence[PlacedReport],
    stored: StoredCandidates,
    now: datetime,
    sla: SlaPolicy,
    dedupe: DedupePolicy | None,
    sightings: Sequence[Sighting] | None = None,
) -> BatchPlan:
    """Decide, in order, where each report of the batch goes. ``batch`` holds reports not yet
    in any case, each once; ``sightings``, when given, are theirs (``sighting_of``)."""
    plan = BatchPlan()
    # The cases this batch opened or joined, with its reports.
    chosen = dedupe or DedupePolicy()
    local = OpenCaseIndex(partial(reach_m, policy=chosen), partial(window_hours, policy=chosen))
    opened: dict[str, Case] = {}
    window = timedelta(hours=dedupe.longest_window_hours) if dedupe is not None else timedelta(0)
    for index, placed in enumerate(batch):
        report_id = placed.report.report_id
        sighting = sightings[index] if sightings is not None else sighting_of(placed)
        plan.sightings[report_id] = sighting
        decision = None
        if dedupe is not None and comparable_place(placed):
            candidates = [*stored(sighting), *local.around(sighting, window)]
            decision = decide(sighting, candidates, dedupe)
            plan.decisions[report_id] = decision.as_data()
        if decision is not None and decision.outcome is Outcome.MERGED and decision.case_id:
            target = decision.case_id
            plan.links[report_id] = target
            local.add(target, sighting)
            if target in opened:
                grid = placed.report.source.grid.value
                opened[target].link_report(report_id, grid, plan.decisions[report_id], now)
            else:
                plan.joined.setdefault(target, []).append(report_id)
            continue
        case = Case.open_for(placed, now, sla, recording=False)
        suggested = decision is not None and decision.outcome is Outcome.SUGGESTED
        if suggested and decision is not None and decision.case_id:
            plan.suggestions.append(
                {
                    "case_id": case.id,
                    "candidate_case_id": decision.case_id,
                    "report_id": report_id,
                    "score": decision.score,
                    "decision": plan.decisions[report_id],
                    "status": "open",
                    "created_at": now,
                }
            )
        else:  # a possible duplicate waits for a dispatcher to decide
            case.auto_dispatch(now, sla)
        opened[case.id] = case
        plan.opened.append(case)
        plan.links[report_id] = case.id
        local.add(case.id, sighting)
    return plan
