"""Read side: queries behind GET /cases and GET /reports. No writes, no aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, false, func, select, true

from dispatch.adapters.tables import case_events, cases, duplicate_suggestions, outbox, reports
from dispatch.areas import LIKE_ESCAPE, area_path_pattern
from dispatch.lifecycle import OPEN
from dispatch.roles import CaseScope, Role, User
from dispatch.sla import CLOCK_RUNNING


def in_area(area: str) -> ColumnElement[bool]:
    """dispatch.areas.in_area as SQL: the cases that lie in ``area``."""
    return cases.c.area_path.like(area_path_pattern(area), escape=LIKE_ESCAPE)


def overdue(now: datetime) -> ColumnElement[bool]:
    """dispatch.sla.is_overdue as SQL."""
    return cases.c.state.in_(sorted(CLOCK_RUNNING)) & (cases.c.deadline_at < now)


def scope_clause(user: User) -> ColumnElement[bool]:
    """The cases a user may see, as SQL (the same rule as dispatch.roles.can_see)."""
    if user.role is Role.ADMIN:
        return true()
    if user.role is Role.HANDLER:
        if user.department_id is None:
            return false()
        return cases.c.department_id == user.department_id
    in_own_area = in_area(user.area_code) if user.area_code else false()
    if user.role is Role.GRID_WORKER and user.worker_id:
        own = select(reports.c.case_id).where(reports.c.reporter_id == user.worker_id)
        return in_own_area | cases.c.id.in_(own)
    return in_own_area | (cases.c.area_path == "")  # dispatchers, supervisors: also the unplaced


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


# How a list of cases can be ordered. "deadline": the running deadline first (overdue cases
# have the earliest), urgent before normal at one deadline, cases without a clock last.
SORTS = ("deadline", "priority", "newest", "oldest", "updated")


def _urgent_first() -> ColumnElement[int]:
    return case((cases.c.priority == "urgent", 0), else_=1)


def _order(sort: str) -> list[Any]:
    no_deadline_last = case((cases.c.deadline_at.is_(None), 1), else_=0)
    if sort == "deadline":
        return [no_deadline_last, cases.c.deadline_at, _urgent_first(), cases.c.created_at]
    if sort == "priority":
        return [_urgent_first(), no_deadline_last, cases.c.deadline_at, cases.c.created_at]
    if sort == "oldest":
        return [cases.c.created_at, cases.c.id]
    if sort == "updated":
        return [cases.c.updated_at.desc(), cases.c.id]
    return [cases.c.created_at.desc(), cases.c.id]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_search(text: str) -> ColumnElement[bool]:
    """Every word of ``text`` in the title, the description or the address (of any report of
    the case), or ``text`` as the beginning of the case id."""
    words = [w for w in text.split() if w]
    clauses = []
    for word in words:
        pattern = _like(word)
        in_reports = select(reports.c.case_id).where(
            reports.c.address_text.like(pattern, escape="\\")
        )
        clauses.append(
            cases.c.title.like(pattern, escape="\\")
            | cases.c.description.like(pattern, escape="\\")
            | cases.c.address_text.like(pattern, escape="\\")
            | cases.c.id.in_(in_reports)
        )
    by_text = and_(*clauses) if clauses else true()
    return by_text | cases.c.id.startswith(text.strip(), autoescape=True)


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
    overdue_at: datetime | None = None,
    pending_postponement: bool = False,
    visible_to: User | None = None,
    priority: str | None = None,
    source: str | None = None,
    reported_from: datetime | None = None,
    reported_before: datetime | None = None,
    text: str | None = None,
    sort: str = "newest",
    limit: int = 50,
    offset: int = 0,
) -> CasePage:
    filters = []
    if visible_to is not None:
        filters.append(scope_clause(visible_to))
    if states:
        filters.append(cases.c.state.in_(states))
    if overdue_at is not None:  # overdue at that moment
        filters.append(overdue(overdue_at))
    if pending_postponement:
        filters.append(cases.c.pending_postponement_hours.is_not(None))
    if place_status:
        filters.append(cases.c.place_status == place_status)
    if department_id:
        filters.append(cases.c.department_id == department_id)
    if area:  # a county, township, community or cell code
        filters.append(in_area(area))
    if state:
        filters.append(cases.c.state == state)
    if grid:
        filters.append(cases.c.origin_grid == grid)
    if category:
        filters.append(cases.c.category == category)
    if priority:
        filters.append(cases.c.priority == priority)
    if source:  # a grid's own system, or the API (phones, apps): any report of the case
        filters.append(cases.c.id.in_(select(reports.c.case_id).where(reports.c.channel == source)))
    if reported_from is not None:
        filters.append(cases.c.reported_at >= reported_from)
    if reported_before is not None:
        filters.append(cases.c.reported_at < reported_before)
    if text and text.strip():
        filters.append(text_search(text))
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
        .order_by(*_order(sort))
        .limit(limit)
        .offset(offset)
    )
    total = conn.scalar(select(func.count()).select_from(cases).where(*filters)) or 0
    return CasePage(items=[dict(r._mapping) for r in conn.execute(stmt)], total=int(total))


def area_counts(conn: Connection, user: User, level: str, now: datetime) -> list[dict[str, Any]]:
    """Open and overdue cases per grid cell or township, in the user's scope (for maps)."""
    column = cases.c.cell_code if level == "cell" else cases.c.township_code
    open_states = [s.value for s in OPEN]
    late = func.sum(case((overdue(now), 1), else_=0))
    rows = conn.execute(
        select(column.label("code"), func.count().label("open"), late.label("overdue"))
        .where(scope_clause(user), cases.c.state.in_(open_states), column.is_not(None))
        .group_by(column)
    )
    return [{"code": r.code, "open": int(r.open), "overdue": int(r.overdue or 0)} for r in rows]


