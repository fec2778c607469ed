"""Users and logins for API tests: real password hashes, real tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.security import hash_password
from dispatch.adapters.users import UserRepository
from dispatch.roles import Role, User

PASSWORD = "test-password"
ADMIN = User("admin", Role.ADMIN, "admin")
# Tests hash at scrypt's lowest accepted cost (tests/conftest.py sets HUB_AUTH_SCRYPT_N to
# it, so logins do not re-hash): the default (2^17) takes a good part of a second per hash.
TEST_SCRYPT_N = 2**14


@cache
def password_hash(password: str) -> str:
    """One real hash per password for the whole run: users may share it (each login still
    verifies it), and hashing costs more than the rest of a test's set-up."""
    return hash_password(password, TEST_SCRYPT_N)


def add_user(engine: Engine, user: User, password: str = PASSWORD) -> User:
    with engine.begin() as conn:
        UserRepository(conn).add(user, password_hash(password), datetime.now(UTC))
    return user


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def as_user(client: TestClient, engine: Engine, user: User) -> dict[str, str]:
    add_user(engine, user)
    return login(client, user.username)
