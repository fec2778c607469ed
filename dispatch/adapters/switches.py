"""Run-time switches an admin flips from the console (console_settings). Never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from dispatch.adapters.tables import console_settings

DEMO_TRAFFIC = "demo_traffic"  # {"on": bool}: the simulated traffic of `gridhub up`


def read(conn: Connection, key: str) -> dict[str, Any] | None:
    row = conn.execute(select(console_settings).where(console_settings.c.key == key)).first()
    return dict(row._mapping) if row else None


def write(conn: Connection, key: str, value: dict[str, Any], by: str, now: datetime) -> None:
    changed = conn.execute(
        update(console_settings)
        .where(console_settings.c.key == key)
        .values(value=value, updated_at=now, updated_by=by)
    )
    if changed.rowcount == 0:
        conn.execute(
            console_settings.insert().values(key=key, value=value, updated_at=now, updated_by=by)
        )
