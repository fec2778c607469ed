"""Sightings for the pure de-duplication tests: one place, one time, changed as a test needs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dispatch.dedupe import Candidate, DedupePolicy, Outcome, Sighting, decide
from grid.coords import offset

AT = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
POLICY = DedupePolicy()
HERE = (121.52, 36.91)
CELL = "37108300100101"


def sighting(
    category: str, text: str, east_m: float = 0.0, hours: float = 0.0, **changes: object
) -> Sighting:
    """A report ``east_m`` east of HERE, ``hours`` after AT, in CELL."""
    values: dict[str, object] = {
        "category": category,
        "at": AT + timedelta(hours=hours),
        "text": text,
        "point": offset(*HERE, east_m, 0),
        "cell": CELL,
        "nearby_cells": frozenset({CELL, "37108300100102"}),
    }
    values.update(changes)
    return Sighting(**values)  # type: ignore[arg-type]


def outcome(report: Sighting, *cases: Sighting) -> Outcome:
    """What the policy decides for ``report`` against one case per sighting given."""
    return decide(report, [Candidate(f"case-{i}", c) for i, c in enumerate(cases)], POLICY).outcome
