"""A report made while the broker is down is delivered once it is reachable, exactly once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from contracts.report import IncidentReport
from dispatch.adapters.repository import OutboxRepository
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.services import TopicNames, submit_report
from gridhub.simulator import TrafficGenerator
from streams.kafka_admin import ensure_topics
from streams.normalise import normalise
from streams.relay import OutboxRelay
from tests.kafka_helpers import read_all
from tests.services import free_port

pytestmark = pytest.mark.broker


def pending(engine: Engine) -> int:
    with engine.connect() as conn:
        return OutboxRepository(conn).pending_count()


def test_reports_wait_in_the_outbox_while_the_broker_is_down(
    engine: Engine, kafka_bootstrap: str, topic_prefix: str
) -> None:
    topics = TopicNames(reports=f"{topic_prefix}hub.reports", case_events=f"{topic_prefix}ce")
    generator = TrafficGenerator(seed=21)
    batch = [normalise(m.grid, m.value) for m in (generator.next_message() for _ in range(5))]
    for report in batch:
        submit_report(report, SqlUnitOfWork(engine), topics, datetime.now(UTC))
    assert pending(engine) == 5

    dead = OutboxRelay(engine, f"127.0.0.1:{free_port()}", lease_seconds=60)
    with pytest.raises(Exception):  # noqa: B017 - any client error: the broker is not there
        dead.publish_pending()
    assert pending(engine) == 5  # nothing lost, and released for the next attempt

    ensure_topics(kafka_bootstrap, [topics.reports], partitions=2, replication=1)
    relay = OutboxRelay(engine, kafka_bootstrap, batch_size=3)
    assert relay.publish_pending() == 3
    assert relay.publish_pending() == 2
    assert relay.publish_pending() == 0
    relay.stop()
    assert pending(engine) == 0

    records = read_all(kafka_bootstrap, topics.reports, expect=5)
    delivered = [IncidentReport.model_validate_json(r.value) for r in records]
    assert sorted(r.report_id for r in delivered) == sorted(r.report_id for r in batch)
    assert all(r.key.decode() == r2.report_id for r, r2 in zip(records, delivered, strict=True))
