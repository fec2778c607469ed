from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from config import HubSettings
from dispatch.adapters.db import make_engine
from dispatch.migrate import upgrade
from tests.services import fresh_database, kafka_broker, postgres_server

# Password hashes at scrypt's lowest accepted cost in every test and every process a test
# starts (tests/auth_helpers.py TEST_SCRYPT_N): the default costs a good part of a second and
# 128 MiB per hash. tests/unit/test_passwords.py checks the default itself.
os.environ.setdefault("HUB_AUTH_SCRYPT_N", str(2**14))


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    with fresh_database(postgres_server_url) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hub.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs the test on both supported databases."""
    if request.param == "postgres":
        request.applymarker(pytest.mark.postgres)
        return request.getfixturevalue("postgres_url")
    return request.getfixturevalue("sqlite_url")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    upgrade(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    with kafka_broker() as bootstrap:
        yield bootstrap


@pytest.fixture
def topic_prefix() -> str:
    """Topics of their own for each test, on the shared broker."""
    return f"t{uuid.uuid4().hex[:8]}."


@pytest.fixture
def hub_settings(tmp_path: Path, kafka_bootstrap: str, topic_prefix: str) -> HubSettings:
    return HubSettings(
        data_dir=tmp_path,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        topic_partitions=2,
    )
