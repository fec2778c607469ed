"""The simulator's native events of every grid, sent at a steady pace from a thread, with the
report ids they must become: a stream that is still flowing when a fault is injected.

Used by the fault tests and bench/faults.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kafka import KafkaProducer

from contracts.topics import NATIVE_TOPICS
from dispatch.identity import report_id_for
from gridhub.simulator import TrafficGenerator


class Sendable(Protocol):
    @property
    def topic(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def value(self) -> bytes: ...


@dataclass(frozen=True)
class Message:
    topic: str  # base name, without a deployment prefix
    key: str
    value: bytes


def traffic(tag: str, events: int, seed: int = 15) -> tuple[list[Message], list[str]]:
    """``events`` native events of the four grids and the hotline (some reporting the same
    incident from two grids), and the report ids they must become."""
    generator = TrafficGenerator(seed=seed, run_id=tag)
    messages, ids = [], []
    for _ in range(events):
        sent = generator.next_message()
        messages.append(Message(NATIVE_TOPICS[sent.grid].name, sent.key, sent.value))
        ids.append(report_id_for(sent.grid.value, sent.key))
    return messages, ids


class PacedSender(threading.Thread):
    """Sends messages at ``rate`` a second (in small chunks) to ``prefix`` + their topic."""

    def __init__(
        self, bootstrap: str, prefix: str, messages: Sequence[Sendable], rate: float
    ) -> None:
        super().__init__(name="paced-sender", daemon=True)
        self._servers = bootstrap
        self._prefix = prefix
        self._messages = messages
        self._rate = rate
        self.sent = 0
        self.error: BaseException | None = None
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            producer = KafkaProducer(
                bootstrap_servers=self._servers.split(","),
                max_request_size=4 * 1024 * 1024,
                linger_ms=5,
            )
            chunk = max(1, int(self._rate / 20))
            started = time.monotonic()
            for start in range(0, len(self._messages), chunk):
                if self._halt.is_set():
                    break
                for message in self._messages[start : start + chunk]:
                    producer.send(
                        self._prefix + message.topic,
                        key=message.key.encode("utf-8", "surrogatepass"),
                        value=message.value,
                    )
                self.sent = min(start + chunk, len(self._messages))
                ahead = started + self.sent / self._rate - time.monotonic()
                if ahead > 0:
                    time.sleep(ahead)
            producer.flush()
            producer.close()
        except Exception as exc:  # reported by finish()
            self.error = exc

    def stop(self) -> None:
        self._halt.set()

    def finish(self, timeout: float = 120) -> int:
        """Wait until everything was sent; returns how many."""
        self.join(timeout)
        if self.error is not None:
            raise self.error
        if self.is_alive():
            raise TimeoutError(f"only {self.sent} of {len(self._messages)} sent in {timeout}s")
        return self.sent
