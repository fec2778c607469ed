"""The service layer: the use cases, each one transaction through a unit of work."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from contracts.lifecycle import Actor, CaseLifecycleEvent
from contracts.placement import PlacedReport
from contracts.report import IncidentReport
from dispatch.dedupe import (
    Candidate,
    Decision,
    DedupePolicy,
    Outcome,
    Sighting,
    decide,
    sighting_of,
)
from dispatch.domain import SYSTEM, Case, InvalidCommand
from dispatch.lifecycle import EVENT_OF, FINAL, OPEN, CaseState, Command
from dispatch.outbox import OutboxMessage
from dispatch.sla import SlaPolicy

if TYPE_CHECKING:
    from dispatch.adapters.repository import (
        CaseEventRepository,
        CaseRepository,
        OutboxRepository,
        ReportRepository,
        SuggestionRepository,
    )


class UnitOfWork(Protocol):
    reports: ReportRepository
    cases: CaseRepository
    case_events: CaseEventRepository
    outbox: OutboxRepository
    suggestions: SuggestionRepository

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...


@dataclass(frozen=True)
class TopicNames:
    """Deployment topic names (with any prefix) that the service layer writes to."""

    reports: str
    case_events: str


@dataclass(frozen=True)
class SubmitResult:
    report_id: str
    accepted_now: bool  # False: the same report (grid, source_event_id) was submitted before


@dataclass(frozen=True)
class RecordResult:
    new_reports: int
    new_cases: int
    replayed: int  # reports already stored and already in a case
    merged: int = 0  # reports that joined an open case of the same incident
    suggested: int = 0  # new cases marked as possible duplicates for a dispatcher


def submit_report(
    report: IncidentReport, uow: UnitOfWork, topics: TopicNames, now: datetime
) -> SubmitResult:
    """Store a report made through the API and queue it for the stream, in one transaction.

    The outbox row is relayed to Kafka after commit, so a report made while the broker is
    down is delivered once it is back.
    """
    with uow:
        new = uow.reports.add_new([report], received_at=now)
        if new:
            uow.outbox.add(
                [
                    OutboxMessage(
                        message_id=f"report:{report.report_id}",
                        topic=topics.reports,
                        key=report.report_id,
                        value=report.model_dump_json().encode(),
                    )
                ],
                now,
            )
        uow.commit()
    return SubmitResult(report_id=report.report_id, accepted_now=bool(new))


def record_reports(
    batch: Sequence[PlacedReport],
    uow: UnitOfWork,
    topics: TopicNames,
    now: datetime,
    sla: SlaPolicy | None = None,
    dedupe: DedupePolicy | None = None,
) -> RecordResult:
    """Turn a batch of placed and routed reports into cases, idempotently, one incident one
    case.

    A report seen before is not stored again; a report already in a case does not open
    another one; case ids derive from report ids, so two workers racing on one report open
    one case. With ``dedupe``, a report of an incident that already has an open case joins
    it (merge), or opens a case marked as a possible duplicate (suggest), or opens a new one;
    the decision is stored with the report. Reports in neighbouring cells are serialised
    across workers by locks on their cells, so two reports of one incident never both open
    a case.
    """
    unique = list({p.report.report_id: p for p in batch}.values())
    policy = sla or SlaPolicy()
    with uow:
        if dedupe is not None:
            uow.cases.lock_areas([c for p in unique for c in p.placement.nearby_cells])
        new_ids = uow.reports.add_new(unique, received_at=now)
        # Reports made through the API were stored before they were placed.
        uow.reports.set_placement([p for p in unique if p.report.report_id not in new_ids])
        open_ids = uow.reports.without_case(p.report.report_id for p in unique)
        stored = _stored_candidates(unique, open_ids, uow, dedupe)
        opened: list[Case] = []
        seen: dict[str, list[Sighting]] = {}  # reports of the cases this batch opened or joined
        joined: dict[str, Case] = {}  # stored cases that new reports joined
        links: dict[str, str] = {}
        decisions: dict[str, dict[str, Any]] = {}
        suggestions: list[dict[str, Any]] = []
        for placed in (p for p in unique if p.report.report_id in open_ids):
            report_id = placed.report.report_id
            decision = _dedupe(placed, opened, seen, stored, dedupe) if dedupe is not None else None
            if decision is not None:
                decisions[report_id] = decision.as_data()
            if decision is not None and decision.outcome is Outcome.MERGED:
                target = next((c for c in opened if c.id == decision.case_id), None)
                if target is None:
                    target = joined.get(str(decision.case_id)) or uow.cases.get(
                        str(decision.case_id), for_update=True
                    )
                if target is not None:
                    target.link_report(
                        report_id, placed.report.source.grid.value, decision.as_data(), now
                    )
                    seen.setdefault(target.id, []).append(sighting_of(placed))
                    if target not in opened:
                        joined[target.id] = target
                    links[report_id] = target.id
                    continue
            case = Case.open_for(placed, now, policy)
            suggested = decision is not None and decision.outcome is Outcome.SUGGESTED
            if not suggested:  # a possible duplicate waits for a dispatcher to decide
                case.auto_dispatch(now, policy)
            opened.append(case)
            seen.setdefault(case.id, []).append(sighting_of(placed))
            links[report_id] = case.id
            if decision is not None and decision.outcome is Outcome.SUGGESTED:
                suggestions.append(
                    {
                        "case_id": case.id,
                        "candidate_case_id": decision.case_id,
                        "report_id": report_id,
                        "score": decision.score,
                        "decision": decision.as_data(),
                        "status": "open",
                        "created_at": now,
                    }
                )
        inserted_case_ids = uow.cases.add_new(opened)
        uow.reports.link(links)
        fresh = [c for c in opened if c.id in inserted_case_ids]
        events = [e for c in fresh for e in c.pending_events]
        uow.case_events.append(events)
        _outbox_events(uow, topics, events, now)
        for case in joined.values():
            uow.cases.save(case, now)
            _queue_events(uow, topics, case, now)
        uow.suggestions.add([s for s in suggestions if s["case_id"] in inserted_case_ids])
        uow.reports.set_dedupe(decisions)
        uow.commit()
    return RecordResult(
        new_reports=len(new_ids),
        new_cases=len(inserted_case_ids),
        replayed=len(unique) - len(open_ids),
        merged=sum(1 for d in decisions.values() if d["outcome"] == Outcome.MERGED.value),
        suggested=len(suggestions),
    )


def _stored_candidates(
    batch: Sequence[PlacedReport],
    open_ids: set[str],
    uow: UnitOfWork,
    policy: DedupePolicy | None,
) -> dict[str, list[tuple[str, Sighting]]]:
    """Reports of stored open cases that any report of the batch could match, by cell."""
    todo = [p for p in batch if p.report.report_id in open_ids and p.placement.cell]
    if policy is None or not todo:
        return {}
    window = timedelta(hours=policy.window_hours)
    sightings = [sighting_of(p) for p in todo]
    found = uow.cases.dedupe_candidates(
        [s.family for s in sightings],
        [c for p in todo for c in p.placement.nearby_cells],
        min(s.at for s in sightings) - window,
        max(s.at for s in sightings) + window,
    )
    by_cell: dict[str, list[tuple[str, Sighting]]] = {}
    for case_id, sighting in found:
        by_cell.setdefault(sighting.cell or "", []).append((case_id, sighting))
    return by_cell


def _dedupe(
    placed: PlacedReport,
    opened: list[Case],
    seen: dict[str, list[Sighting]],
    stored: dict[str, list[tuple[str, Sighting]]],
    policy: DedupePolicy,
) -> Decision | None:
    """Decide on one report against the reports of stored open cases and of the cases this
    batch opened or joined (``decide`` applies the family, window and distance rules)."""
    sighting = sighting_of(placed)
    if not placed.placement.cell:
        return None  # not placed to a cell: no block to compare in; a dispatcher looks at it
    candidates = [
        Candidate(case_id, s)
        for cell in placed.placement.nearby_cells
        for case_id, s in stored.get(cell, [])
    ]
    still_open = {c.id for c in opened if c.state in OPEN} | set(seen) - {c.id for c in opened}
    candidates += [Candidate(case_id, s) for case_id in still_open for s in seen.get(case_id, [])]
    return decide(sighting, candidates, policy)


def _outbox_events(
    uow: UnitOfWork, topics: TopicNames, events: Sequence[CaseLifecycleEvent], now: datetime
) -> None:
    uow.outbox.add(
        [
            OutboxMessage(
                message_id=f"case-event:{e.event_id}",
                topic=topics.case_events,
                key=e.case_id,
                value=e.model_dump_json().encode(),
            )
            for e in events
        ],
        now,
    )


# -- the closed loop ------------------------------------------------------------------------
class CaseNotFound(LookupError):
    pass


@dataclass(frozen=True)
class CommandResult:
    case: Case
    replayed: bool  # True: the same request_id was handled before; nothing changed now


def _queue_events(uow: UnitOfWork, topics: TopicNames, case: Case, now: datetime) -> None:
    events = case.pending_events
    uow.case_events.append(events, strict=True)
    _outbox_events(uow, topics, events, now)
    case.pending_events = []


def run_command(
    case_id: str,
    command: Command,
    actor: Actor,
    uow: UnitOfWork,
    topics: TopicNames,
    now: datetime,
    sla: SlaPolicy,
    *,
    reason: str | None = None,
    request_id: str | None = None,
    check: Callable[[Case], None] | None = None,
    **args: Any,
) -> CommandResult:
    """One command on one case, in one transaction; the same request_id twice acts once.

    ``check`` runs on the locked case before the command (e.g. "held by your department"),
    so nothing can change between the check and the move.
    """
    with uow:
        into = str(args.get("into") or "") if command is Command.MERGE else ""
        # Two cases are locked in id order, so merging A into B and B into A cannot deadlock.
        locked = {i: uow.cases.get(i, for_update=True) for i in sorted({case_id, into} - {""})}
        case = locked.get(case_id)
        if case is None:
            raise CaseNotFound(case_id)
        if request_id:
            done = uow.case_events.type_of_request(case_id, request_id)
            if done == EVENT_OF[command].value:
                return CommandResult(case, replayed=True)
            if done is not None:
                raise InvalidCommand("request_id", f"already used for another command ({done})")
        if check is not None:
            check(case)
        target = locked.get(into) if into else None
        if command is Command.MERGE and (
            target is None or target.state in FINAL or target.state is CaseState.CLOSED
        ):
            raise InvalidCommand("into", "no open case with that id to merge into")
        case.handle(command, actor, now, sla, reason=reason, request_id=request_id, **args)
        uow.cases.save(case, now)
        _queue_events(uow, topics, case, now)
        if target is not None:
            moved = uow.reports.move_to_case(case.id, target.id)
            target.handle_linked(case.id, moved, actor, now)
            uow.cases.save(target, now)
            _queue_events(uow, topics, target, now)
            uow.suggestions.close_for([case.id], "merged", actor.id, now)
        uow.commit()
    return CommandResult(case, replayed=False)


@dataclass(frozen=True)
class SweepResult:
    marked_overdue: int
    escalated: int


def sweep_overdue(
    uow: UnitOfWork,
    topics: TopicNames,
    now: datetime,
    sla: SlaPolicy,
    escalation_target: Callable[[str | None], str | None],
    limit: int = 500,
) -> SweepResult:
    """Mark cases past their step's deadline as overdue, and escalate those overdue too long
    up the organisation (督办): a level each escalate_after_hours (``escalate_at``), up to a
    maximum; a case with nobody above is taken off the escalation list."""
    marked = escalated = 0
    with uow:
        for case in uow.cases.overdue_candidates(now, limit):
            case.handle(
                Command.MARK_OVERDUE,
                SYSTEM,
                now,
                sla,
                reason=f"{case.deadline_step} was due {case.deadline_at:%Y-%m-%d %H:%M} UTC",
            )
            uow.cases.save(case, now)
            _queue_events(uow, topics, case, now)
            marked += 1
        for case in uow.cases.escalation_candidates(now, sla.max_escalations, limit):
            above = escalation_target(case.escalated_to or case.department_id)
            if above is None:  # nobody above (or nobody holds it): nothing more to escalate
                case.escalate_at = None
                uow.cases.save(case, now)
                continue
            case.handle(
                Command.ESCALATE,
                SYSTEM,
                now,
                sla,
                reason=f"overdue since {case.overdue_since:%Y-%m-%d %H:%M} UTC",
                to_department_id=above,
            )
            uow.cases.save(case, now)
            _queue_events(uow, topics, case, now)
            escalated += 1
        uow.commit()
    return SweepResult(marked, escalated)


def split_report(
    case_id: str,
    report_id: str,
    actor: Actor,
    uow: UnitOfWork,
    topics: TopicNames,
    now: datetime,
    sla: SlaPolicy,
    reason: str | None,
) -> Case:
    """Take a report that is not the case's incident out into a new case of its own; both
    cases record it. Returns the new case."""
    with uow:
        case = uow.cases.get(case_id, for_update=True)
        if case is None:
            raise CaseNotFound(case_id)
        placed = uow.reports.placed(report_id)
        if placed is None or report_id not in case.report_ids:
            raise InvalidCommand("report_id", f"report {report_id} is not in case {case_id}")
        new_case = Case.open_for(placed, now, sla)
        case.split_report(report_id, new_case.id, actor, now, reason)
        if not uow.cases.add_new([new_case]):
            raise InvalidCommand("report_id", "this report had a case of its own before")
        uow.reports.move(report_id, new_case.id)
        uow.cases.save(case, now)
        _queue_events(uow, topics, case, now)
        _queue_events(uow, topics, new_case, now)
        uow.suggestions.close_for([case_id], "dismissed", actor.id, now)
        uow.commit()
    return new_case
