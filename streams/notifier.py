"""The notifier: turns lifecycle events into signed webhook deliveries, and makes them.

It follows ``hub.case-events`` (fed from the database outbox, so no event is lost on the way)
and, for every event a subscription wants (dispatch/notifications.py), stores a delivery row
in the same transaction as the offset it has read up to (tables ``webhook_deliveries`` and
``notifier_offsets``). Deliveries are unique per subscription and event, so an event read
twice (a restart, two notifiers side by side) is delivered once. Every ``sweep_seconds`` it
also looks for open cases whose step falls due within a subscription's ``hours_before``.

A second thread sends the stored deliveries: each is claimed with a lease, POSTed with its
HMAC signature, and its attempt logged (``webhook_attempts``); a failure is retried with
exponential backoff until ``max_attempts``. A delivery stored is never lost: a notifier that
dies mid-send leaves its claim to expire and another (or the next start) sends it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import httpx
from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError
from prometheus_client import Counter
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from config import HubSettings
from contracts.lifecycle import CaseLifecycleEvent
from contracts.topics import CASE_EVENTS
from dispatch.adapters.db import WRITE
from dispatch.adapters.webhooks import (
    Deliveries,
    Delivery,
    NotifierOffsets,
    Subscriptions,
    case_views,
    due_within,
)
from dispatch.notifications import (
    SIGNATURE_HEADER,
    Notice,
    NotificationKind,
    Subscription,
    notices_for_deadlines,
    notices_for_event,
    retry_delay,
    signature,
)

log = logging.getLogger(__name__)

NOTICES = Counter("gridhub_notifications_total", "Webhook notifications stored", ["kind"])
SENT = Counter("gridhub_webhook_attempts_total", "Webhook delivery attempts", ["outcome"])
SUBSCRIPTIONS_REFRESH_SECONDS = 5.0
OFFSETS_EVERY_SECONDS = 5.0  # how often offsets are saved when no notification is due


class Notifier:
    def __init__(
        self,
        engine: Engine,
        bootstrap: str,
        topic: str,
        *,
        max_attempts: int = 8,
        retry_base_seconds: float = 10.0,
        retry_max_seconds: float = 3600.0,
        timeout_seconds: float = 10.0,
        sweep_seconds: float = 30.0,
        lease_seconds: float = 60.0,
    ) -> None:
        self._engine = engine
        self._bootstrap = bootstrap
        self._topic = topic
        self._max_attempts = max_attempts
        self._retry = (retry_base_seconds, retry_max_seconds)
        self._timeout = timeout_seconds
        self._sweep_every = sweep_seconds
        self._lease = timedelta(seconds=lease_seconds)
        self._name = f"notifier-{uuid.uuid4().hex[:12]}"
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._subscriptions: list[Subscription] = []
        self._subscriptions_at = 0.0
        self._unsaved_offsets: dict[int, int] = {}
        self._offsets_saved = 0.0

    @classmethod
    def from_settings(cls, engine: Engine, settings: HubSettings) -> Notifier:
        return cls(
            engine,
            settings.bootstrap_servers,
            settings.topic(CASE_EVENTS.name),
            max_attempts=settings.notify_max_attempts,
            retry_base_seconds=settings.notify_retry_base_seconds,
            retry_max_seconds=settings.notify_retry_max_seconds,
            timeout_seconds=settings.notify_timeout_seconds,
            sweep_seconds=settings.notify_sweep_seconds,
        )

    # -- what to notify ----------------------------------------------------------------
    def subscriptions(self, fresh: bool = False) -> list[Subscription]:
        """The active subscriptions; ``fresh``: read now (events must meet every subscription
        made before they happened, however recently)."""
        stale = time.monotonic() - self._subscriptions_at >= SUBSCRIPTIONS_REFRESH_SECONDS
        if fresh or stale:
            with self._engine.connect() as conn:
                self._subscriptions = Subscriptions(conn).for_matching()
            self._subscriptions_at = time.monotonic()
        return self._subscriptions

    def store_events(
        self, events: Iterable[CaseLifecycleEvent], offsets: dict[int, int], now: datetime
    ) -> int:
        """The deliveries these events give, with the offsets read up to, in one transaction.
        Events that give none only move the offsets, written at most every few seconds: a
        notifier that restarts reads them again, which changes nothing (a subscription is
        told of what happens after it was made), and the database is spared a write per poll."""
        events = list(events)
        subscriptions = self.subscriptions(fresh=bool(events))
        self._unsaved_offsets.update(offsets)
        notices: list[Notice] = []
        if subscriptions and events:
            with self._engine.connect() as conn:
                cases = case_views(conn, sorted({e.case_id for e in events}))
            for event in events:
                case = cases.get(event.case_id)
                if case is not None:
                    notices += notices_for_event(event, case, subscriptions)
        if not notices and time.monotonic() - self._offsets_saved < OFFSETS_EVERY_SECONDS:
            return 0
        with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
            Deliveries(conn).add(notices, now)
            NotifierOffsets(conn).advance(self._topic, self._unsaved_offsets, now)
        self._unsaved_offsets, self._offsets_saved = {}, time.monotonic()
        for notice in notices:
            NOTICES.labels(notice.kind.value).inc()
        if notices:
            self._wake.set()
        return len(notices)

    def sweep_deadlines(self, now: datetime) -> int:
        """Deliveries for steps falling due within each subscription's hours_before."""
        wanted = NotificationKind.DEADLINE_NEAR
        subscriptions = [s for s in self.subscriptions() if wanted in s.kinds]
        if not subscriptions:
            return 0
        hours = max(s.hours_before for s in subscriptions)
        with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
            cases = case_views(conn, due_within(conn, now, hours))
            notices = notices_for_deadlines(list(cases.values()), subscriptions, now)
            Deliveries(conn).add(notices, now)
        if notices:
            self._wake.set()
        return len(notices)

    def _follow(self) -> None:
        consumer: KafkaConsumer | None = None
        assigned = False
        next_sweep = 0.0
        while not self._stop.is_set():
            try:
                if consumer is None:
                    consumer = KafkaConsumer(
                        bootstrap_servers=self._bootstrap.split(","),
                        client_id=self._name,
                        enable_auto_commit=False,
                        request_timeout_ms=11_000,
                    )
                if not assigned:
                    assigned = self._assign(consumer)
                if assigned:
                    self._read(consumer)
                else:
                    self._stop.wait(1.0)
                if time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + self._sweep_every
                    self.sweep_deadlines(datetime.now(UTC))
            except (KafkaError, DBAPIError, OSError) as exc:
                log.warning("notifier: %s; retrying", exc)
                if consumer is not None:
                    consumer.close()
                consumer, assigned = None, False
                self._stop.wait(2.0)
        if consumer is not None:
            consumer.close()

    def _assign(self, consumer: KafkaConsumer) -> bool:
        partitions = consumer.partitions_for_topic(self._topic)
        if not partitions:
            return False
        with self._engine.connect() as conn:
            stored = NotifierOffsets(conn).of(self._topic)
        tps = [TopicPartition(self._topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        for tp in tps:
            if tp.partition in stored:
                consumer.seek(tp, stored[tp.partition])
            else:
                consumer.seek_to_beginning(tp)
        return True

    def _read(self, consumer: KafkaConsumer) -> None:
        batches = consumer.poll(timeout_ms=1000, max_records=500)
        if not batches:
            return
        events: list[CaseLifecycleEvent] = []
        offsets: dict[int, int] = {}
        for tp, records in batches.items():
            for record in records:
                offsets[tp.partition] = record.offset + 1
                try:
                    events.append(CaseLifecycleEvent.model_validate_json(record.value))
                except ValueError:  # not ours to judge: the event's producer is the hub
                    log.warning("notifier: skipped an unreadable event at %s@%d", tp, record.offset)
        self.store_events(events, offsets, datetime.now(UTC))

    # -- sending ------------------------------------------------------------------------
    def send_due(self, now: datetime | None = None) -> int:
        """One round: claim the deliveries due, send each, log each attempt."""
        now = now or datetime.now(UTC)
        owner = f"{self._name}-{uuid.uuid4().hex[:6]}"
        with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
            batch = Deliveries(conn).claim(owner, 50, now, self._lease)
        for delivery in batch:
            self._send(delivery, owner)
        return len(batch)

    def _send(self, delivery: Delivery, owner: str) -> None:
        body = json.dumps(
            {"id": delivery.id, **delivery.payload}, ensure_ascii=False, default=str
        ).encode()
        stamp = int(time.time())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "GridHub-Webhook/1",
            SIGNATURE_HEADER: signature(delivery.secret, stamp, body),
            "X-GridHub-Delivery": delivery.id,
            "X-GridHub-Event": delivery.kind,
        }
        started = time.perf_counter()
        status_code: int | None = None
        error: str | None = None
        try:
            response = httpx.post(
                delivery.url, content=body, headers=headers, timeout=self._timeout
            )
            status_code = response.status_code
            if not 200 <= status_code < 300:
                error = response.text[:200] or f"HTTP {status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        duration = (time.perf_counter() - started) * 1000
        failed = delivery.attempts + 1
        ok = error is None
        next_at = None
        if not ok and failed < self._max_attempts:
            next_at = datetime.now(UTC) + retry_delay(failed, *self._retry)
        with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
            Deliveries(conn).record(
                delivery, owner, datetime.now(UTC), status_code=status_code, error=error,
                duration_ms=duration, next_attempt_at=next_at,
            )  # fmt: skip
        SENT.labels("delivered" if ok else "retry" if next_at else "failed").inc()

    def _deliver(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.send_due()
            except DBAPIError as exc:
                log.warning("notifier sender: %s; retrying", exc)
                sent = 0
            if sent == 0:
                self._wake.wait(1.0)
                self._wake.clear()

    # -- running ----------------------------------------------------------------------
    def start(self) -> None:
        for target, name in ((self._follow, "follow"), (self._deliver, "deliver")):
            thread = threading.Thread(target=target, name=f"{self._name}-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)
