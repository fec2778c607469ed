"""The KPI API: indicators as a summary, by dimension and over time, the cases behind every
figure, the grid-integration level (L2P3) and the closure-time audit with CSV export.

Figures come from the in-memory columns of the facts read model (dispatch/adapters/facts.py);
the formulas are dispatch/kpi.py, dispatch/integration.py and dispatch/kpi_audit.py. Every
figure is about the cases reported in the period, in the caller's scope (dispatch/roles.py
kpi_scope).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

import numpy as np
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from api.deps import SettingsDep, require
from api.errors import field_error
from api.schemas import MAX_OFFSET, QueryDay
from dispatch.adapters.facts import FactsReader
from dispatch.integration import integration_level, line_departments
from dispatch.kpi import (
    BEIJING,
    DIMENSIONS,
    HOUR,
    FactColumns,
    Indicators,
    Interval,
    Measure,
    breakdown,
    indicators,
    members,
    series,
)
from dispatch.kpi_audit import closed_taking, closure_times, hot_spots
from dispatch.roles import KPI_ROLES, User, kpi_scope
from grid.adapters.active import ActiveRegistry

router = APIRouter(prefix="/kpi", tags=["kpi"])
KpiUser = Annotated[User, Depends(require(*sorted(KPI_ROLES)))]
CASE_LABELS = ("grid", "department", "township", "category")
# Breakdowns by an area level link to their cases with the area filter.
AREA_LEVELS = {level: "area" for level in ("county", "township", "community", "cell")}


def get_facts(request: Request) -> FactsReader:
    return request.app.state.facts


FactsDep = Annotated[FactsReader, Depends(get_facts)]


def _bad(field: str, reason: str) -> Exception:
    return field_error(field, reason, "query")


class SliceQuery(BaseModel):
    """Which cases: a period (of their reporting, Beijing time) and optional filters."""

    start: QueryDay | None = Field(None, description="first day, inclusive (custom range)")
    end: QueryDay | None = Field(None, description="last day, inclusive (custom range)")
    period: Interval | None = Field(
        None, description="the day, week, month or quarter that contains `at`"
    )
    at: QueryDay | None = Field(None, description="a day in the period (default: today)")
    grid: str | None = Field(None, max_length=100)
    department: str | None = Field(None, max_length=200)
    area: str | None = Field(
        None, max_length=200, description="a county, township, community or cell code"
    )
    category: str | None = Field(None, max_length=100)
    family: str | None = Field(None, max_length=100)

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        start, end = self.start, self.end
        if self.period is not None:
            if start is not None or end is not None:
                raise _bad("period", "give either period (and at) or start/end, not both")
            start, end = _period_of(self.at or datetime.now(BEIJING).date(), self.period)
        if start is not None and end is not None and start > end:
            raise _bad("end", f"the range ends ({end}) before it starts ({start})")
        return (
            datetime.combine(start, time(), BEIJING) if start else None,
            datetime.combine(end + timedelta(days=1), time(), BEIJING) if end else None,
        )


def _period_of(day: date, interval: Interval) -> tuple[date, date]:
    if interval is Interval.DAY:
        return day, day
    if interval is Interval.WEEK:
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    month = day.month if interval is Interval.MONTH else 3 * ((day.month - 1) // 3) + 1
    first = day.replace(month=month, day=1)
    months = 1 if interval is Interval.MONTH else 3
    year, next_month = divmod(first.month - 1 + months, 12)
    after = date(first.year + year, next_month + 1, 1)
    return first, after - timedelta(days=1)


Slice = Annotated[SliceQuery, Query()]


def _rows(columns: FactColumns, user: User, q: SliceQuery) -> np.ndarray:
    scope = kpi_scope(user)
    rows = columns.all_rows()
    if scope.department_id is not None:
        rows = columns.where(rows, "department", [scope.department_id])
    elif not scope.everything:
        rows = columns.within(rows, [scope.area_code or ""])
    start, end = q.bounds()
    rows = columns.reported_between(rows, start, end)
    for name in ("grid", "department", "category", "family"):
        value = getattr(q, name)
        if value is not None:
            rows = columns.where(rows, name, [value])
    if q.area is not None:
        rows = columns.within(rows, [q.area])
    return rows


def _figures(value: Indicators) -> dict[str, Any]:
    return asdict(value)


def _links(request: Request, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The drill-down behind each count: the same query, one measure. ``extra`` narrows it
    (a period replaces the range)."""
    extra = extra or {}
    dropped = {"by", "interval"} | ({"start", "end"} if "period" in extra else set())
    base = {k: v for k, v in request.query_params.items() if k not in dropped} | extra
    return {m.value: f"/kpi/cases?{urlencode(base | {'measure': m.value})}" for m in Measure}


def _scope_of(user: User) -> dict[str, Any]:
    return asdict(kpi_scope(user))


