"""The FastAPI application factory."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from prometheus_client import Counter, Histogram
from sqlalchemy import Engine

from api import errors
from api.guard import BodyLimits, RequestGuard, StreamedBodyGuard
from api.live import CaseFeed
from api.login_limits import LoginLimits
from api.routers import (
    attachments,
    auth,
    cases,
    console,
    events,
    health,
    kpi,
    metrics,
    open311,
    registry,
    reports,
    subscriptions,
    users,
    work,
)
from api.security import PasswordHasher, signing_secret
from api.stream_health import LagCache
from config import HubSettings
from contracts.topics import CASE_EVENTS, REPORTS
from dispatch.adapters.db import make_engine
from dispatch.adapters.facts import FactsReader
from dispatch.adapters.pii import sealer_from_settings
from dispatch.adapters.storage import LocalBlobStore
from dispatch.integration import DEFAULT_WEIGHTS
from dispatch.services import TopicNames
from dispatch.sla import configured_policy
from grid.adapters.active import ActiveRegistry
from streams.notifier import Notifier
from streams.relay import OutboxRelay

HTTP_REQUESTS = Counter(
    "gridhub_http_requests_total", "HTTP requests", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram("gridhub_http_request_seconds", "HTTP request latency", ["route"])


def create_app(
    settings: HubSettings,
    engine: Engine | None = None,
    *,
    run_relay: bool = True,
    run_notifier: bool | None = None,
) -> FastAPI:
    """Build the API. `run_relay` starts the outbox relay with it (off for relay-less tests);
    `run_notifier` the webhook notifier (default: with the relay, if settings allow it)."""
    if run_notifier is None:
        run_notifier = run_relay and settings.notifier_enabled
    engine = engine or make_engine(settings.effective_database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load the KPI facts in the background: the first supervisor does not wait for it.
        threading.Thread(target=app.state.facts.current, name="kpi-load", daemon=True).start()
        # And the address registry: the first request that needs it would wait for it (more
        # than the usual client timeout of 10 s for the demo registry).
        threading.Thread(
            target=_warm, args=(app.state.registry,), name="registry-load", daemon=True
        ).start()
        relay = None
        if run_relay:
            relay = OutboxRelay.from_settings(engine, settings)
            relay.start()
        app.state.relay = relay
        notifier = None
        if run_notifier:
            notifier = Notifier.from_settings(engine, settings)
            notifier.start()
        app.state.notifier = notifier
        try:
            yield
        finally:
            app.state.case_feed.stop()
            if notifier is not None:
                notifier.stop()
            if relay is not None:
                relay.stop()

    app = FastAPI(
        title="GridHub",
        version="0.1.0",
        summary="One event hub for the political-legal, environment, market and urban grids.",
        lifespan=lifespan,
        # Served from this process (api/routers/console.py), with no CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.openapi = errors.document_errors(app)  # type: ignore[method-assign]
    app.state.settings = settings
    app.state.engine = engine
    app.state.topics = TopicNames(
        reports=settings.topic(REPORTS.name), case_events=settings.topic(CASE_EVENTS.name)
    )
    app.state.lag = LagCache(settings)
    app.state.metrics_registry = metrics.database_registry(engine, settings, app.state.lag)
    errors.install(app)
    open311.install(app)
    app.state.registry = ActiveRegistry(engine)
    app.state.auth_secret = signing_secret(settings)
    app.state.sealer = sealer_from_settings(settings)
    app.state.hasher = PasswordHasher(settings.auth_scrypt_n, settings.auth_hash_concurrency)
    app.state.login_limits = LoginLimits.from_settings(settings)
    app.state.sla = configured_policy(
        settings.sla_working_hours,
        settings.sla_holidays,
        settings.sla_extra_workdays,
        settings.sla_escalate_after_hours,
    )
    app.state.facts = FactsReader(engine, settings.kpi_refresh_seconds)
    unknown = set(settings.kpi_fusion_weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValueError(
            f"HUB_KPI_FUSION_WEIGHTS: unknown dimensions {sorted(unknown)}; "
            f"known: {sorted(DEFAULT_WEIGHTS)}"
        )
    app.state.fusion_weights = DEFAULT_WEIGHTS | settings.kpi_fusion_weights
    app.state.blobs = LocalBlobStore(settings.effective_attachments_dir)
    app.state.case_feed = CaseFeed(engine, settings.console_poll_seconds)
    routers = (
        auth, reports, attachments, cases, work, events, kpi, registry, users, console,
        subscriptions,
    )  # fmt: skip
    for module in (*routers, health, metrics):
        app.include_router(module.router)
    app.include_router(users.admin)
    app.include_router(open311.clients)
    app.include_router(open311.discovery_router)
    app.include_router(open311.router)
    app.include_router(console.pages)
    app.mount("/static", StaticFiles(directory=console.STATIC), name="static")
    # Added first: the innermost, where endpoints read streamed bodies (api/guard.py says why).
    app.add_middleware(StreamedBodyGuard)
    app.add_middleware(GZipMiddleware, minimum_size=2048)

    @app.middleware("http")
    async def page_policy(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if response.headers.get("content-type", "").startswith("text/html"):
            # Pages may load and connect to this origin only (the console works offline).
            response.headers["Content-Security-Policy"] = console.CONTENT_SECURITY_POLICY
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["Referrer-Policy"] = "same-origin"
        return response

    @app.middleware("http")
    async def count_requests(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        HTTP_REQUESTS.labels(request.method, path, str(response.status_code)).inc()
        HTTP_LATENCY.labels(path).observe(time.perf_counter() - started)
        return response

    # Added last: the outermost, so it runs before any other middleware and any endpoint.
    app.add_middleware(RequestGuard, limits=body_limits(settings))
    return app


def _warm(registry: ActiveRegistry) -> None:
    try:
        registry.refresh()
    except Exception:  # a database not there yet: the first request loads it then
        logging.getLogger(__name__).warning("registry not loaded at start-up", exc_info=True)


MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around an uploaded file


def body_limits(settings: HubSettings) -> BodyLimits:
    """The documented upload endpoints take more than the default."""
    return BodyLimits(
        default=settings.api_max_body_bytes,
        by_route={
            ("POST", "/attachments"): settings.upload_max_bytes + MULTIPART_OVERHEAD,
            ("POST", "/registry/import"): settings.registry_import_max_bytes,
        },
    )
