"""Repositories over one Connection. They never commit: the unit of work does."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import pydantic_core
from sqlalchemy import JSON, Connection, Table, Text, and_, cast, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import bindparam

from contracts.lifecycle import CaseLifecycleEvent
from contracts.placement import PlacedReport, Placement, Route
from contracts.report import IncidentReport, Priority
from dispatch.adapters.tables import case_events, cases, duplicate_suggestions, outbox, reports
from dispatch.audit import GENESIS
from dispatch.dedupe import Sighting
from dispatch.domain import STEP_TIME_COLUMNS, Case
from dispatch.lifecycle import OPEN, CaseState
from dispatch.outbox import OutboxMessage
from dispatch.projection import PendingLink
from dispatch.recording import ConcurrentWrite, Recorded
from grid.categories import category_family


def insert_ignoring_conflicts(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """INSERT ... ON CONFLICT DO NOTHING, as one executemany.

    No RETURNING on purpose: a multi-row RETURNING insert is sent as one huge statement whose
    parameter parsing dominated the stream's write time; a plain executemany is pipelined.
    """
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect == "postgresql":
        stmt = postgresql.insert(table).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two supported databases reach here
        raise RuntimeError(f"unsupported database dialect: {dialect}")
    conn.execute(stmt, list(rows))


class JsonText(str):
    """A JSON document already serialised (by pydantic, or json.dumps): written as it is."""


def bulk_insert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that are known to be new, in one statement: COPY on PostgreSQL, one
    executemany on SQLite. Every row has the same keys. A row that exists after all raises
    (a unique violation): the caller's transaction is retried and finds it stored."""
    if not rows:
        return
    try:
        _bulk_insert(conn, table, rows)
    except Exception as exc:
        if _is_unique_violation(exc):
            raise ConcurrentWrite(f"{table.name}: {exc}") from exc
        raise


def _is_unique_violation(exc: Exception) -> bool:
    """psycopg raises it from COPY directly; SQLAlchemy wraps the driver's error."""
    error = exc.orig if isinstance(exc, IntegrityError) else exc
    code = getattr(error, "sqlstate", None)
    if code is not None:
        return bool(code == "23505")
    return "UNIQUE constraint failed" in str(error)


def _bulk_insert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    names = list(rows[0])
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
        convert = [
            (lambda v: None if v is None else _json_text(v)) if n in json_columns else None
            for n in names
        ]
        statement = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(
                    [f(row[n]) if f else row[n] for n, f in zip(names, convert, strict=True)]
                )
        return
    loaded = [
        {n: json.loads(v) if isinstance(v, JsonText) else v for n, v in row.items()} for row in rows
    ]
    conn.execute(table.insert(), loaded)


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return pydantic_core.to_json(value).decode()  # json.dumps, in Rust


def existing_ids(conn: Connection, table: Table, ids: Sequence[str]) -> set[str]:
    if not ids:
        return set()
    return set(conn.scalars(select(table.c.id).where(table.c.id.in_(list(ids)))))


def report_row(item: IncidentReport | PlacedReport, received_at: datetime) -> dict[str, Any]:
    placed = item if isinstance(item, PlacedReport) else None
    report = placed.report if placed else item
    assert isinstance(report, IncidentReport)
    loc = report.location
    return {
        "id": report.report_id,
        "grid": report.source.grid.value,
        "source_event_id": report.source.source_event_id,
        "channel": report.source.channel.value,
        "category": report.category,
        "priority": report.priority.value,
        "title": report.title,
        "description": report.description,
        "address_text": report.address_text,
        "lon": loc.lon if loc else None,
        "lat": loc.lat if loc else None,
        "crs": loc.crs.value if loc else None,
        "reporter_id": report.reporter.id,
        "reporter_role": report.reporter.role,
        "reporter_name": report.reporter.name,
        "reporter_phone": report.reporter.phone,
        "occurred_at": report.occurred_at,
        "reported_at": report.reported_at,
        "received_at": received_at,
        "attributes": report.attributes,
        "case_id": None,
        "place_status": placed.placement.status.value if placed else None,
        "cell_code": placed.placement.cell if placed else None,
        "township_code": placed.placement.township if placed else None,
        "placement": placed.placement.model_dump(mode="json") if placed else None,
        "route": placed.route.model_dump(mode="json") if placed else None,
    }


