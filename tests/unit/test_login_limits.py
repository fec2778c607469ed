"""Failed logins: counted within a window, locked for a while at the limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.login_limits import Limit, LoginLimits, retry_after
from config import HubSettings

T0 = datetime(2026, 12, 1, tzinfo=UTC)
LIMIT = Limit(max_failures=3, window=timedelta(minutes=15), lockout=timedelta(minutes=10))


def test_the_limit_locks_for_the_lockout_then_lets_try_again() -> None:
    failures = None
    for minute in range(3):
        assert LIMIT.wait(failures, T0 + timedelta(minutes=minute)) is None
        failures = LIMIT.after_failure(failures, T0 + timedelta(minutes=minute))
    assert failures is not None and failures.count == 3
    assert LIMIT.wait(failures, T0 + timedelta(minutes=2)) == 600
    assert LIMIT.wait(failures, T0 + timedelta(minutes=11, seconds=59)) == 1
    assert LIMIT.wait(failures, T0 + timedelta(minutes=12)) is None


def test_failures_older_than_the_window_are_forgotten() -> None:
    failures = LIMIT.after_failure(LIMIT.after_failure(None, T0), T0)
    later = LIMIT.after_failure(failures, T0 + timedelta(minutes=16))
    assert later.count == 1 and later.locked_until is None


def test_keys_name_the_account_and_the_address_and_retry_after_is_whole_seconds() -> None:
    limits = LoginLimits.from_settings(HubSettings(_env_file=None))  # type: ignore[call-arg]
    assert set(limits.keys("admin", "10.0.0.7")) == {"account:admin", "address:10.0.0.7"}
    assert limits.per_account.max_failures == 5 and limits.per_address.max_failures == 20
    assert retry_after(0.2) == "1" and retry_after(59.01) == "60"
