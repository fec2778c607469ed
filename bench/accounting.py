"""Counting what a stream did with the events sent: lost, doubled, unexpected.

Used by the fault tests and bench/faults.py, so a test and a benchmark count alike. Report
ids derive from (grid, source event id), so the ids the sent events must become are known
before anything runs; the database is compared with them, and every case's history with its
reports (one ``reported`` or ``report_linked`` event per report, one case per founding
report).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import Engine


@dataclass(frozen=True)
class Account:
    expected: int
    stored: int  # expected reports found in the database
    lost: int  # expected reports not in the database, or in no case
    doubled: int  # reports in two cases' histories, cases founded twice, events twice
    unexpected: int  # reports in the database that were never expected (poison let through)
    unprojected: int  # cases whose history the projector still owes

    @property
    def whole(self) -> bool:
        return self.lost == 0 and self.doubled == 0 and self.unexpected == 0

    def line(self) -> str:
        return (
            f"{self.stored:,} of {self.expected:,} stored, lost {self.lost}, doubled "
            f"{self.doubled}, unexpected {self.unexpected}"
        )


def stored_count(engine: Engine, ids: Iterable[str]) -> int:
    """How many of ``ids`` are stored in a case (cheap enough to poll)."""
    wanted = set(ids)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id FROM reports WHERE case_id IS NOT NULL")).scalars()
        return sum(1 for report_id in rows if report_id in wanted)


def projection_owed(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(sa.text("SELECT count(*) FROM cases WHERE projection_pending")) or 0)


def account(engine: Engine, expected_ids: Iterable[str]) -> Account:
    expected = set(expected_ids)
    with engine.connect() as conn:
        reports = conn.execute(sa.text("SELECT id, case_id FROM reports")).all()
        founders = Counter(conn.execute(sa.text("SELECT founding_report_id FROM cases")).scalars())
        history = conn.execute(
            sa.text(
                "SELECT case_id, seq, event_type, data FROM case_events "
                "WHERE event_type IN ('reported', 'report_linked')"
            )
        ).all()
        owed = conn.scalar(sa.text("SELECT count(*) FROM cases WHERE projection_pending"))
    in_case = {report_id for report_id, case_id in reports if case_id is not None}
    stored_ids = {report_id for report_id, _ in reports}
    # A report joins a case's history once: ``reported`` for its founder, ``report_linked``
    # for each later one.
    told = Counter(_data(data).get("report_id") for _, _, _, data in history)
    seqs = Counter((case_id, seq) for case_id, seq, _, _ in history)
    doubled = (
        sum(n - 1 for founder, n in founders.items() if founder and n > 1)
        + sum(n - 1 for report_id, n in told.items() if report_id and n > 1)
        + sum(n - 1 for n in seqs.values() if n > 1)
    )
    return Account(
        expected=len(expected),
        stored=len(expected & in_case),
        lost=len(expected - in_case),
        doubled=doubled,
        unexpected=len(stored_ids - expected),
        unprojected=int(owed or 0),
    )


def _data(value: object) -> dict[str, object]:
    if isinstance(value, str):  # SQLite hands JSON back as text through text() queries
        return json.loads(value)
    return value if isinstance(value, dict) else {}
