"""Reading topics back in tests, with kafka-python."""

from __future__ import annotations

import time

from kafka import KafkaConsumer, TopicPartition


def read_all(bootstrap: str, topic: str, expect: int, timeout_s: float = 20.0) -> list:
    """Every record of `topic` from the start, waiting until at least `expect` arrived."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap.split(","), consumer_timeout_ms=500)
    try:
        deadline = time.monotonic() + timeout_s
        partitions: set[int] = set()
        while not partitions and time.monotonic() < deadline:
            partitions = consumer.partitions_for_topic(topic) or set()
            if not partitions:
                time.sleep(0.2)
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        consumer.seek_to_beginning()
        records: list = []
        while len(records) < expect and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=300).values():
                records.extend(batch)
        return records
    finally:
        consumer.close()
