"""Engine creation: SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # A bare postgresql:// URL means psycopg 3 here, the driver we install.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # Plain executemany (psycopg pipelines it) beats multi-VALUES statements for our batches.
    return create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=5, use_insertmanyvalues=False
    )


WRITE = {"sqlite_begin": "IMMEDIATE"}
"""Execution options for a connection that will write: on SQLite it takes the write lock at
BEGIN, so two writers queue on busy_timeout instead of one failing mid-transaction."""


def _sqlite_begin(connection: object) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")  # type: ignore[attr-defined]
    connection.exec_driver_sql(f"BEGIN {mode}")  # type: ignore[attr-defined]


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is always DEFERRED).
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    # API and stream worker are separate processes on one file: WAL lets readers and the
    # single writer proceed together, busy_timeout makes a second writer wait, not fail.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