@router.get("/summary", summary="Every indicator for the caller's scope and a period")
def summary(request: Request, user: KpiUser, facts: FactsDep, q: Slice) -> JSONResponse:
    """Reports, acceptance, dispatch accuracy, disposal, closure (on time, with open overdue
    cases counted against it), rework, postponement, escalations, times to accept / dispatch /
    resolve / close (mean, median, P90) and the integration figures. Each count links to the
    cases behind it."""
    now = datetime.now(UTC)
    with facts.lock:
        columns = facts.current()
        figures = indicators(columns, _rows(columns, user, q), as_of=now)
    return JSONResponse(
        {
            "scope": _scope_of(user),
            "as_of": now.isoformat(),
            "indicators": _figures(figures),
            "cases_behind": _links(request),
        }
    )


def _names(request: Request, dimension: str) -> dict[str, str]:
    registry: ActiveRegistry = request.app.state.registry
    loaded = registry.current or registry.refresh()
    if loaded is None:
        return {}
    if dimension == "department":
        return {d.id: d.name for d in loaded.org.router.departments.values()}
    if dimension in ("county", "township", "community"):
        return {code: d.name for code, d in loaded.placer.places.divisions.items()}
    return {}


@router.get("/breakdown", summary="Every indicator per grid, department, area or category")
def by_dimension(
    request: Request,
    user: KpiUser,
    facts: FactsDep,
    q: Slice,
    by: Annotated[str, Query(description=f"one of: {', '.join(DIMENSIONS)}")] = "department",
) -> JSONResponse:
    if by not in DIMENSIONS:
        raise _bad("by", f"unknown dimension {by!r}; one of {', '.join(DIMENSIONS)}")
    now = datetime.now(UTC)
    with facts.lock:
        columns = facts.current()
        parts = breakdown(columns, _rows(columns, user, q), by, as_of=now)
    names = _names(request, by)
    return JSONResponse(
        {
            "scope": _scope_of(user),
            "as_of": now.isoformat(),
            "by": by,
            "rows": [
                {
                    "value": value,
                    "name": names.get(value),
                    "indicators": _figures(figures),
                    "cases_behind": _links(request, {AREA_LEVELS.get(by, by): value}),
                }
                for value, figures in parts.items()
            ],
        }
    )


@router.get("/series", summary="Every indicator per day, week, month or quarter")
def over_time(
    request: Request,
    user: KpiUser,
    facts: FactsDep,
    q: Slice,
    interval: Interval = Interval.MONTH,
) -> JSONResponse:
    now = datetime.now(UTC)
    with facts.lock:
        columns = facts.current()
        points = series(columns, _rows(columns, user, q), interval, as_of=now)
    return JSONResponse(
        {
            "scope": _scope_of(user),
            "as_of": now.isoformat(),
            "interval": interval.value,
            "points": [
                {
                    "period": start,
                    "indicators": _figures(figures),
                    "cases_behind": _links(request, {"period": interval.value, "at": start}),
                }
                for start, figures in points
            ],
        }
    )


def _iso(seconds: float) -> str | None:
    return None if np.isnan(seconds) else datetime.fromtimestamp(seconds, UTC).isoformat()


def _case_rows(columns: FactColumns, rows: np.ndarray) -> list[dict[str, Any]]:
    t, c = columns.times, columns.counts
    out = []
    for row in rows.tolist():
        case_id = str(columns.ids[row])
        closed, reported = t["closed_at"][row], t["reported_at"][row]
        out.append(
            {
                "case_id": case_id,
                "reported_at": _iso(reported),
                "closed_at": _iso(closed),
                "hours_to_close": None if np.isnan(closed) else (closed - reported) / HOUR,
                "running_due": _iso(t["running_due"][row]),
                "late_steps": int(c["late_steps"][row]),
                "returns": int(c["returns"][row]),
                "reworks": int(c["reworks"][row]),
                "escalations": int(c["escalations"][row]),
                **{d: columns.label(d, row) for d in CASE_LABELS},
                "links": {"case": f"/cases/{case_id}", "timeline": f"/cases/{case_id}/timeline"},
            }
        )
    return out


def _newest_first(columns: FactColumns, rows: np.ndarray) -> np.ndarray:
    return rows[np.argsort(-columns.times["reported_at"][rows], kind="stable")]


@router.get("/cases", summary="The cases behind a figure, each linked to its timeline")
def cases_behind(
    user: KpiUser,
    facts: FactsDep,
    q: Slice,
    measure: Measure = Measure.CASES,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    closure_from_hours: Annotated[
        float | None,
        Query(ge=0, description="only closed cases that took at least this many hours"),
    ] = None,
    closure_to_hours: Annotated[
        float | None,
        Query(gt=0, description="only closed cases that took less than this many hours"),
    ] = None,
) -> JSONResponse:
    """The cases behind a figure, newest first; with closure_from_hours/closure_to_hours,
    those of one bar of the closure-time histogram."""
    if (
        closure_from_hours is not None
        and closure_to_hours is not None
        and closure_to_hours <= closure_from_hours
    ):
        raise _bad("closure_to_hours", "the bucket ends before it starts")
    now = datetime.now(UTC)
    with facts.lock:
        columns = facts.current()
        picked = members(columns, _rows(columns, user, q), measure, as_of=now)
        if closure_from_hours is not None or closure_to_hours is not None:
            picked = closed_taking(columns, picked, closure_from_hours or 0.0, closure_to_hours)
        page = _case_rows(columns, _newest_first(columns, picked)[offset : offset + limit])
    return JSONResponse(
        {
            "measure": measure.value,
            "total": int(picked.size),
            "limit": limit,
            "offset": offset,
            "cases": page,
        }
    )