def recorded_report_row(item: Recorded, recorded_at: datetime) -> dict[str, Any]:
    """A report the stream put into a case, as a new row (native events)."""
    report = item.placed.report
    loc = report.location
    return {
        "id": report.report_id,
        "grid": report.source.grid.value,
        "source_event_id": report.source.source_event_id,
        "channel": report.source.channel.value,
        "category": report.category,
        "priority": report.priority.value,
        "title": report.title,
        "description": report.description,
        "address_text": report.address_text,
        "lon": loc.lon if loc else None,
        "lat": loc.lat if loc else None,
        "crs": loc.crs.value if loc else None,
        "reporter_id": report.reporter.id,
        "reporter_role": report.reporter.role,
        "reporter_name": report.reporter.name,
        "reporter_phone": report.reporter.phone,
        "occurred_at": report.occurred_at,
        "reported_at": report.reported_at,
        "received_at": item.placed.received_at or item.placed.placed_at,
        "attributes": report.attributes,
        **recorded_columns(item, recorded_at),
    }


def recorded_columns(item: Recorded, recorded_at: datetime) -> dict[str, Any]:
    """What the stream adds to a report: its place and route, its case and why."""
    placement = item.placed.placement
    return {
        "case_id": item.case_id,
        "place_status": placement.status.value,
        "cell_code": placement.cell,
        "township_code": placement.township,
        "placement": JsonText(placement.model_dump_json()),
        "route": JsonText(item.placed.route.model_dump_json()),
        "dedupe": item.decision,
        "event_at": item.sighting.at,
        "recorded_at": recorded_at,
        "sighting": item.sighting.as_data(),
        "link_seq": None,
    }


class StaleCase(Exception):
    """The case changed between reading and writing it: retry the command."""


def _loop_columns(case: Case) -> dict[str, Any]:
    return {
        **{name: case.step_times.get(name) for name in STEP_TIME_COLUMNS},
        "deadline_step": case.deadline_step,
        "deadline_at": case.deadline_at,
        "overdue_since": case.overdue_since,
        "escalate_at": case.escalate_at,
        "escalation_level": case.escalation_level,
        "escalated_to": case.escalated_to,
        "suspended_from": case.suspended_from.value if case.suspended_from else None,
        "postponed_hours": case.postponed_hours,
        "pending_postponement_hours": case.pending_postponement_hours,
        "merged_into": case.merged_into,
        "resolution": case.resolution,
        "last_seq": case.last_seq,
        "last_hash": case.last_hash,
    }


def _case_from_row(row: Any, report_ids: list[str]) -> Case:
    return Case(
        id=row["id"],
        state=CaseState(row["state"]),
        category=row["category"],
        origin_grid=row["origin_grid"],
        priority=Priority(row["priority"]),
        title=row["title"],
        description=row["description"],
        address_text=row["address_text"],
        lon=row["lon"],
        lat=row["lat"],
        crs=row["crs"],
        reported_at=row["reported_at"],
        created_at=row["created_at"],
        report_ids=report_ids,
        placement=Placement.model_validate(row["placement"]) if row["placement"] else None,
        route=Route.model_validate(row["route"]) if row["route"] else None,
        department_id=row["department_id"],
        team_id=row["team_id"],
        time_limit_profile=row["time_limit_profile"],
        step_times={n: row[n] for n in STEP_TIME_COLUMNS if row[n] is not None},
        deadline_step=row["deadline_step"],
        deadline_at=row["deadline_at"],
        overdue_since=row["overdue_since"],
        escalate_at=row["escalate_at"],
        escalation_level=row["escalation_level"],
        escalated_to=row["escalated_to"],
        suspended_from=CaseState(row["suspended_from"]) if row["suspended_from"] else None,
        postponed_hours=row["postponed_hours"],
        pending_postponement_hours=row["pending_postponement_hours"],
        merged_into=row["merged_into"],
        resolution=row["resolution"],
        version=row["version"],
        last_seq=row["last_seq"],
        last_hash=row["last_hash"] or GENESIS,
    )


