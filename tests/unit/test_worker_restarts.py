"""`gridhub up` starts a failed stream worker again, but only one that failed the way a restart
mends, and not in a loop."""

from __future__ import annotations

from gridhub.runtime import RESTART_WINDOW, WORKER_FAILED, WORKER_RESTARTS, _may_restart


def test_a_worker_that_failed_in_a_stage_is_started_again() -> None:
    restarts: list[float] = []
    assert _may_restart(WORKER_FAILED, restarts, now=100.0)
    assert restarts == [100.0]


def test_a_worker_that_exited_otherwise_is_not() -> None:
    # 1: it could not start (settings, schema); 0: it was stopped; -9: killed by someone.
    for code in (0, 1, -9):
        assert not _may_restart(code, [], now=100.0)


def test_restarts_are_bounded_within_the_window_and_allowed_again_after_it() -> None:
    restarts: list[float] = []
    for n in range(WORKER_RESTARTS):
        assert _may_restart(WORKER_FAILED, restarts, now=float(n))
    assert not _may_restart(WORKER_FAILED, restarts, now=float(WORKER_RESTARTS))
    assert _may_restart(WORKER_FAILED, restarts, now=RESTART_WINDOW + 1.0)
