"""The embedded broker and the topic set-up, checked with independent Kafka clients."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from confluent_kafka import Consumer
from kafka import KafkaAdminClient, KafkaProducer

from config import HubSettings
from gridhub.runtime import create_topics
from streams.embedded_broker import BrokerStartError, EmbeddedBroker, port_is_open
from streams.kafka_admin import hub_topic_names
from tests.kafka_helpers import read_all
from tests.services import free_port

pytestmark = pytest.mark.broker


def test_hub_topics_are_created_once_with_their_partitions(hub_settings: HubSettings) -> None:
    created = create_topics(hub_settings)
    assert sorted(created) == sorted(hub_topic_names(hub_settings.topic_prefix))
    assert create_topics(hub_settings) == []
    admin = KafkaAdminClient(bootstrap_servers=hub_settings.bootstrap_servers)
    try:
        described = admin.describe_topics([hub_settings.topic("hub.reports")])
    finally:
        admin.close()
    assert len(described[0]["partitions"]) == hub_settings.topic_partitions


def test_independent_client_reads_what_kafka_python_wrote(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}interop"
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap)
    for i in range(20):
        producer.send(topic, key=f"k{i}".encode(), value=f"事件{i}".encode())
    producer.flush()
    producer.close()
    consumer = Consumer(
        {
            "bootstrap.servers": kafka_bootstrap,
            "group.id": f"{topic_prefix}interop",
            "auto.offset.reset": "earliest",
            # The embedded broker holds a first JoinGroup for the whole rebalance timeout.
            "max.poll.interval.ms": 6000,
            "session.timeout.ms": 6000,
        }
    )
    consumer.subscribe([topic])
    values = set()
    try:
        for _ in range(100):
            message = consumer.poll(0.5)
            if message is not None and message.error() is None:
                values.add(message.value().decode())
            if len(values) == 20:
                break
    finally:
        consumer.close()
    assert values == {f"事件{i}" for i in range(20)}


def test_embedded_broker_refuses_a_taken_port(kafka_bootstrap: str) -> None:
    host, port = kafka_bootstrap.rsplit(":", 1)
    if not port_is_open(host, int(port)) or host not in ("127.0.0.1", "localhost"):
        pytest.skip("the session broker is not on this host")
    with pytest.raises(BrokerStartError, match="already in use"):
        EmbeddedBroker(int(port)).start()


def test_embedded_broker_starts_and_stops() -> None:
    broker = EmbeddedBroker(free_port()).start()
    try:
        assert port_is_open(broker.host, broker.port)
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap)
        producer.send("smoke", b"x").get(timeout=10)
        producer.close()
        assert len(read_all(broker.bootstrap, "smoke", expect=1)) == 1
    finally:
        broker.stop()
    assert not port_is_open(broker.host, broker.port)


def test_broker_command_spawns_nothing_when_kafka_is_external(
    kafka_bootstrap: str, topic_prefix: str, tmp_path
) -> None:
    unused_port = free_port()
    env = {
        **os.environ,
        "HUB_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "HUB_TOPIC_PREFIX": topic_prefix,
        "HUB_EMBEDDED_BROKER_PORT": str(unused_port),
        "HUB_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "gridhub.cli", "broker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "nothing spawned" in done.stdout
    assert not port_is_open("127.0.0.1", unused_port)
    admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    try:
        assert set(hub_topic_names(topic_prefix)) <= set(admin.list_topics())
    finally:
        admin.close()