def area_path(placement: Placement) -> str:
    """The codes of every level below the prefecture, as a searchable path."""
    codes = [lv.code for lv in placement.levels if lv.level not in ("province", "prefecture")]
    return "/" + "/".join(codes) + "/" if codes else ""


def _place_columns(case: Case) -> dict[str, Any]:
    placement, route = case.placement, case.route
    columns: dict[str, Any] = {}
    if placement is not None:
        columns |= {
            "area_path": area_path(placement),
            "place_status": placement.status.value,
            "place_precision": placement.precision.value if placement.precision else None,
            "place_confidence": placement.confidence,
            "address_id": placement.address_id,
            "cell_code": placement.cell,
            "community_code": placement.community,
            "township_code": placement.township,
            "placement": placement.model_dump(mode="json"),
            "registry_version": placement.registry_version,
        }
    if route is not None:
        columns |= {
            "route_status": route.status.value,
            "department_id": route.department_id,
            "team_id": route.team_id,
            "time_limit_profile": route.time_limit_profile,
            "auto_dispatch": route.auto_dispatch,
            "route": route.model_dump(mode="json"),
        }
    return columns


def case_row(c: Case) -> dict[str, Any]:
    """A new case as a row of the cases table."""
    return {
        "id": c.id,
        "state": c.state.value,
        "category": c.category,
        "category_family": category_family(c.category),
        "origin_grid": c.origin_grid,
        "priority": c.priority.value,
        "title": c.title,
        "description": c.description,
        "address_text": c.address_text,
        "lon": c.lon,
        "lat": c.lat,
        "crs": c.crs,
        "reported_at": c.reported_at,
        "created_at": c.created_at,
        "updated_at": c.created_at,
        "version": 1,
        **_place_columns(c),
        **_loop_columns(c),
    }


class ReportRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_new(
        self, batch: Iterable[IncidentReport | PlacedReport], received_at: datetime
    ) -> set[str]:
        """Store reports not seen before (with their place, if placed); returns the new ids."""
        rows = [report_row(r, received_at) for r in batch]
        ids = [row["id"] for row in rows]
        before = existing_ids(self._conn, reports, ids)
        insert_ignoring_conflicts(self._conn, reports, rows)
        return set(ids) - before

    def set_placement(self, batch: Sequence[PlacedReport]) -> None:
        """Record where each report was placed and routed, once (the first answer stands)."""
        if not batch:
            return
        stmt = (
            update(reports)
            .where(reports.c.id == bindparam("rid"), reports.c.place_status.is_(None))
            .values(
                place_status=bindparam("status"),
                cell_code=bindparam("cell"),
                township_code=bindparam("township"),
                placement=bindparam("placement"),
                route=bindparam("route"),
            )
        )
        self._conn.execute(
            stmt,
            [
                {
                    "rid": p.report.report_id,
                    "status": p.placement.status.value,
                    "cell": p.placement.cell,
                    "township": p.placement.township,
                    "placement": p.placement.model_dump(mode="json"),
                    "route": p.route.model_dump(mode="json"),
                }
                for p in batch
            ],
        )

    def set_dedupe(self, decisions: dict[str, dict[str, Any]]) -> None:
        if not decisions:
            return
        stmt = update(reports).where(reports.c.id == bindparam("rid")).values(dedupe=bindparam("d"))
        self._conn.execute(stmt, [{"rid": r, "d": d} for r, d in decisions.items()])

    def move(self, report_id: str, to_case: str) -> None:
        self._conn.execute(update(reports).where(reports.c.id == report_id).values(case_id=to_case))

    def placed(self, report_id: str) -> PlacedReport | None:
        """A stored report as the routing stage handed it on (for a split)."""
        row = self._conn.execute(select(reports).where(reports.c.id == report_id)).first()
        return placed_from_row(row) if row is not None else None

    def without_case(self, report_ids: Iterable[str]) -> set[str]:
        ids = list(report_ids)
        if not ids:
            return set()
        stmt = select(reports.c.id).where(reports.c.id.in_(ids), reports.c.case_id.is_(None))
        return set(self._conn.scalars(stmt))

    def move_to_case(self, from_case: str, to_case: str) -> list[str]:
        moved = list(self._conn.scalars(select(reports.c.id).where(reports.c.case_id == from_case)))
        self._conn.execute(
            update(reports).where(reports.c.case_id == from_case).values(case_id=to_case)
        )
        return moved

    def link(self, report_to_case: dict[str, str]) -> None:
        if not report_to_case:
            return
        stmt = (
            update(reports)
            .where(reports.c.id == bindparam("rid"), reports.c.case_id.is_(None))
            .values(case_id=bindparam("cid"))
        )
        self._conn.execute(stmt, [{"rid": r, "cid": c} for r, c in report_to_case.items()])

    # -- the stream's record stage ---------------------------------------------------------
    def cases_of(self, report_ids: Sequence[str]) -> dict[str, str | None]:
        """The stored reports among these ids, with their case (None: not in a case yet)."""
        if not report_ids:
            return {}
        rows = self._conn.execute(
            select(reports.c.id, reports.c.case_id).where(reports.c.id.in_(list(report_ids)))
        )
        return {row.id: row.case_id for row in rows}

    def add_recorded(self, items: Sequence[Recorded], recorded_at: datetime) -> None:
        """New reports with their case, in one statement."""
        bulk_insert(self._conn, reports, [recorded_report_row(i, recorded_at) for i in items])

    def record_stored(self, items: Sequence[Recorded], recorded_at: datetime) -> None:
        """Reports stored before they were placed (made through the API) get their place,
        route, case and decision; a report already in a case keeps it."""
        if not items:
            return
        rows = [{"id": i.report_id, **recorded_columns(i, recorded_at)} for i in items]
        names = [n for n in rows[0] if n != "id"]
        stmt = (
            update(reports)
            .where(reports.c.id == bindparam("rid"), reports.c.case_id.is_(None))
            .values({n: bindparam(f"v_{n}") for n in names})
        )
        self._conn.execute(
            stmt,
            [
                {
                    "rid": row["id"],
                    **{
                        f"v_{n}": json.loads(v) if isinstance(v, JsonText) else v
                        for n, v in row.items()
                        if n != "id"
                    },
                }
                for row in rows
            ],
        )

    def open_sightings(
        self, cells: Sequence[str], since: datetime, until: datetime
    ) -> list[tuple[str, Sighting]]:
        """(case id, sighting) of every report of an open case in these cells whose event
        time is in [since, until]: what the stream's de-duplication index holds."""
        if not cells:
            return []
        found: list[tuple[str, Sighting]] = []
        ordered = sorted(set(cells))
        for start in range(0, len(ordered), 500):
            rows = self._conn.execute(
                select(reports.c.case_id, reports.c.sighting)
                .join(cases, cases.c.id == reports.c.case_id)
                .where(
                    reports.c.cell_code.in_(ordered[start : start + 500]),
                    reports.c.event_at >= since,
                    reports.c.event_at <= until,
                    cases.c.state.in_([s.value for s in OPEN]),
                    reports.c.sighting.is_not(None),
                )
                .order_by(reports.c.event_at, reports.c.id)
            )
            found += [(row.case_id, Sighting.from_data(row.sighting)) for row in rows]
        return found

    def open_area_sightings(
        self, townships: Sequence[str], since: datetime, until: datetime
    ) -> list[tuple[str, Sighting]]:
        """(case id, sighting) of every report of an open case placed in these townships
        with no cell (to a village or the township only) whose event time is in [since,
        until]: the rest of what the stream's de-duplication index holds of them."""
        if not townships:
            return []
        rows = self._conn.execute(
            select(reports.c.case_id, reports.c.sighting)
            .join(cases, cases.c.id == reports.c.case_id)
            .where(
                reports.c.township_code.in_(sorted(set(townships))),
                reports.c.cell_code.is_(None),
                reports.c.event_at >= since,
                reports.c.event_at <= until,
                cases.c.state.in_([s.value for s in OPEN]),
                reports.c.sighting.is_not(None),
            )
            .order_by(reports.c.event_at, reports.c.id)
        )
        return [(row.case_id, Sighting.from_data(row.sighting)) for row in rows]

    # -- the projector -----------------------------------------------------------------
    def pending_links(self, case_ids: Sequence[str]) -> dict[str, list[PendingLink]]:
        """The reports of these cases whose recording in the case has no event yet, per case,
        in the order they were recorded."""
        if not case_ids:
            return {}
        rows = self._conn.execute(
            select(
                reports.c.id,
                reports.c.case_id,
                reports.c.grid,
                reports.c.dedupe,
                reports.c.recorded_at,
                reports.c.received_at,
            )
            .where(reports.c.case_id.in_(list(case_ids)), reports.c.link_seq.is_(None))
            .order_by(reports.c.recorded_at, reports.c.id)
        )
        found: dict[str, list[PendingLink]] = {}
        for row in rows:
            found.setdefault(row.case_id, []).append(
                PendingLink(
                    report_id=row.id,
                    grid=row.grid,
                    decision=row.dedupe or {},
                    recorded_at=row.recorded_at or row.received_at,
                )
            )
        return found

    def placed_many(self, report_ids: Sequence[str]) -> dict[str, PlacedReport]:
        """Stored reports as the routing stage handed them on (their place and route read
        by pydantic straight from the stored JSON text)."""
        if not report_ids:
            return {}
        columns = [
            c if c.name not in ("placement", "route") else cast(c, Text).label(c.name)
            for c in reports.columns
        ]
        rows = self._conn.execute(select(*columns).where(reports.c.id.in_(list(report_ids))))
        return {row.id: placed for row in rows if (placed := placed_from_row(row)) is not None}

    def set_link_seqs(self, seqs: Mapping[str, int]) -> None:
        if not seqs:
            return
        if self._conn.dialect.name == "postgresql":  # one statement for the whole batch
            self._conn.execute(
                text(
                    "UPDATE reports AS r SET link_seq = v.seq FROM "
                    "unnest(CAST(:ids AS text[]), CAST(:seqs AS int[])) AS v(id, seq) "
                    "WHERE r.id = v.id"
                ),
                {"ids": list(seqs), "seqs": list(seqs.values())},
            )
            return
        self._conn.execute(
            update(reports).where(reports.c.id == bindparam("rid")).values(link_seq=bindparam("s")),
            [{"rid": r, "s": s} for r, s in seqs.items()],
        )


