"""GET /metrics in the Prometheus text format."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from sqlalchemy import Engine

from api.stream_health import LagCache, live_workers
from config import HubSettings
from dispatch.adapters import views

router = APIRouter(tags=["operations"])


class DatabaseCollector(Collector):
    """Figures that live in the database, so every API replica reports the same."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def collect(self) -> Iterator[Metric]:
        with self._engine.connect() as conn:
            counts = views.counts(conn)
        yield GaugeMetricFamily("gridhub_cases", "Cases in the database", value=counts["cases"])
        yield GaugeMetricFamily(
            "gridhub_reports", "Reports in the database", value=counts["reports"]
        )
        yield GaugeMetricFamily(
            "gridhub_outbox_pending",
            "Outbox messages not yet published",
            value=counts["outbox_pending"],
        )


class StreamCollector(Collector):
    """The stream workers' figures (each worker's latest report, labelled by worker) and the
    consumer lag of every stream input partition."""

    def __init__(self, engine: Engine, lag: LagCache, silence: timedelta) -> None:
        self._engine = engine
        self._lag = lag
        self._silence = silence

    def collect(self) -> Iterator[Metric]:
        workers = live_workers(self._engine, self._silence)
        yield GaugeMetricFamily(
            "gridhub_stream_workers", "Stream workers that reported lately", value=len(workers)
        )
        histograms: dict[str, HistogramMetricFamily] = {}
        counters: dict[str, CounterMetricFamily] = {}
        gauges: dict[str, GaugeMetricFamily] = {}
        for worker in workers:
            snap = worker.snapshot
            for name, data in snap.get("histograms", {}).items():
                family = histograms.setdefault(
                    name,
                    HistogramMetricFamily(
                        f"gridhub_{name}", HELP.get(name, name), labels=["worker"]
                    ),
                )
                buckets = [(str(le), count) for le, count in data.get("buckets", [])]
                if buckets:
                    family.add_metric([worker.worker_id], buckets, data.get("sum", 0.0))
            for name, value in snap.get("counters", {}).items():
                counters.setdefault(
                    name,
                    CounterMetricFamily(f"gridhub_{name}", HELP.get(name, name), labels=["worker"]),
                ).add_metric([worker.worker_id], value)
            for name, value in snap.get("gauges", {}).items():
                gauges.setdefault(
                    name,
                    GaugeMetricFamily(f"gridhub_{name}", HELP.get(name, name), labels=["worker"]),
                ).add_metric([worker.worker_id], value)
            recent = snap.get("recent_latency", {})
            if recent.get("p99") is not None:
                gauges.setdefault(
                    "recent_p99",
                    GaugeMetricFamily(
                        "gridhub_report_to_case_recent_p99_seconds",
                        "Report -> case p99 over the last minute",
                        labels=["worker"],
                    ),
                ).add_metric([worker.worker_id], recent["p99"])
        yield from histograms.values()
        yield from counters.values()
        yield from gauges.values()
        lags, _ = self._lag.get()
        yield GaugeMetricFamily(
            "gridhub_consumer_lag_available",
            "1 when the broker answered the lag question",
            value=0 if lags is None else 1,
        )
        if lags is not None:
            family = GaugeMetricFamily(
                "gridhub_consumer_lag",
                "Messages of a stream input partition not yet committed by its workers",
                labels=["group", "topic", "partition"],
            )
            for p in lags:
                family.add_metric([p.group, p.topic, str(p.partition)], p.lag)
            yield family


HELP = {
    "report_to_case_seconds": "From the hub's receipt of a report to its committed case",
    "incident_to_case_seconds": "From the incident's own time to its committed case",
    "stream_batch_reports": "Reports per record batch",
    "stream_write_seconds": "Time to decide and commit one record batch",
}


def database_registry(
    engine: Engine, settings: HubSettings | None = None, lag: LagCache | None = None
) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(engine))
    if settings is not None:
        registry.register(
            StreamCollector(
                engine,
                lag or LagCache(settings),
                timedelta(seconds=settings.health_worker_silence_seconds),
            )
        )
    return registry


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    body = generate_latest(REGISTRY) + generate_latest(request.app.state.metrics_registry)
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)
