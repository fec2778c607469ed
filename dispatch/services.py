"""The service layer: the use cases, each one transaction through a unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from contracts.lifecycle import Actor, CaseLifecycleEvent
from contracts.placement import PlacedReport
from contracts.report import Channel, IncidentReport
from dispatch.dedupe import Candidate, DedupePolicy, Sighting, sighting_of
from dispatch.domain import SYSTEM, Case, InvalidCommand
from dispatch.identity import case_id_for
from dispatch.lifecycle import EVENT_OF, FINAL, CaseState, Command
from dispatch.open_cases import OpenCasesInMemory
from dispatch.outbox import OutboxMessage
from dispatch.projection import project
from dispatch.recording import ConcurrentWrite, plan_batch
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


class OpenCases(Protocol):
    """Where the record stage finds the open cases a report is compared with
    (dispatch/adapters/open_cases.py keeps them in the worker's memory)."""

    def prepare(self, uow: UnitOfWork, sightings: Sequence[Sighting], now: datetime) -> None: ...
    def candidates(self, sighting: Sighting) -> Sequence[Candidate]: ...
    def close(self, case_ids: Iterable[str]) -> None: ...
    def remember(self, entries: Iterable[tuple[str, Sighting]]) -> None: ...


def record_reports(
    batch: Sequence[PlacedReport],
    uow: UnitOfWork,
    now: datetime,
    sla: SlaPolicy | None = None,
    dedupe: DedupePolicy | None = None,
    open_cases: OpenCases | None = None,
) -> RecordResult:
    """Turn a batch of placed and routed reports into cases, idempotently, one incident one
    case, in one transaction with one statement per table.

    A report already in a case is left alone (a replayed batch changes nothing); case ids
    derive from report ids. The decisions are ``plan_batch``'s (dispatch/recording.py);
    with ``dedupe``, the cells around the batch's reports are locked first, so a worker
    handling the township next door waits for this batch instead of deciding beside it.
    A stored case a report joins is checked to be still open, under lock; if a dispatcher
    closed or merged it meanwhile, the batch is decided again without it. The cases'
    lifecycle events, their outbox rows and KPI facts are written by the projector
    (``project_cases``), which follows the cases marked ``projection_pending``.
    """
    unique = list({p.report.report_id: p for p in batch}.values())
    policy = sla or SlaPolicy()
    for attempt in range(RACE_RETRIES):
        try:
            return _record_once(unique, uow, now, policy, dedupe, open_cases)
        except ConcurrentWrite:
            # Another worker stored some of these reports between our look and our write
            # (a rebalance replays a batch): look again, they are known now.
            if attempt == RACE_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


RACE_RETRIES = 3


def _record_once(
    unique: Sequence[PlacedReport],
    uow: UnitOfWork,
    now: datetime,
    policy: SlaPolicy,
    dedupe: DedupePolicy | None,
    open_cases: OpenCases | None,
) -> RecordResult:
    source = open_cases
    with uow:
        known = uow.reports.cases_of([p.report.report_id for p in unique])
        todo = [p for p in unique if known.get(p.report.report_id) is None]
        # A report made through the API may be in a case before it is placed (its reporter
        # named the case): it keeps the case and gets its place (the first answer stands).
        uow.reports.set_placement(
            [
                p
                for p in unique
                if known.get(p.report.report_id) is not None
                and p.report.source.channel is Channel.API
            ]
        )
        sightings = [sighting_of(p) for p in todo]
        if dedupe is not None and todo:
            uow.cases.lock_areas(
                [c for p in todo for c in p.placement.nearby_cells]
                # Reports placed with no cell meet their township's: lock it as a whole.
                + [t for p in todo if not p.placement.cell and (t := p.placement.township)]
            )
            if source is None:  # nothing kept: every candidate read from the database
                source = OpenCasesInMemory(dedupe, lambda _: None, lambda _: (), keep=False)
            source.prepare(uow, sightings, now)
        candidates = source.candidates if source is not None else _no_candidates
        while True:
            plan = plan_batch(todo, candidates, now, policy, dedupe, sightings)
            gone = set(plan.joined) - uow.cases.mark_joined(list(plan.joined), now)
            if not gone or source is None:
                break
            source.close(gone)  # closed or merged by a dispatcher since: decide again
        uow.cases.add_opened(plan.opened)
        recorded = plan.recorded(todo)
        uow.reports.add_recorded([r for r in recorded if r.report_id not in known], now)
        uow.reports.record_stored([r for r in recorded if r.report_id in known], now)
        uow.suggestions.add(plan.suggestions)
        uow.commit()
    if source is not None:
        source.remember(plan.entries())
    return RecordResult(
        new_reports=sum(1 for p in todo if p.report.report_id not in known),
        new_cases=len(plan.opened),
        replayed=len(unique) - len(todo),
        merged=plan.merged,
        suggested=len(plan.suggestions),
    )


def _no_candidates(_: Sighting) -> Sequence[Candidate]:
    return ()


def _outbox_events(
    uow: UnitOfWork,
    topics: TopicNames,
    events: Sequence[CaseLifecycleEvent],
    now: datetime,
    *,
    new: bool = False,
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
        new=new,
    )


# -- the projector ------------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectionResult:
    cases: int
    events: int
    mismatches: list[str]


def catch_up(
    uow: UnitOfWork, topics: TopicNames, sla: SlaPolicy, locked: Sequence[Case], now: datetime
) -> ProjectionResult:
    """Write the events the stream owes these (locked) cases, inside the caller's
    transaction (dispatch/projection.py): the events, their outbox rows, the reports' link
    seqs, the cases' new last seq and hash. Cases owed nothing are left alone."""
    pending = uow.reports.pending_links([c.id for c in locked])
    todo = [c for c in locked if c.last_seq == 0 or pending.get(c.id)]
    if not todo:
        return ProjectionResult(0, 0, [])
    founding_of = {
        case.id: link.report_id
        for case in todo
        if case.last_seq == 0
        for link in pending.get(case.id, ())
        if case_id_for(link.report_id) == case.id
    }
    founders = uow.reports.placed_many(list(founding_of.values()))
    events: list[CaseLifecycleEvent] = []
    link_seqs: dict[str, int] = {}
    mismatches: list[str] = []
    for case in todo:
        founding = founders.get(founding_of.get(case.id, ""))
        done = project(case, pending.get(case.id, ()), founding, sla)
        events += done.events
        link_seqs |= done.link_seqs
        mismatches += [f"case {case.id}: {m}" for m in done.mismatch]
    uow.case_events.append(events, new=True)
    _outbox_events(uow, topics, events, now, new=True)
    uow.reports.set_link_seqs(link_seqs)
    uow.cases.set_projected(todo)
    return ProjectionResult(len(todo), len(events), mismatches)


def project_cases(
    uow: UnitOfWork, topics: TopicNames, sla: SlaPolicy, now: datetime, limit: int = 500
) -> ProjectionResult:
    """One round of the projector: up to ``limit`` cases the stream marked, in one
    transaction (projectors running side by side skip each other's locked cases)."""
    with uow:
        due = uow.cases.projection_due(limit)
        if not due:
            return ProjectionResult(0, 0, [])
        result = catch_up(uow, topics, sla, uow.cases.get_many(due, for_update=True), now)
        uow.cases.clear_projection_pending(due)
        uow.commit()
    return result


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
    typed_phones: str | None = None,
    **args: Any,
) -> CommandResult:
    """One command on one case, in one transaction; the same request_id twice acts once.

    ``check`` runs on the locked case before the command (e.g. "held by your department"),
    so nothing can change between the check and the move. ``typed_phones``: the sealed
    numbers lifted from the command's text (dispatch/privacy.py), kept beside its event.
    """
    with uow:
        into = str(args.get("into") or "") if command is Command.MERGE else ""
        # Two cases are locked in id order, so merging A into B and B into A cannot deadlock.
        locked = {i: uow.cases.get(i, for_update=True) for i in sorted({case_id, into} - {""})}
        case = locked.get(case_id)
        if case is None:
            raise CaseNotFound(case_id)
        # What the stream did to these cases is in their history before this command is.
        catch_up(uow, topics, sla, [c for c in locked.values() if c is not None], now)
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
        event = case.handle(command, actor, now, sla, reason=reason, request_id=request_id, **args)
        uow.cases.save(case, now)
        _queue_events(uow, topics, case, now)
        if event is not None and typed_phones:
            uow.case_events.keep_typed_phones(event.event_id, typed_phones)
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
        overdue = uow.cases.overdue_candidates(now, limit)
        catch_up(uow, topics, sla, overdue, now)
        for case in overdue:
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
        escalating = uow.cases.escalation_candidates(now, sla.max_escalations, limit)
        catch_up(uow, topics, sla, escalating, now)
        for case in escalating:
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
    typed_phones: str | None = None,
) -> Case:
    """Take a report that is not the case's incident out into a new case of its own; both
    cases record it. Returns the new case."""
    with uow:
        case = uow.cases.get(case_id, for_update=True)
        if case is None:
            raise CaseNotFound(case_id)
        catch_up(uow, topics, sla, [case], now)
        placed = uow.reports.placed(report_id)
        if placed is None or report_id not in case.report_ids:
            raise InvalidCommand("report_id", f"report {report_id} is not in case {case_id}")
        new_case = Case.open_for(placed, now, sla)
        event = case.split_report(report_id, new_case.id, actor, now, reason)
        if not uow.cases.add_new([new_case]):
            raise InvalidCommand("report_id", "this report had a case of its own before")
        uow.reports.move(report_id, new_case.id)
        uow.cases.save(case, now)
        _queue_events(uow, topics, case, now)
        _queue_events(uow, topics, new_case, now)
        if event is not None and typed_phones:
            uow.case_events.keep_typed_phones(event.event_id, typed_phones)
        uow.suggestions.close_for([case_id], "dismissed", actor.id, now)
        uow.commit()
    return new_case