def placed_from_row(row: Any) -> PlacedReport | None:
    """A stored report as the routing stage handed it on."""
    if row.placement is None or row.route is None:
        return None
    report = IncidentReport(
        report_id=row.id,
        source={
            "grid": row.grid,
            "channel": row.channel,
            "source_event_id": row.source_event_id,
        },
        category=row.category,
        priority=row.priority,
        title=row.title,
        description=row.description,
        address_text=row.address_text,
        location=(
            {"lon": row.lon, "lat": row.lat, "crs": row.crs} if row.lon is not None else None
        ),
        reporter={
            "id": row.reporter_id,
            "role": row.reporter_role,
            "name": row.reporter_name,
            "phone": row.reporter_phone,
        },
        occurred_at=row.occurred_at,
        reported_at=row.reported_at,
        attributes=row.attributes,
    )
    placement, route = row.placement, row.route
    return PlacedReport(
        report=report,
        placement=(
            Placement.model_validate_json(placement)
            if isinstance(placement, str)
            else Placement.model_validate(placement)
        ),
        route=Route.model_validate_json(route)
        if isinstance(route, str)
        else Route.model_validate(route),
        placed_at=row.received_at,
    )


# The bare column, as the partial index ix_cases_projection_pending says it: only then do
# PostgreSQL and SQLite use that index (``IS true`` and ``= 1`` read the whole table each
# projector round, ~40 ms at 50k cases).
PROJECTION_PENDING = text("cases.projection_pending")


class CaseRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_new(self, new_cases: Sequence[Case]) -> set[str]:
        rows = [case_row(c) for c in new_cases]
        ids = [row["id"] for row in rows]
        before = existing_ids(self._conn, cases, ids)
        insert_ignoring_conflicts(self._conn, cases, rows)
        return set(ids) - before

    def add_opened(self, opened: Sequence[Case]) -> None:
        """Cases the stream opened (known to be new), in one statement; the projector writes
        their events."""
        rows = []
        for case in opened:
            row = case_row(case)
            row["founding_report_id"] = case.report_ids[0] if case.report_ids else None
            row["projection_pending"] = True
            for name in ("placement", "route"):
                model = case.placement if name == "placement" else case.route
                row[name] = JsonText(model.model_dump_json()) if model is not None else None
            rows.append(row)
        bulk_insert(self._conn, cases, rows)

    def mark_joined(self, case_ids: Sequence[str], now: datetime) -> set[str]:
        """Reports are joining these cases: those still open are marked for the projector
        (and locked until commit); returns them. The others stopped being open."""
        if not case_ids:
            return set()
        stmt = (
            update(cases)
            .where(
                cases.c.id.in_(sorted(set(case_ids))), cases.c.state.in_([s.value for s in OPEN])
            )
            .values(projection_pending=True, updated_at=now)
            .returning(cases.c.id)
        )
        return set(self._conn.scalars(stmt))

    def projection_due(self, limit: int) -> list[str]:
        """Cases whose events are not all written, locked for this projector (others skip)."""
        stmt = (
            select(cases.c.id)
            .where(PROJECTION_PENDING)
            .order_by(cases.c.updated_at, cases.c.id)
            .limit(limit)
        )
        if self._conn.dialect.name == "postgresql":
            # FOR NO KEY UPDATE: a report joining one of these cases checks its foreign key
            # with FOR KEY SHARE, which a plain FOR UPDATE would make wait for this round.
            stmt = stmt.with_for_update(skip_locked=True, key_share=True)
        return list(self._conn.scalars(stmt))

    def set_projected(self, projected: Sequence[Case]) -> None:
        """The events of these cases are written up to their last_seq."""
        if not projected:
            return
        if self._conn.dialect.name == "postgresql":  # one statement for the whole batch
            self._conn.execute(
                text(
                    "UPDATE cases AS c SET last_seq = v.seq, last_hash = v.hash, "
                    "projection_pending = false FROM unnest(CAST(:ids AS text[]), "
                    "CAST(:seqs AS int[]), CAST(:hashes AS text[])) AS v(id, seq, hash) "
                    "WHERE c.id = v.id"
                ),
                {
                    "ids": [c.id for c in projected],
                    "seqs": [c.last_seq for c in projected],
                    "hashes": [c.last_hash for c in projected],
                },
            )
            return
        self._conn.execute(
            update(cases)
            .where(cases.c.id == bindparam("cid"))
            .values(
                last_seq=bindparam("seq"), last_hash=bindparam("hash"), projection_pending=False
            ),
            [{"cid": c.id, "seq": c.last_seq, "hash": c.last_hash} for c in projected],
        )

    def clear_projection_pending(self, case_ids: Sequence[str]) -> None:
        """Those of these cases still marked (owed nothing): the projected ones were cleared
        by ``set_projected``, and updating them again would write every index once more."""
        if case_ids:
            self._conn.execute(
                update(cases)
                .where(cases.c.id.in_(list(case_ids)), PROJECTION_PENDING)
                .values(projection_pending=False)
            )

    def get_many(self, case_ids: Sequence[str], *, for_update: bool = False) -> list[Case]:
        """Cases by id, in id order, without their report ids (the projector's view)."""
        if not case_ids:
            return []
        stmt = select(cases).where(cases.c.id.in_(sorted(set(case_ids)))).order_by(cases.c.id)
        if for_update and self._conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update(key_share=True)  # FOR NO KEY UPDATE (projection_due)
        return [_case_from_row(row._mapping, []) for row in self._conn.execute(stmt)]

    def get(self, case_id: str, *, for_update: bool = False) -> Case | None:
        stmt = select(cases).where(cases.c.id == case_id)
        if for_update and self._conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = self._conn.execute(stmt).first()
        if row is None:
            return None
        report_ids = list(
            self._conn.scalars(
                select(reports.c.id)
                .where(reports.c.case_id == case_id)
                .order_by(reports.c.reported_at)
            )
        )
        return _case_from_row(row._mapping, report_ids)

    def lock_areas(self, keys: Sequence[str]) -> None:
        """Serialise de-duplication per area across workers (PostgreSQL advisory locks, in
        key order so two workers never wait on each other in a circle). SQLite writers are
        serialised by the database already."""
        if self._conn.dialect.name != "postgresql" or not keys:
            return
        ordered = sorted(set(keys))
        # One round trip: lock every key, in order.
        self._conn.execute(
            text(
                "SELECT pg_advisory_xact_lock(hashtext('dedupe:' || k)) FROM "
                "(SELECT k FROM unnest(CAST(:keys AS text[])) WITH ORDINALITY AS t(k, n) "
                "ORDER BY n) AS ordered"
            ),
            {"keys": ordered},
        )

    def _locked(self, stmt: Any, limit: int) -> list[Case]:
        stmt = stmt.order_by(cases.c.deadline_at, cases.c.id).limit(limit)
        if self._conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)  # two sweepers never share a case
        rows = self._conn.execute(stmt).all()
        return [_case_from_row(row._mapping, []) for row in rows]

    def overdue_candidates(self, now: datetime, limit: int) -> list[Case]:
        """Cases whose current step is past its deadline and not yet marked overdue."""
        return self._locked(
            select(cases).where(
                cases.c.deadline_at < now,
                cases.c.overdue_since.is_(None),
                cases.c.state.in_([s.value for s in OPEN - {CaseState.SUSPENDED}]),
            ),
            limit,
        )

    def escalation_candidates(self, now: datetime, max_level: int, limit: int) -> list[Case]:
        """Overdue cases whose escalation is due, below the highest level."""
        return self._locked(
            select(cases).where(
                cases.c.escalate_at <= now,
                cases.c.escalation_level < max_level,
                cases.c.state.in_([s.value for s in OPEN - {CaseState.SUSPENDED}]),
            ),
            limit,
        )

    def save(self, case: Case, now: datetime) -> None:
        """Write a changed case; fails with StaleCase if someone else wrote it meanwhile."""
        stmt = (
            update(cases)
            .where(cases.c.id == case.id, cases.c.version == case.version)
            .values(
                state=case.state.value,
                department_id=case.department_id,
                team_id=case.team_id,
                updated_at=now,
                version=case.version + 1,
                **_loop_columns(case),
            )
        )
        if self._conn.execute(stmt).rowcount != 1:
            raise StaleCase(case.id)
        case.version += 1


