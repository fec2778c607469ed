"""POST /reports (a grid worker or citizen reports an incident), GET /reports/{id}."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from prometheus_client import Counter
from sqlalchemy import Engine

from api.deps import (
    EngineDep,
    ReadConnDep,
    SealerDep,
    SlaDep,
    TopicsDep,
    UowDep,
    UserDep,
    require,
)
from api.errors import field_error
from api.schemas import AttachmentRead, ReportAccepted, ReportCreate, ReportRead
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from dispatch.adapters import views
from dispatch.adapters.attachments import AttachmentRepository
from dispatch.adapters.pii import Sealer
from dispatch.identity import report_id_for, scoped_request_id
from dispatch.privacy import is_sealed, shown_row
from dispatch.reporting import submit_into_case
from dispatch.roles import Role, User, can_see
from dispatch.services import CaseNotFound, submit_report
from grid.categories import category_label

router = APIRouter(prefix="/reports", tags=["reports"])

SUBMITTED = Counter("gridhub_api_reports_submitted_total", "Reports accepted by POST /reports")


def attachment_read(ref: dict[str, Any]) -> AttachmentRead:
    """How a stored attachment reference is shown: with the addresses of the file."""
    attachment_id = ref["id"]
    return AttachmentRead(
        id=attachment_id,
        kind=ref.get("kind", "photo"),
        content_type=ref["content_type"],
        size=ref["size"],
        sha256=ref["sha256"],
        width=ref.get("width"),
        height=ref.get("height"),
        url=f"/attachments/{attachment_id}",
        thumbnail_url=(
            f"/attachments/{attachment_id}/thumbnail" if ref.get("has_thumbnail") else None
        ),
        caption=ref.get("caption"),
    )


def attachment_ref(row: dict[str, Any], caption: str | None = None) -> dict[str, Any]:
    """What a report or a resolution keeps of an uploaded file (self-describing)."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "content_type": row["content_type"],
        "size": row["size"],
        "sha256": row["sha256"],
        "width": row["width"],
        "height": row["height"],
        "has_thumbnail": bool(row["has_thumbnail"]),
        **({"caption": caption} if caption else {}),
    }


def report_read(row: dict[str, Any], user: User, sealer: Sealer) -> ReportRead:
    """A stored report as ``user`` may see it: personal fields opened, then in clear or
    masked by the rule of dispatch/privacy.py."""
    opened = shown_row(row, user.role, sealer.open_or_none)
    shown = {k: v for k, v in opened.items() if k in ReportRead.model_fields and k != "attachments"}
    refs = (row.get("attributes") or {}).get("attachments") or []
    return ReportRead(
        **shown,
        status="in_case" if row["case_id"] else "queued",
        attachments=[attachment_read(r) for r in refs if isinstance(r, dict) and "id" in r],
    )


def own_uploads(
    engine: Engine, ids: list[str], user: User, field: str
) -> dict[str, dict[str, Any]]:
    """The caller's uploads with these ids; a 422 naming the field for any other id."""
    with engine.connect() as conn:
        found = AttachmentRepository(conn).many(ids)
    for index, attachment_id in enumerate(ids):
        row = found.get(attachment_id)
        if row is None or row["uploaded_by"] != user.username:
            raise field_error(
                f"{field}.{index}",
                f"no upload {attachment_id} of yours: POST /attachments first",
                "body",
            )
    return found


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=ReportAccepted)
def create_report(
    request: Request,
    body: ReportCreate,
    uow: UowDep,
    engine: EngineDep,
    topics: TopicsDep,
    sla: SlaDep,
    sealer: SealerDep,
    response: Response,
    user: Annotated[User, Depends(require(Role.GRID_WORKER, Role.DISPATCHER, Role.ADMIN))],
) -> ReportAccepted:
    """Report an incident (202; 200 with ``already_received`` for a retry with the same
    client_request_id). Photos go first to POST /attachments; ``same_as`` adds the report to
    an open case the reporter recognised as the same problem."""
    now = datetime.now(UTC)
    for name in ("name", "phone"):
        if is_sealed(getattr(body.reporter, name)):
            raise field_error(f"reporter.{name}", "give the value itself, not a sealed one", "body")
    uploads = own_uploads(engine, body.attachments, user, "attachments")
    if body.same_as is not None:
        with engine.connect() as conn:
            scope = views.case_scope(conn, body.same_as)
        if scope is None or not can_see(user, scope):
            raise field_error("same_as", f"no case {body.same_as} for you", "body")
    if user.role is Role.GRID_WORKER:
        # A grid worker reports as themself, whatever the body says.
        body = body.model_copy(
            update={
                "reporter": body.reporter.model_copy(
                    update={"id": user.worker_id or user.username, "role": "grid_worker"}
                )
            }
        )
    source_event_id = (
        scoped_request_id(user.username, body.client_request_id)
        if body.client_request_id
        else f"api-{uuid.uuid4()}"
    )
    report = IncidentReport(
        report_id=report_id_for(body.grid.value, source_event_id),
        source=ReportSource(grid=body.grid, channel=Channel.API, source_event_id=source_event_id),
        category=body.category,
        priority=body.priority,
        title=body.title or f"{category_label(body.category)} · {body.address_text}"[:200],
        description=body.description,
        address_text=body.address_text,
        location=body.location,
        reporter=Reporter.model_validate(body.reporter.model_dump()),
        occurred_at=body.occurred_at or now,
        occurred_at_stated=body.occurred_at is not None,
        reported_at=now,
        attributes=(
            {"attachments": [attachment_ref(uploads[i]) for i in body.attachments]}
            if body.attachments
            else {}
        ),
    )
    report = sealer.seal_report(report)  # stored and published sealed (docs/privacy.md)
    if body.same_as is not None:
        try:
            result = submit_into_case(report, body.same_as, uow, topics, now, sla)
        except CaseNotFound as exc:
            raise field_error("same_as", f"no case {body.same_as}", "body") from exc
    else:
        result = submit_report(report, uow, topics, now)
    if body.attachments:
        with engine.begin() as conn:
            AttachmentRepository(conn).link_report(body.attachments, result.report_id)
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
        case_id=body.same_as,
    )


@router.get("/{report_id}", response_model=ReportRead)
def get_report(report_id: str, conn: ReadConnDep, user: UserDep, sealer: SealerDep) -> ReportRead:
    row = views.report_detail(conn, report_id)
    if row is None or not may_see_report(conn, row, user):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no report {report_id} for you")
    return report_read(row, user, sealer)


def may_see_report(conn: Any, row: dict[str, Any], user: User) -> bool:
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.GRID_WORKER and row["reporter_id"] == user.worker_id:
        return True
    if row["case_id"] is None:  # not placed in a case yet: nobody else's business
        return False
    scope = views.case_scope(conn, row["case_id"])
    return scope is not None and can_see(user, scope)
