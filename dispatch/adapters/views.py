"""Read side: queries behind GET /cases and GET /reports. No writes, no aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from dispatch.adapters.tables import case_events, cases, outbox, reports


@dataclass(frozen=True)
class CasePage:
    items: list[dict[str, Any]]
    total: int


def list_cases(
    conn: Connection,
    *,
    state: str | None = None,
    grid: str | None = None,
    category: str | None = None,
    place_status: str | None = None,
    department_id: str | None = None,
    area: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> CasePage:
    filters = []
    if place_status:
        filters.append(cases.c.place_status == place_status)
    if department_id:
        filters.append(cases.c.department_id == department_id)
    if area:  # a township, community or cell code: the codes nest by prefix
        filters.append(cases.c.cell_code.startswith(area) | (cases.c.township_code == area))
    if state:
        filters.append(cases.c.state == state)
    if grid:
        filters.append(cases.c.origin_grid == grid)
    if category:
        filters.append(cases.c.category == category)
    report_count = (
        select(func.count())
        .where(reports.c.case_id == cases.c.id)
        .correlate(cases)
        .scalar_subquery()
        .label("report_count")
    )
    stmt = (
        select(cases, report_count)
        .where(*filters)
        .order_by(cases.c.created_at.desc(), cases.c.id)
        .limit(limit)
        .offset(offset)
    )
    total = conn.scalar(select(func.count()).select_from(cases).where(*filters)) or 0
    return CasePage(items=[dict(r._mapping) for r in conn.execute(stmt)], total=int(total))


def case_detail(conn: Connection, case_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
    if row is None:
        return None
    detail = dict(row._mapping)
    detail["reports"] = [
        dict(r._mapping)
        for r in conn.execute(
            select(reports).where(reports.c.case_id == case_id).order_by(reports.c.reported_at)
        )
    ]
    detail["events"] = [
        dict(r._mapping)
        for r in conn.execute(
            select(case_events).where(case_events.c.case_id == case_id).order_by(case_events.c.seq)
        )
    ]
    return detail


def report_detail(conn: Connection, report_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(reports).where(reports.c.id == report_id)).first()
    return dict(row._mapping) if row else None


def counts(conn: Connection) -> dict[str, int]:
    """Row counts for the metrics endpoint."""
    return {
        "cases": int(conn.scalar(select(func.count()).select_from(cases)) or 0),
        "reports": int(conn.scalar(select(func.count()).select_from(reports)) or 0),
        "outbox_pending": int(
            conn.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            )
            or 0
        ),
    }