def event_row(e: CaseLifecycleEvent) -> dict[str, Any]:
    return {
        "id": e.event_id,
        "case_id": e.case_id,
        "seq": e.seq,
        "event_type": e.event_type.value,
        "occurred_at": e.occurred_at,
        "actor_id": e.actor.id,
        "actor_role": e.actor.role,
        "from_state": e.from_state,
        "to_state": e.to_state,
        "reason": e.reason,
        "data": e.data,
        "request_id": e.data.get("request_id"),
        "previous_hash": e.previous_hash,
        "hash": e.hash,
    }


def event_from_row(m: Mapping[str, Any]) -> CaseLifecycleEvent:
    """A stored event (a row of case_events) as the event it was."""
    return CaseLifecycleEvent(
        event_id=m["id"],
        case_id=m["case_id"],
        seq=m["seq"],
        event_type=m["event_type"],
        occurred_at=m["occurred_at"],
        actor={"id": m["actor_id"], "role": m["actor_role"]},
        from_state=m["from_state"],
        to_state=m["to_state"],
        reason=m["reason"],
        data=m["data"] or {},
        previous_hash=m["previous_hash"],
        hash=m["hash"],
    )


class CaseEventRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.appended: list[CaseLifecycleEvent] = []  # for the read models, at commit

    def append(
        self, events: Sequence[CaseLifecycleEvent], *, strict: bool = False, new: bool = False
    ) -> None:
        """Store events. ``strict``: a clash on (case, seq) raises instead of being skipped
        (commands); ``new``: known to be new (the projector, under its locks), written in one
        statement (COPY on PostgreSQL); else idempotent replays are skipped."""
        rows = [event_row(e) for e in events]
        if new:
            bulk_insert(self._conn, case_events, rows)
        elif strict and rows:
            self._conn.execute(case_events.insert(), rows)
        else:
            insert_ignoring_conflicts(self._conn, case_events, rows)
        self.appended.extend(events)

    def keep_typed_phones(self, event_id: str, sealed: str) -> None:
        """The sealed numbers lifted from an event's text, kept beside it (not chained)."""
        self._conn.execute(
            update(case_events).where(case_events.c.id == event_id).values(typed_phones=sealed)
        )

    def type_of_request(self, case_id: str, request_id: str) -> str | None:
        """The event type a client's command already produced (a retried request)."""
        return self._conn.scalar(
            select(case_events.c.event_type).where(
                case_events.c.case_id == case_id, case_events.c.request_id == request_id
            )
        )