@router.get("/integration", summary="Grid-integration level (L2P3 多网格融合水平)")
def integration(
    request: Request, user: KpiUser, facts: FactsDep, settings: SettingsDep, q: Slice
) -> JSONResponse:
    """Per line department, the eight fusion dimensions judged from the period's cases, with
    the figures behind each; departments fully merged; star level; weighted composite."""
    registry: ActiveRegistry = request.app.state.registry
    loaded = registry.current or registry.refresh()
    departments = list(loaded.org.router.departments.values()) if loaded else []
    line_of = line_departments((d.id, d.grid, d.parent) for d in departments)
    grid_of = {d.id: d.grid for d in departments}
    names = {d.id: d.name for d in departments}
    with facts.lock:
        columns = facts.current()
        level = integration_level(
            columns, _rows(columns, user, q), line_of, grid_of, request.app.state.fusion_weights
        )
    body = asdict(level)
    for department in body["departments"]:
        department["name"] = names.get(department["department"])
    body["scope"] = _scope_of(user)
    body["rule"] = "4 departments fully merged = 4 stars; more than 5 = 5 stars"
    return JSONResponse(body)


@router.get("/audit", summary="Closure-time audit: distributions, late and overdue, hot spots")
def audit(
    user: KpiUser,
    facts: FactsDep,
    q: Slice,
    top: Annotated[int, Query(ge=1, le=200)] = 20,
) -> JSONResponse:
    """How long closing takes per department and per category (mean, median, P90 and a
    distribution), the late, the open overdue (超期 now) and the open late cases (a step
    already late, or overdue now) with links to their timelines (the
    first ``top``; /kpi/audit.csv has them all), and where rework and returns pile up."""
    now = datetime.now(UTC)
    with facts.lock:
        columns = facts.current()
        rows = _rows(columns, user, q)

        def newest(measure: Measure) -> tuple[int, list[dict[str, Any]]]:
            picked = members(columns, rows, measure, as_of=now)
            return int(picked.size), _case_rows(columns, _newest_first(columns, picked)[:top])

        late_total, late = newest(Measure.CLOSED_LATE)
        overdue_total, overdue = newest(Measure.OPEN_OVERDUE)
        open_late_total, open_late = newest(Measure.OPEN_LATE)
        body = {
            "scope": _scope_of(user),
            "as_of": now.isoformat(),
            "closure_times": {
                "by_department": closure_times(columns, rows, "department"),
                "by_category": closure_times(columns, rows, "category"),
            },
            "closed_late": {"total": late_total, "cases": late},
            "open_overdue": {"total": overdue_total, "cases": overdue},
            "open_late": {"total": open_late_total, "cases": open_late},
            "hot_spots": {
                dim: hot_spots(columns, rows, dim, top)
                for dim in ("department", "category", "cell")
            },
        }
    return JSONResponse(body)


CSV_LISTS = {
    "closed": Measure.CLOSED,
    "closed_late": Measure.CLOSED_LATE,
    "open_overdue": Measure.OPEN_OVERDUE,
    "open_late": Measure.OPEN_LATE,
    "reworked": Measure.REWORKED,
    "returned": Measure.RETURNED,
}
CSV_FIELDS = (
    "case_id",
    "grid",
    "department",
    "township",
    "category",
    "reported_at",
    "closed_at",
    "hours_to_close",
    "running_due",
    "late_steps",
    "returns",
    "reworks",
    "escalations",
    "timeline",
)


@router.get(
    "/audit.csv",
    summary="The audit's case lists as CSV",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def audit_csv(
    user: KpiUser,
    facts: FactsDep,
    q: Slice,
    cases: Annotated[str, Query(description=f"one of: {', '.join(CSV_LISTS)}")] = "closed",
) -> StreamingResponse:
    if cases not in CSV_LISTS:
        raise _bad("cases", f"unknown list {cases!r}; one of {', '.join(CSV_LISTS)}")
    with facts.lock:
        columns = facts.current()
        picked = members(columns, _rows(columns, user, q), CSV_LISTS[cases])
        picked = picked[np.argsort(columns.times["reported_at"][picked], kind="stable")]
        records = _case_rows(columns, picked)

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_FIELDS)
        for record in records:
            record["timeline"] = record["links"]["timeline"]
            writer.writerow([record[f] if record[f] is not None else "" for f in CSV_FIELDS])
            if buffer.tell() > 64_000:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    filename = f"gridhub-{cases}.csv"
    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
