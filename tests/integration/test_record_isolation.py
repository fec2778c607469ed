"""The record stage isolates a report the database refuses, on both databases.

The contracts refuse these values where a message is decoded; this report is made past them
(as a producer with an older contract, or a bug, could), so that it fails only at the write:
a NUL character in its description (PostgreSQL stores no NUL; SQLite does) and a receipt time
in the year 1 at +14:00, which has no UTC (SQLite's write converts it and fails; PostgreSQL's
COPY would store it as a year BC, which no reader could read back). The writer must split the
batch until it finds that report, refuse it with the reason, and store the rest.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy import Engine

from dispatch.dedupe import DedupePolicy
from dispatch.sla import SlaPolicy
from grid.adapters.active import ActiveRegistry
from streams.record import RecordWriter
from tests.unit.test_recording import report

YEAR_ONE = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))


def test_a_report_refused_by_the_database_is_isolated_and_the_rest_stored(
    engine: Engine,
) -> None:
    batch = [
        report(n, text=f"路面坑洼 {n}", address=f"乳山市城区街道胜利街{n}号") for n in range(1, 8)
    ]
    bad_text = batch[4].report.model_copy(update={"description": "路面\x00坑洼"})
    poison = batch[4].model_copy(update={"received_at": YEAR_ONE, "report": bad_text})
    batch[4] = poison
    writer = RecordWriter(engine, SlaPolicy(), DedupePolicy(), ActiveRegistry(engine))
    try:
        written = writer.write(batch)
    finally:
        writer.stop()
    assert [r.report.report.report_id for r in written.refused] == [poison.report.report_id]
    reason = written.refused[0].reason
    assert "OverflowError" in reason or "NUL" in reason, reason
    with engine.connect() as conn:
        stored = set(
            conn.execute(sa.text("SELECT id FROM reports WHERE case_id IS NOT NULL")).scalars()
        )
    assert stored == {p.report.report_id for p in batch if p is not poison}
    assert written.result is not None and written.result.new_reports == len(batch) - 1
