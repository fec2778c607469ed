"""Users in the database. Like every repository, it never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from dispatch.adapters.repository import insert_ignoring_conflicts
from dispatch.adapters.tables import users
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
