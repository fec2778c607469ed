from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from config import HubSettings
from dispatch.adapters.db import make_engine
from dispatch.migrate import upgrade
from tests.processes import hub_env, run_cli
from tests.services import fresh_database, kafka_broker, postgres_server

# Password hashes at scrypt's lowest accepted cost in every test and every process a test
# starts (tests/auth_helpers.py TEST_SCRYPT_N): the default costs a good part of a second and
# 128 MiB per hash. tests/unit/test_passwords.py checks the default itself.
os.environ.setdefault("HUB_AUTH_SCRYPT_N", str(2**14))


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def migrated_postgres_template(postgres_server_url: str) -> Iterator[str]:
    """A PostgreSQL database at the head migration, made once: each test that wants a migrated
    database gets a copy of it (a file copy on the server) instead of twelve migrations."""
    with fresh_database(postgres_server_url) as url:
        upgrade(url)
        yield str(sa.make_url(url).database)


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the head migration, made once and copied for each test."""
    path = tmp_path_factory.mktemp("migrated") / "hub.db"
    upgrade(f"sqlite:///{path}")
    return path


@contextlib.contextmanager
def _migrated_copy(request: pytest.FixtureRequest, kind: str, directory: Path) -> Iterator[str]:
    """A copy of the migrated template of this kind of database."""
    if kind == "postgres":
        if request.scope == "function":  # (-m selects tests, not the modules around them)
            request.applymarker(pytest.mark.postgres)
        server_url = request.getfixturevalue("postgres_server_url")
        template = request.getfixturevalue("migrated_postgres_template")
        with fresh_database(server_url, template) as url:
            yield url
        return
    path = directory / "hub.db"
    shutil.copyfile(request.getfixturevalue("migrated_sqlite_template"), path)
    yield f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgres"])
def migrated_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at the head migration, on each supported database in turn."""
    with _migrated_copy(request, request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(migrated_database_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def hub_template(
    postgres_server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The name of a database at the head migration with the demo registry active: the tests
    that run the hub's processes each start from a copy instead of migrating and loading."""
    work: Path = tmp_path_factory.mktemp("template")
    with fresh_database(postgres_server_url) as url:
        env = hub_env(database_url=url, data_dir=str(work))
        run_cli(["db", "upgrade"], env)
        run_cli(["registry", "load", "--no-progress"], env)
        yield str(sa.make_url(url).database)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One migrated database for a module's tests that each work on rows of their own."""
    with _migrated_copy(request, request.param, tmp_path_factory.mktemp("module-db")) as url:
        engine = make_engine(url)
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
