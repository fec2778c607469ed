"""A stream worker's figures, written to the database every few seconds (table
stream_status), so the API's /metrics and /health speak for every worker, wherever it runs.

The snapshot holds the worker's Prometheus histograms and counters as they stand (cumulative,
as Prometheus wants them) and the report -> case latency of the last minute (for /health).
A worker that stops removes its row; a row not updated for a while is a worker gone away.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import UTC, datetime
from typing import Any

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import Engine, delete
from sqlalchemy.dialects import postgresql, sqlite

from dispatch.adapters.db import WRITE
from dispatch.adapters.tables import stream_status
from streams import metrics
from streams.failures import describe

log = logging.getLogger(__name__)

HISTOGRAMS: dict[str, Histogram] = {
    "report_to_case_seconds": metrics.CASE_LATENCY,
    "incident_to_case_seconds": metrics.EVENT_LATENCY,
    "stream_batch_reports": metrics.BATCH_REPORTS,
    "stream_write_seconds": metrics.WRITE_SECONDS,
}
COUNTERS: dict[str, Counter] = {
    "stream_reports_stored_total": metrics.REPORTS_STORED,
    "stream_cases_opened_total": metrics.CASES_OPENED,
    "stream_reports_merged_total": metrics.REPORTS_MERGED,
    "stream_suggestions_total": metrics.SUGGESTED,
    "stream_write_retries_total": metrics.WRITE_RETRIES,
    "stream_envelopes_sent_total": metrics.ENVELOPES,
    "projector_cases_total": metrics.PROJECTED_CASES,
    "projector_events_total": metrics.PROJECTED_EVENTS,
}
GAUGES: dict[str, Gauge] = {
    "stream_batches_in_flight": metrics.IN_FLIGHT,
    "stream_dedupe_index_entries": metrics.INDEX_ENTRIES,
    "stream_assigned_partitions": metrics.ASSIGNED_PARTITIONS,
}


def snapshot() -> dict[str, Any]:
    histograms: dict[str, Any] = {}
    for name, histogram in HISTOGRAMS.items():
        buckets: list[list[Any]] = []  # [upper bound as Prometheus writes it, count]
        total = 0.0
        for sample in histogram.collect()[0].samples:
            if sample.name.endswith("_bucket"):
                buckets.append([sample.labels["le"], sample.value])
            elif sample.name.endswith("_sum"):
                total = sample.value
        histograms[name] = {"buckets": buckets, "sum": total}
    counters = {
        name: sum(s.value for s in c.collect()[0].samples if s.name.endswith("_total"))
        for name, c in COUNTERS.items()
    }
    counters["stream_dead_lettered_total"] = sum(
        s.value for s in metrics.DEAD_LETTERED.collect()[0].samples if s.name.endswith("_total")
    )
    gauges = {name: g.collect()[0].samples[0].value for name, g in GAUGES.items()}
    return {
        "histograms": histograms,
        "counters": counters,
        "gauges": gauges,
        "recent_latency": metrics.RECENT.summary(),
    }


class StatusReporter:
    def __init__(self, engine: Engine, stages: str, every_seconds: float = 5.0) -> None:
        self._engine = engine
        self._stages = stages
        self._every = every_seconds
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}"
        self._started = datetime.now(UTC)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def write_once(self) -> None:
        row = {
            "worker_id": self.worker_id,
            "stages": self._stages,
            "started_at": self._started,
            "updated_at": datetime.now(UTC),
            "snapshot": snapshot(),
        }
        with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            stmt = dialect.insert(stream_status).values(row)
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[stream_status.c.worker_id],
                    set_={"updated_at": row["updated_at"], "snapshot": row["snapshot"]},
                )
            )

    def run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self.write_once()
            except Exception as exc:  # the database is away: say so next time
                log.warning("could not write the worker's status: %s", describe(exc))

    def start(self) -> StatusReporter:
        try:
            self.write_once()
        except Exception as exc:
            log.warning("could not write the worker's status: %s", describe(exc))
        self._thread = threading.Thread(target=self.run, name="gridhub-status", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        try:
            with self._engine.connect().execution_options(**WRITE) as conn, conn.begin():
                conn.execute(
                    delete(stream_status).where(stream_status.c.worker_id == self.worker_id)
                )
        except Exception as exc:
            log.warning("could not remove the worker's status: %s", describe(exc))
