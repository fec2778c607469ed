"""One definition of overdue (dispatch/sla.py is_overdue), and the KPI counting by it; the
KPI's area filter by the one area rule (dispatch/areas.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dispatch.kpi import CaseFacts, FactColumns, Measure, indicators, members
from dispatch.lifecycle import CaseState
from dispatch.sla import CLOCK_RUNNING, is_overdue

T = datetime(2026, 11, 2, tzinfo=UTC)
NOW = T + timedelta(hours=10)
PAST, FUTURE = T + timedelta(hours=2), T + timedelta(hours=20)


@pytest.mark.parametrize(
    ("state", "due", "overdue"),
    [
        ("reported", PAST, True),  # waiting for 立案 past its deadline
        ("dispatched", PAST, True),
        ("in_progress", FUTURE, False),
        ("suspended", PAST, False),  # 挂账: no clock running
        ("verified", None, False),
        ("closed", PAST, False),
        ("in_progress", None, False),
    ],
)
def test_overdue_is_a_running_clock_past_its_deadline(
    state: str, due: datetime | None, overdue: bool
) -> None:
    assert is_overdue(state, due, NOW) is overdue


def test_every_state_with_a_step_has_a_clock() -> None:
    assert CaseState.SUSPENDED not in CLOCK_RUNNING and CaseState.REPORTED in CLOCK_RUNNING


FACTS = [
    # Waiting for acceptance, its deadline passed: overdue, and late acceptance pending.
    CaseFacts("waiting", T, running_due=PAST, state="reported",
              area_path="/371083/371083001/371083001001/"),
    # Accepted late, now dispatched and on time: not overdue, but already late.
    CaseFacts("late", T, accepted_at=T + timedelta(hours=5), accept_due=PAST, late_steps=1,
              dispatched_at=T + timedelta(hours=5), running_due=FUTURE, state="dispatched",
              area_path="/371083/371083001/371083001002/"),
    # In progress past its deadline.
    CaseFacts("stuck", T, accepted_at=T, accept_due=PAST, dispatched_at=T,
              running_due=PAST, state="in_progress", area_path="/371083/371083100/"),
    # Suspended with an old deadline on record: no clock.
    CaseFacts("parked", T, accepted_at=T, accept_due=PAST, running_due=PAST,
              state="suspended", area_path=""),
]  # fmt: skip


def test_the_kpi_counts_overdue_by_the_one_definition() -> None:
    columns = FactColumns.of(FACTS)
    figures = indicators(columns, as_of=NOW)
    overdue = members(columns, columns.all_rows(), Measure.OPEN_OVERDUE, as_of=NOW)
    assert sorted(columns.case_ids(overdue)) == ["stuck", "waiting"]
    assert figures.open_overdue == 2
    late = members(columns, columns.all_rows(), Measure.OPEN_LATE, as_of=NOW)
    assert sorted(columns.case_ids(late)) == ["late", "stuck"]
    # On time: parked and stuck (accepted by their deadline); late: "late", and "waiting"
    # which is still waiting past it.
    assert figures.on_time_acceptance == pytest.approx(2 / 4)


def test_the_kpi_area_filter_is_the_area_rule() -> None:
    columns = FactColumns.of(FACTS)
    rows = columns.all_rows()
    assert columns.case_ids(columns.within(rows, ["371083001001"])) == ["waiting"]
    assert sorted(columns.case_ids(columns.within(rows, ["371083001"]))) == ["late", "waiting"]
    assert len(columns.within(rows, ["371083"])) == 3
    assert len(columns.within(rows, ["%"])) == 0 and len(columns.within(rows, [""])) == 0
