"""A database with the schema and the demo registry, made once for the session: the fault and
poison tests each start from a copy of it instead of migrating and loading again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.processes import hub_env, run_cli
from tests.services import fresh_database


@pytest.fixture(scope="session")
def hub_template(
    postgres_server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The name of a database at the head migration with the demo registry active."""
    work: Path = tmp_path_factory.mktemp("template")
    with fresh_database(postgres_server_url) as url:
        env = hub_env(database_url=url, data_dir=str(work))
        run_cli(["db", "upgrade"], env)
        run_cli(["registry", "load", "--no-progress"], env)
        yield str(sa.make_url(url).database)
