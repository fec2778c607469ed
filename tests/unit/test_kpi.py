"""Each indicator against a small fixture counted by hand, edge cases included."""

from __future__ import annotations

import math
import random
import statistics
from datetime import UTC, datetime, timedelta

import pytest

from dispatch.kpi import (
    CaseFacts,
    FactColumns,
    Interval,
    Measure,
    breakdown,
    by,
    durations,
    indicators,
    members,
    series,
)

T = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


def h(hours: float) -> datetime:
    return T + timedelta(hours=hours)


NOW = h(100)  # C's resolving deadline (h 20) has passed


# Five cases, one merged into another. Hand count below each.
FIXTURE = [
    # A: the whole loop on time; three reports from two grids.
    CaseFacts("A", T, frozenset({"urban", "environment"}), 3, 3,
              accepted_at=h(1), accept_due=h(2), dispatched_at=h(2), dispatches=1,
              resolved_at=h(10), resolve_due=h(20), closed_at=h(12), state="closed",
              tags={"department": "street-urban"}),
    # B: accepted late, dispatched twice (one return), reworked once, postponed, closed late.
    CaseFacts("B", T, frozenset({"urban"}), 1, 1,
              accepted_at=h(5), accept_due=h(2), dispatched_at=h(6), dispatches=2, returns=1,
              resolved_at=h(40), resolve_due=h(30), closed_at=h(50), late_steps=2,
              reworks=1, postponements=1, escalations=2, reopened=True, state="closed",
              tags={"department": "street-urban"}),
    # C: accepted and dispatched, still open, overdue.
    CaseFacts("C", T, frozenset({"market"}), 1, 0,
              accepted_at=h(1), accept_due=h(2), dispatched_at=h(3), dispatches=1,
              running_due=h(20), state="in_progress", tags={"department": "street-market"}),
    # D: rejected.
    CaseFacts("D", T, frozenset({"market"}), 1, 1, rejected=True, state="rejected",
              tags={"department": "street-market"}),
    # E: merged into A (its report moved there: counted in A's three).
    CaseFacts("E", T, frozenset({"environment"}), 0, 0, merged=True, state="merged",
              tags={"department": "street-urban"}),
]  # fmt: skip


def test_every_indicator_matches_the_hand_count() -> None:
    k = indicators(FIXTURE, as_of=NOW)
    assert k.cases == 4  # E is merged
    assert k.reports == 6
    assert k.cases_accepted == 3  # A, B, C
    assert k.acceptance_rate == pytest.approx(3 / 4)
    assert k.on_time_acceptance == pytest.approx(2 / 3)  # B late
    assert k.dispatch_accuracy == pytest.approx((4 - 1) / 4)  # 4 dispatches, 1 returned
    assert k.disposal_rate == pytest.approx(2 / 3)  # A, B of A, B, C
    assert k.on_time_disposal == pytest.approx(1 / 2)  # B late
    assert k.closure_rate == pytest.approx(2 / 3)
    assert k.on_time_closure == pytest.approx(1 / 3)  # A on time; B late; C open overdue
    assert k.rework_rate == pytest.approx(1 / 2)
    assert k.postponement_rate == pytest.approx(1 / 3)
    assert k.escalations == 2
    assert (k.time_to_accept.mean, k.time_to_accept.median, k.time_to_accept.p90) == (
        pytest.approx(7 / 3), 1.0, 5.0,
    )  # fmt: skip
    assert k.time_to_dispatch.count == 3 and k.time_to_dispatch.median == 1.0
    assert k.time_to_resolve.mean == pytest.approx((8 + 34) / 2)
    assert k.time_to_close.p90 == 50.0
    assert k.duplicate_report_rate == pytest.approx((6 - 4) / 6)
    assert k.cross_grid_cases == 1
    assert k.placed_share == pytest.approx(5 / 6)


def test_no_cases_means_no_data_not_perfect() -> None:
    k = indicators([])
    assert k.cases == 0 and k.acceptance_rate is None and k.on_time_closure is None
    assert k.time_to_close.count == 0 and k.time_to_close.mean is None


def test_open_overdue_work_is_never_hidden() -> None:
    only_overdue = [FIXTURE[2]]  # nothing closed, one open overdue case
    assert indicators(only_overdue, as_of=NOW).on_time_closure == 0.0


def test_breakdown_by_department() -> None:
    per = by(FIXTURE, "department")
    assert set(per) == {"street-urban", "street-market"}
    assert per["street-urban"].cases == 2 and per["street-urban"].closure_rate == 1.0
    assert per["street-market"].cases_accepted == 1 and per["street-market"].closure_rate == 0.0


def test_p90_is_the_nearest_rank() -> None:
    assert durations([float(x) for x in range(1, 11)]).p90 == 9.0
    assert durations([4.0]).p90 == 4.0


