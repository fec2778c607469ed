"""The Faust app: thin agents that decode, call pure functions and write in batches.

Topology
    grid.<grid>.events --normalise_<grid> (normalise, place, route)--> hub.placed-reports
    hub.reports (POST /reports, via the outbox) --place_reports--> hub.placed-reports
    hub.placed-reports --record_reports--> database
    anything unprocessable ------------------> hub.dead-letters (reason + original bytes)

Placing resolves each report against the active address registry (read from the database at
start and re-read when another version is activated) and routes it by the responsibility
list; an unplaceable report goes on, marked unplaced with the reason. Native events are
placed in the same agent that normalises them: a Kafka hop costs more than the placing.

Guarantee: at_least_once. Faust acks a batch from take_events() even if the body raises, so
the body never raises: bad messages are dead-lettered, database failures are retried.
Writes are idempotent (derived ids, ON CONFLICT DO NOTHING), so a redelivered batch is harmless.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from typing import Any

import faust
from prometheus_client import Counter
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from config import HubSettings
from contracts.common import GridCode
from contracts.deadletter import FailedStage
from contracts.placement import PlacedReport
from contracts.report import IncidentReport
from contracts.topics import CASE_EVENTS, DEAD_LETTERS, NATIVE_TOPICS, PLACED_REPORTS, REPORTS
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.services import TopicNames, record_reports, sweep_overdue
from grid.adapters.active import ActiveRegistry
from grid.placing import without_registry
from streams.deadletter import dead_letter
from streams.normalise import (
    UnprocessableMessage,
    decode_placed_report,
    decode_report,
    normalise,
)
from streams.policies import dedupe_policy, sla_policy

log = logging.getLogger(__name__)

NORMALISED = Counter("gridhub_stream_normalised_total", "Native events normalised", ["grid"])
DEAD_LETTERED = Counter("gridhub_stream_dead_lettered_total", "Messages dead-lettered", ["topic"])
CASES_OPENED = Counter("gridhub_stream_cases_opened_total", "Cases opened by the stream")
REPORTS_STORED = Counter("gridhub_stream_reports_stored_total", "Reports stored by the stream")
PLACED = Counter(
    "gridhub_stream_placed_total", "Reports placed and routed", ["place_status", "route_status"]
)
OVERDUE_MARKED = Counter("gridhub_cases_marked_overdue_total", "Cases found past a deadline")
ESCALATED = Counter("gridhub_cases_escalated_total", "Cases escalated automatically")
PLACE_YIELD_EVERY = 100  # hand the event loop back this often while placing a batch


def _now() -> datetime:
    return datetime.now(UTC)


def faust_broker_url(bootstrap: str) -> str:
    return ";".join(f"kafka://{host}" for host in bootstrap.split(","))


def create_stream_app(settings: HubSettings, engine: Engine) -> faust.App:
    app = faust.App(
        f"{settings.topic_prefix}{settings.stream_app_id}",
        broker=faust_broker_url(settings.bootstrap_servers),
        store="memory://",
        processing_guarantee="at_least_once",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        consumer_auto_offset_reset="earliest",
        broker_rebalance_timeout=settings.stream_rebalance_timeout,
        broker_session_timeout=settings.stream_session_timeout,
        broker_heartbeat_interval=settings.stream_heartbeat_interval,
        web_enabled=False,
        datadir=str(settings.data_dir / "faust"),
        producer_acks=-1,
    )
    topics = TopicNames(
        reports=settings.topic(REPORTS.name),
        case_events=settings.topic(CASE_EVENTS.name),
    )
    raw: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}
    reports_topic = app.topic(topics.reports, **raw)
    placed_topic = app.topic(settings.topic(PLACED_REPORTS.name), **raw)
    registry = ActiveRegistry(engine)
    first_load_done = asyncio.Event()  # placing waits for the first attempt
    dedupe = dedupe_policy(settings)
    sla = sla_policy(settings)
    dead_letter_topic = app.topic(settings.topic(DEAD_LETTERS.name), **raw)
    db_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gridhub-db")
    batch_size, within = settings.stream_batch_size, settings.stream_batch_seconds

    async def send_dead_letter(event: faust.EventT, error: UnprocessableMessage) -> None:
        message = event.message
        letter = dead_letter(
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=message.key,
            value=message.value,
            error=error,
            now=_now(),
        )
        DEAD_LETTERED.labels(message.topic).inc()
        log.warning(
            "dead-lettered %s[%d]@%d: %s",
            message.topic,
            message.partition,
            message.offset,
            error.reason,
        )
        await dead_letter_topic.send(
            key=message.topic.encode(), value=letter.model_dump_json().encode()
        )

    @app.timer(interval=settings.overdue_sweep_seconds)
    async def sweep() -> None:
        """Mark overdue cases and escalate those overdue too long (every worker may run it:
        rows are locked and skipped, so no case is marked twice)."""
        try:
            result = await asyncio.get_running_loop().run_in_executor(
                db_writer,
                partial(
                    sweep_overdue,
                    SqlUnitOfWork(engine),
                    topics,
                    _now(),
                    sla,
                    registry.escalates_to,
                ),
            )
        except Exception:  # the database is away: the next sweep catches up
            log.exception("overdue sweep failed")
            return
        OVERDUE_MARKED.inc(result.marked_overdue)
        ESCALATED.inc(result.escalated)

    async def refresh_registry() -> None:
        before = registry.current
        try:
            loaded = await asyncio.get_running_loop().run_in_executor(db_writer, registry.refresh)
        except Exception:  # the database is away or the data is bad: keep the one in use
            log.exception("could not refresh the address registry; keeping the current one")
            return
        if loaded is not None and loaded is not before:
            log.info("address registry %s in use", loaded.version)

    @app.task
    async def load_registry() -> None:
        try:
            await refresh_registry()
        finally:
            first_load_done.set()

    @app.timer(interval=settings.registry_refresh_seconds)
    async def reload_registry() -> None:
        await refresh_registry()

    async def place_and_send(event: faust.EventT, report: IncidentReport, index: int) -> None:
        """Place and route one report (pure CPU work) and hand it to the record stage."""
        loaded, now = registry.current, _now()
        placer = loaded.placer if loaded else None
        try:
            placed = placer.place(report, now) if placer else without_registry(report, now)
        except Exception as exc:  # a bug must not stop the stream: keep the report and say why
            log.exception("placing report %s failed", report.report_id)
            await send_dead_letter(
                event, UnprocessableMessage(FailedStage.PLACE, f"placing failed: {exc!r}")
            )
            return
        PLACED.labels(placed.placement.status.value, placed.route.status.value).inc()
        # Keyed by township: the reports of one place meet in one partition, in order.
        key = placed.placement.township or "unplaced"
        await placed_topic.send(key=key.encode(), value=placed.model_dump_json().encode())
        if index % PLACE_YIELD_EVERY == PLACE_YIELD_EVERY - 1:
            await asyncio.sleep(0)  # placing is CPU work: let the loop breathe

    def make_normaliser(grid: GridCode) -> Callable[[faust.StreamT], Awaitable[None]]:
        async def normalise_grid(stream: faust.StreamT) -> None:
            await first_load_done.wait()
            async for events in stream.take_events(batch_size, within=within):
                for index, event in enumerate(events):
                    try:
                        report = normalise(grid, event.message.value)
                    except UnprocessableMessage as error:
                        await send_dead_letter(event, error)
                        continue
                    await place_and_send(event, report, index)
                NORMALISED.labels(grid.value).inc(len(events))

        normalise_grid.__name__ = f"normalise_{grid.value}"
        return normalise_grid

    for grid, spec in NATIVE_TOPICS.items():
        app.agent(app.topic(settings.topic(spec.name), **raw), name=f"normalise_{grid.value}")(
            make_normaliser(grid)
        )

    @app.agent(reports_topic, name="place_reports")
    async def place(stream: faust.StreamT) -> None:
        await first_load_done.wait()
        async for events in stream.take_events(batch_size, within=within):
            for index, event in enumerate(events):
                try:
                    report = decode_report(event.message.value)
                except UnprocessableMessage as error:
                    await send_dead_letter(event, error)
                    continue
                await place_and_send(event, report, index)

    async def write(batch: Sequence[PlacedReport]) -> None:
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            db_writer,
            partial(record_reports, batch, SqlUnitOfWork(engine), topics, _now(), sla, dedupe),
        )
        REPORTS_STORED.inc(result.new_reports)
        CASES_OPENED.inc(result.new_cases)

    async def write_with_retry(pairs: list[tuple[faust.EventT, PlacedReport]]) -> None:
        """Retry while the database is unreachable; isolate a report it refuses."""
        delay = 0.5
        while True:
            try:
                await write([report for _, report in pairs])
                return
            except OperationalError as exc:  # connection lost, database locked: transient
                log.warning("database unavailable (%s); retrying in %.1fs", exc.orig, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 15.0)
            except (DBAPIError, ValueError) as exc:
                if len(pairs) == 1:
                    event, _ = pairs[0]
                    await send_dead_letter(
                        event, UnprocessableMessage(FailedStage.PERSIST, f"database refused: {exc}")
                    )
                    return
                middle = len(pairs) // 2
                await write_with_retry(pairs[:middle])
                await write_with_retry(pairs[middle:])
                return

    @app.agent(placed_topic, name="record_reports")
    async def record(stream: faust.StreamT) -> None:
        async for events in stream.take_events(batch_size, within=within):
            decoded: list[tuple[faust.EventT, PlacedReport]] = []
            for event in events:
                try:
                    decoded.append((event, decode_placed_report(event.message.value)))
                except UnprocessableMessage as error:
                    await send_dead_letter(event, error)
            if decoded:
                await write_with_retry(decoded)

    return app
