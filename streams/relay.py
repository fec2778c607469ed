"""The outbox relay: publish committed outbox rows to Kafka, then mark them published.

At least once: a crash between publish and mark re-publishes; every consumer of the hub's
topics dedupes by the message's own id (report_id, event_id).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from kafka import KafkaProducer
from kafka.errors import KafkaError
from prometheus_client import Counter
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from config import HubSettings
from dispatch.adapters.db import WRITE
from dispatch.adapters.repository import OutboxRepository

log = logging.getLogger(__name__)

IDLE_MAX_SECONDS = 2.0
PURGE_EVERY_SECONDS = 600.0

RELAYED = Counter("gridhub_outbox_relayed_total", "Outbox messages published to Kafka")
RELAY_FAILURES = Counter("gridhub_outbox_relay_failures_total", "Failed outbox publish rounds")


def make_producer(bootstrap: str) -> KafkaProducer:
    # kafka-python 3.x: idempotent producer with acks=all by default.
    return KafkaProducer(
        bootstrap_servers=bootstrap.split(","),
        client_id="gridhub-outbox-relay",
        linger_ms=5,
        retries=5,
        request_timeout_ms=10_000,
        max_block_ms=10_000,
        bootstrap_timeout_ms=5_000,  # fail a round fast; the loop retries with backoff
    )


class OutboxRelay:
    def __init__(
        self,
        engine: Engine,
        bootstrap: str,
        *,
        batch_size: int = 500,
        poll_seconds: float = 0.2,
        lease_seconds: float = 30.0,
    ) -> None:
        self._engine = engine
        self._bootstrap = bootstrap
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._lease = timedelta(seconds=lease_seconds)
        self._name = f"relay-{uuid.uuid4().hex[:12]}"
        self._producer: KafkaProducer | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def from_settings(cls, engine: Engine, settings: HubSettings) -> OutboxRelay:
        return cls(
            engine,
            settings.bootstrap_servers,
            batch_size=settings.outbox_batch_size,
            poll_seconds=settings.outbox_poll_seconds,
            lease_seconds=settings.outbox_lease_seconds,
        )

    def publish_pending(self) -> int:
        """One round: claim a batch, publish it, mark it. Returns how many were published."""
        owner = f"{self._name}-{uuid.uuid4().hex[:8]}"
        now = datetime.now(UTC)
        with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
            batch = OutboxRepository(conn).claim(owner, self._batch_size, now, self._lease)
        if not batch:
            return 0
        try:
            producer = self._ensure_producer()
            futures = [
                producer.send(m.topic, key=m.key.encode() if m.key else None, value=m.value)
                for m in batch
            ]
            producer.flush(timeout=30)
            for future in futures:
                future.get(timeout=30)
        except Exception:
            with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
                OutboxRepository(conn).release([m.id for m in batch if m.id is not None], owner)
            raise
        with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
            OutboxRepository(conn).mark_published(
                [m.id for m in batch if m.id is not None], owner, datetime.now(UTC)
            )
        RELAYED.inc(len(batch))
        return len(batch)

    def _ensure_producer(self) -> KafkaProducer:
        if self._producer is None:
            self._producer = make_producer(self._bootstrap)
        return self._producer

    def wake(self) -> None:
        """Something was just added to the outbox: look now instead of after the backoff."""
        self._wake.set()

    def purge_published(self, older_than: timedelta = timedelta(hours=24)) -> int:
        """Forget rows published long ago (the topic has them), so the table stays small."""
        cutoff = datetime.now(UTC) - older_than
        with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
            return OutboxRepository(conn).purge_published(cutoff)

    def run(self) -> None:
        # Idle, the relay looks less and less often (up to IDLE_MAX_SECONDS), unless woken;
        # after a failure it backs off the same way.
        wait = self._poll_seconds
        next_purge = time.monotonic() + PURGE_EVERY_SECONDS
        while not self._stop.is_set():
            try:
                published = self.publish_pending()
                if time.monotonic() >= next_purge:
                    next_purge = time.monotonic() + PURGE_EVERY_SECONDS
                    self.purge_published()
            except Exception as exc:  # the thread must outlive any failure: rows wait in
                # the outbox until it publishes them
                RELAY_FAILURES.inc()
                expected = isinstance(exc, KafkaError | DBAPIError | OSError)
                log.log(
                    logging.WARNING if expected else logging.ERROR,
                    "outbox relay: %s; retrying in %.1fs",
                    exc,
                    wait,
                    exc_info=not expected,
                )
                self._drop_producer()
                published = -1
            if published >= self._batch_size:
                wait = self._poll_seconds
                continue
            wait = self._poll_seconds if published > 0 else min(wait * 2, IDLE_MAX_SECONDS)
            if published < 0:
                wait = min(max(wait, 1.0), 10.0)
            self._wake.wait(wait)
            self._wake.clear()
        self._drop_producer()

    def _drop_producer(self) -> None:
        if self._producer is not None:
            try:
                self._producer.close(timeout=5)
            except Exception:  # closing a producer to a dead broker may itself fail
                log.debug("closing producer failed", exc_info=True)
            self._producer = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