def test_median_and_p90_agree_with_a_sort_for_any_size() -> None:
    rng = random.Random(5)
    for n in [*range(1, 40), 1000, 1001]:
        hours = [rng.choice([rng.random() * 100, 5.0]) for _ in range(n)]
        spread = durations(hours)
        assert spread.median == pytest.approx(statistics.median(hours))
        assert spread.p90 == sorted(hours)[max(1, math.ceil(0.9 * n)) - 1]
        assert spread.mean == pytest.approx(statistics.fmean(hours))


GRIDS = ["urban", "market", "environment"]


def test_a_breakdown_equals_the_summary_of_each_part() -> None:
    rng = random.Random(11)
    facts = []
    for i in range(300):
        at = T + timedelta(hours=rng.randint(0, 24 * 90))
        done = [at + timedelta(hours=sum(rng.random() * 9 for _ in range(k + 1))) for k in range(4)]
        cut = rng.randint(0, 4)  # how far round the loop it got
        facts.append(
            CaseFacts(
                f"c{i}", at, frozenset(rng.sample(GRIDS, rng.randint(1, 2))),
                report_count=rng.randint(0, 3), placed_reports=rng.randint(0, 1),
                merged=rng.random() < 0.05, state=rng.choice(["closed", "in_progress"]),
                accepted_at=done[0] if cut > 0 else None, accept_due=at + timedelta(hours=4),
                dispatched_at=done[1] if cut > 1 else None, dispatches=int(cut > 1),
                returns=int(rng.random() < 0.1),
                resolved_at=done[2] if cut > 2 else None, resolve_due=at + timedelta(hours=20),
                closed_at=done[3] if cut > 3 else None, late_steps=rng.randint(0, 1),
                running_due=at + timedelta(hours=30), reworks=rng.randint(0, 1),
                tags={"department": rng.choice(["a", "b", "c"])},
            )
        )  # fmt: skip
    columns = FactColumns.of(facts)
    rows = columns.all_rows()
    parts = breakdown(columns, rows, "department", as_of=NOW)
    for value, figures in parts.items():
        assert figures == indicators(columns, columns.where(rows, "department", [value]), as_of=NOW)
    weekly = series(columns, rows, Interval.WEEK, as_of=NOW)
    assert sum(figures.cases for _, figures in weekly) == indicators(columns, as_of=NOW).cases


def test_the_three_rates_by_hand() -> None:
    """响应率: signed by its signing deadline / dispatched cases signed or past that deadline;
    解决率: resolution standing / accepted; 满意率: 满意 or 基本满意 / rated."""
    signed = dict(accepted_at=h(1), dispatched_at=h(2), dispatches=1)
    facts = [
        # P: signed on time, closed, rated 满意.
        CaseFacts("P", T, frozenset({"hotline"}), 1, 1, **signed, signed_at=h(3), sign_due=h(4),
                  resolved_at=h(5), closed_at=h(6), satisfaction=3, state="closed",
                  hotline_reports=1, public_reports=1),
        # Q: signed late, resolved, rated 不满意 and reopened (rework: no longer solved).
        CaseFacts("Q", T, frozenset({"urban"}), 1, 1, **signed, signed_at=h(9), sign_due=h(4),
                  resolved_at=h(12), satisfaction=1, state="rework"),
        # R: dispatched, never signed, its signing deadline (h 4) long past: counts against.
        CaseFacts("R", T, frozenset({"urban"}), 1, 1, **signed, running_due=h(4),
                  state="dispatched"),
        # S: dispatched a moment ago, signing due later: not judged yet.
        CaseFacts("S", T, frozenset({"urban"}), 1, 1, **signed, running_due=h(200),
                  state="dispatched"),
        # U: accepted, not yet dispatched; V: closed, rated 基本满意.
        CaseFacts("U", T, frozenset({"urban"}), 1, 1, accepted_at=h(1), state="accepted"),
        CaseFacts("V", T, frozenset({"urban"}), 1, 1, **signed, signed_at=h(3), sign_due=h(4),
                  resolved_at=h(5), closed_at=h(6), satisfaction=2, state="closed",
                  public_reports=1),
    ]  # fmt: skip
    k = indicators(facts, as_of=NOW)
    assert k.response_rate == pytest.approx(2 / 4)  # P, V of P, Q, R, V
    assert k.resolution_rate == pytest.approx(2 / 6)  # P, V of all six accepted
    assert k.satisfaction_rate == pytest.approx(2 / 3)  # P, V of P, Q, V
    assert (k.rated_cases, k.unsatisfied_cases) == (3, 1)
    assert (k.hotline_reports, k.public_reports) == (1, 2)
    columns = FactColumns.of(facts)
    rows = columns.all_rows()
    late = members(columns, rows, Measure.RESPONDED_LATE, as_of=NOW)
    assert sorted(columns.case_ids(late)) == ["Q", "R"]
    assert columns.case_ids(members(columns, rows, Measure.HOTLINE, as_of=NOW)) == ["P"]
    per_grid = breakdown(columns, rows, "grid", as_of=NOW)
    assert per_grid["(none)"].satisfaction_rate == pytest.approx(2 / 3)
