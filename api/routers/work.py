"""Each user's own lists: the dispatcher's queue, a department's tasks, verification tasks,
a grid worker's reports, the supervisor's overdue list, and a case's audited timeline."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status
from pydantic import BaseModel, Field

from api.deps import EngineDep, ReadConnDep, SealerDep, UserDep, require
from api.routers.cases import case_page, shown_event, summary
from api.routers.reports import report_read
from api.schemas import MAX_OFFSET, CaseEventRead, CasePage, CaseQuery, CaseSort, ReportRead
from dispatch.adapters import views
from dispatch.adapters.repository import event_from_row
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.audit import verify_chain
from dispatch.lifecycle import WAITING_FOR_DISPATCHER, WORKING, CaseState
from dispatch.roles import Role, User, can_see

router = APIRouter(tags=["work"])
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def _page(conn: ReadConnDep, user: User, limit: int, offset: int, **filters: object) -> CasePage:
    page = views.list_cases(conn, visible_to=user, limit=limit, offset=offset, **filters)  # type: ignore[arg-type]
    return CasePage(
        items=[summary(r, user.role) for r in page.items],
        total=page.total,
        limit=limit,
        offset=offset,
    )


@router.get("/queue", response_model=CasePage, summary="The dispatcher's queue")
def queue(
    conn: ReadConnDep,
    user: Annotated[User, Depends(require(Role.DISPATCHER, Role.ADMIN))],
    query: Annotated[CaseQuery, Query()],
) -> CasePage:
    """Cases waiting for 立案 or for re-dispatch after a return, in the dispatcher's area,
    and (with partial or unplaced places) the reports the registry could not place. The most
    pressing first (``sort=deadline``: overdue, then the nearest deadline, urgent first);
    the same filters and search as GET /cases."""
    waiting = {s.value for s in WAITING_FOR_DISPATCHER}
    asked = {s.value for s in query.state}
    states = sorted(asked & waiting if asked else waiting) or ["-"]
    return case_page(conn, user, query, CaseSort.DEADLINE, states=states)


@router.get("/queue/postponements", response_model=CasePage)
def postponement_requests(
    conn: ReadConnDep,
    user: Annotated[User, Depends(require(Role.DISPATCHER, Role.ADMIN))],
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasePage:
    """Cases whose department asked for more time, waiting for approval."""
    return _page(conn, user, limit, offset, pending_postponement=True)


@router.get("/tasks", response_model=CasePage, summary="A department's tasks")
def tasks(
    conn: ReadConnDep,
    user: Annotated[User, Depends(require(Role.HANDLER))],
    query: Annotated[CaseQuery, Query()],
) -> CasePage:
    """Cases the handler's department holds: to sign, in progress, or sent back for rework;
    the nearest deadline first."""
    working = {s.value for s in WORKING}
    asked = {s.value for s in query.state}
    states = sorted(asked & working if asked else working) or ["-"]
    return case_page(conn, user, query, CaseSort.DEADLINE, states=states)


@router.get("/verification-tasks", response_model=CasePage)
def verification_tasks(
    conn: ReadConnDep,
    user: Annotated[User, Depends(require(Role.GRID_WORKER, Role.DISPATCHER))],
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasePage:
    """Resolved cases in the caller's area, waiting for an on-site check (核查), the nearest
    deadline first."""
    return _page(conn, user, limit, offset, states=[CaseState.RESOLVED.value], sort="deadline")


class ReportPage(BaseModel):
    items: list[ReportRead]
    total: int
    limit: int
    offset: int


@router.get("/me/reports", response_model=ReportPage)
def my_reports(
    conn: ReadConnDep,
    user: Annotated[User, Depends(require(Role.GRID_WORKER))],
    sealer: SealerDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ReportPage:
    rows, total = views.reports_by(conn, user.worker_id or user.username, limit, offset)
    return ReportPage(
        items=[report_read(r, user, sealer) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/overdue", response_model=CasePage, summary="Open cases past a deadline")
def overdue(
    conn: ReadConnDep,
    user: Annotated[User, Depends(require(Role.SUPERVISOR, Role.DISPATCHER, Role.ADMIN))],
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasePage:
    """Open cases past a deadline, the longest overdue first: the step a case waits for has
    a clock running and its deadline has passed (dispatch/sla.py is_overdue, the KPI's
    open_overdue too)."""
    return _page(conn, user, limit, offset, overdue_at=datetime.now(UTC), sort="deadline")


class ChainRead(BaseModel):
    intact: bool
    events: int
    broken_at_seq: int | None
    reason: str | None


class TimelineRead(BaseModel):
    case_id: str
    chain: ChainRead = Field(description="Whether the stored events still hash together.")
    events: list[CaseEventRead]


@router.get("/cases/{case_id}/timeline", response_model=TimelineRead, tags=["cases"])
def timeline(case_id: str, conn: ReadConnDep, user: UserDep, sealer: SealerDep) -> TimelineRead:
    """Every step of the case, oldest first, each chained to the one before by its hash."""
    scope = views.case_scope(conn, case_id)
    if scope is None or not can_see(user, scope):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no case {case_id} for you")
    rows = views.timeline(conn, case_id)
    check = verify_chain(
        (event_from_row(r), r["previous_hash"] or "", r["hash"] or "") for r in rows
    )
    return TimelineRead(
        case_id=case_id,
        chain=ChainRead(**vars(check)),
        events=[shown_event(r, user.role, sealer) for r in rows],  # after the chain is checked
    )


class SuggestionRead(BaseModel):
    id: int
    case_id: str = Field(description="The new case, possibly a duplicate...")
    candidate_case_id: str = Field(description="... of this open case.")
    report_id: str
    score: float
    decision: dict[str, object] = Field(description="Score parts, rule and every candidate.")
    title: str
    category: str
    state: str
    address_text: str | None = None
    reported_at: datetime | None = None
    candidate_title: str | None = None
    candidate_category: str | None = None
    candidate_state: str | None = None
    candidate_address_text: str | None = None
    candidate_reported_at: datetime | None = None
    created_at: datetime


class SuggestionPage(BaseModel):
    items: list[SuggestionRead]
    total: int
    limit: int
    offset: int


@router.get("/queue/duplicates", response_model=SuggestionPage, summary="Possible duplicates")
def possible_duplicates(
    conn: ReadConnDep,
    user: Annotated[User, Depends(require(Role.DISPATCHER, Role.ADMIN))],
    limit: Limit = 50,
    offset: Offset = 0,
    sort: Annotated[
        Literal["newest", "score"], Query(description="newest first, or the closest first")
    ] = "newest",
) -> SuggestionPage:
    """Cases the de-duplication scored in the grey zone against an open case, with both
    cases' title, address and state: merge them (POST /cases/{case_id}/merge) or dismiss the
    suggestion."""
    rows, total = views.duplicate_suggestions_for(conn, user, limit, offset, sort)
    return SuggestionPage(
        items=[SuggestionRead.model_validate(r) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/duplicates/{suggestion_id}/dismiss",
    status_code=204,
    responses={409: {"description": "Already merged or dismissed."}},
)
def dismiss(
    suggestion_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    engine: EngineDep,
    user: Annotated[User, Depends(require(Role.DISPATCHER, Role.ADMIN))],
) -> None:
    """Not the same incident: the two cases stay apart, and the dismissal is recorded."""
    with engine.connect() as conn:
        found = views.suggestion(conn, suggestion_id)
        scope = views.case_scope(conn, found["case_id"]) if found else None
    if found is None or scope is None or not can_see(user, scope):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no suggestion {suggestion_id}")
    with SqlUnitOfWork(engine) as uow:
        done = uow.suggestions.dismiss(suggestion_id, user.username, datetime.now(UTC))
        uow.commit()
    if not done:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="already merged or dismissed")
