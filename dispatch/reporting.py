"""A report its reporter says is the same problem as an open case ("this is the same problem").

The grid worker saw the possible duplicates nearby before sending and chose one: the report is
stored, linked to that case and recorded on the case's timeline in one transaction, with the
decision kept as data like any de-duplication decision (rule ``reporter_same_problem``). It is
still queued for the stream, which places it; a report that already belongs to a case opens
no other one (record_reports), so the choice stands. A retry with the same client_request_id
is the same report and links nothing twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from contracts.report import IncidentReport
from dispatch.domain import InvalidCommand
from dispatch.lifecycle import OPEN
from dispatch.outbox import OutboxMessage
from dispatch.services import CaseNotFound, SubmitResult, TopicNames, UnitOfWork, catch_up
from dispatch.sla import SlaPolicy

RULE = "reporter_same_problem"


def reporter_decision(case_id: str, reporter_id: str) -> dict[str, Any]:
    return {
        "outcome": "merged",
        "case_id": case_id,
        "score": None,
        "rule": RULE,
        "decided_by": reporter_id,
        "candidates": [],
    }


def submit_into_case(
    report: IncidentReport,
    case_id: str,
    uow: UnitOfWork,
    topics: TopicNames,
    now: datetime,
    sla: SlaPolicy,
) -> SubmitResult:
    """Store ``report`` as one more report of open case ``case_id``; raises CaseNotFound, or
    InvalidCommand (field ``same_as``) when the case is no longer open."""
    with uow:
        case = uow.cases.get(case_id, for_update=True)
        if case is None:
            raise CaseNotFound(case_id)
        # What the stream did to the case is in its history before this link is.
        catch_up(uow, topics, sla, [case], now)
        new = uow.reports.add_new([report], received_at=now)
        if new:
            if case.state not in OPEN:
                raise InvalidCommand(
                    "same_as", f"case {case_id} is {case.state.value}: report it as new"
                )
            decision = reporter_decision(case.id, report.reporter.id)
            uow.reports.link({report.report_id: case.id})
            uow.reports.set_dedupe({report.report_id: decision})
            linked = case.link_report(report.report_id, report.source.grid.value, decision, now)
            if linked is not None:  # the projector owes this report nothing more
                uow.reports.set_link_seqs({report.report_id: linked.seq})
            uow.cases.save(case, now)
            events = list(case.pending_events)
            case.pending_events = []
            uow.case_events.append(events, strict=True)
            messages = [
                OutboxMessage(
                    message_id=f"report:{report.report_id}",
                    topic=topics.reports,
                    key=report.report_id,
                    value=report.model_dump_json().encode(),
                ),
                *(
                    OutboxMessage(
                        message_id=f"case-event:{e.event_id}",
                        topic=topics.case_events,
                        key=e.case_id,
                        value=e.model_dump_json().encode(),
                    )
                    for e in events
                ),
            ]
            uow.outbox.add(messages, now)
        uow.commit()
    return SubmitResult(report_id=report.report_id, accepted_now=bool(new))
