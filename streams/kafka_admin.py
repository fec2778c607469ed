"""Broker plumbing with kafka-python: wait for a broker, create the hub's topics."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from contracts.topics import ALL_TOPICS


def hub_topic_names(prefix: str) -> list[str]:
    return [f"{prefix}{spec.name}" for spec in ALL_TOPICS]


def admin_client(bootstrap: str, timeout_s: float = 30.0) -> KafkaAdminClient:
    """Connect, retrying until `timeout_s`: a broker that was just spawned needs a moment."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return KafkaAdminClient(
                bootstrap_servers=bootstrap.split(","),
                client_id="gridhub-admin",
                request_timeout_ms=10_000,
            )
        except KafkaError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.25)


def ensure_topics(
    bootstrap: str,
    names: Iterable[str],
    partitions: int,
    replication: int,
    timeout_s: float = 30.0,
) -> list[str]:
    """Create the topics that do not exist yet; returns the ones created."""
    admin = admin_client(bootstrap, timeout_s)
    try:
        existing = set(admin.list_topics())
        missing = [n for n in names if n not in existing]
        if missing:
            # Another process may create some between our list and our create.
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics(
                    [NewTopic(n, partitions, replication) for n in missing],
                    timeout_ms=int(timeout_s * 1000),
                )
        return missing
    finally:
        admin.close()
