"""The dispatch service layer on real databases (SQLite file and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, event, func, select

from contracts.lifecycle import CaseLifecycleEvent
from dispatch.adapters.db import make_engine
from dispatch.adapters.repository import CaseRepository, OutboxRepository
from dispatch.adapters.tables import case_events, cases, metadata, outbox, reports
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.migrate import is_current, upgrade
from dispatch.outbox import OutboxMessage
from dispatch.services import TopicNames, submit_report
from grid.adapters.tables import registry_metadata
from gridhub.simulator import TrafficGenerator
from streams.normalise import normalise
from tests.factories import placed
from tests.recording import record

TOPICS = TopicNames(reports="hub.reports", case_events="hub.case-events")
NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def some_reports(n: int, seed: int = 1):
    generator = TrafficGenerator(seed=seed)
    out = []
    for _ in range(n):
        message = generator.next_message()
        out.append(placed(normalise(message.grid, message.value)))
    return out


def count(engine: Engine, table) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)))


def test_migrations_create_exactly_the_tables_the_code_uses(engine: Engine) -> None:
    assert is_current(engine)
    with engine.connect() as conn:
        assert (
            compare_metadata(MigrationContext.configure(conn), [metadata, registry_metadata]) == []
        )


def test_a_batch_becomes_one_case_per_report_with_its_event(engine: Engine) -> None:
    batch = some_reports(30)
    result = record(engine, batch, NOW)
    assert (result.new_reports, result.new_cases, result.replayed) == (30, 30, 0)
    assert count(engine, cases) == 30
    with engine.connect() as conn:
        unlinked = conn.scalar(select(func.count()).where(reports.c.case_id.is_(None)))
        topics = set(conn.scalars(select(outbox.c.topic)))
        event = CaseLifecycleEvent.model_validate_json(conn.scalar(select(outbox.c.value).limit(1)))
        stored = conn.execute(select(cases).where(cases.c.id == event.case_id)).one()
        states = dict(conn.execute(select(cases.c.id, cases.c.state)).all())
        kinds = conn.execute(select(case_events.c.case_id, case_events.c.event_type)).all()
    assert unlinked == 0
    assert topics == {"hub.case-events"}
    assert stored.reported_at.tzinfo is not None
    assert [k for _, k in kinds].count("reported") == 30
    # Confidently placed cases of categories that allow it were accepted and dispatched by
    # the system; the rest wait for a dispatcher.
    auto = {case_id for case_id, state in states.items() if state == "dispatched"}
    assert set(states.values()) <= {"reported", "dispatched"} and auto
    assert {c for c, k in kinds if k == "dispatched"} == auto
    expected_events = 30 + 2 * len(auto)
    assert count(engine, case_events) == count(engine, outbox) == expected_events


def test_replaying_a_batch_changes_nothing(engine: Engine) -> None:
    batch = some_reports(20)
    record(engine, batch, NOW)
    events_before = count(engine, case_events)
    again = record(engine, batch + batch[:5], NOW)
    assert (again.new_reports, again.new_cases, again.replayed) == (0, 0, 20)
    assert count(engine, cases) == 20
    assert count(engine, reports) == 20
    assert count(engine, case_events) == count(engine, outbox) == events_before


def test_a_report_submitted_by_api_is_stored_once_and_queued(engine: Engine) -> None:
    (placed_report,) = some_reports(1, seed=9)
    report = placed_report.report
    first = submit_report(report, SqlUnitOfWork(engine), TOPICS, NOW)
    retry = submit_report(report, SqlUnitOfWork(engine), TOPICS, NOW)
    assert first.accepted_now and not retry.accepted_now
    assert count(engine, reports) == 1
    with engine.connect() as conn:
        assert list(conn.scalars(select(outbox.c.topic))) == ["hub.reports"]
    with engine.connect() as conn:
        assert conn.scalar(select(reports.c.place_status)) is None  # not placed yet
    # The stream then sees it placed: no second report row, one case, linked, and placed.
    result = record(engine, [placed_report], NOW)
    assert (result.new_reports, result.new_cases) == (0, 1)
    with engine.connect() as conn:
        row = conn.execute(select(reports.c.case_id, reports.c.place_status)).one()
        assert row.case_id is not None
        assert row.place_status == placed_report.placement.status.value


def test_a_failed_unit_of_work_leaves_nothing_behind(engine: Engine) -> None:
    batch = [p.report for p in some_reports(3)]
    try:
        with SqlUnitOfWork(engine) as uow:
            uow.reports.add_new(batch, received_at=NOW)
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with SqlUnitOfWork(engine) as uow:
        uow.reports.add_new(batch, received_at=NOW)  # not committed: rolled back on exit
    assert count(engine, reports) == 0


def test_two_writers_racing_on_one_batch_open_one_case_each(engine: Engine) -> None:
    batch = some_reports(200, seed=4)
    barrier = threading.Barrier(2)
    results = []
    errors = []

    def write() -> None:
        try:
            barrier.wait()
            results.append(record(engine, batch, NOW))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.new_cases for r in results) == 200
    assert count(engine, cases) == 200
    with engine.connect() as conn:
        per_case = conn.execute(
            select(case_events.c.case_id, func.count())
            .where(case_events.c.event_type == "reported")
            .group_by(case_events.c.case_id)
        ).all()
    assert len(per_case) == 200 and {n for _, n in per_case} == {1}


def _messages(n: int) -> list[OutboxMessage]:
    return [OutboxMessage(f"m{i}", "hub.reports", f"k{i}", b"v") for i in range(n)]


def test_outbox_claims_are_exclusive_until_the_lease_expires(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.outbox.add(_messages(10), NOW)
        uow.outbox.add(_messages(3), NOW)  # same ids: stored once
        uow.commit()
    lease = timedelta(seconds=30)
    with engine.begin() as conn:
        first = OutboxRepository(conn).claim("a", 6, NOW, lease)
    with engine.begin() as conn:
        second = OutboxRepository(conn).claim("b", 6, NOW, lease)
    assert len(first) == 6 and len(second) == 4
    assert {m.message_id for m in first}.isdisjoint({m.message_id for m in second})
    with engine.begin() as conn:
        repo = OutboxRepository(conn)
        repo.mark_published([m.id for m in first], "a", NOW)
        assert repo.claim("c", 10, NOW, lease) == []  # b's lease still runs
        late = repo.claim("c", 10, NOW + timedelta(seconds=31), lease)
        assert sorted(m.message_id for m in late) == sorted(m.message_id for m in second)
        assert repo.pending_count() == 4


def test_the_projector_reads_its_queue_through_its_own_index_on_sqlite(tmp_path: Path) -> None:
    """Ordered by when the case changed, the queue must come from the partial index, not
    from a scan of every case by updated_at (which grows with the table)."""

    url = f"sqlite:///{tmp_path / 'queue.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            captured: list[tuple[str, tuple]] = []

            def keep(_conn, _cursor, statement, parameters, *_args) -> None:
                captured.append((statement, tuple(parameters)))

            event.listen(engine, "before_cursor_execute", keep)
            CaseRepository(conn).projection_due(200)
            event.remove(engine, "before_cursor_execute", keep)
            query, parameters = next(c for c in captured if "projection_pending" in c[0])
            plan = " ".join(
                str(row[-1])
                for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}", parameters)
            )
        assert "ix_cases_projection_pending" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    finally:
        engine.dispose()
