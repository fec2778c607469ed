"""The record stage's adaptive batch, with a stream and a writer stood in for.

The stream takes like Faust's ``noack_take`` (a list when ``max_`` messages are buffered or
``within`` has passed, never an empty one) and records acks; the writer's writes end when a
test says so, so what arrives during a write is known exactly.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from contracts.placement import PlacedReport
from streams.batching import REPORTS_PER_MESSAGE, submit_in
from streams.envelopes import envelopes
from streams.intake import run_intake
from streams.normalise import UnprocessableMessage
from streams.record import (
    RecordStage,
    RecordStageFailed,
    RecordWriter,
    Refused,
    Stopping,
    Written,
)
from tests.unit.test_recording import report

LONG = 30.0  # a longest wait no test reaches: what is handed over early is handed over early


# -- the rule ----------------------------------------------------------------------------
def test_nothing_gathered_is_never_due() -> None:
    assert submit_in(gathered=0, age=99, writing=False, batch_size=5, longest_wait=0.5) is None


def test_an_idle_writer_gets_the_batch_at_once() -> None:
    assert submit_in(gathered=1, age=0.0, writing=False, batch_size=5, longest_wait=0.5) == 0


def test_a_busy_writer_gets_the_batch_when_full_or_at_the_longest_wait() -> None:
    assert submit_in(gathered=5, age=0.0, writing=True, batch_size=5, longest_wait=0.5) == 0
    assert submit_in(gathered=4, age=0.2, writing=True, batch_size=5, longest_wait=0.5) == (
        pytest.approx(0.3)
    )
    assert submit_in(gathered=4, age=0.7, writing=True, batch_size=5, longest_wait=0.5) == 0


def test_an_idle_writer_rests_before_the_next_batch_unless_it_is_full() -> None:
    rule = {"batch_size": 5, "longest_wait": 0.5}
    assert submit_in(gathered=1, age=0.0, writing=False, rest_left=0.2, **rule) == (
        pytest.approx(0.2)
    )
    assert submit_in(gathered=1, age=0.4, writing=False, rest_left=0.2, **rule) == (
        pytest.approx(0.1)  # the longest wait comes first
    )
    assert submit_in(gathered=5, age=0.0, writing=False, rest_left=0.2, **rule) == 0
    assert submit_in(gathered=1, age=0.0, writing=False, rest_left=-0.1, **rule) == 0


# -- the stage ---------------------------------------------------------------------------
class Stream:
    def __init__(self) -> None:
        self.arrivals: asyncio.Queue[Any] = asyncio.Queue()
        self.acked: list[Any] = []
        self.taken = 0

    def send(self, *events: Any) -> None:
        for event in events:
            self.arrivals.put_nowait(event)

    def stop(self) -> None:
        self.arrivals.put_nowait(None)

    async def noack_take(self, max_: int, within: float) -> AsyncIterator[list[Any]]:
        loop = asyncio.get_running_loop()
        while True:
            deadline, batch = loop.time() + within, []
            while len(batch) < max_ and (left := deadline - loop.time()) > 0:
                try:
                    event = await asyncio.wait_for(self.arrivals.get(), left)
                except TimeoutError:
                    break
                if event is None:
                    if batch:
                        yield batch
                    return
                batch.append(event)
                self.taken += 1
            if batch:
                yield batch

    async def ack(self, event: Any) -> bool:
        self.acked.append(event)
        return True


@dataclass
class Writer:
    """Hands each batch a future the test ends (a write of any length)."""

    batches: list[list[str]] = field(default_factory=list)
    writes: list[asyncio.Future[Written]] = field(default_factory=list)
    told_to_stop_retrying: bool = False

    def submit(self, batch: Sequence[PlacedReport]) -> asyncio.Future[Written]:
        self.batches.append([p.report.source.source_event_id for p in batch])
        future: asyncio.Future[Written] = asyncio.get_running_loop().create_future()
        self.writes.append(future)
        return future

    def stop_retrying(self) -> None:
        self.told_to_stop_retrying = True

    def end(self, index: int, error: BaseException | None = None) -> None:
        if error is None:
            self.writes[index].set_result(Written(None))
        else:
            self.writes[index].set_exception(error)


def event(n: int) -> Any:
    document = report(n).model_dump_json().encode()
    value = next(envelopes("370783001", [document]))
    return SimpleNamespace(message=SimpleNamespace(value=value), n=n)


def garbage(n: int) -> Any:
    return SimpleNamespace(message=SimpleNamespace(value=b"not json"), n=n)


def ids(*ns: int) -> list[str]:
    return [f"T{n:05d}" for n in ns]


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(poll(), timeout)


async def quiet(seconds: float = 0.15) -> None:
    """Let the stage run (several short gathers) without anything arriving."""
    await asyncio.sleep(seconds)


class Hub:
    """A stage running on a stand-in stream and writer."""

    def __init__(self, writer: Writer | None = None, **options: Any) -> None:
        self.stream = Stream()
        self.writer = writer or Writer()
        self.dead: list[tuple[Any, UnprocessableMessage]] = []
        settings = {"batch_size": 500, "within": LONG, "idle_within": 0.02, "max_in_flight": 2}
        settings.update(options)
        self.stage = RecordStage(self.writer, self._dead_letter, **settings)
        self.task: asyncio.Task[None] | None = None

    async def _dead_letter(self, event: Any, error: UnprocessableMessage, _: bytes | None) -> None:
        self.dead.append((event, error))

    def start(self) -> None:
        self.task = asyncio.ensure_future(self.stage.run(self.stream))  # type: ignore[arg-type]

    def acked(self) -> list[int]:
        return [e.n for e in self.stream.acked]

    async def stop(self) -> None:
        assert self.task is not None
        self.stream.stop()
        await asyncio.wait_for(self.task, 5)


def run(test: Callable[[], Awaitable[None]]) -> None:
    """On a thread of its own: a test run before this one (a browser test's Playwright) may
    leave an event loop running on the main thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, test()).result()  # type: ignore[arg-type]


