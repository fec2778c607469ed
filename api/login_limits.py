"""Login rate limit and lockout: failed logins are counted per username and per client
address within a window; a key that reaches its limit waits out the lockout (429 with
Retry-After), whatever password it sends then. Counts live in the database (table
login_failures, dispatch/adapters/users.py LoginFailures), so every API process sees the same
attempts.

Unknown usernames are counted like known ones (the answer never tells which exist). A good
login clears its username's count, not its address's: one valid account must not become a
way to keep guessing others from the same address.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from config import HubSettings
from dispatch.adapters.users import Failures


@dataclass(frozen=True)
class Limit:
    """How many failures a kind of key may have within ``window`` before ``lockout``."""

    max_failures: int
    window: timedelta
    lockout: timedelta

    def wait(self, failures: Failures | None, now: datetime) -> float | None:
        """Seconds this key must still wait, or None if it may try."""
        if failures is None or failures.locked_until is None or failures.locked_until <= now:
            return None
        return (failures.locked_until - now).total_seconds()

    def after_failure(self, failures: Failures | None, now: datetime) -> Failures:
        if failures is None or now - failures.first_failed_at > self.window:
            failures = Failures(0, now)
        count = failures.count + 1
        locked = now + self.lockout if count >= self.max_failures else None
        return Failures(count, failures.first_failed_at, locked)


@dataclass(frozen=True)
class LoginLimits:
    per_account: Limit
    per_address: Limit

    @classmethod
    def from_settings(cls, settings: HubSettings) -> LoginLimits:
        window = timedelta(seconds=settings.auth_failure_window_seconds)
        lockout = timedelta(seconds=settings.auth_lockout_seconds)
        return cls(
            Limit(settings.auth_max_failures_per_account, window, lockout),
            Limit(settings.auth_max_failures_per_address, window, lockout),
        )

    def keys(self, username: str, address: str) -> dict[str, Limit]:
        return {
            f"account:{username[:200]}": self.per_account,
            f"address:{address[:90]}": self.per_address,
        }


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
