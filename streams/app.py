"""The Faust app: two stages, thin agents that decode, call pure functions and write in batches.

Topology
    grid.<grid>.events, hub.reports --intake (normalise, place, route)--> hub.placed-reports
        (one envelope per township per batch, keyed by township)
    hub.placed-reports --record (de-duplicate, open cases; one transaction per batch)--> database
    anything unprocessable ----------------------------------------> hub.dead-letters
    database --projector (events, outbox, KPI facts; streams/projector.py)--> hub.case-events

The agents are streams/intake.py and streams/record.py; this module only wires them.
Guarantee: at least once. Intake batches are acked after their envelopes are handed to the
producer (Faust flushes the producer before it commits offsets); record batches are acked
after their transaction commits. Writes are idempotent (derived ids), so a redelivered batch
is harmless. An agent that fails (a failure no single message explains) is not restarted in
place: a restarted agent would take and ack what follows the messages the failed one left
unacked, and Faust may commit over such a gap. The worker stops instead (``on_failure``) and
its process supervisor starts it again, from the last commit.

Stages run in one worker by default; HUB_STREAM_STAGES runs one of them alone (its own
consumer group), to spread them over processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import faust
from faust.transport.drivers import aiokafka as faust_aiokafka
from sqlalchemy import Engine

from config import HubSettings
from contracts.topics import (
    DEAD_LETTERS,
    NATIVE_TOPICS,
    PLACED_REPORTS,
    REPORTS,
)
from dispatch.adapters.pii import sealer_from_settings
from grid.adapters.active import ActiveRegistry
from streams import collector, metrics
from streams.deadletter import dead_letter
from streams.failures import describe
from streams.intake import decoders, run_intake
from streams.normalise import UnprocessableMessage
from streams.policies import dedupe_policy, sla_policy
from streams.record import RecordStage, RecordWriter

log = logging.getLogger(__name__)

STAGES = ("intake", "record")


def faust_broker_url(bootstrap: str) -> str:
    return ";".join(f"kafka://{host}" for host in bootstrap.split(","))


def faust_options(settings: HubSettings) -> dict[str, Any]:
    """The Faust app settings of every GridHub stream app (the benchmarks' trivial agents use
    the same, so the ceilings they measure are the hub's)."""
    return {
        "broker": faust_broker_url(settings.bootstrap_servers),
        "store": "memory://",
        "processing_guarantee": "at_least_once",
        "topic_partitions": settings.topic_partitions,
        "topic_replication_factor": settings.topic_replication,
        "consumer_auto_offset_reset": "earliest",
        "broker_rebalance_timeout": settings.stream_rebalance_timeout,
        "broker_session_timeout": settings.stream_session_timeout,
        "broker_heartbeat_interval": settings.stream_heartbeat_interval,
        "web_enabled": False,
        "datadir": str(settings.data_dir / "faust"),
        "producer_acks": -1,
        "stream_buffer_maxsize": settings.stream_buffer_maxsize,
        "broker_max_poll_records": settings.stream_max_poll_records,
        "producer_linger_ms": settings.stream_producer_linger_ms,
        "producer_max_batch_size": settings.stream_producer_batch_bytes,
        "broker_commit_interval": settings.stream_commit_interval,
    }


def limit_fetch_wait(milliseconds: int, min_bytes: int = 1) -> None:
    """Faust builds its consumer with fetch_max_wait_ms=1500, fixed. The embedded broker
    answers a fetch only when that wait is over even if records arrived meanwhile, which
    adds up to 1.5 s to each of the hub's two hops (measured: a median of 369 ms per hop at
    1500, 5 ms at 100). Kafka answers as soon as there is data, so a short wait costs it
    nothing but a few more empty fetches while idle. ``min_bytes``: how much a fetch waits
    for (up to that wait) before it is answered. Applied once per process, before the app's
    consumer is built."""
    global _FETCH_WAIT_MS, _FETCH_MIN_BYTES
    if _FETCH_WAIT_MS is None:
        original = faust_aiokafka.AIOKafkaConsumerThread._create_worker_consumer

        def create(self: Any, transport: Any) -> Any:
            consumer = original(self, transport)
            consumer._fetch_max_wait_ms = _FETCH_WAIT_MS  # read when the consumer starts
            consumer._fetch_min_bytes = _FETCH_MIN_BYTES
            return consumer

        faust_aiokafka.AIOKafkaConsumerThread._create_worker_consumer = create  # type: ignore[method-assign]
    _FETCH_WAIT_MS, _FETCH_MIN_BYTES = milliseconds, min_bytes


_FETCH_WAIT_MS: int | None = None
_FETCH_MIN_BYTES = 1


def stages_of(settings: HubSettings) -> tuple[str, ...]:
    chosen = tuple(s.strip() for s in settings.stream_stages.split(",") if s.strip())
    unknown = set(chosen) - set(STAGES)
    if unknown or not chosen:
        raise ValueError(f"HUB_STREAM_STAGES: unknown {sorted(unknown)}; choose from {STAGES}")
    return tuple(s for s in STAGES if s in chosen)


def create_stream_app(
    settings: HubSettings,
    engine: Engine,
    on_commit: Callable[[], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> faust.App:
    """``on_commit`` is called after each record batch commits (wakes a projector);
    ``on_failure`` when an agent fails (stops the worker; without it the failed agent is held,
    acking nothing, until the worker is restarted)."""
    stages = stages_of(settings)
    limit_fetch_wait(settings.stream_fetch_max_wait_ms, settings.stream_fetch_min_bytes)
    app_id = settings.topic_prefix + settings.stream_app_id
    if stages != STAGES:  # a stage alone is its own consumer group
        app_id += "-" + stages[0]
    app = faust.App(app_id, **faust_options(settings))
    raw: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}
    reports_name = settings.topic(REPORTS.name)
    native = {settings.topic(spec.name): grid for grid, spec in NATIVE_TOPICS.items()}
    placed_topic = app.topic(settings.topic(PLACED_REPORTS.name), **raw)
    dead_letter_topic = app.topic(settings.topic(DEAD_LETTERS.name), **raw)
    registry = ActiveRegistry(engine)
    registry_ready = asyncio.Event()

    async def failing_loudly(
        stage: str, stream: faust.StreamT, work: Callable[[faust.StreamT], Awaitable[None]]
    ) -> None:
        try:
            await work(stream)
        except Exception as exc:
            log.critical("the %s agent failed: %s", stage, describe(exc), exc_info=exc)
            # What this agent left unacked never will be: the stop must not wait for it (it
            # commits the acked offsets, a prefix of what was taken, and flushes the producer).
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Faust warns on any setting changed late
                app.conf.stream_wait_empty = False
            if on_failure is not None:
                on_failure(exc)
            else:
                log.critical("the %s agent is held: restart the worker", stage)
            # Not restarted (Faust's default supervisor would: the new agent would ack what
            # follows the messages this one left unacked), nor idle (its full stream buffer
            # would hold the stop): it takes what still arrives and acks none of it.
            async with contextlib.aclosing(stream.noack_take(1000, within=1.0)) as taking:
                async for _ in taking:
                    stream.enable_acks = False  # whatever closed before us may have reset it

    sealer = sealer_from_settings(settings)

    async def send_dead_letter(
        event: faust.EventT, error: UnprocessableMessage, value: bytes | None
    ) -> None:
        """The message (or, for one report of an envelope, that report) with the reason."""
        message = event.message
        letter = dead_letter(
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=message.key,
            value=message.value if value is None else value,
            error=error,
            now=datetime.now(UTC),
            seal=sealer.seal_bytes,
        )
        metrics.DEAD_LETTERED.labels(message.topic).inc()
        log.warning(
            "dead-lettered %s[%d]@%d: %s",
            message.topic,
            message.partition,
            message.offset,
            letter.reason[:300],  # with any phone number masked, like the letter
        )
        await dead_letter_topic.send(
            key=message.topic.encode(), value=letter.model_dump_json().encode()
        )

    async def refresh_registry() -> None:
        before = registry.current
        try:
            loaded = await asyncio.get_running_loop().run_in_executor(None, registry.refresh)
        except Exception:  # the database is away or the data is bad: keep the one in use
            log.exception("could not refresh the address registry; keeping the current one")
            return
        if loaded is not None and loaded is not before:
            log.info("address registry %s in use", loaded.version)
            collector.freeze_long_lived()  # streams/collector.py says why
            collector.set_thresholds(settings.stream_gc_gen0)

    @app.task
    async def load_registry() -> None:
        try:
            await refresh_registry()
        finally:
            registry_ready.set()

    @app.timer(interval=settings.registry_refresh_seconds)
    async def reload_registry() -> None:
        await refresh_registry()

    @app.on_partitions_assigned.connect
    async def count_assigned(app: faust.App, assigned: Any, **_: Any) -> None:
        # Read by `gridhub up`, which starts the demo traffic once a worker consumes.
        metrics.ASSIGNED_PARTITIONS.set(len(app.consumer.assignment()))

    if "intake" in stages:

        async def send_envelope(township: str, envelope: bytes) -> None:
            await placed_topic.send(key=township.encode(), value=envelope)

        @app.agent(app.topic(*native, reports_name, **raw), name="intake")
        async def intake(stream: faust.StreamT) -> None:
            await registry_ready.wait()
            await failing_loudly(
                "intake",
                stream,
                lambda stream: run_intake(
                    stream,
                    decoders=decoders(native, reports_name, sealer.seal_report, sealer.pseudonym),
                    registry=registry,
                    send_envelope=send_envelope,
                    send_dead_letter=send_dead_letter,
                    batch_size=settings.stream_batch_size,
                    within=settings.stream_batch_seconds,
                ),
            )

    if "record" in stages:
        writer = RecordWriter(
            engine, sla_policy(settings), dedupe_policy(settings), registry, on_commit
        )
        app.state_writer = writer  # type: ignore[attr-defined]

        @app.agent(placed_topic, name="record")
        async def record(stream: faust.StreamT) -> None:
            await registry_ready.wait()
            stage = RecordStage(
                writer,
                send_dead_letter,
                batch_size=settings.stream_batch_size,
                within=settings.stream_batch_seconds,
                idle_within=settings.stream_batch_idle_seconds,
                max_in_flight=settings.stream_max_in_flight,
                rest_share=settings.stream_writer_rest_share,
            )
            await failing_loudly("record", stream, stage.run)

        @app.on_partitions_revoked.connect
        async def forget_open_cases(app: faust.App, revoked: Any, **_: Any) -> None:
            writer.request_reset()  # other townships may come: load them afresh

        @app.on_partitions_assigned.connect
        async def reload_open_cases(app: faust.App, assigned: Any, **_: Any) -> None:
            writer.request_reset()

    return app
