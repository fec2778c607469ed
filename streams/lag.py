"""Consumer lag: how many messages of each input topic the stream workers have not yet
committed. Read from the broker (the group's committed offsets against the log-end offsets),
so it is right however many workers run, and it is what the API's /metrics and /health and
`gridhub up`'s clean stop use."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

from config import HubSettings
from contracts.topics import NATIVE_TOPICS, PLACED_REPORTS, REPORTS


@dataclass(frozen=True)
class PartitionLag:
    group: str
    topic: str
    partition: int
    committed: int  # -1: nothing committed yet (the group starts from the beginning)
    end: int

    @property
    def lag(self) -> int:
        return self.end - max(self.committed, 0)


def stream_groups(settings: HubSettings) -> dict[str, list[str]]:
    """Consumer group -> the topics it consumes, for the configured stages."""
    base = settings.topic_prefix + settings.stream_app_id
    intake = [settings.topic(s.name) for s in NATIVE_TOPICS.values()] + [
        settings.topic(REPORTS.name)
    ]
    record = [settings.topic(PLACED_REPORTS.name)]
    stages = [s.strip() for s in settings.stream_stages.split(",") if s.strip()]
    if set(stages) >= {"intake", "record"}:
        return {base: intake + record}
    # Split stages: each its own group (streams/app.py); a deployment runs both kinds.
    return {f"{base}-intake": intake, f"{base}-record": record}


@contextlib.contextmanager
def _clients(bootstrap: str, timeout_ms: int) -> Iterator[tuple[KafkaAdminClient, KafkaConsumer]]:
    servers = bootstrap.split(",")
    admin = KafkaAdminClient(
        bootstrap_servers=servers, client_id="gridhub-lag", request_timeout_ms=timeout_ms
    )
    consumer = KafkaConsumer(
        bootstrap_servers=servers,
        client_id="gridhub-lag",
        enable_auto_commit=False,
        request_timeout_ms=max(timeout_ms, 11_000),
    )
    try:
        yield admin, consumer
    finally:
        consumer.close()
        admin.close()


def consumer_lag(settings: HubSettings, timeout_ms: int = 5_000) -> list[PartitionLag]:
    """Lag of every partition of every stream input topic (raises KafkaError when the broker
    cannot be asked)."""
    found: list[PartitionLag] = []
    with _clients(settings.bootstrap_servers, timeout_ms) as (admin, consumer):
        for group, topics in stream_groups(settings).items():
            committed = admin.list_group_offsets({group: None}).get(group, {})
            partitions = [
                TopicPartition(topic, p)
                for topic in topics
                for p in sorted(consumer.partitions_for_topic(topic) or ())
            ]
            ends = _log_ends(consumer, partitions)
            for tp in partitions:
                meta = committed.get(tp)
                found.append(
                    PartitionLag(
                        group,
                        tp.topic,
                        tp.partition,
                        meta.offset if meta is not None else -1,
                        int(ends.get(tp, 0)),
                    )
                )
    return found


def _log_ends(
    consumer: KafkaConsumer, partitions: list[TopicPartition]
) -> dict[TopicPartition, int]:
    """Log-end offsets. The embedded broker answers a "latest offset" request with the last
    record batch's first offset + 1, so the high watermark of a fetch from just before that
    is asked too (right on Kafka as well); the larger of the two counts."""
    if not partitions:
        return {}
    latest = {tp: int(v) for tp, v in consumer.end_offsets(partitions).items()}
    fetched = [tp for tp in partitions if latest.get(tp, 0) > 0]
    high: dict[TopicPartition, int] = {}
    if fetched:
        consumer.assign(fetched)
        for tp in fetched:
            consumer.seek(tp, latest[tp] - 1)
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline and any(consumer.highwater(tp) is None for tp in fetched):
            consumer.poll(timeout_ms=200, max_records=1, update_offsets=False)
        high = {tp: consumer.highwater(tp) or 0 for tp in fetched}
        consumer.unsubscribe()
    return {tp: max(latest.get(tp, 0), high.get(tp, 0)) for tp in partitions}


def total_lag(lags: list[PartitionLag]) -> int:
    return sum(p.lag for p in lags)
