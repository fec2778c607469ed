"""Which failures are worth waiting for, and which belong to one message. One place.

Transient: the database or the broker cannot be reached, or is busy, right now; the same
write will work later, so it is retried (with backoff) and the batch waits. Everything else
raised while processing a message is about that message (or a bug it triggers): it is
isolated, dead-lettered with the reason, and the stream goes on.

SQLite raises OperationalError for a locked database and for a missing table alike; only the
first is transient, so the message text decides there.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from dispatch.privacy import mask_phones_in_text

# SQLite's OperationalError texts that mean "try again".
_SQLITE_TRANSIENT = ("database is locked", "database table is locked", "disk i/o error")
# PostgreSQL error classes that mean "try again": connection exceptions, insufficient
# resources, operator intervention (a restart), serialization failures and deadlocks.
_POSTGRES_TRANSIENT_CLASSES = ("08", "53", "57", "40")


def is_transient(exc: BaseException) -> bool:
    """True when the same operation may well succeed if retried later."""
    if isinstance(exc, DisconnectionError | PoolTimeout | ConnectionError | TimeoutError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        sqlstate = getattr(exc.orig, "sqlstate", None)
        if sqlstate:
            return str(sqlstate)[:2] in _POSTGRES_TRANSIENT_CLASSES
        if isinstance(exc.orig, sqlite3.Error):
            text = str(exc.orig).lower()
            return any(marker in text for marker in _SQLITE_TRANSIENT)
        # psycopg's OperationalError without a SQLSTATE: the connection failed or broke.
        return isinstance(exc, OperationalError)
    sqlstate = getattr(exc, "sqlstate", None)  # a psycopg error raised outside SQLAlchemy
    if isinstance(sqlstate, str):
        return sqlstate[:2] in _POSTGRES_TRANSIENT_CLASSES
    return False


def describe(exc: BaseException) -> str:
    """One line for a dead letter or a log: the error's type and its first line (a phone
    number an error quotes masked)."""
    first = mask_phones_in_text(str(exc).strip().splitlines()[0]) if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}"[:2000] if first else type(exc).__name__
