"""Recording placed reports the way the running hub does: the record stage, then the projector."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine

from contracts.placement import PlacedReport
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.dedupe import DedupePolicy
from dispatch.services import RecordResult, TopicNames, project_cases, record_reports
from dispatch.sla import SlaPolicy

TOPICS = TopicNames(reports="hub.reports", case_events="hub.case-events")


def project_all(
    engine: Engine, now: datetime, sla: SlaPolicy | None = None, topics: TopicNames = TOPICS
) -> int:
    """Run the projector until nothing is owed; returns the events it wrote."""
    written = 0
    while True:
        done = project_cases(SqlUnitOfWork(engine), topics, sla or SlaPolicy(), now)
        if not done.cases:
            return written
        written += done.events


def record(
    engine: Engine,
    batch: Sequence[PlacedReport],
    now: datetime,
    sla: SlaPolicy | None = None,
    dedupe: DedupePolicy | None = None,
    topics: TopicNames = TOPICS,
) -> RecordResult:
    result = record_reports(batch, SqlUnitOfWork(engine), now, sla, dedupe)
    project_all(engine, now, sla, topics)
    return result
