"""Who is told what, and how a notification is signed and retried. Pure.

A city plugs its SMS gateway, WeCom (企业微信) or DingTalk robot in behind a webhook: the hub
POSTs a signed JSON notification to the subscription's URL when

- ``task_assigned``       a case is dispatched to the department (新任务),
- ``deadline_near``       the step the department (or user) is on is due within
                          ``hours_before`` hours (临期),
- ``overdue``             the running step passed its deadline (超期),
- ``escalated``           the case was escalated (督办), to the department that holds it and to
                          the one it was escalated to,
- ``verification_needed`` the department reported it resolved: someone must check on site (待核查),
- ``closed``              the case was closed (结案).

A subscription belongs to a department (the notifications about the cases it holds or is
sent) or to a user (the notifications about every case the user may see, by the rule of
dispatch/roles.py ``can_see``).

Every delivery is signed: ``X-GridHub-Signature: t=<unix seconds>,v1=<hex>`` where the hex is
HMAC-SHA256 with the subscription's secret over ``"<t>.<body>"``; a receiver recomputes it and
refuses a stale ``t`` (replays). A delivery that fails is tried again after 10 s, 20 s, 40 s ...
(at most an hour apart) until it succeeds or ``max_attempts`` have failed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from contracts.lifecycle import CaseEventType, CaseLifecycleEvent
from dispatch.privacy import (
    FREE_TEXT_COLUMNS,
    FREE_TEXT_EVENT_FIELDS,
    shown_text,
    text_in_clear,
)
from dispatch.roles import CaseScope, User, can_see

SIGNATURE_HEADER = "X-GridHub-Signature"
SIGNATURE_TOLERANCE = timedelta(minutes=5)


class NotificationKind(StrEnum):
    TASK_ASSIGNED = "task_assigned"  # 新任务
    DEADLINE_NEAR = "deadline_near"  # 临期
    OVERDUE = "overdue"  # 超期
    ESCALATED = "escalated"  # 督办
    VERIFICATION_NEEDED = "verification_needed"  # 待核查
    CLOSED = "closed"  # 结案
    TEST = "test"  # sent on request, to try the receiver


KIND_LABELS: dict[NotificationKind, str] = {
    NotificationKind.TASK_ASSIGNED: "新任务",
    NotificationKind.DEADLINE_NEAR: "即将超期",
    NotificationKind.OVERDUE: "已超期",
    NotificationKind.ESCALATED: "督办",
    NotificationKind.VERIFICATION_NEEDED: "待核查",
    NotificationKind.CLOSED: "已结案",
    NotificationKind.TEST: "测试",
}
SUBSCRIBABLE = tuple(k for k in NotificationKind if k is not NotificationKind.TEST)

# The lifecycle event each kind follows from (deadline_near follows from the clock).
KIND_OF_EVENT: dict[CaseEventType, NotificationKind] = {
    CaseEventType.DISPATCHED: NotificationKind.TASK_ASSIGNED,
    CaseEventType.OVERDUE: NotificationKind.OVERDUE,
    CaseEventType.ESCALATED: NotificationKind.ESCALATED,
    CaseEventType.RESOLVED: NotificationKind.VERIFICATION_NEEDED,
    CaseEventType.CLOSED: NotificationKind.CLOSED,
}


@dataclass(frozen=True)
class Subscription:
    id: str
    kinds: frozenset[NotificationKind]
    department_id: str | None = None
    user: User | None = None  # a user's own subscription: what that user may see
    hours_before: float = 2.0
    # Told about what happens from its creation on, not about a topic's past (a notifier
    # that starts reading from the beginning must not flood a new subscriber).
    since: datetime | None = None


@dataclass(frozen=True)
class CaseView:
    """What matching and the notification need to know of a case (as it is now)."""

    id: str
    state: str
    title: str
    category: str
    address_text: str
    department_id: str | None
    deadline_step: str | None
    deadline_at: datetime | None
    scope: CaseScope

    def as_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "title": self.title,
            "category": self.category,
            "address_text": self.address_text,
            "department_id": self.department_id,
            "deadline_step": self.deadline_step,
            "deadline_at": self.deadline_at.isoformat() if self.deadline_at else None,
            "links": {"case": f"/cases/{self.id}", "timeline": f"/cases/{self.id}/timeline"},
        }


@dataclass(frozen=True)
class Notice:
    """One notification for one subscription; ``dedupe_key`` makes it once only."""

    subscription_id: str
    kind: NotificationKind
    case_id: str
    dedupe_key: str
    payload: dict[str, Any]


def _departments_of(kind: NotificationKind, event: CaseLifecycleEvent, case: CaseView) -> set[str]:
    """The departments a notification of this event concerns."""
    if kind is NotificationKind.TASK_ASSIGNED:
        return {event.data.get("department_id")} - {None}
    if kind is NotificationKind.ESCALATED:
        return {event.data.get("to_department_id"), case.department_id} - {None}
    return {case.department_id} - {None}


def _concerns(subscription: Subscription, departments: set[str], case: CaseView) -> bool:
    if subscription.department_id is not None:
        return subscription.department_id in departments
    return subscription.user is not None and can_see(subscription.user, case.scope)


def payload(
    kind: NotificationKind,
    case: CaseView,
    at: datetime,
    event: CaseLifecycleEvent | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": kind.value,
        "label": KIND_LABELS[kind],
        "occurred_at": at.isoformat(),
        "case": case.as_data(),
    }
    if event is not None:
        body["event"] = {
            "event_id": event.event_id,
            "event_type": event.event_type.value,
            "seq": event.seq,
            "actor": event.actor.model_dump(),
            "reason": event.reason,
            "data": event.data,
        }
    return body


def for_subscriber(subscription: Subscription, body: dict[str, Any]) -> dict[str, Any]:
    """The payload as its subscriber may read it: a user's subscription gets phone numbers in
    free text (a title, an address, a reason, a note) masked unless the user's role sees
    contacts (dispatch/privacy.py); a department's subscription goes to its handlers, who do."""
    role = subscription.user.role if subscription.user is not None else None
    if subscription.user is None or text_in_clear(role):
        return body
    shown = body | {"case": shown_text(body["case"], role, FREE_TEXT_COLUMNS)}
    if "event" in body:
        shown["event"] = shown_text(body["event"], role, FREE_TEXT_EVENT_FIELDS)
    return shown


