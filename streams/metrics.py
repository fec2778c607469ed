"""The stream worker's own figures (Prometheus). The API reads the ones it needs from the
database (stream_status) and from the broker (consumer lag); these are also served by the
worker itself when HUB_WORKER_METRICS_PORT is set."""

from __future__ import annotations

import threading
import time
from collections import deque

from prometheus_client import Counter, Gauge, Histogram

# Seconds from receipt (or from the incident) to the committed case: the hub's own delay.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0)

NORMALISED = Counter("gridhub_stream_normalised_total", "Messages taken in", ["topic"])
DEAD_LETTERED = Counter("gridhub_stream_dead_lettered_total", "Messages dead-lettered", ["topic"])
PLACED = Counter(
    "gridhub_stream_placed_total", "Reports placed and routed", ["place_status", "route_status"]
)
ENVELOPES = Counter(
    "gridhub_stream_envelopes_sent_total", "Batch envelopes sent to the record stage"
)
REPORTS_STORED = Counter("gridhub_stream_reports_stored_total", "Reports stored by the stream")
CASES_OPENED = Counter("gridhub_stream_cases_opened_total", "Cases opened by the stream")
REPORTS_MERGED = Counter("gridhub_stream_reports_merged_total", "Reports that joined a case")
SUGGESTED = Counter("gridhub_stream_suggestions_total", "Possible duplicates left to a dispatcher")
WRITE_RETRIES = Counter("gridhub_stream_write_retries_total", "Writes retried (transient)")
BATCH_REPORTS = Histogram(
    "gridhub_stream_batch_reports",
    "Reports per record batch",
    buckets=(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500),
)
WRITE_SECONDS = Histogram(
    "gridhub_stream_write_seconds",
    "Time to decide and commit one record batch",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IN_FLIGHT = Gauge("gridhub_stream_batches_in_flight", "Record batches taken and not yet committed")
CASE_LATENCY = Histogram(
    "gridhub_report_to_case_seconds",
    "From the hub's receipt of a report to its committed case",
    buckets=LATENCY_BUCKETS,
)
EVENT_LATENCY = Histogram(
    "gridhub_incident_to_case_seconds",
    "From the incident's own time (occurred_at) to its committed case",
    buckets=LATENCY_BUCKETS,
)
ASSIGNED_PARTITIONS = Gauge(
    "gridhub_stream_assigned_partitions", "Partitions this worker consumes (0 until it joined)"
)
INDEX_ENTRIES = Gauge("gridhub_stream_dedupe_index_entries", "Sightings held for de-duplication")
PROJECTED_CASES = Counter("gridhub_projector_cases_total", "Cases whose events were projected")
PROJECTED_EVENTS = Counter("gridhub_projector_events_total", "Lifecycle events projected")
OVERDUE_MARKED = Counter("gridhub_cases_marked_overdue_total", "Cases found past a deadline")
ESCALATED = Counter("gridhub_cases_escalated_total", "Cases escalated automatically")


class RecentLatency:
    """Report -> case latencies of the last ``window`` seconds (thread-safe)."""

    def __init__(self, window: float = 60.0, keep: int = 50_000) -> None:
        self._window = window
        self._items: deque[tuple[float, float]] = deque(maxlen=keep)
        self._lock = threading.Lock()

    def add(self, seconds: float) -> None:
        with self._lock:
            self._items.append((time.monotonic(), seconds))

    def summary(self) -> dict[str, float | int | None]:
        cutoff = time.monotonic() - self._window
        with self._lock:
            while self._items and self._items[0][0] < cutoff:
                self._items.popleft()
            values = sorted(v for _, v in self._items)
        if not values:
            return {"window_s": self._window, "count": 0, "p50": None, "p99": None, "max": None}
        return {
            "window_s": self._window,
            "count": len(values),
            "p50": values[len(values) // 2],
            "p99": values[min(len(values) - 1, int(len(values) * 0.99))],
            "max": values[-1],
        }


RECENT = RecentLatency()
