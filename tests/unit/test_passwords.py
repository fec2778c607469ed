"""Password hashing at the current cost, re-hash detection and the password policy."""

from __future__ import annotations

import pytest

from api.security import (
    DEFAULT_N,
    MAX_N,
    PasswordHasher,
    check_password,
    hash_password,
    needs_rehash,
    password_problem,
)
from config import HubSettings


def test_the_default_cost_is_owasps_and_works_within_its_memory() -> None:
    assert DEFAULT_N == 2**17 == HubSettings.model_fields["auth_scrypt_n"].default
    stored = hash_password("correct horse battery")  # 128 MiB: more than OpenSSL's default
    assert stored.startswith(f"scrypt${2**17}$8$1$")
    assert check_password("correct horse battery", stored)
    assert not check_password("correct horse batterY", stored)


def test_a_weaker_hash_is_marked_for_rehashing() -> None:
    old = hash_password("x" * 12, n=2**14)
    assert needs_rehash(old, 2**15) and not needs_rehash(old, 2**14)
    assert needs_rehash("md5$whatever", 2**14)
    hasher = PasswordHasher(n=2**14, concurrency=1)
    assert hasher.check("x" * 12, old) and not hasher.needs_rehash(old)
    assert hasher.check("x" * 12, hasher.hash("x" * 12))
    assert not hasher.check("anything", hasher.unknown_user_hash())


def test_a_stored_hash_asking_for_absurd_memory_is_refused_not_computed() -> None:
    forged = hash_password("pw-pw-pw-pw", n=2**14).replace(f"${2**14}$", f"${MAX_N * 2}$")
    assert not check_password("pw-pw-pw-pw", forged)


@pytest.mark.parametrize(
    ("password", "username", "problem"),
    [
        ("a", "admin", "at least 10"),
        ("abc123xyz", "admin", "at least 10"),
        ("admin-admin-2026", "admin", "username"),
        ("Password123", "li", "common"),
        ("password2026!", "li", "common"),
        ("1234567890", "li", "run"),
        ("0987654321", "li", "run"),
        ("QWERTYUIOP", "li", "run"),
        ("abcdefghijk", "li", "run"),
        ("ababababababab", "li", "different characters"),
        ("x" * 201, "li", "at most 200"),
    ],
)
def test_trivial_passwords_are_refused_with_the_reason(
    password: str, username: str, problem: str
) -> None:
    found = password_problem(password, username, 10)
    assert found is not None and problem in found


@pytest.mark.parametrize("password", ["correct horse battery", "乳山城区网格2026", "Zq8!vT3#pL0w"])
def test_reasonable_passwords_pass(password: str) -> None:
    assert password_problem(password, "li.dispatcher", 10) is None
