"""Users and logins for API tests: real password hashes, real tokens."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.security import hash_password
from dispatch.adapters.users import UserRepository
from dispatch.roles import Role, User

PASSWORD = "test-password"
ADMIN = User("admin", Role.ADMIN, "admin")


def add_user(engine: Engine, user: User, password: str = PASSWORD) -> User:
    with engine.begin() as conn:
        UserRepository(conn).add(user, hash_password(password), datetime.now(UTC))
    return user


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def as_user(client: TestClient, engine: Engine, user: User) -> dict[str, str]:
    add_user(engine, user)
    return login(client, user.username)
