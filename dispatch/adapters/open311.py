"""What the Open311 facade reads and writes in the database: the client applications with
their api_keys, the cases it shows as service requests, the tokens of reports still being
placed. Like every repository, it never commits."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, select, update

from contracts.report import Channel
from dispatch.adapters.tables import cases, open311_clients, reports

KEY_HINT_LENGTH = 8


def key_hash(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


@dataclass(frozen=True)
class Open311Client:
    id: str
    name: str
    contact: str | None
    key_hint: str
    active: bool
    created_by: str
    created_at: datetime

    @property
    def reporter_prefix(self) -> str:
        """How the reports of this application name their reporters (open311:<client>:...)."""
        return f"open311:{self.id[:8]}:"


def _client(row: Any) -> Open311Client:
    m = row._mapping
    return Open311Client(
        m["id"], m["name"], m["contact"], m["key_hint"], bool(m["active"]), m["created_by"],
        m["created_at"],
    )  # fmt: skip


class Open311Clients:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self, name: str, contact: str | None, by: str, now: datetime
    ) -> tuple[Open311Client, str]:
        """A new client application and its api_key (returned once: only its hash is kept)."""
        api_key = secrets.token_urlsafe(24)
        row = {
            "id": str(uuid.uuid4()),
            "name": name,
            "contact": contact,
            "key_hash": key_hash(api_key),
            "key_hint": api_key[:KEY_HINT_LENGTH],
            "active": True,
            "created_by": by,
            "created_at": now,
        }
        self._conn.execute(open311_clients.insert().values(**row))
        found = self.get(row["id"])
        assert found is not None
        return found, api_key

    def get(self, client_id: str) -> Open311Client | None:
        row = self._conn.execute(
            select(open311_clients).where(open311_clients.c.id == client_id)
        ).first()
        return _client(row) if row else None

    def by_key(self, api_key: str) -> Open311Client | None:
        """The active application with this key, or None."""
        row = self._conn.execute(
            select(open311_clients).where(
                open311_clients.c.key_hash == key_hash(api_key), open311_clients.c.active
            )
        ).first()
        return _client(row) if row else None

    def all(self) -> list[Open311Client]:
        rows = self._conn.execute(select(open311_clients).order_by(open311_clients.c.created_at))
        return [_client(r) for r in rows]

    def set_active(self, client_id: str, active: bool) -> bool:
        done = self._conn.execute(
            update(open311_clients).where(open311_clients.c.id == client_id).values(active=active)
        )
        return bool(done.rowcount)


# -- service requests (cases) ------------------------------------------------------------------
REQUEST_COLUMNS = (
    cases.c.id,
    cases.c.state,
    cases.c.category,
    cases.c.title,
    cases.c.address_text,
    cases.c.lon,
    cases.c.lat,
    cases.c.crs,
    cases.c.placement,
    cases.c.address_id,
    cases.c.department_id,
    cases.c.reported_at,
    cases.c.updated_at,
    cases.c.deadline_at,
    cases.c.resolution,
    cases.c.merged_into,
)


def service_requests(
    conn: Connection,
    *,
    services: Collection[str],
    ids: Sequence[str] | None = None,
    service_codes: Sequence[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    states: Collection[str] | None = None,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    """Cases shown as service requests: only those of the offered services, newest first.
    ``ids`` overrides every other filter (the spec's rule)."""
    query = select(*REQUEST_COLUMNS).where(cases.c.category.in_(list(services)))
    if ids is not None:
        query = query.where(cases.c.id.in_(list(ids)))
    else:
        if service_codes:
            query = query.where(cases.c.category.in_(list(service_codes)))
        if start is not None:
            query = query.where(cases.c.reported_at >= start)
        if end is not None:
            query = query.where(cases.c.reported_at <= end)
        if states is not None:
            query = query.where(cases.c.state.in_(list(states)))
    query = query.order_by(cases.c.reported_at.desc(), cases.c.id).limit(limit)
    return [dict(row._mapping) for row in conn.execute(query)]


def token_case(conn: Connection, token: str) -> tuple[bool, str | None]:
    """(whether the token is a report made through Open311, the case it is in by now)."""
    row = conn.execute(
        select(reports.c.case_id).where(
            reports.c.id == token, reports.c.channel == Channel.OPEN311.value
        )
    ).first()
    return (row is not None, row.case_id if row is not None else None)


def reported_by(conn: Connection, case_id: str, client: Open311Client) -> str | None:
    """A report of this application in the case (its id), or None."""
    return conn.scalar(
        select(reports.c.id)
        .where(
            and_(
                reports.c.case_id == case_id,
                reports.c.channel == Channel.OPEN311.value,
                reports.c.reporter_id.startswith(client.reporter_prefix, autoescape=True),
            )
        )
        .limit(1)
    )
