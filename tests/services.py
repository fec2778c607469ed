"""Finding the real services tests need: PostgreSQL and a Kafka-protocol broker.

Order of preference, for each: an explicit URL in the environment, then a container when a
Docker engine answers (testcontainers), then what runs on this machine (PostgreSQL on
127.0.0.1:5432, the embedded broker). With HUB_REQUIRE_SERVICES=1 (CI) a missing service
fails the run instead of skipping.
"""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from streams.embedded_broker import EmbeddedBroker

LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def services_required() -> bool:
    return os.environ.get("HUB_REQUIRE_SERVICES", "") not in ("", "0", "false")


def unavailable(reason: str) -> None:
    if services_required():
        pytest.fail(f"required service unavailable (HUB_REQUIRE_SERVICES=1): {reason}")
    pytest.skip(reason)


def docker_available() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=2)
        client.ping()
        return True
    except Exception:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _can_connect(url: str) -> str | None:
    try:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return str(exc).splitlines()[0]


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yields an admin URL of a PostgreSQL server."""
    explicit = os.environ.get("HUB_TEST_DATABASE_URL")
    if explicit:
        yield explicit
        return
    if docker_available():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine", driver="psycopg") as pg:
            yield pg.get_connection_url()
        return
    error = _can_connect(LOCAL_POSTGRES)
    if error:
        unavailable(
            f"no PostgreSQL: HUB_TEST_DATABASE_URL unset, no Docker engine, and "
            f"127.0.0.1:5432 refused ({error})"
        )
    yield LOCAL_POSTGRES


@contextlib.contextmanager
def fresh_database(server_url: str, template: str | None = None) -> Iterator[str]:
    """A new database on the server, dropped afterwards: empty, or a copy of ``template``
    (a file copy on the server: a schema and a registry in a second instead of a migration
    and a load)."""
    name = f"gridhub_test_{uuid.uuid4().hex[:10]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
    url = sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def kafka_broker() -> Iterator[str]:
    """Yields a bootstrap address of a real Kafka-protocol broker."""
    explicit = os.environ.get("HUB_TEST_KAFKA_BOOTSTRAP")
    if explicit:
        yield explicit
        return
    if docker_available():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer().with_kraft() as kafka:
            yield kafka.get_bootstrap_server()
        return
    try:
        broker = EmbeddedBroker(free_port()).start()
    except Exception as exc:
        unavailable(f"no Kafka-protocol broker: the embedded broker did not start ({exc})")
    try:
        yield broker.bootstrap
    finally:
        broker.stop()