def test_with_an_idle_writer_one_report_goes_after_the_short_gather() -> None:
    async def test() -> None:
        hub = Hub(idle_within=0.02, within=LONG)
        hub.start()
        loop = asyncio.get_running_loop()
        first = event(1)
        sent = loop.time()
        hub.stream.send(first)
        await until(lambda: len(hub.writer.batches) == 1, timeout=2.0)
        assert loop.time() - sent < 1.0  # not the LONG bound
        assert hub.writer.batches == [ids(1)]
        assert hub.acked() == []  # not before its commit
        hub.writer.end(0)
        await until(lambda: hub.acked() == [1])
        await hub.stop()

    run(test)


def test_after_a_long_write_the_writer_rests_as_long_before_the_next_batch() -> None:
    async def test() -> None:
        hub = Hub(rest_share=1.0)
        hub.start()
        loop = asyncio.get_running_loop()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        await asyncio.sleep(0.4)  # a write of about 0.4 s
        hub.writer.end(0)
        ended = loop.time()
        hub.stream.send(event(2))
        await quiet(0.2)
        assert len(hub.writer.batches) == 1  # resting
        await until(lambda: len(hub.writer.batches) == 2, timeout=2.0)
        assert loop.time() - ended >= 0.35
        hub.writer.end(1)
        await until(lambda: hub.acked() == [1, 2])
        # a short write, a short rest: the next report goes at about the short gather
        hub.stream.send(event(3))
        sent = loop.time()
        await until(lambda: len(hub.writer.batches) == 3, timeout=2.0)
        assert loop.time() - sent < 0.3
        hub.writer.end(2)
        await hub.stop()

    run(test)


def test_what_arrives_during_a_write_goes_as_one_batch_when_it_ends() -> None:
    async def test() -> None:
        hub = Hub()
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        for n in range(2, 7):  # in separate gathers, while the first write goes on
            hub.stream.send(event(n))
            await asyncio.sleep(0.04)
        await quiet()
        assert hub.writer.batches == [ids(1)]  # the writer is busy: nothing more handed over
        hub.writer.end(0)
        await until(lambda: len(hub.writer.batches) == 2)
        assert hub.writer.batches[1] == ids(2, 3, 4, 5, 6)
        hub.writer.end(1)
        await until(lambda: hub.acked() == [1, 2, 3, 4, 5, 6])
        await quiet()
        assert len(hub.writer.batches) == 2
        await hub.stop()

    run(test)


def test_a_gathered_batch_waits_for_a_busy_writer_at_most_the_longest_wait() -> None:
    async def test() -> None:
        hub = Hub(within=0.3)
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        hub.stream.send(event(2))
        await quiet(0.1)
        assert len(hub.writer.batches) == 1
        await until(lambda: len(hub.writer.batches) == 2, timeout=2.0)  # the write still goes on
        assert hub.writer.batches[1] == ids(2)
        hub.writer.end(0)
        hub.writer.end(1)
        await until(lambda: hub.acked() == [1, 2])
        await hub.stop()

    run(test)


