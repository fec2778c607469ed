"""Read side: queries behind GET /cases and GET /reports. No writes, no aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, false, func, select, true

from dispatch.adapters.tables import case_events, cases, duplicate_suggestions, outbox, reports
from dispatch.lifecycle import OPEN
from dispatch.roles import CaseScope, Role, User


def _in_area(area: str) -> ColumnElement[bool]:
    escaped = area.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cases.c.area_path.like(f"%/{escaped}/%", escape="\\")


def scope_clause(user: User) -> ColumnElement[bool]:
    """The cases a user may see, as SQL (the same rule as dispatch.roles.can_see)."""
    if user.role is Role.ADMIN:
        return true()
    if user.role is Role.HANDLER:
        if user.department_id is None:
            return false()
        return cases.c.department_id == user.department_id
    in_area = _in_area(user.area_code) if user.area_code else false()
    if user.role is Role.GRID_WORKER and user.worker_id:
        own = select(reports.c.case_id).where(reports.c.reporter_id == user.worker_id)
        return in_area | cases.c.id.in_(own)
    return in_area | (cases.c.area_path == "")  # dispatchers, supervisors: also the unplaced


def case_scope(conn: Connection, case_id: str) -> CaseScope | None:
    row = conn.execute(
        select(cases.c.area_path, cases.c.department_id).where(cases.c.id == case_id)
    ).first()
    if row is None:
        return None
    reporters = conn.scalars(select(reports.c.reporter_id).where(reports.c.case_id == case_id))
    return CaseScope(row.area_path, row.department_id, frozenset(reporters))


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
    states: list[str] | None = None,
    overdue: bool = False,
    pending_postponement: bool = False,
    visible_to: User | None = None,
    limit: int = 50,
    offset: int = 0,
) -> CasePage:
    filters = []
    if visible_to is not None:
        filters.append(scope_clause(visible_to))
    if states:
        filters.append(cases.c.state.in_(states))
    if overdue:
        filters.append(cases.c.overdue_since.is_not(None))
        filters.append(cases.c.state.in_([s.value for s in OPEN]))
    if pending_postponement:
        filters.append(cases.c.pending_postponement_hours.is_not(None))
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


def reports_by(
    conn: Connection, reporter_id: str, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    where = reports.c.reporter_id == reporter_id
    rows = conn.execute(
        select(reports)
        .where(where)
        .order_by(reports.c.reported_at.desc(), reports.c.id)
        .limit(limit)
        .offset(offset)
    )
    total = conn.scalar(select(func.count()).select_from(reports).where(where)) or 0
    return [dict(r._mapping) for r in rows], int(total)


def timeline(conn: Connection, case_id: str) -> list[dict[str, Any]]:
    return [
        dict(r._mapping)
        for r in conn.execute(
            select(case_events).where(case_events.c.case_id == case_id).order_by(case_events.c.seq)
        )
    ]


def duplicate_suggestions_for(
    conn: Connection, user: User, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Open possible-duplicate suggestions whose new case the user may see."""
    where = (duplicate_suggestions.c.status == "open") & scope_clause(user)
    joined = duplicate_suggestions.join(cases, cases.c.id == duplicate_suggestions.c.case_id)
    rows = conn.execute(
        select(duplicate_suggestions, cases.c.title, cases.c.category, cases.c.state)
        .select_from(joined)
        .where(where)
        .order_by(duplicate_suggestions.c.score.desc(), duplicate_suggestions.c.id)
        .limit(limit)
        .offset(offset)
    )
    total = conn.scalar(select(func.count()).select_from(joined).where(where)) or 0
    return [dict(r._mapping) for r in rows], int(total)


def suggestion(conn: Connection, suggestion_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(duplicate_suggestions).where(duplicate_suggestions.c.id == suggestion_id)
    ).first()
    return dict(row._mapping) if row else None


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