def notices_for_event(
    event: CaseLifecycleEvent, case: CaseView, subscriptions: Iterable[Subscription]
) -> list[Notice]:
    """The notifications one lifecycle event gives, one per subscription it concerns."""
    kind = KIND_OF_EVENT.get(event.event_type)
    if kind is None:
        return []
    departments = _departments_of(kind, event, case)
    body = payload(kind, case, event.occurred_at, event)
    return [
        Notice(s.id, kind, case.id, f"{kind.value}:{event.event_id}", for_subscriber(s, body))
        for s in subscriptions
        if kind in s.kinds
        and (s.since is None or event.occurred_at >= s.since)
        and _concerns(s, departments, case)
    ]


def notices_for_deadlines(
    cases: Sequence[CaseView], subscriptions: Iterable[Subscription], now: datetime
) -> list[Notice]:
    """Cases whose running step is due within a subscription's ``hours_before`` (and not yet
    past): one notification per subscription, case, step and deadline."""
    found = []
    wanted = [s for s in subscriptions if NotificationKind.DEADLINE_NEAR in s.kinds]
    for case in cases:
        if case.deadline_at is None or case.deadline_at <= now:
            continue
        for s in wanted:
            if case.deadline_at - now > timedelta(hours=s.hours_before):
                continue
            if not _concerns(s, {case.department_id} - {None}, case):
                continue
            key = f"deadline_near:{case.id}:{case.deadline_step}:{case.deadline_at.isoformat()}"
            body = payload(NotificationKind.DEADLINE_NEAR, case, now)
            shown = for_subscriber(s, body)
            found.append(Notice(s.id, NotificationKind.DEADLINE_NEAR, case.id, key, shown))
    return found


# -- signing and retrying -----------------------------------------------------------------------
def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The X-GridHub-Signature header value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def signature_valid(
    secret: str, header: str, body: bytes, now: datetime, tolerance: timedelta = SIGNATURE_TOLERANCE
) -> bool:
    """What a receiver checks: the HMAC matches and the timestamp is recent."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now.timestamp() - timestamp) > tolerance.total_seconds():
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def retry_delay(failed_attempts: int, base_seconds: float, max_seconds: float) -> timedelta:
    """How long to wait after the n-th failed attempt: base, 2 x base, 4 x base ..., capped."""
    exponent = max(0, failed_attempts - 1)
    return timedelta(seconds=min(max_seconds, base_seconds * 2 ** min(exponent, 30)))
