"""POST /reports (a grid worker or citizen reports an incident), GET /reports/{id}."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from prometheus_client import Counter

from api.deps import ReadConnDep, TopicsDep, UowDep, UserDep, require
from api.schemas import ReportAccepted, ReportCreate, ReportRead
from contracts.report import Channel, IncidentReport, ReportSource
from dispatch.adapters import views
from dispatch.identity import report_id_for
from dispatch.roles import SEES_CONTACTS, Role, User, can_see
from dispatch.services import submit_report
from grid.categories import category_label

router = APIRouter(prefix="/reports", tags=["reports"])

SUBMITTED = Counter("gridhub_api_reports_submitted_total", "Reports accepted by POST /reports")


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


def report_read(row: dict[str, Any], user: User) -> ReportRead:
    phone = row["reporter_phone"]
    return ReportRead(
        **{k: v for k, v in row.items() if k in ReportRead.model_fields and k != "reporter_phone"},
        reporter_phone=phone if user.role in SEES_CONTACTS else mask_phone(phone),
        status="in_case" if row["case_id"] else "queued",
    )


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=ReportAccepted)
def create_report(
    request: Request,
    body: ReportCreate,
    uow: UowDep,
    topics: TopicsDep,
    response: Response,
    user: Annotated[User, Depends(require(Role.GRID_WORKER, Role.DISPATCHER, Role.ADMIN))],
) -> ReportAccepted:
    now = datetime.now(UTC)
    if user.role is Role.GRID_WORKER:
        # A grid worker reports as themself, whatever the body says.
        body = body.model_copy(
            update={
                "reporter": body.reporter.model_copy(
                    update={"id": user.worker_id or user.username, "role": "grid_worker"}
                )
            }
        )
    source_event_id = body.client_request_id or f"api-{uuid.uuid4()}"
    report = IncidentReport(
        report_id=report_id_for(body.grid.value, source_event_id),
        source=ReportSource(grid=body.grid, channel=Channel.API, source_event_id=source_event_id),
        category=body.category,
        priority=body.priority,
        title=body.title or f"{category_label(body.category)} · {body.address_text}"[:200],
        description=body.description,
        address_text=body.address_text,
        location=body.location,
        reporter=body.reporter,
        occurred_at=body.occurred_at or now,
        reported_at=now,
    )
    result = submit_report(report, uow, topics, now)
    if result.accepted_now:
        SUBMITTED.inc()
        relay = getattr(request.app.state, "relay", None)
        if relay is not None:
            relay.wake()  # deliver it now, not at the relay's next look
    else:
        response.status_code = status.HTTP_200_OK
    return ReportAccepted(
        report_id=result.report_id,
        status="received" if result.accepted_now else "already_received",
        links={"self": f"/reports/{result.report_id}"},
    )


@router.get("/{report_id}", response_model=ReportRead)
def get_report(report_id: str, conn: ReadConnDep, user: UserDep) -> ReportRead:
    row = views.report_detail(conn, report_id)
    if row is None or not _may_see_report(conn, row, user):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no report {report_id} for you")
    return report_read(row, user)


def _may_see_report(conn: Any, row: dict[str, Any], user: User) -> bool:
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.GRID_WORKER and row["reporter_id"] == user.worker_id:
        return True
    if row["case_id"] is None:  # not placed in a case yet: nobody else's business
        return False
    scope = views.case_scope(conn, row["case_id"])
    return scope is not None and can_see(user, scope)
