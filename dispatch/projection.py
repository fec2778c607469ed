"""The lifecycle events of what the stream did, written after it: the projector's rule. Pure.

The stream's hot path opens cases and links reports to them without building events
(dispatch/recording.py). For each case it touched, the projector then writes, in one
transaction of its own (dispatch/services.py ``project_cases``):

- for a case with no events yet (``last_seq == 0``): the opening steps, replayed through the
  same aggregate code from the founding report at the case's creation time: ``reported``,
  then ``accepted`` and ``dispatched`` when the stream dispatched it automatically;
- for every other report recorded in the case and not yet in its history: ``report_linked``,
  at the time the stream recorded it, with the de-duplication decision;

chained to the case's last hash (dispatch/audit.py), with their outbox rows and KPI facts.
A command on a case first catches its projection up, so the history is always in order.
The replay gives the stored state back only when the projector runs with the worker's SLA
settings; ``mismatch`` says where it does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts.lifecycle import CaseLifecycleEvent
from contracts.placement import PlacedReport
from dispatch.domain import Case
from dispatch.sla import SlaPolicy


@dataclass(frozen=True)
class PendingLink:
    """A report recorded in a case whose event is not written yet."""

    report_id: str
    grid: str
    decision: dict[str, Any]
    recorded_at: datetime


class MissingFoundingReport(LookupError):
    """A case without events whose founding report cannot be read back."""


@dataclass
class Projected:
    events: list[CaseLifecycleEvent] = field(default_factory=list)
    link_seqs: dict[str, int] = field(default_factory=dict)  # report id -> seq of its event
    mismatch: list[str] = field(default_factory=list)


def project(
    case: Case,
    links: Sequence[PendingLink],
    founding: PlacedReport | None,
    sla: SlaPolicy,
) -> Projected:
    """The events a case is owed; advances ``case.last_seq`` and ``case.last_hash``."""
    out = Projected()
    case.recording = True
    rest = list(links)
    if case.last_seq == 0:
        if founding is None:
            raise MissingFoundingReport(case.id)
        replay = Case.open_for(founding, case.created_at, sla)
        if "dispatched_at" in case.step_times:
            replay.auto_dispatch(case.created_at, sla)
        for name in ("state", "deadline_at"):
            if getattr(replay, name) != getattr(case, name):
                out.mismatch.append(
                    f"{name}: stored {getattr(case, name)!r}, replayed {getattr(replay, name)!r}"
                )
        out.events += replay.pending_events
        case.last_seq, case.last_hash = replay.last_seq, replay.last_hash
        out.link_seqs[founding.report.report_id] = 1
        rest = [link for link in rest if link.report_id != founding.report.report_id]
    for link in rest:
        event = case.link_report(link.report_id, link.grid, link.decision, link.recorded_at)
        if event is not None:
            out.events.append(event)
            out.link_seqs[link.report_id] = event.seq
    case.pending_events = []
    return out
