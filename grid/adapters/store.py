"""The registry in the database: save a version, activate it, read the active one back.

Takes a Connection: the caller owns the transaction (``with engine.begin()``); nothing here
commits.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from dataclasses import asdict, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from grid.adapters.tables import ENTITY_TABLES, registry_versions
from grid.model import ENTITY_TYPES, Registry

INSERT_CHUNK = 2000
REGISTRY_LOCK = 371083  # advisory lock id for registry loads on PostgreSQL


def _row(version: str, item: object) -> dict[str, Any]:
    row = asdict(item)  # type: ignore[call-overload]
    for key, value in row.items():
        if isinstance(value, StrEnum):
            row[key] = value.value
        elif isinstance(value, tuple):
            row[key] = [list(v) if isinstance(v, tuple) else v for v in value]
    row["version"] = version
    return row


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def has_version(conn: Connection, version: str) -> bool:
    found = conn.execute(select(registry_versions.c.version).where(
        registry_versions.c.version == version)).first()  # fmt: skip
    return found is not None


def save(
    conn: Connection,
    registry: Registry,
    now: datetime,
    progress: Callable[[str, int], None] | None = None,
) -> bool:
    """Store a registry version (once: a version is its content) and make it the active one.

    Returns False when that version was stored before; it is then only re-activated.
    """
    if conn.dialect.name == "postgresql":
        # One load at a time, so two never both activate or both insert one version.
        conn.execute(select(func.pg_advisory_xact_lock(REGISTRY_LOCK)))
    new = not has_version(conn, registry.version)
    if new:
        counts = {name: len(items) for name, items in registry.entities().items()}
        conn.execute(
            insert(registry_versions).values(
                version=registry.version, source=registry.source, loaded_at=now,
                active=False, counts=counts,
            )
        )  # fmt: skip
        for name, items in registry.entities().items():
            rows = [_row(registry.version, item) for item in items]
            for chunk in _chunks(rows, INSERT_CHUNK):
                conn.execute(insert(ENTITY_TABLES[name]), chunk)
                if progress:
                    progress(name, len(chunk))
    activate(conn, registry.version)
    return new


def activate(conn: Connection, version: str) -> None:
    conn.execute(update(registry_versions).where(registry_versions.c.active).values(active=False))
    conn.execute(
        update(registry_versions).where(registry_versions.c.version == version).values(active=True)
    )


def active_version(conn: Connection) -> str | None:
    return conn.execute(
        select(registry_versions.c.version).where(registry_versions.c.active)
    ).scalar_one_or_none()


def versions(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(registry_versions).order_by(registry_versions.c.loaded_at.desc()))
    found = []
    for row in rows:
        item = dict(row._mapping)
        if item["loaded_at"].tzinfo is None:  # SQLite drops the zone; it was written in UTC
            item["loaded_at"] = item["loaded_at"].replace(tzinfo=UTC)
        found.append(item)
    return found


def _value(hint: object, value: Any) -> Any:
    """Back from a column value to the field's type (lists to tuples, strings to enums)."""
    if value is None:
        return None
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    target = args[0] if args and typing.get_origin(hint) is not tuple else hint
    if typing.get_origin(target) is tuple:
        return tuple(tuple(v) if isinstance(v, list) else v for v in value)
    if isinstance(target, type) and issubclass(target, StrEnum):
        return target(value)
    return value


def load(conn: Connection, version: str | None = None) -> Registry | None:
    """The given version, or the active one; None when there is none."""
    version = version or active_version(conn)
    if version is None:
        return None
    meta = conn.execute(
        select(registry_versions).where(registry_versions.c.version == version)
    ).first()
    if meta is None:
        return None
    entities: dict[str, tuple[Any, ...]] = {}
    for name, entity_type in ENTITY_TYPES.items():
        table = ENTITY_TABLES[name]
        hints = typing.get_type_hints(entity_type)
        names = [f.name for f in fields(entity_type)]
        key = table.c[names[0]]
        rows = conn.execute(
            select(*(table.c[n] for n in names)).where(table.c.version == version).order_by(key)
        )
        entities[name] = tuple(
            entity_type(**{n: _value(hints[n], v) for n, v in zip(names, row, strict=True)})
            for row in rows
        )
    registry = Registry(**entities, source=meta.source)
    if registry.version != version:
        raise ValueError(f"registry {version} reads back as {registry.version}: data changed")
    return registry
