"""The record stage: placed-report envelopes in, cases committed, offsets acked after commit.

The agent takes envelopes without acking them (``noack_take``), decodes them, and gathers them
into one batch for one writer thread. The batch is adaptive (``streams/batching.py``): when the
writer is idle it is handed over as soon as a short gather ends (``idle_within``); while the
writer is busy everything that arrives joins the one gathered batch, which is handed over the
moment the write ends, so under load a batch is what arrived during the last write and each
batch's fixed cost (a transaction, locks, a projector run) is paid once for all of it. A full
batch (``batch_size`` messages, or 20 times as many reports: ``gathered_size``), or one that
has waited ``within``, is handed over even while the writer is busy; at most
``max_in_flight`` batches are handed over and not yet settled, and a full gathered batch stops
the taking until it is handed over, so memory stays bounded. The event loop never waits on the
database. A batch's messages are acked only after its transaction committed, in the order
taken: a worker killed in between gets them again, and writes are idempotent (derived ids,
reports already in a case are left alone). A worker that stops leaves the batch it was
gathering unacked.

Acks are always a prefix of what was taken: once a batch is not acked (the worker stops while
the database is away, or a write fails outside the per-report isolation) nothing after it is
acked either. Faust commits the longest run of acked offsets and checks the gap in front of it
loosely (a single unacked message right after the committed offset, or any gap on a partition
never committed, is committed over), so acking past an unacked batch could lose it. A failure
outside the per-report isolation fails the agent (the worker then stops and is restarted:
everything since the last commit is delivered again).

The writer decides with the open cases of its townships held in memory
(dispatch/open_cases.py). A transient failure (streams/failures.py) is retried with backoff;
any other failure is about some report of the batch: the batch is split until the report is
found, which is dead-lettered with the reason, and the rest is written.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Protocol

import faust
from sqlalchemy import Engine

from contracts.deadletter import FailedStage
from contracts.placement import PlacedReport
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.dedupe import DedupePolicy
from dispatch.open_cases import OpenCasesInMemory
from dispatch.services import RecordResult, record_reports
from dispatch.sla import SlaPolicy
from grid.adapters.active import ActiveRegistry
from streams import metrics
from streams.batching import gathered_size, submit_in
from streams.envelopes import BadEnvelope, decode_envelope
from streams.failures import describe, is_transient
from streams.normalise import UnprocessableMessage

log = logging.getLogger(__name__)

DeadLetterSender = Callable[[faust.EventT, UnprocessableMessage, bytes | None], Awaitable[None]]


@dataclass
class Refused:
    """A report that could not be recorded (the database refused it, or deciding on it raised),
    found by splitting its batch."""

    report: PlacedReport
    reason: str


@dataclass
class Written:
    result: RecordResult | None
    refused: list[Refused] = field(default_factory=list)


class RecordStageFailed(Exception):
    """A part of the record stage failed outside the per-report isolation: the batches taken
    since the last ack are left unacked and the agent fails with this."""


class Stopping(Exception):
    """The worker is stopping while the database is away: the batch is left unacked."""


def _now() -> datetime:
    return datetime.now(UTC)


class RecordWriter:
    """Writes batches in order on one thread; owns the in-memory open cases."""

    def __init__(
        self,
        engine: Engine,
        sla: SlaPolicy,
        dedupe: DedupePolicy | None,
        registry: ActiveRegistry,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._on_commit = on_commit
        self._sla = sla
        self._dedupe = dedupe
        self._registry = registry
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gridhub-record")
        self._stop = threading.Event()
        self._reset = threading.Event()
        self._registry_version: str | None = None
        self._broken: Exception | None = None  # a write failed outside the isolation
        self.open_cases: OpenCasesInMemory | None = None

    def submit(self, batch: Sequence[PlacedReport]) -> asyncio.Future[Written]:
        return asyncio.get_running_loop().run_in_executor(self._thread, self.write, batch)

    def request_reset(self) -> None:
        """Partitions moved: forget the open cases held (the writer reloads as needed)."""
        self._reset.set()

    def stop_retrying(self) -> None:
        """The worker is stopping: a write waiting for the database gives up (``Stopping``)
        instead of holding the stop; a write under way ends as it would."""
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        self._thread.shutdown(wait=True, cancel_futures=False)

    # -- on the writer thread ------------------------------------------------------------
    def write(self, batch: Sequence[PlacedReport]) -> Written:
        if self._broken is not None:
            # Batches queued behind a failed one are not written out of order with it: the
            # worker stops, and all of them come again after it.
            raise RecordStageFailed(f"an earlier batch failed ({describe(self._broken)})")
        try:
            return self._write(batch)
        except Stopping:
            raise
        except Exception as exc:
            self._broken = exc
            raise

    def _write(self, batch: Sequence[PlacedReport]) -> Written:
        started = time.perf_counter()
        self._current_open_cases()
        written = self._write_isolating(list(batch))
        if self._on_commit is not None:
            self._on_commit()
        metrics.WRITE_SECONDS.observe(time.perf_counter() - started)
        metrics.BATCH_REPORTS.observe(len(batch))
        if self.open_cases is not None:
            self.open_cases.expire(_now())
            metrics.INDEX_ENTRIES.set(len(self.open_cases.index))
        return written

    def _current_open_cases(self) -> None:
        if self._dedupe is None:
            return
        loaded = self._registry.current
        version = loaded.version if loaded else None
        if self.open_cases is None or version != self._registry_version or self._reset.is_set():
            self._reset.clear()
            self._registry_version = version
            township_of, cells_of = _township_maps(loaded)
            self.open_cases = OpenCasesInMemory(self._dedupe, township_of, cells_of)

    def _write_isolating(self, batch: list[PlacedReport]) -> Written:
        try:
            return Written(self._write_retrying(batch))
        except Stopping:
            raise
        except Exception as exc:
            if self.open_cases is not None:
                self.open_cases.reset()  # memory may be ahead of what was committed
            if len(batch) == 1:
                log.warning("report %s refused: %s", batch[0].report.report_id, describe(exc))
                return Written(None, [Refused(batch[0], describe(exc))])
            middle = len(batch) // 2
            first, second = (
                self._write_isolating(batch[:middle]),
                self._write_isolating(batch[middle:]),
            )
            return Written(_sum(first.result, second.result), first.refused + second.refused)

    def _write_retrying(self, batch: list[PlacedReport]) -> RecordResult:
        delay = 0.2
        while True:
            try:
                return record_reports(
                    batch,
                    SqlUnitOfWork(self._engine),
                    _now(),
                    self._sla,
                    self._dedupe,
                    self.open_cases,
                )
            except Exception as exc:
                if not is_transient(exc):
                    raise
                metrics.WRITE_RETRIES.inc()
                log.warning("database unavailable (%s); retrying in %.1fs", describe(exc), delay)
                if self.open_cases is not None:
                    self.open_cases.reset()
                if self._stop.wait(delay):
                    raise Stopping() from exc
                delay = min(delay * 2, 10.0)


def _sum(a: RecordResult | None, b: RecordResult | None) -> RecordResult | None:
    if a is None or b is None:
        return a or b
    return RecordResult(
        new_reports=a.new_reports + b.new_reports,
        new_cases=a.new_cases + b.new_cases,
        replayed=a.replayed + b.replayed,
        merged=a.merged + b.merged,
        suggested=a.suggested + b.suggested,
    )


def _township_maps(
    loaded: object,
) -> tuple[Callable[[str], str | None], Callable[[str], Sequence[str]]]:
    """cell -> township and township -> cells, from the registry held (none: nothing kept)."""
    places = getattr(getattr(loaded, "placer", None), "places", None)
    if places is None:
        return (lambda _: None), (lambda _: ())
    township_of: dict[str, str] = {}
    cells_of: dict[str, list[str]] = {}
    for code in sorted(places.cells):
        township = places.township_of(code)
        if township:
            township_of[code] = township
            cells_of.setdefault(township, []).append(code)
    return township_of.get, (lambda t: cells_of.get(t, ()))


@dataclass
class Taken:
    """A batch handed to the writer: its messages, their reports, and the write under way."""

    events: list[faust.EventT]
    reports: list[tuple[faust.EventT, PlacedReport]]
    written: asyncio.Future[Written]


@dataclass
class Gathered:
    """The batch being gathered: messages taken and decoded, not yet handed to the writer."""

    events: list[faust.EventT] = field(default_factory=list)
    reports: list[tuple[faust.EventT, PlacedReport]] = field(default_factory=list)
    since: float = 0.0  # loop time its first message was gathered

    def size(self) -> int:
        return gathered_size(len(self.events), len(self.reports))


class BatchWriter(Protocol):
    def submit(self, batch: Sequence[PlacedReport]) -> asyncio.Future[Written]: ...

    def stop_retrying(self) -> None: ...


class RecordStage:
    """The agent's side: take, decode, gather, hand over, ack in order after commit.

    Three coroutines share the event loop: the agent (``run``) takes short gathers and adds
    them to the gathered batch; the submitter hands that batch to the writer when
    ``streams.batching.submit_in`` says so, woken by new messages, by the end of a write and
    by the batch's deadline; the settler acks each batch in order after its commit.
    """

    def __init__(
        self,
        writer: BatchWriter,
        send_dead_letter: DeadLetterSender,
        *,
        batch_size: int,
        within: float,
        idle_within: float,
        max_in_flight: int,
        rest_share: float = 0.0,
    ) -> None:
        self._writer = writer
        self._send_dead_letter = send_dead_letter
        self._batch_size = batch_size
        self._within = within
        self._idle_within = min(idle_within, within)
        self._rest_share = rest_share
        self._last_write = 0.0  # seconds the last write took
        self._write_ended_at = 0.0  # loop time the last write ended
        self._slots = asyncio.Semaphore(max_in_flight)
        self._taken: asyncio.Queue[Taken | None] = asyncio.Queue()
        self._gathered = Gathered()
        self._writing = 0  # batches handed to the writer whose write has not ended
        self._wake = asyncio.Event()  # the submitter should look again
        self._room = asyncio.Event()  # the gathered batch was handed over (or a helper ended)
        self._failure: BaseException | None = None  # what the agent fails with
        self._stopping = False

    async def run(self, stream: faust.StreamT) -> None:
        agent = asyncio.current_task()
        assert agent is not None
        settler = asyncio.ensure_future(self._settle(stream))
        submitter = asyncio.ensure_future(self._submit_when_due())
        helpers = (submitter, settler)

        def helper_ended(helper: asyncio.Future[None]) -> None:
            self._room.set()
            if helper.cancelled() or self._failure is not None:
                return
            error = helper.exception()
            if error is None and self._stopping:
                return  # both end when the stage stops
            self._failure = error or RecordStageFailed("a part of the record stage ended")
            log.error("the record stage failed: %s", describe(self._failure))
            if not self._stopping:
                agent.cancel()  # the agent fails with it

        for helper in helpers:
            helper.add_done_callback(helper_ended)
        try:
            # Closed at once when the loop ends: Faust restores the stream's acking only when
            # the generator closes, and a later take must not find it on.
            async with contextlib.aclosing(
                stream.noack_take(self._batch_size, within=self._idle_within)
            ) as taking:
                async for events in taking:
                    for event in events:
                        await self._gather(event)
                        if self._gathered.size() >= self._batch_size:
                            await self._room_for_more()
                    self._wake.set()
                    self._raise_failure()
        except asyncio.CancelledError:
            if self._failure is not None:
                agent.uncancel()  # the cancel came from helper_ended: raise the failure
            self._raise_failure()
            raise
        finally:
            # Nothing is handed over after this (``_hand_over`` has no await, so a cancelled
            # submitter hands nothing more): a gathered batch stays unacked (delivered again
            # at start); batches handed over are settled, and a write waiting for the
            # database gives up rather than hold the stop. All of it before the first await:
            # Faust's stop cancels the agent again while it waits here.
            self._stopping = True
            submitter.cancel()
            self._writer.stop_retrying()
            self._taken.put_nowait(None)
            if self._gathered.events:
                log.info(
                    "stopping with %d messages gathered and not written: they are delivered "
                    "again at start",
                    len(self._gathered.events),
                )
            await _until_done(submitter, settler)
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    async def _gather(self, event: faust.EventT) -> None:
        try:
            reports, bad = decode_envelope(event.message.value)
        except BadEnvelope as exc:
            await self._send_dead_letter(
                event, UnprocessableMessage(FailedStage.DECODE, str(exc)), None
            )
            reports, bad = [], []
        for item in bad:
            await self._send_dead_letter(
                event, UnprocessableMessage(FailedStage.VALIDATE, item.reason), item.document
            )
        gathered = self._gathered  # the submitter may have swapped it during the awaits above
        if not gathered.events:
            gathered.since = asyncio.get_running_loop().time()
        gathered.events.append(event)
        gathered.reports += [(event, r) for r in reports]

    async def _room_for_more(self) -> None:
        """The gathered batch is full: take nothing more until it was handed over."""
        while self._gathered.size() >= self._batch_size and self._failure is None:
            self._room.clear()
            self._wake.set()
            await self._room.wait()
        self._raise_failure()

    async def _submit_when_due(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._stopping:
            gathered = self._gathered
            now = loop.time()
            rested = now - self._write_ended_at
            delay = submit_in(
                gathered=gathered.size(),
                age=now - gathered.since,
                writing=self._writing > 0,
                batch_size=self._batch_size,
                longest_wait=self._within,
                rest_left=self._rest_share * self._last_write - rested,
            )
            if delay is None or delay > 0:
                self._wake.clear()
                # asyncio.timeout, not wait_for: Python 3.11's wait_for drops a cancellation
                # that arrives as the wait ends, and the stage's stop waits for this task.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay):
                        await self._wake.wait()
                continue
            await self._slots.acquire()
            self._hand_over()

    def _hand_over(self) -> None:
        """Hand the gathered batch to the writer and queue it for settling. No await in here:
        once the submitter is cancelled nothing more is handed over, and whatever is handed
        over is settled."""
        gathered, self._gathered = self._gathered, Gathered()
        self._room.set()
        reports = [r for _, r in gathered.reports]
        if reports:
            future = self._writer.submit(reports)
            self._writing += 1
            handed_at = asyncio.get_running_loop().time()
            future.add_done_callback(partial(self._write_ended, handed_at))
        else:
            future = _done()
        metrics.IN_FLIGHT.inc()
        self._taken.put_nowait(Taken(gathered.events, gathered.reports, future))

    def _write_ended(self, handed_at: float, _: asyncio.Future[Written]) -> None:
        self._writing -= 1
        now = asyncio.get_running_loop().time()
        # One writer thread: a write starts when it was handed over or when the one before
        # it ended, whichever is later.
        started = max(handed_at, self._write_ended_at)
        self._last_write, self._write_ended_at = now - started, now
        self._wake.set()

    async def _settle(self, stream: faust.StreamT) -> None:
        """Ack each batch after its commit, in the order taken; after a batch that is not
        acked, none (see the module's docstring)."""
        acking = True
        while (taken := await self._taken.get()) is not None:
            try:
                if acking:
                    acking = await self._settle_one(stream, taken)
                else:
                    await asyncio.wait({taken.written})  # let the write end; no ack
            finally:
                metrics.IN_FLIGHT.dec()
                self._slots.release()

    async def _settle_one(self, stream: faust.StreamT, taken: Taken) -> bool:
        """Ack one batch after its commit; False when it is left unacked."""
        try:
            written = await taken.written
        except Stopping:
            log.warning(
                "stopping with a batch unwritten: it and what follows are delivered again at start"
            )
            return False
        except Exception as exc:
            raise RecordStageFailed(
                f"a record batch failed outside the per-report isolation ({describe(exc)}); "
                "it and what follows are not acknowledged"
            ) from exc
        by_report = {r.report.report_id: e for e, r in taken.reports}
        for refused in written.refused:
            event = by_report[refused.report.report.report_id]
            await self._send_dead_letter(
                event,
                UnprocessableMessage(
                    FailedStage.PERSIST, f"could not be recorded: {refused.reason}"
                ),
                refused.report.model_dump_json().encode(),
            )
        _observe(written, [r for _, r in taken.reports])
        for event in taken.events:
            await stream.ack(event)
        return True


def _observe(written: Written, batch: Sequence[PlacedReport]) -> None:
    result = written.result
    if result is None:
        return
    metrics.REPORTS_STORED.inc(result.new_reports)
    metrics.CASES_OPENED.inc(result.new_cases)
    metrics.REPORTS_MERGED.inc(result.merged)
    metrics.SUGGESTED.inc(result.suggested)
    now = _now()
    for placed in batch:
        received = placed.received_at or placed.placed_at
        seconds = max(0.0, (now - received).total_seconds())
        metrics.CASE_LATENCY.observe(seconds)
        metrics.RECENT.add(seconds)
        metrics.EVENT_LATENCY.observe(max(0.0, (now - placed.report.occurred_at).total_seconds()))


async def _until_done(*tasks: asyncio.Future[None]) -> None:
    """Wait for every task to end, through cancellations (raised again afterwards)."""
    cancelled = False
    while not all(task.done() for task in tasks):
        try:
            await asyncio.wait(tasks)
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError


def _done() -> asyncio.Future[Written]:
    future: asyncio.Future[Written] = asyncio.get_running_loop().create_future()
    future.set_result(Written(None))
    return future
