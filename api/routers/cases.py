"""GET /cases and GET /cases/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from api.deps import ReadConnDep
from api.routers.reports import report_read
from api.schemas import CaseEventRead, CasePage, CaseRead, CaseSummary
from contracts.common import GridCode
from contracts.placement import PlacementStatus
from dispatch.adapters import views
from dispatch.domain import CaseState

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("", response_model=CasePage)
def list_cases(
    conn: ReadConnDep,
    state: CaseState | None = None,
    grid: GridCode | None = None,
    category: str | None = None,
    place_status: Annotated[
        PlacementStatus | None,
        Query(description="partial and unplaced cases wait for a dispatcher to place them"),
    ] = None,
    department: Annotated[str | None, Query(description="responsible department id")] = None,
    area: Annotated[
        str | None, Query(description="township, community or grid cell code", max_length=200)
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CasePage:
    page = views.list_cases(
        conn,
        state=state.value if state else None,
        grid=grid.value if grid else None,
        category=category,
        place_status=place_status.value if place_status else None,
        department_id=department,
        area=area,
        limit=limit,
        offset=offset,
    )
    return CasePage(
        items=[CaseSummary.model_validate(row) for row in page.items],
        total=page.total,
        limit=limit,
        offset=offset,
    )


@router.get("/{case_id}", response_model=CaseRead)
def get_case(case_id: str, conn: ReadConnDep) -> CaseRead:
    detail = views.case_detail(conn, case_id)
    if detail is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no case {case_id}")
    reports = [report_read(r) for r in detail.pop("reports")]
    events = [CaseEventRead.model_validate(e) for e in detail.pop("events")]
    return CaseRead(
        **detail,
        report_count=len(reports),
        grids=sorted({r.grid for r in reports}),
        reports=reports,
        events=events,
    )
