"""Reading the dead-letter topic, and sending letters' original messages back where they came
from once what refused them is fixed (`gridhub dead-letters`).

A message of an input topic (a grid's, the hotline's, hub.reports) goes back to its topic,
byte for byte. A report the record stage set aside (its letter holds the placed report) goes
to hub.reports as the unified report it is, to be placed and recorded again. Replaying is
safe: report ids derive from the events, so an event stored after all is not stored twice.
A letter whose value was truncated cannot be replayed from the letter; its producer must
send it again (``payload_sha256`` identifies it).
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from contracts.deadletter import DeadLetter
from contracts.placement import PlacedReport


@dataclass(frozen=True)
class Letter:
    offset: int  # on the dead-letter topic
    letter: DeadLetter


def read_letters(bootstrap: str, topic: str, timeout_s: float = 30.0) -> list[Letter]:
    """Every dead letter on ``topic``, oldest first (records that are not letters skipped)."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap.split(","),
        client_id="gridhub-dead-letters",
        enable_auto_commit=False,
        consumer_timeout_ms=500,
    )
    try:
        deadline = time.monotonic() + timeout_s
        partitions: set[int] = set()
        while not partitions and time.monotonic() < deadline:
            partitions = consumer.partitions_for_topic(topic) or set()
            if not partitions:
                time.sleep(0.2)
        if not partitions:
            return []
        consumer.assign([TopicPartition(topic, p) for p in sorted(partitions)])
        consumer.seek_to_beginning()
        found: list[Letter] = []
        quiet = 0  # polls in a row that brought nothing: the end was reached
        while quiet < 3 and time.monotonic() < deadline:
            batches = consumer.poll(timeout_ms=300)
            quiet = 0 if batches else quiet + 1
            for records in batches.values():
                for record in records:
                    try:
                        letter = DeadLetter.model_validate_json(record.value)
                    except ValueError:  # not a letter: someone else wrote there
                        continue
                    found.append(Letter(record.offset, letter))
        return sorted(found, key=lambda f: (f.letter.failed_at, f.offset))
    finally:
        consumer.close()


@dataclass(frozen=True)
class Resend:
    topic: str
    key: bytes | None
    value: bytes


def resend_of(
    letter: DeadLetter,
    placed_topic: str,
    reports_topic: str,
    open_sealed: Callable[[str], bytes] | None = None,
) -> Resend | None:
    """What to send to replay ``letter``, or None when the letter cannot be replayed.
    ``open_sealed`` opens a sealed payload (the hub's HUB_PII_KEYS); without it a sealed
    letter is not replayed."""
    if letter.payload_truncated or (letter.payload_sealed and open_sealed is None):
        return None
    if letter.payload_sealed and open_sealed is not None:
        value = open_sealed(letter.payload_b64)
    else:
        value = base64.b64decode(letter.payload_b64)
    if letter.source_topic == placed_topic:  # one report of an envelope, or an envelope
        try:
            report = PlacedReport.model_validate_json(value).report
        except ValueError:
            return None
        return Resend(reports_topic, report.report_id.encode(), report.model_dump_json().encode())
    key = base64.b64decode(letter.key_b64) if letter.key_b64 is not None else None
    return Resend(letter.source_topic, key, value)


def replay(bootstrap: str, resends: Iterable[Resend]) -> int:
    """Send them; returns how many."""
    producer = KafkaProducer(bootstrap_servers=bootstrap.split(","), client_id="gridhub-replay")
    sent = 0
    try:
        for resend in resends:
            producer.send(resend.topic, key=resend.key, value=resend.value)
            sent += 1
        producer.flush()
    finally:
        producer.close()
    return sent