class SuggestionRepository:
    """Possible duplicates waiting for a dispatcher (the grey zone of de-duplication)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, rows: Sequence[dict[str, Any]]) -> None:
        insert_ignoring_conflicts(self._conn, duplicate_suggestions, rows)

    def close_for(self, case_ids: Sequence[str], status: str, by: str, now: datetime) -> None:
        """Settle open suggestions that involve these cases (merged, or dismissed)."""
        self._conn.execute(
            update(duplicate_suggestions)
            .where(
                duplicate_suggestions.c.status == "open",
                duplicate_suggestions.c.case_id.in_(list(case_ids))
                | duplicate_suggestions.c.candidate_case_id.in_(list(case_ids)),
            )
            .values(status=status, decided_at=now, decided_by=by)
        )

    def dismiss(self, suggestion_id: int, by: str, now: datetime) -> bool:
        result = self._conn.execute(
            update(duplicate_suggestions)
            .where(
                duplicate_suggestions.c.id == suggestion_id,
                duplicate_suggestions.c.status == "open",
            )
            .values(status="dismissed", decided_at=now, decided_by=by)
        )
        return result.rowcount == 1


class OutboxRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, messages: Sequence[OutboxMessage], now: datetime, *, new: bool = False) -> None:
        """Queue messages; ``new``: known to be new, in one statement (COPY on PostgreSQL),
        else a message queued before is skipped."""
        rows = [
            {
                "message_id": m.message_id,
                "topic": m.topic,
                "key": m.key,
                "value": m.value,
                "created_at": now,
                "claimed_by": None,
                "claim_expires_at": None,
                "published_at": None,
            }
            for m in messages
        ]
        if new:
            bulk_insert(self._conn, outbox, rows)
        else:
            insert_ignoring_conflicts(self._conn, outbox, rows)

    def claim(self, owner: str, limit: int, now: datetime, lease: timedelta) -> list[OutboxMessage]:
        """Lease up to `limit` unpublished messages to `owner`, oldest first.

        The UPDATE re-checks the claim condition per row, so two relays racing for the same
        rows (PostgreSQL re-evaluates it after the row lock; SQLite has one writer) never
        both win one message.
        """
        claimable = and_(
            outbox.c.published_at.is_(None),
            or_(outbox.c.claim_expires_at.is_(None), outbox.c.claim_expires_at < now),
        )
        candidates = select(outbox.c.id).where(claimable).order_by(outbox.c.id).limit(limit)
        ids = list(self._conn.scalars(candidates))
        if not ids:
            return []
        self._conn.execute(
            update(outbox)
            .where(outbox.c.id.in_(ids), claimable)
            .values(claimed_by=owner, claim_expires_at=now + lease)
        )
        rows = self._conn.execute(
            select(outbox.c.id, outbox.c.message_id, outbox.c.topic, outbox.c.key, outbox.c.value)
            .where(
                outbox.c.id.in_(ids),
                outbox.c.claimed_by == owner,
                outbox.c.published_at.is_(None),
            )
            .order_by(outbox.c.id)
        )
        return [
            OutboxMessage(id=r.id, message_id=r.message_id, topic=r.topic, key=r.key, value=r.value)
            for r in rows
        ]

    def mark_published(self, ids: Sequence[int], owner: str, now: datetime) -> None:
        if ids:
            self._conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(ids)), outbox.c.claimed_by == owner)
                .values(published_at=now, claim_expires_at=None)
            )

    def release(self, ids: Sequence[int], owner: str) -> None:
        if ids:
            self._conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(ids)), outbox.c.claimed_by == owner)
                .values(claimed_by=None, claim_expires_at=None)
            )

    def purge_published(self, before: datetime) -> int:
        result = self._conn.execute(
            outbox.delete().where(
                outbox.c.published_at.is_not(None), outbox.c.published_at < before
            )
        )
        return int(result.rowcount or 0)

    def pending_count(self) -> int:
        stmt = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        return int(self._conn.scalar(stmt) or 0)
