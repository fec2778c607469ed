"""The service layer: the use cases, each one transaction through a unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from contracts.placement import PlacedReport
from contracts.report import IncidentReport
from dispatch.domain import Case
from dispatch.outbox import OutboxMessage

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
        opened = [Case.open_for(p, now) for p in unique if p.report.report_id in open_ids]
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
