"""Webhook subscriptions, the deliveries waiting to be made (the notifications' outbox) and the
delivery log, in the database. Like every repository, it never commits."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, or_, select, update

from dispatch.adapters.repository import insert_ignoring_conflicts
from dispatch.adapters.tables import (
    cases,
    notifier_offsets,
    reports,
    webhook_attempts,
    webhook_deliveries,
    webhook_subscriptions,
)
from dispatch.adapters.users import UserRepository
from dispatch.lifecycle import OPEN
from dispatch.notifications import CaseView, Notice, NotificationKind, Subscription
from dispatch.roles import CaseScope


@dataclass(frozen=True)
class SubscriptionRow:
    id: str
    url: str
    secret: str
    department_id: str | None
    username: str | None
    kinds: list[str]
    hours_before: float
    active: bool
    created_by: str
    created_at: datetime


def _subscription(row: Any) -> SubscriptionRow:
    m = row._mapping
    return SubscriptionRow(
        m["id"], m["url"], m["secret"], m["department_id"], m["username"], list(m["kinds"]),
        float(m["hours_before"]), bool(m["active"]), m["created_by"], m["created_at"],
    )  # fmt: skip


class Subscriptions:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self,
        url: str,
        kinds: Sequence[NotificationKind],
        by: str,
        now: datetime,
        *,
        department_id: str | None = None,
        username: str | None = None,
        hours_before: float = 2.0,
        secret: str | None = None,
    ) -> SubscriptionRow:
        row = {
            "id": str(uuid.uuid4()),
            "url": url,
            "secret": secret or secrets.token_urlsafe(32),
            "department_id": department_id,
            "username": username,
            "kinds": [k.value for k in kinds],
            "hours_before": hours_before,
            "active": True,
            "created_by": by,
            "created_at": now,
        }
        self._conn.execute(webhook_subscriptions.insert().values(**row))
        found = self.get(row["id"])
        assert found is not None
        return found

    def get(self, subscription_id: str) -> SubscriptionRow | None:
        row = self._conn.execute(
            select(webhook_subscriptions).where(webhook_subscriptions.c.id == subscription_id)
        ).first()
        return _subscription(row) if row else None

    def listed(
        self, *, username: str | None = None, department_id: str | None = None
    ) -> list[SubscriptionRow]:
        """Active subscriptions; with a user (and department), only theirs."""
        query = select(webhook_subscriptions).where(webhook_subscriptions.c.active)
        if username is not None:
            mine = webhook_subscriptions.c.username == username
            if department_id is not None:
                mine = or_(mine, webhook_subscriptions.c.department_id == department_id)
            query = query.where(mine)
        rows = self._conn.execute(query.order_by(webhook_subscriptions.c.created_at))
        return [_subscription(r) for r in rows]

    def deactivate(self, subscription_id: str) -> None:
        self._conn.execute(
            update(webhook_subscriptions)
            .where(webhook_subscriptions.c.id == subscription_id)
            .values(active=False)
        )

    def for_matching(self) -> list[Subscription]:
        """Every active subscription as the matching rule reads it (users' scopes loaded)."""
        users = UserRepository(self._conn)
        found = []
        for row in self.listed():
            user = users.get(row.username) if row.username else None
            if row.username and user is None:  # a user switched off: told nothing
                continue
            found.append(
                Subscription(
                    id=row.id,
                    kinds=frozenset(NotificationKind(k) for k in row.kinds),
                    department_id=row.department_id,
                    user=user,
                    hours_before=row.hours_before,
                    since=row.created_at,
                )
            )
        return found


# -- the cases notifications are about ----------------------------------------------------------
def case_views(conn: Connection, case_ids: Sequence[str]) -> dict[str, CaseView]:
    if not case_ids:
        return {}
    rows = conn.execute(
        select(
            cases.c.id, cases.c.state, cases.c.title, cases.c.category, cases.c.address_text,
            cases.c.department_id, cases.c.deadline_step, cases.c.deadline_at, cases.c.area_path,
        ).where(cases.c.id.in_(list(case_ids)))
    ).all()  # fmt: skip
    reporters: dict[str, set[str]] = {}
    for case_id, reporter in conn.execute(
        select(reports.c.case_id, reports.c.reporter_id).where(
            reports.c.case_id.in_(list(case_ids))
        )
    ):
        reporters.setdefault(case_id, set()).add(reporter)
    return {
        r.id: CaseView(
            r.id,
            r.state,
            r.title,
            r.category,
            r.address_text,
            r.department_id,
            r.deadline_step,
            r.deadline_at,
            CaseScope(r.area_path, r.department_id, frozenset(reporters.get(r.id, ()))),
        )
        for r in rows
    }


def due_within(conn: Connection, now: datetime, hours: float, limit: int = 5000) -> list[str]:
    """Open cases whose running step is due between now and ``hours`` from now."""
    return list(
        conn.scalars(
            select(cases.c.id)
            .where(
                cases.c.deadline_at > now,
                cases.c.deadline_at <= now + timedelta(hours=hours),
                cases.c.state.in_([s.value for s in OPEN]),
            )
            .order_by(cases.c.deadline_at)
            .limit(limit)
        )
    )


# -- deliveries: the notifications' outbox and its log ------------------------------------------
@dataclass(frozen=True)
class Delivery:
    id: str
    subscription_id: str
    kind: str
    case_id: str
    payload: dict[str, Any]
    attempts: int
    url: str
    secret: str


class Deliveries:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, notices: Sequence[Notice], now: datetime) -> None:
        """Store each notice once (a notice read twice is the same row)."""
        insert_ignoring_conflicts(
            self._conn,
            webhook_deliveries,
            [
                {
                    "id": str(uuid.uuid4()),
                    "subscription_id": n.subscription_id,
                    "dedupe_key": n.dedupe_key,
                    "kind": n.kind.value,
                    "case_id": n.case_id,
                    "payload": n.payload,
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for n in notices
            ],
        )

    def claim(self, owner: str, limit: int, now: datetime, lease: timedelta) -> list[Delivery]:
        """Deliveries due now that nobody holds, held by ``owner`` until the lease ends."""
        d, s = webhook_deliveries.c, webhook_subscriptions.c
        due = (
            select(d.id)
            .where(
                d.status == "pending",
                d.next_attempt_at <= now,
                or_(d.claim_expires_at.is_(None), d.claim_expires_at < now),
            )
            .order_by(d.next_attempt_at)
            .limit(limit)
        )
        if self._conn.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        ids = list(self._conn.scalars(due))
        if not ids:
            return []
        self._conn.execute(
            update(webhook_deliveries)
            .where(d.id.in_(ids))
            .values(claimed_by=owner, claim_expires_at=now + lease)
        )
        rows = self._conn.execute(
            select(
                d.id, d.subscription_id, d.kind, d.case_id, d.payload, d.attempts, s.url, s.secret
            )
            .join(webhook_subscriptions, s.id == d.subscription_id)
            .where(d.id.in_(ids), d.claimed_by == owner)
        )
        return [Delivery(*row) for row in rows]

    def record(
        self,
        delivery: Delivery,
        owner: str,
        now: datetime,
        *,
        status_code: int | None,
        error: str | None,
        duration_ms: float,
        next_attempt_at: datetime | None,
    ) -> str:
        """Log one attempt; the delivery is done (2xx), waits for its next attempt, or has
        failed for good (``next_attempt_at`` None). Returns its status."""
        attempt = delivery.attempts + 1
        ok = status_code is not None and 200 <= status_code < 300
        status = "delivered" if ok else ("pending" if next_attempt_at else "failed")
        self._conn.execute(
            webhook_attempts.insert().values(
                delivery_id=delivery.id, attempt=attempt, at=now, status_code=status_code,
                error=(error or None) and error[:500], duration_ms=duration_ms,
            )
        )  # fmt: skip
        self._conn.execute(
            update(webhook_deliveries)
            .where(
                and_(
                    webhook_deliveries.c.id == delivery.id, webhook_deliveries.c.claimed_by == owner
                )
            )
            .values(
                status=status,
                attempts=attempt,
                last_status_code=status_code,
                last_error=(error or None) and error[:500],
                next_attempt_at=next_attempt_at or now,
                delivered_at=now if ok else None,
                claimed_by=None,
                claim_expires_at=None,
            )
        )
        return status

    def of_subscription(self, subscription_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """The delivery log: the newest deliveries, each with its attempts."""
        d = webhook_deliveries.c
        rows = [
            dict(r._mapping)
            for r in self._conn.execute(
                select(
                    d.id, d.kind, d.case_id, d.status, d.attempts, d.last_status_code,
                    d.last_error, d.created_at, d.delivered_at, d.next_attempt_at,
                )
                .where(d.subscription_id == subscription_id)
                .order_by(d.created_at.desc(), d.id)
                .limit(limit)
            )
        ]  # fmt: skip
        attempts: dict[str, list[dict[str, Any]]] = {}
        if rows:
            a = webhook_attempts.c
            for r in self._conn.execute(
                select(a.delivery_id, a.attempt, a.at, a.status_code, a.error, a.duration_ms)
                .where(a.delivery_id.in_([row["id"] for row in rows]))
                .order_by(a.delivery_id, a.attempt)
            ):
                item = dict(r._mapping)
                attempts.setdefault(item.pop("delivery_id"), []).append(item)
        for row in rows:
            row["attempt_log"] = attempts.get(row["id"], [])
            if row["status"] != "pending":
                row["next_attempt_at"] = None
        return rows


# -- where the notifier has read up to ------------------------------------------------------
class NotifierOffsets:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def of(self, topic: str) -> dict[int, int]:
        rows = self._conn.execute(
            select(notifier_offsets.c.partition, notifier_offsets.c.next_offset).where(
                notifier_offsets.c.topic == topic
            )
        )
        return {int(p): int(o) for p, o in rows}

    def advance(self, topic: str, offsets: dict[int, int], now: datetime) -> None:
        """Move forward (never back: two notifiers may read side by side)."""
        known = self.of(topic)
        for partition, offset in offsets.items():
            if partition not in known:
                insert_ignoring_conflicts(
                    self._conn,
                    notifier_offsets,
                    [
                        {
                            "topic": topic,
                            "partition": partition,
                            "next_offset": offset,
                            "updated_at": now,
                        }
                    ],
                )
            self._conn.execute(
                update(notifier_offsets)
                .where(
                    notifier_offsets.c.topic == topic,
                    notifier_offsets.c.partition == partition,
                    notifier_offsets.c.next_offset < offset,
                )
                .values(next_offset=offset, updated_at=now)
            )
