"""The service layer: the use cases, each one transaction through a unit of work."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from contracts.lifecycle import Actor
from contracts.placement import PlacedReport
from contracts.report import IncidentReport
from dispatch.domain import SYSTEM, Case, InvalidCommand
from dispatch.lifecycle import EVENT_OF, FINAL, CaseState, Command
from dispatch.outbox import OutboxMessage
from dispatch.sla import SlaPolicy

if TYPE_CHECKING:
    from dispatch.adapters.repository import (
        CaseEventRepository,
        CaseRepository,
        OutboxRepository,
        ReportRepository,
    )


class UnitOfWork(Protocol):
    reports: ReportRepository
    cases: CaseRepository
    case_events: CaseEventRepository
    outbox: OutboxRepository

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
) -> RecordResult:
    """Turn a batch of placed and routed reports into cases, idempotently.

    A report seen before is not stored again; a report already in a case does not open
    another one; case ids derive from report ids, so two workers racing on one report
    open one case.
    """
    unique = list({p.report.report_id: p for p in batch}.values())
    with uow:
        new_ids = uow.reports.add_new(unique, received_at=now)
        # Reports made through the API were stored before they were placed.
        uow.reports.set_placement([p for p in unique if p.report.report_id not in new_ids])
        open_ids = uow.reports.without_case(p.report.report_id for p in unique)
        policy = sla or SlaPolicy()
        opened = [Case.open_for(p, now, policy) for p in unique if p.report.report_id in open_ids]
        for case in opened:
            case.auto_dispatch(now, policy)
        inserted_case_ids = uow.cases.add_new(opened)
        uow.reports.link({c.report_ids[0]: c.id for c in opened})
        fresh_events = [e for c in opened if c.id in inserted_case_ids for e in c.pending_events]
        uow.case_events.append(fresh_events)
        uow.outbox.add(
            [
                OutboxMessage(
                    message_id=f"case-event:{e.event_id}",
                    topic=topics.case_events,
                    key=e.case_id,
                    value=e.model_dump_json().encode(),
                )
                for e in fresh_events
            ],
            now,
        )
        uow.commit()
    return RecordResult(
        new_reports=len(new_ids),
        new_cases=len(inserted_case_ids),
        replayed=len(unique) - len(open_ids),
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