def test_full_batches_go_while_busy_within_the_in_flight_bound_and_acks_keep_order() -> None:
    async def test() -> None:
        hub = Hub(batch_size=2, max_in_flight=2)
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        hub.stream.send(*(event(n) for n in range(2, 9)))
        # 2-3 is full and goes while 1 is written; 4-5 is full but both slots are held, so it
        # waits, and the taking stops behind it (6 at most is taken and held by the agent)
        await until(lambda: len(hub.writer.batches) == 2)
        await quiet()
        assert hub.writer.batches == [ids(1), ids(2, 3)]
        assert hub.stream.taken <= 6
        hub.writer.end(1)  # the later write ends first: nothing may be acked before 1
        await quiet()
        assert hub.acked() == []
        hub.writer.end(0)
        await until(lambda: len(hub.writer.batches) == 4)
        assert hub.acked() == [1, 2, 3]
        assert hub.writer.batches[2:] == [ids(4, 5), ids(6, 7)]
        hub.writer.end(3)
        hub.writer.end(2)
        await until(lambda: len(hub.writer.batches) == 5)
        assert hub.writer.batches[4] == ids(8)
        hub.writer.end(4)
        await until(lambda: hub.acked() == list(range(1, 9)))
        await hub.stop()

    run(test)


def test_stopping_leaves_the_gathered_batch_unwritten_and_unacked() -> None:
    async def test() -> None:
        hub = Hub()
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        hub.stream.send(event(2), event(3))
        await until(lambda: hub.stream.taken == 3)
        await quiet()
        hub.stream.stop()
        await quiet()
        assert hub.task is not None and not hub.task.done()  # it settles what it handed over
        hub.writer.end(0)
        await asyncio.wait_for(hub.task, 5)
        await quiet()
        assert hub.writer.batches == [ids(1)]
        assert hub.acked() == [1]

    run(test)


def test_after_a_batch_the_writer_stopped_on_nothing_is_acked() -> None:
    # Faust commits over a single unacked message right after the committed offset (and over
    # any gap on a partition never committed): acks must stay a prefix of what was taken.
    async def test() -> None:
        hub = Hub()
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        hub.writer.end(0)
        await until(lambda: hub.acked() == [1])
        hub.stream.send(event(2))
        await until(lambda: len(hub.writer.batches) == 2)
        hub.stream.send(event(3))
        await quiet()
        hub.writer.end(1, Stopping())
        await until(lambda: len(hub.writer.batches) == 3)
        hub.writer.end(2)
        await quiet()
        await hub.stop()
        assert hub.acked() == [1]

    run(test)


def test_a_write_failing_outside_the_isolation_fails_the_agent_and_acks_nothing_after() -> None:
    async def test() -> None:
        hub = Hub()
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        hub.stream.send(event(2))
        await quiet()
        hub.writer.end(0, RuntimeError("the open cases could not be loaded"))
        assert hub.task is not None
        with pytest.raises(RecordStageFailed, match="open cases could not be loaded"):
            await asyncio.wait_for(hub.task, 5)
        if len(hub.writer.writes) > 1:
            hub.writer.end(1)
        await quiet()
        assert hub.acked() == []

    run(test)


def test_a_settler_that_dies_fails_the_agent_instead_of_stalling_it() -> None:
    class BrokenDeadLetters(Hub):
        async def _dead_letter(self, event: Any, error: UnprocessableMessage, _: Any) -> None:
            raise ConnectionError("the dead-letter topic is away")

    async def test() -> None:
        hub = BrokenDeadLetters()
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        refused = Refused(report(1), "a constraint")
        hub.writer.writes[0].set_result(Written(None, [refused]))
        assert hub.task is not None
        with pytest.raises(ConnectionError, match="dead-letter topic"):
            await asyncio.wait_for(hub.task, 5)
        assert hub.acked() == []

    run(test)


def test_stopping_tells_the_writer_to_give_up_waiting_for_the_database() -> None:
    async def test() -> None:
        hub = Hub()
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        hub.stream.stop()
        await until(lambda: hub.writer.told_to_stop_retrying)
        hub.writer.end(0, Stopping())  # what the writer does when told, while retrying
        assert hub.task is not None
        await asyncio.wait_for(hub.task, 5)
        assert hub.acked() == []

    run(test)


def test_a_bad_envelope_is_dead_lettered_at_once_and_acked_in_order_after_the_commit() -> None:
    async def test() -> None:
        hub = Hub()
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        hub.stream.send(garbage(2), event(3))
        await until(lambda: len(hub.dead) == 1)
        assert hub.dead[0][0].n == 2 and hub.dead[0][1].stage.value == "decode"
        await quiet()
        assert hub.acked() == []
        hub.writer.end(0)
        await until(lambda: len(hub.writer.batches) == 2)
        assert hub.writer.batches[1] == ids(3)
        assert hub.acked() == [1]
        hub.writer.end(1)
        await until(lambda: hub.acked() == [1, 2, 3])
        # alone, with an idle writer: nothing to write, acked at once
        hub.stream.send(garbage(4))
        await until(lambda: hub.acked() == [1, 2, 3, 4])
        assert len(hub.writer.batches) == 2
        await hub.stop()

    run(test)


