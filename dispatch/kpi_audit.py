"""The closure-time audit's figures, in one place. Pure: fact columns in, figures out.

How long closing takes per department or category (mean, median, P90 and a distribution in
buckets a supervisor reads: up to a day, three days, a week, 15 days, 30 days, longer) and
where rework and returns pile up (hot spots). The API (api/routers/kpi.py) only selects the
cases and shapes the answer.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import numpy as np

from dispatch.kpi import HOUR, FactColumns, Measure, durations, members

# Closure-time distribution buckets, in hours (1 day, 3 days, a week, 15 days, 30 days).
CLOSURE_BUCKETS = (24.0, 72.0, 168.0, 360.0, 720.0)
# What a hot spot counts: the cases' reworks (failed verification, reopened) and returns.
HOT_SPOT_COUNTS = ("reworks", "returns")


def histogram(hours: np.ndarray) -> list[dict[str, Any]]:
    """How many of these closure times fall in each bucket."""
    edges = (0.0, *CLOSURE_BUCKETS, float("inf"))
    counts = np.histogram(hours, bins=np.array(edges))[0] if hours.size else [0] * (len(edges) - 1)
    return [
        {"from_hours": lo, "to_hours": None if hi == float("inf") else hi, "cases": int(n)}
        for lo, hi, n in zip(edges[:-1], edges[1:], counts, strict=True)
    ]


def closed_taking(
    columns: FactColumns, rows: np.ndarray, from_hours: float, to_hours: float | None
) -> np.ndarray:
    """The closed cases among ``rows`` whose report-to-closure time falls in one bucket of
    the distribution: at least ``from_hours``, less than ``to_hours`` (no upper end: None)."""
    closed = members(columns, rows, Measure.CLOSED)
    hours = (columns.times["closed_at"][closed] - columns.times["reported_at"][closed]) / HOUR
    inside = hours >= from_hours
    if to_hours is not None:
        inside &= hours < to_hours
    return closed[inside]


def closure_times(columns: FactColumns, rows: np.ndarray, by: str) -> list[dict[str, Any]]:
    """Per value of ``by``: hours from report to closure of its closed cases, slowest P90
    first."""
    closed = members(columns, rows, Measure.CLOSED)
    hours = (columns.times["closed_at"][closed] - columns.times["reported_at"][closed]) / HOUR
    codes = columns.dims[by][closed]
    labels = columns.labels[by].labels
    out = []
    for code in np.unique(codes):
        mine = hours[codes == code]
        spread = durations(mine)
        out.append({"value": labels[int(code)], **asdict(spread), "distribution": histogram(mine)})
    return sorted(out, key=lambda x: -(x["p90"] or 0))


def hot_spots(columns: FactColumns, rows: np.ndarray, by: str, top: int) -> dict[str, Any]:
    """The ``top`` values of ``by`` with the most reworks and the most returns."""
    c = columns.counts
    codes = columns.dims[by][rows]
    labels = columns.labels[by].labels
    spots: dict[str, list[dict[str, Any]]] = {}
    for name in HOT_SPOT_COUNTS:
        totals = np.bincount(codes, weights=c[name][rows], minlength=len(labels))
        cases = np.bincount(codes, minlength=len(labels))
        order = np.argsort(-totals, kind="stable")[:top]
        spots[name] = [
            {"value": labels[i], name: int(totals[i]), "cases": int(cases[i])}
            for i in order
            if totals[i] > 0
        ]
    return spots