def open_cases_in_cells(
    conn: Connection, user: User, cells: list[str], categories: list[str], limit: int = 200
) -> list[dict[str, Any]]:
    """Open cases of these categories in these cells that the user may see (newest first)."""
    if not cells or not categories:
        return []
    report_count = (
        select(func.count())
        .where(reports.c.case_id == cases.c.id)
        .correlate(cases)
        .scalar_subquery()
        .label("report_count")
    )
    rows = conn.execute(
        select(cases, report_count)
        .where(
            scope_clause(user),
            cases.c.cell_code.in_(cells),
            cases.c.category.in_(categories),
            cases.c.state.in_([s.value for s in OPEN]),
        )
        .order_by(cases.c.created_at.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


def changed_since(
    conn: Connection, since: datetime, limit: int, user: User | None = None
) -> list[dict[str, Any]]:
    """Cases changed at or after ``since``, oldest change first (the live feed)."""
    columns = [c for c in cases.c if c.name not in ("description", "placement", "route")]
    stmt = select(*columns).where(cases.c.updated_at >= since)
    if user is not None:
        stmt = stmt.where(scope_clause(user))
    rows = conn.execute(stmt.order_by(cases.c.updated_at, cases.c.id).limit(limit))
    return [dict(r._mapping) for r in rows]


def reporters_of(conn: Connection, case_ids: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    if case_ids:
        rows = conn.execute(
            select(reports.c.case_id, reports.c.reporter_id).where(reports.c.case_id.in_(case_ids))
        )
        for row in rows:
            found.setdefault(row.case_id, set()).add(row.reporter_id)
    return found


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
    joined = reports.outerjoin(cases, cases.c.id == reports.c.case_id)
    rows = conn.execute(
        select(
            reports,
            cases.c.state.label("case_state"),
            cases.c.deadline_at.label("case_deadline_at"),
            cases.c.updated_at.label("case_updated_at"),
        )
        .select_from(joined)
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
    conn: Connection, user: User, limit: int, offset: int, sort: str = "newest"
) -> tuple[list[dict[str, Any]], int]:
    """Open possible-duplicate suggestions whose new case the user may see, with both cases'
    title, address and state. "newest": the latest suggestions first; "score": the closest."""
    where = (duplicate_suggestions.c.status == "open") & scope_clause(user)
    other = cases.alias("candidate")
    joined = duplicate_suggestions.join(cases, cases.c.id == duplicate_suggestions.c.case_id)
    order = (
        [duplicate_suggestions.c.score.desc(), duplicate_suggestions.c.created_at.desc()]
        if sort == "score"
        else [duplicate_suggestions.c.created_at.desc(), duplicate_suggestions.c.score.desc()]
    )
    rows = conn.execute(
        select(
            duplicate_suggestions,
            cases.c.title,
            cases.c.category,
            cases.c.state,
            cases.c.address_text,
            cases.c.reported_at,
            other.c.title.label("candidate_title"),
            other.c.category.label("candidate_category"),
            other.c.state.label("candidate_state"),
            other.c.address_text.label("candidate_address_text"),
            other.c.reported_at.label("candidate_reported_at"),
        )
        .select_from(
            joined.outerjoin(other, other.c.id == duplicate_suggestions.c.candidate_case_id)
        )
        .where(where)
        .order_by(*order, duplicate_suggestions.c.id)
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
