"""Password hashing and bearer tokens (OAuth2 password flow with JWT).

Passwords are stored as scrypt hashes (Python's hashlib; memory-hard, salted per user), at
N=2^17 by default (HUB_AUTH_SCRYPT_N); a weaker hash is replaced at the next good login.
Tokens are HS256 JWTs signed with HUB_AUTH_SECRET; without it a random secret is made once
and kept in the data directory, which suits a single-machine deployment only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt

from config import HubSettings

# scrypt with r=8, p=1 takes 128 * r * N bytes: 128 MiB at N=2^17 (OWASP's figure). OpenSSL
# refuses more than 32 MiB unless told: maxmem says how much this hash may take.
DEFAULT_N, _R, _P = 2**17, 8, 1
MAX_N = 2**20  # a stored hash asking for more is refused, not computed
ALGORITHM = "HS256"


def _maxmem(n: int, r: int, p: int) -> int:
    return 128 * r * (n + 2) * p + 128 * r * p + 1024 * 1024


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=_maxmem(n, r, p)
    )


def hash_password(password: str, n: int = DEFAULT_N) -> str:
    salt = os.urandom(16)
    digest = _scrypt(password, salt, n, _R, _P, 32)
    encoded = (base64.b64encode(salt).decode(), base64.b64encode(digest).decode())
    return f"scrypt${n}${_R}${_P}${encoded[0]}${encoded[1]}"


def _parameters(stored: str) -> tuple[int, int, int] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        return int(parts[1]), int(parts[2]), int(parts[3])
    except ValueError:
        return None


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or int(n) > MAX_N or int(r) * int(p) > 64:
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str, n: int) -> bool:
    """Whether a hash is weaker than the configured cost (re-hashed at the next login)."""
    found = _parameters(stored)
    return found is None or found[0] < n or found[1:] != (_R, _P)


class PasswordHasher:
    """Hashes at the configured cost, a few at a time: each takes 128 MiB at N=2^17, and a
    burst of logins must not take the process's memory with it."""

    def __init__(self, n: int = DEFAULT_N, concurrency: int = 2) -> None:
        self.n = n
        self._slots = threading.BoundedSemaphore(concurrency)
        self._unknown: str | None = None

    def hash(self, password: str) -> str:
        with self._slots:
            return hash_password(password, self.n)

    def check(self, password: str, stored: str) -> bool:
        with self._slots:
            return check_password(password, stored)

    def needs_rehash(self, stored: str) -> bool:
        return needs_rehash(stored, self.n)

    def unknown_user_hash(self) -> str:
        """A hash no password matches, at the same cost: an unknown username takes as long
        as a wrong password."""
        if self._unknown is None:
            self._unknown = self.hash(secrets.token_urlsafe(16))
        return self._unknown


# -- password policy ----------------------------------------------------------------------
MAX_PASSWORD = 200
# Runs that people type as passwords (a password inside one of them, or one of them
# repeated, is trivial).
_RUNS = (
    "0123456789012345678901234567890123456789",
    "9876543210987654321098765432109876543210",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)
_COMMON = frozenset(
    {
        "password", "password1", "password123", "passw0rd", "p@ssw0rd", "iloveyou",
        "admin123", "administrator", "letmein", "welcome", "welcome1", "changeme",
        "gridhub", "gridhub123", "woaini1314", "1q2w3e4r5t", "qazwsxedc", "zxcvbnm123",
    }
)  # fmt: skip


def password_problem(password: str, username: str, min_length: int) -> str | None:
    """Why a password may not be used, or None. Length first (NIST SP 800-63B), then the
    trivial: the username in it, a run of keys or digits, a very common password, few
    different characters. No rules on character classes."""
    if len(password) < min_length:
        return f"at least {min_length} characters"
    if len(password) > MAX_PASSWORD:
        return f"at most {MAX_PASSWORD} characters"
    lowered = password.lower()
    if username and username.lower() in lowered:
        return "must not contain the username"
    if lowered in _COMMON or lowered.rstrip("0123456789!@#.") in _COMMON:
        return "too common: choose one that is not on lists of common passwords"
    if any(lowered in run for run in _RUNS):
        return "a run of keys or digits is trivial"
    if len(set(lowered)) < 5:
        return "too few different characters"
    return None


def signing_secret(settings: HubSettings) -> str:
    if settings.auth_secret is not None:
        return settings.auth_secret.get_secret_value()
    path: Path = settings.data_dir / "auth-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def issue_token(username: str, secret: str, minutes: int, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    claims = {"sub": username, "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_token(token: str, secret: str) -> str:
    """The username in a valid, unexpired token; raises jwt.PyJWTError otherwise."""
    claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]})
    return str(claims["sub"])
