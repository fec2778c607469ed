"""GET /metrics in the Prometheus text format."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine

from dispatch.adapters import views

router = APIRouter(tags=["operations"])


class DatabaseCollector(Collector):
    """Figures that live in the database, so every API replica reports the same."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
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


def database_registry(engine: Engine) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(engine))
    return registry


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    body = generate_latest(REGISTRY) + generate_latest(request.app.state.metrics_registry)
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)