def test_the_short_gather_never_exceeds_the_longest_wait() -> None:
    stage = RecordStage(
        Writer(), Hub()._dead_letter, batch_size=5, within=0.1, idle_within=1.0, max_in_flight=1
    )
    assert stage._idle_within == 0.1


def test_a_writer_that_cannot_take_a_batch_fails_the_agent_and_acks_nothing() -> None:
    class Shut(Writer):
        def submit(self, batch: Sequence[PlacedReport]) -> asyncio.Future[Written]:
            raise RuntimeError("cannot schedule new futures after shutdown")

    async def test() -> None:
        hub = Hub(Shut())
        hub.start()
        hub.stream.send(event(1))
        assert hub.task is not None
        with pytest.raises(RuntimeError, match="after shutdown"):
            await asyncio.wait_for(hub.task, 5)
        assert hub.acked() == []

    run(test)


def test_a_stop_that_cancels_the_agent_mid_write_still_settles_and_gives_up_retrying() -> None:
    # Faust stops an agent by cancelling its task, and cancels it again while it winds down.
    async def test() -> None:
        hub = Hub()
        hub.start()
        hub.stream.send(event(1))
        await until(lambda: len(hub.writer.batches) == 1)
        assert hub.task is not None
        hub.task.cancel()
        await until(lambda: hub.writer.told_to_stop_retrying)
        hub.task.cancel()
        await quiet()
        assert not hub.task.done()  # it waits for the write it handed over
        hub.writer.end(0)
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(hub.task, 5)
        assert hub.acked() == [1]

    run(test)


def test_batches_queued_behind_a_failed_write_are_not_written() -> None:
    class FailingOnce(RecordWriter):
        def __init__(self) -> None:
            self.calls = 0
            self._broken = None

        def _write(self, batch: Sequence[PlacedReport]) -> Written:
            self.calls += 1
            if self.calls == 1:
                raise RuntimeError("the open cases could not be loaded")
            return Written(None)

    writer = FailingOnce()
    with pytest.raises(RuntimeError):
        writer.write([report(1)])
    with pytest.raises(RecordStageFailed, match="an earlier batch failed"):
        writer.write([report(2)])
    assert writer.calls == 1


def test_intake_failing_half_way_through_a_batch_acks_none_of_it() -> None:
    async def test() -> None:
        stream = Stream()
        sent: list[str] = []

        async def send_envelope(township: str, envelope: bytes) -> None:
            sent.append(township)
            raise ConnectionError("the producer is gone")

        async def dead_letter(*_: Any) -> None:
            raise AssertionError("nothing here is one message's fault")

        def decode(raw: bytes | None) -> Any:
            assert raw is not None
            return report(int(raw)).report

        for n in (1, 2, 3):
            message = SimpleNamespace(
                topic="grid.urban.events", value=str(n).encode(), partition=0, offset=n,
                timestamp=None,
            )  # fmt: skip
            stream.send(SimpleNamespace(message=message, n=n))
        stream.stop()
        with pytest.raises(ConnectionError):
            await run_intake(
                stream,  # type: ignore[arg-type]
                decoders={"grid.urban.events": decode},
                registry=SimpleNamespace(current=None),  # type: ignore[arg-type]
                send_envelope=send_envelope,
                send_dead_letter=dead_letter,
                batch_size=10,
                within=0.05,
            )
        assert sent and stream.acked == []

    run(test)


def test_a_batch_of_few_large_envelopes_is_full_by_its_reports() -> None:
    # One envelope carries a township's share of an intake batch: counting envelopes only, a
    # batch of 500 messages could hold a hundred thousand reports.
    def envelope_of(first: int, count: int) -> Any:
        documents = [report(n).model_dump_json().encode() for n in range(first, first + count)]
        value = next(envelopes("370783001", documents))
        return SimpleNamespace(message=SimpleNamespace(value=value), n=first)

    async def test() -> None:
        hub = Hub(batch_size=3)
        hub.start()
        hub.stream.send(envelope_of(1, 1))
        await until(lambda: len(hub.writer.batches) == 1)  # the writer is busy from here
        large = REPORTS_PER_MESSAGE * 3 // 2
        hub.stream.send(envelope_of(2, large), envelope_of(2 + large, large))
        await until(lambda: len(hub.writer.batches) == 2)
        assert len(hub.writer.batches[1]) == 2 * large  # full by its reports, not 2 of 3
        hub.writer.end(0)
        hub.writer.end(1)
        await until(lambda: hub.acked() == [1, 2, 2 + large])
        await hub.stop()

    run(test)
