"""Users in the database. Like every repository, it never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from dispatch.adapters.repository import insert_ignoring_conflicts
from dispatch.adapters.tables import login_failures, users
from dispatch.roles import Role, User


def _user(row: Any) -> User:
    return User(
        username=row["username"],
        role=Role(row["role"]),
        display_name=row["display_name"],
        area_code=row["area_code"],
        department_id=row["department_id"],
        worker_id=row["worker_id"],
    )


class UserRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def credentials(self, username: str) -> tuple[User, str] | None:
        """The active user and their password hash, or None."""
        row = self._conn.execute(
            select(users).where(users.c.username == username, users.c.active)
        ).first()
        return (_user(row._mapping), row.password_hash) if row else None

    def get(self, username: str) -> User | None:
        found = self.credentials(username)
        return found[0] if found else None

    def add(self, user: User, password_hash: str, now: datetime) -> bool:
        """Create the user unless the name is taken; True when created."""
        before = self.get(user.username) is not None
        insert_ignoring_conflicts(
            self._conn,
            users,
            [
                {
                    "username": user.username,
                    "password_hash": password_hash,
                    "role": user.role.value,
                    "display_name": user.display_name,
                    "area_code": user.area_code,
                    "department_id": user.department_id,
                    "worker_id": user.worker_id,
                    "active": True,
                    "created_at": now,
                }
            ],
        )
        return not before

    def set_password(self, username: str, password_hash: str) -> None:
        self._conn.execute(
            update(users).where(users.c.username == username).values(password_hash=password_hash)
        )

    def all(self) -> list[User]:
        return [_user(r._mapping) for r in self._conn.execute(select(users).order_by("username"))]


class UserAdmin:
    """What an admin changes about users (the console's user screen). Never commits."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def all(self) -> list[dict[str, Any]]:
        columns = [c for c in users.c if c.name != "password_hash"]
        rows = self._conn.execute(select(*columns).order_by(users.c.username))
        return [dict(r._mapping) for r in rows]

    def get(self, username: str) -> dict[str, Any] | None:
        columns = [c for c in users.c if c.name != "password_hash"]
        row = self._conn.execute(select(*columns).where(users.c.username == username)).first()
        return dict(row._mapping) if row else None

    def change(self, username: str, values: dict[str, Any]) -> None:
        if values:
            self._conn.execute(update(users).where(users.c.username == username).values(**values))


@dataclass(frozen=True)
class Failures:
    """Failed logins of one key (a username or a client address) in the current window."""

    count: int
    first_failed_at: datetime
    locked_until: datetime | None = None


class LoginFailures:
    """Failed logins per key (api/login_limits.py decides what they mean). Never commits."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, keys: list[str]) -> dict[str, Failures]:
        rows = self._conn.execute(select(login_failures).where(login_failures.c.key.in_(keys)))
        return {r.key: Failures(r.failures, r.first_failed_at, r.locked_until) for r in rows}

    def put(self, key: str, failures: Failures) -> None:
        values = {
            "failures": failures.count,
            "first_failed_at": failures.first_failed_at,
            "locked_until": failures.locked_until,
        }
        changed = self._conn.execute(
            update(login_failures).where(login_failures.c.key == key).values(**values)
        ).rowcount
        if not changed:
            insert_ignoring_conflicts(self._conn, login_failures, [{"key": key, **values}])

    def clear(self, key: str) -> None:
        self._conn.execute(delete(login_failures).where(login_failures.c.key == key))
