"""Facts folded from lifecycle events, periods, and the grid-integration level (L2P3)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from contracts.lifecycle import Actor, CaseEventType, CaseLifecycleEvent
from dispatch.integration import (
    DEFAULT_WEIGHTS,
    Dimension,
    integration_level,
    line_departments,
    star_level,
)
from dispatch.kpi import CaseFacts, FactColumns, Interval, fold, fold_all, period_keys

T = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 Beijing
E = CaseEventType
WHO = Actor(id="d1", role="dispatcher")


def h(hours: float) -> datetime:
    return T + timedelta(hours=hours)


def event(seq: int, kind: CaseEventType, at: float, to: str, **data: object) -> CaseLifecycleEvent:
    if "due" in data:
        due = data.pop("due")
        data["deadline_at"] = h(due).isoformat() if due is not None else None  # type: ignore[arg-type]
    return CaseLifecycleEvent(
        event_id=f"e{seq}", case_id="c", seq=seq, event_type=kind, occurred_at=h(at),
        actor=WHO, from_state=None, to_state=to, data=data,
    )  # fmt: skip


LOOP = [
    event(1, E.REPORTED, 0, "reported", due=2),
    event(2, E.ACCEPTED, 3, "accepted", due=5),  # late: due at 2
    event(3, E.DISPATCHED, 4, "dispatched", due=8, department_id="urban"),
    event(4, E.RETURNED, 5, "returned", due=7),
    event(5, E.DISPATCHED, 6, "dispatched", due=10, department_id="urban-2"),
    event(6, E.SIGNED, 7, "in_progress", due=47),
    event(7, E.POSTPONED, 8, "in_progress", due=60),
    event(8, E.ESCALATED, 9, "in_progress", due=60),
    event(9, E.RESOLVED, 50, "resolved", due=58),  # on time thanks to the postponement
    event(10, E.VERIFICATION_FAILED, 51, "rework", due=55),
    event(11, E.SIGNED, 52, "in_progress", due=90),
    event(12, E.RESOLVED, 53, "resolved", due=61),
    event(13, E.VERIFIED, 54, "verified", due=None),
    event(14, E.CLOSED, 55, "closed", due=None),
]


def test_the_loop_folds_into_its_facts() -> None:
    f = fold_all(CaseFacts("c", T), LOOP)
    assert (f.accepted_at, f.accept_due) == (h(3), h(2))
    assert f.dispatched_at == h(4) and f.dispatches == 2 and f.returns == 1
    assert f.department == "urban-2" and f.signed_at == h(7)
    assert (f.resolved_at, f.resolve_due) == (h(53), h(90))  # the last resolution
    assert f.closed_at == h(55) and f.state == "closed" and f.running_due is None
    assert f.reworks == 1 and f.postponements == 1 and f.escalations == 1
    assert f.late_steps == 1  # only the acceptance
    assert f.last_seq == 14


def test_folding_twice_changes_nothing_and_reopen_unsets_the_closure() -> None:
    f = fold_all(CaseFacts("c", T), LOOP)
    assert fold_all(f, LOOP) == f
    reopened = fold(f, event(15, E.REOPENED, 60, "rework", due=64))
    assert reopened.closed_at is None and reopened.reopened and reopened.reworks == 2
    assert reopened.running_due == h(64)


def test_periods_are_beijing_days_weeks_months_quarters() -> None:
    # 2026-11-01 16:30 UTC is Monday 2026-11-02 00:30 in Beijing.
    moment = np.array([datetime(2026, 11, 1, 16, 30, tzinfo=UTC).timestamp()])
    assert str(period_keys(moment, Interval.DAY)[0]) == "2026-11-02"
    assert str(period_keys(moment, Interval.WEEK)[0]) == "2026-11-02"
    assert str(period_keys(moment, Interval.MONTH)[0]) == "2026-11-01"
    assert str(period_keys(moment, Interval.QUARTER)[0]) == "2026-10-01"
    sunday = np.array([datetime(2026, 11, 8, 12, tzinfo=UTC).timestamp()])
    assert str(period_keys(sunday, Interval.WEEK)[0]) == str(date(2026, 11, 2))


def test_line_departments_follow_the_same_grid_upwards() -> None:
    line = line_departments(
        [
            ("centre", None, None),
            ("urban", "urban", "centre"),
            ("street-urban", "urban", "urban"),
            ("market", "market", "centre"),
        ]
    )
    assert line == {"urban": "urban", "street-urban": "urban", "market": "market"}


@pytest.mark.parametrize(("merged", "stars"), [(0, 0), (3, 0), (4, 4), (5, 4), (6, 5)])
def test_star_level(merged: int, stars: int) -> None:
    assert star_level(merged) == stars


def _fused(case_id: str, department: str, **overrides: object) -> CaseFacts:
    values: dict[str, object] = dict(
        report_count=1, placed_reports=1, system_reports=1, roster_reports=1, staff_reports=1,
        hotline_reports=1, routed=True, accepted_at=h(1), dispatched_at=h(2), signed_at=h(3),
        department=department, tags={"cell": "c1"},
    )  # fmt: skip
    values.update(overrides)
    return CaseFacts(case_id, T, **values)  # type: ignore[arg-type]


def test_a_department_meets_every_dimension_or_shows_which_it_misses() -> None:
    facts = [
        _fused("a1", "urban"),
        _fused("a2", "street-urban"),
        _fused("m1", "market", roster_reports=0, hotline_reports=0),
        _fused("m2", "market", signed_at=None, roster_reports=0),
    ]
    columns = FactColumns.of(facts)
    line_of = {"urban": "urban", "street-urban": "urban", "market": "market"}
    grid_of = {"urban": "urban", "market": "market"}
    weights = DEFAULT_WEIGHTS | {Dimension.GRID_TEAM.value: 2.0}
    level = integration_level(columns, columns.all_rows(), line_of, grid_of, weights)
    urban, market = sorted(level.departments, key=lambda d: d.department != "urban")
    assert urban.cases == 2 and urban.fully_merged and urban.score == 100
    missed = {j.dimension for j in market.dimensions if not j.met}
    assert missed == {Dimension.GRID_TEAM, Dimension.WORKFLOW}
    team = next(j for j in market.dimensions if j.dimension is Dimension.GRID_TEAM)
    assert (team.numerator, team.denominator, team.value) == (0, 2, 0.0)
    assert level.fully_merged == 1 and level.star_level == 0
    assert market.score == pytest.approx(100 * (9 - 3) / 9, abs=0.01)  # grid team weighs 2
    assert level.composite_score == pytest.approx((100 + market.score) / 2, abs=0.01)
