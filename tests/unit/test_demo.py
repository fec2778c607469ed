"""The demo behaves: a handler for every department, reporters on the roster, hotline tickets,
and simulator runs that never repeat each other's event ids."""

from __future__ import annotations

from collections import Counter

from dispatch.roles import Role
from gridhub.runtime import new_run_id
from gridhub.simulator import ON_ROSTER, TrafficGenerator, demo_registry
from gridhub.users import demo_users
from streams.normalise import normalise


def test_every_department_of_the_grids_has_a_demo_handler() -> None:
    registry = demo_registry()
    handled = {u.department_id for u in demo_users(registry) if u.role is Role.HANDLER}
    departments = {d.id for d in registry.departments if d.grid is not None}
    assert len(departments) == 64 and departments <= handled


def test_simulated_grid_reports_come_mostly_from_the_roster_and_the_hotline_calls_too() -> None:
    roster = {w.id for w in demo_registry().workers}
    generator = TrafficGenerator(seed=13)
    on, total = Counter(), Counter()
    for _ in range(1500):
        message = generator.next_message()
        report = normalise(message.grid, message.value)
        total[message.grid.value] += 1
        on[message.grid.value] += report.reporter.id in roster
    assert total["hotline"] > 50  # some 12345 tickets among the grids' events
    assert on["hotline"] == 0  # callers are the public
    for grid, share in ON_ROSTER.items():
        measured = on[grid] / total[grid]
        # sensors report for the environment grid too: below its roster share
        assert share - 0.35 < measured <= share + 0.05, (grid, measured)
        assert measured >= 0.5 or grid == "environment", (grid, measured)


def test_two_runs_with_one_seed_send_different_event_ids() -> None:
    first, second = new_run_id(), new_run_id()
    assert first != second
    runs = [TrafficGenerator(seed=7, run_id=run) for run in (first, second)]
    keys = [{g.next_message().key for _ in range(50)} for g in runs]
    assert keys[0].isdisjoint(keys[1])
    # The same run id replays a run exactly.
    replay = TrafficGenerator(seed=7, run_id=first)
    assert {replay.next_message().key for _ in range(50)} == keys[0]
