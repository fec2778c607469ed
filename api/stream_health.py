"""What the API knows of the stream: the workers' own reports (table stream_status) and the
consumer lag (from the broker), for /metrics and /health. The lag is asked of the broker at
most every few seconds, whoever asks."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from config import HubSettings
from dispatch.adapters.tables import stream_status
from streams.embedded_broker import port_is_open
from streams.lag import PartitionLag, consumer_lag


def broker_answers(settings: HubSettings, timeout: float = 0.5) -> bool:
    """Does any bootstrap server accept a connection? Asked before the Kafka clients, which
    spend many seconds trying a broker that is not there."""
    for server in settings.bootstrap_servers.split(","):
        host, _, port = server.strip().rpartition(":")
        if port.isdigit() and port_is_open(host, int(port), timeout=timeout):
            return True
    return False


@dataclass(frozen=True)
class WorkerStatus:
    worker_id: str
    stages: str
    updated_at: datetime
    snapshot: dict[str, Any]


def live_workers(engine: Engine, silence: timedelta) -> list[WorkerStatus]:
    since = datetime.now(UTC) - silence
    with engine.connect() as conn:
        rows = conn.execute(select(stream_status).where(stream_status.c.updated_at >= since)).all()
    return [WorkerStatus(r.worker_id, r.stages, r.updated_at, r.snapshot or {}) for r in rows]


class LagCache:
    def __init__(self, settings: HubSettings, max_age: float = 5.0) -> None:
        self._settings = settings
        self._max_age = max_age
        self._lock = threading.Lock()
        self._at = 0.0
        self._value: list[PartitionLag] | None = None
        self._error: str | None = None

    def get(self) -> tuple[list[PartitionLag] | None, str | None]:
        """The lag per partition (None and the reason when the broker cannot tell)."""
        with self._lock:
            if time.monotonic() - self._at > self._max_age:
                try:
                    if not broker_answers(self._settings):
                        raise ConnectionError(
                            f"no broker answers at {self._settings.bootstrap_servers}"
                        )
                    self._value, self._error = consumer_lag(self._settings, timeout_ms=2_000), None
                except Exception as exc:  # the broker is away: say why, keep serving
                    self._value, self._error = None, f"{type(exc).__name__}: {exc}"[:300]
                self._at = time.monotonic()
            return self._value, self._error
