"""The dead-letter topic read back and replayed (`gridhub dead-letters --replay`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from kafka import KafkaProducer

from contracts.deadletter import FailedStage
from contracts.report import IncidentReport
from streams.deadletter import dead_letter
from streams.normalise import UnprocessableMessage
from streams.replay import read_letters, replay, resend_of
from tests.kafka_helpers import read_all
from tests.unit.test_recording import report

pytestmark = pytest.mark.broker


def test_letters_are_read_back_and_their_originals_replayed(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    grid_topic, placed_topic = f"{topic_prefix}grid.urban.events", f"{topic_prefix}placed"
    reports_topic, letters_topic = f"{topic_prefix}reports", f"{topic_prefix}dead-letters"
    refused = report(1)  # a placed report, as the record stage holds it
    now = datetime.now(UTC)

    def letter(topic: str, value: bytes, stage: FailedStage, offset: int) -> bytes:
        error = UnprocessableMessage(stage, f"refused at {stage.value}")
        built = dead_letter(
            topic=topic, partition=0, offset=offset, key=b"k", value=value, error=error, now=now
        )
        return built.model_dump_json().encode()

    original = b'{"schema_version": 1, "task_no": "CG-1"}'
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap)
    for value in (
        letter(grid_topic, original, FailedStage.VALIDATE, 1),
        letter(grid_topic, b"x" * 300_000, FailedStage.DECODE, 2),  # truncated in its letter
        letter(placed_topic, refused.model_dump_json().encode(), FailedStage.PERSIST, 3),
        b"not a letter",
    ):
        producer.send(letters_topic, key=b"k", value=value)
    producer.flush()
    producer.close()

    found = read_letters(kafka_bootstrap, letters_topic, timeout_s=20)
    assert [f.letter.offset for f in found] == [1, 2, 3]
    resends = [resend_of(f.letter, placed_topic, reports_topic) for f in found]
    assert resends[1] is None
    assert replay(kafka_bootstrap, [r for r in resends if r is not None]) == 2
    (back,) = read_all(kafka_bootstrap, grid_topic, expect=1)
    assert (back.key, back.value) == (b"k", original)
    (again,) = read_all(kafka_bootstrap, reports_topic, expect=1)
    assert IncidentReport.model_validate_json(again.value) == refused.report
