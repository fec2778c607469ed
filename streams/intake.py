"""The intake stage: every grid's native events and the API's reports in; each normalised,
placed and routed, and the reports of each township handed on in one envelope per batch.

One agent reads the four native topics and hub.reports. Everything it does with one message
is inside one ``try``: whatever goes wrong with that message (malformed, an unknown version,
a bug it triggers) sends it to the dead-letter topic with the reason and the batch goes on.
A batch is acked once its envelopes were handed to the producer, never before.
Placed reports are keyed by township, so the reports of one place reach one record worker,
in order (the township is "unplaced" when the registry could not place it). Every report's
personal fields are sealed (dispatch/privacy.py) before it goes on: the grids' own topics carry
them in clear, the hub's topics and tables never do.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime

import faust

from contracts.common import GridCode
from contracts.deadletter import FailedStage
from contracts.placement import PlacedReport
from contracts.report import IncidentReport
from grid.adapters.active import ActiveRegistry
from grid.placing import without_registry
from streams import metrics
from streams.envelopes import MAX_ENVELOPE_BYTES, envelopes
from streams.failures import describe
from streams.normalise import Digest, UnprocessableMessage, decode_report, normalise

log = logging.getLogger(__name__)

YIELD_EVERY = 100  # hand the event loop back this often: placing is CPU work

Decoder = Callable[[bytes | None], IncidentReport]
Sealing = Callable[[IncidentReport], IncidentReport]
DeadLetterSender = Callable[[faust.EventT, UnprocessableMessage, bytes | None], Awaitable[None]]
EnvelopeSender = Callable[[str, bytes], Awaitable[None]]


def decoders(
    native_topics: Mapping[str, GridCode], reports_topic: str, seal: Sealing, digest: Digest
) -> dict[str, Decoder]:
    """topic name -> the function that turns its messages into unified reports, sealed (the
    API's reports come sealed already; sealing leaves a sealed value as it is). ``digest``
    keys the ids derived from personal data."""
    found: dict[str, Decoder] = {reports_topic: lambda raw: seal(decode_report(raw))}
    for topic, grid in native_topics.items():
        found[topic] = lambda raw, grid=grid: seal(normalise(grid, raw, digest))  # type: ignore[misc]
    return found


def place(
    registry: ActiveRegistry, report: IncidentReport, received_at: datetime | None
) -> PlacedReport:
    loaded, now = registry.current, datetime.now(UTC)
    placed = loaded.placer.place(report, now) if loaded else without_registry(report, now)
    return placed.model_copy(update={"received_at": received_at}) if received_at else placed


def message_time(event: faust.EventT) -> datetime | None:
    stamp = event.message.timestamp
    return datetime.fromtimestamp(stamp, UTC) if stamp and stamp > 0 else None


async def run_intake(
    stream: faust.StreamT,
    *,
    decoders: Mapping[str, Decoder],
    registry: ActiveRegistry,
    send_envelope: EnvelopeSender,
    send_dead_letter: DeadLetterSender,
    batch_size: int,
    within: float,
) -> None:
    # noack_take, acked below: take_events acks a batch even when its body raised or was
    # cancelled half way (the worker stopping), and the rest of that batch would be lost.
    # Closed at once when the loop ends: Faust restores the stream's acking only then.
    async with contextlib.aclosing(stream.noack_take(batch_size, within=within)) as taking:
        async for events in taking:
            await _forward(events, decoders, registry, send_envelope, send_dead_letter)
            for event in events:  # Faust flushes the producer before it commits these
                await stream.ack(event)
            metrics.NORMALISED.labels("intake").inc(len(events))


async def _forward(
    events: list[faust.EventT],
    decoders: Mapping[str, Decoder],
    registry: ActiveRegistry,
    send_envelope: EnvelopeSender,
    send_dead_letter: DeadLetterSender,
) -> None:
    """Normalise, place and route one batch; hand its envelopes to the producer."""
    by_township: dict[str, list[bytes]] = {}
    for index, event in enumerate(events):
        topic = event.message.topic
        try:
            report = decoders[topic](event.message.value)
            placed = place(registry, report, message_time(event))
            document = placed.model_dump_json().encode()
        except UnprocessableMessage as error:
            await send_dead_letter(event, error, None)
            continue
        except Exception as exc:  # anything else about this one message
            log.warning(
                "message %s[%d]@%d failed: %s",
                topic,
                event.message.partition,
                event.message.offset,
                describe(exc),
            )
            await send_dead_letter(
                event, UnprocessableMessage(FailedStage.PLACE, describe(exc)), None
            )
            continue
        if len(document) > MAX_ENVELOPE_BYTES:
            await send_dead_letter(
                event,
                UnprocessableMessage(
                    FailedStage.NORMALISE,
                    f"placed report of {len(document)} bytes exceeds the "
                    f"{MAX_ENVELOPE_BYTES}-byte limit of the hub's internal topic",
                ),
                None,
            )
            continue
        metrics.PLACED.labels(placed.placement.status.value, placed.route.status.value).inc()
        by_township.setdefault(placed.placement.township or "unplaced", []).append(document)
        if index % YIELD_EVERY == YIELD_EVERY - 1:
            await asyncio.sleep(0)
    for township, documents in by_township.items():
        for envelope in envelopes(township, documents):
            await send_envelope(township, envelope)
            metrics.ENVELOPES.inc()
