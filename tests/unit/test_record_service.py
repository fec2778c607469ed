"""The record stage's service and the projector against a fake unit of work (no database):
one statement's worth of work per table, idempotent replays, a joined case that a
dispatcher closed meanwhile, and the events the projector owes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from contracts.lifecycle import CaseLifecycleEvent
from contracts.placement import PlacedReport
from dispatch.dedupe import DedupePolicy, Sighting
from dispatch.domain import Case
from dispatch.lifecycle import OPEN, CaseState
from dispatch.open_cases import OpenCasesInMemory
from dispatch.outbox import OutboxMessage
from dispatch.projection import PendingLink
from dispatch.recording import Recorded
from dispatch.services import TopicNames, project_cases, record_reports
from dispatch.sla import SlaPolicy
from tests.unit.test_recording import NOW, report

TOPICS = TopicNames(reports="hub.reports", case_events="hub.case-events")
POLICY = DedupePolicy()


@dataclass
class Row:
    recorded: Recorded | None
    case_id: str | None
    link_seq: int | None = None


@dataclass
class Store:
    reports: dict[str, Row] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    events: list[CaseLifecycleEvent] = field(default_factory=list)
    outbox: list[OutboxMessage] = field(default_factory=list)
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)


class FakeReports:
    def __init__(self, store: Store) -> None:
        self.s = store

    def cases_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        return {i: self.s.reports[i].case_id for i in ids if i in self.s.reports}

    def set_placement(self, batch: Sequence[PlacedReport]) -> None:
        if batch:
            self.s.statements.append("place reports in cases")

    def add_recorded(self, items: Sequence[Recorded], at: datetime) -> None:
        self.s.statements.append("insert reports")
        for i in items:
            assert i.report_id not in self.s.reports
            self.s.reports[i.report_id] = Row(i, i.case_id)

    def record_stored(self, items: Sequence[Recorded], at: datetime) -> None:
        self.s.statements.append("update reports")
        for i in items:
            self.s.reports[i.report_id] = Row(i, i.case_id)

    def open_sightings(
        self, cells: Sequence[str], since: datetime, until: datetime
    ) -> list[tuple[str, Sighting]]:
        return [
            (r.case_id, r.recorded.sighting)
            for r in self.s.reports.values()
            if r.recorded
            and r.case_id
            and r.recorded.sighting.cell in cells
            and since <= r.recorded.sighting.at <= until
            and self.s.cases[r.case_id].state in OPEN
        ]

    def open_area_sightings(
        self, townships: Sequence[str], since: datetime, until: datetime
    ) -> list[tuple[str, Sighting]]:
        return [
            (r.case_id, r.recorded.sighting)
            for r in self.s.reports.values()
            if r.recorded
            and r.case_id
            and r.recorded.sighting.cell is None
            and r.recorded.sighting.township in townships
            and since <= r.recorded.sighting.at <= until
            and self.s.cases[r.case_id].state in OPEN
        ]

    def pending_links(self, case_ids: Sequence[str]) -> dict[str, list[PendingLink]]:
        found: dict[str, list[PendingLink]] = {}
        for rid, r in self.s.reports.items():
            if r.case_id in case_ids and r.link_seq is None and r.recorded:
                found.setdefault(r.case_id, []).append(
                    PendingLink(rid, "urban", r.recorded.decision or {}, NOW)
                )
        return found

    def placed_many(self, ids: Sequence[str]) -> dict[str, PlacedReport]:
        return {i: self.s.reports[i].recorded.placed for i in ids}  # type: ignore[union-attr]

    def set_link_seqs(self, seqs: dict[str, int]) -> None:
        for rid, seq in seqs.items():
            self.s.reports[rid].link_seq = seq


class FakeCases:
    def __init__(self, store: Store) -> None:
        self.s = store

    def lock_areas(self, keys: Sequence[str]) -> None:
        self.s.statements.append("lock")

    def add_opened(self, opened: Sequence[Case]) -> None:
        self.s.statements.append("insert cases")
        for case in opened:
            assert case.id not in self.s.cases
            self.s.cases[case.id] = case
            self.s.pending.add(case.id)

    def mark_joined(self, ids: Sequence[str], now: datetime) -> set[str]:
        self.s.statements.append("mark joined" + (f" {len(ids)}" if ids else ""))
        open_ids = {i for i in ids if self.s.cases[i].state in OPEN}
        self.s.pending |= open_ids
        return open_ids

    def projection_due(self, limit: int) -> list[str]:
        return sorted(self.s.pending)[:limit]

    def get_many(self, ids: Sequence[str], *, for_update: bool = False) -> list[Case]:
        return [self.s.cases[i] for i in sorted(ids)]

    def set_projected(self, cases: Sequence[Case]) -> None:
        self.s.pending -= {c.id for c in cases}

    def clear_projection_pending(self, ids: Sequence[str]) -> None:
        self.s.pending -= set(ids)


class FakeEvents:
    def __init__(self, store: Store) -> None:
        self.s = store

    def append(
        self, events: Sequence[CaseLifecycleEvent], *, strict: bool = False, new: bool = False
    ) -> None:
        known = {e.event_id for e in self.s.events}
        self.s.events += [e for e in events if e.event_id not in known]


class FakeOutbox:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, messages: Iterable[OutboxMessage], now: datetime, *, new: bool = False) -> None:
        self.s.outbox += list(messages)


class FakeSuggestions:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, rows: Sequence[dict[str, Any]]) -> None:
        self.s.suggestions += rows


class FakeUnitOfWork:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.reports = FakeReports(store)
        self.cases = FakeCases(store)
        self.case_events = FakeEvents(store)
        self.outbox = FakeOutbox(store)
        self.suggestions = FakeSuggestions(store)
        self.commits = 0

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def commit(self) -> None:
        self.commits += 1


def test_a_batch_is_one_statement_per_table_and_a_replay_changes_nothing() -> None:
    store = Store()
    uow = FakeUnitOfWork(store)
    batch = [
        report(1),
        report(2, text="黄河路十二号路面坑洼"),
        report(3, at=NOW - timedelta(days=9)),  # after a pothole's lasting window,
    ]
    result = record_reports(batch, uow, NOW, SlaPolicy(), POLICY)  # type: ignore[arg-type]
    assert (result.new_reports, result.new_cases, result.merged) == (3, 2, 1)
    assert store.statements == [
        "lock",
        "mark joined",
        "insert cases",
        "insert reports",
        "update reports",
    ]
    assert uow.commits == 1 and store.events == [] and store.outbox == []
    again = record_reports(batch, uow, NOW, SlaPolicy(), POLICY)  # type: ignore[arg-type]
    assert (again.new_reports, again.new_cases, again.replayed) == (0, 0, 3)
    assert len(store.cases) == 2


def test_the_projector_writes_events_and_outbox_rows_once() -> None:
    store = Store()
    uow = FakeUnitOfWork(store)
    batch = [report(1), report(2, text="黄河路十二号路面坑洼")]
    record_reports(batch, uow, NOW, SlaPolicy(), POLICY)  # type: ignore[arg-type]
    done = project_cases(uow, TOPICS, SlaPolicy(), NOW)  # type: ignore[arg-type]
    assert done.cases == 1 and done.mismatches == []
    assert len(store.events) == len(store.outbox) == done.events
    assert {m.topic for m in store.outbox} == {"hub.case-events"}
    assert store.events[-1].event_type.value == "report_linked"
    assert all(r.link_seq for r in store.reports.values())
    assert project_cases(uow, TOPICS, SlaPolicy(), NOW).cases == 0  # type: ignore[arg-type]


def test_a_case_closed_meanwhile_is_not_joined() -> None:
    store = Store()
    uow = FakeUnitOfWork(store)
    first = report(1)
    cell = first.placement.cell or ""
    memory = OpenCasesInMemory(POLICY, lambda c: "T" if c == cell else None, lambda _: [cell])
    record_reports([first], uow, NOW, SlaPolicy(), POLICY, memory)  # type: ignore[arg-type]
    (case,) = store.cases.values()
    case.state = CaseState.CLOSED  # a dispatcher closed it; the worker's memory still has it
    late = report(2, text="黄河路十二号路面坑洼")
    result = record_reports([late], uow, NOW, SlaPolicy(), POLICY, memory)  # type: ignore[arg-type]
    assert result.new_cases == 1 and result.merged == 0
    assert store.reports[late.report.report_id].case_id != case.id
    assert "mark joined 1" in store.statements  # chosen, then found closed by the write


def test_memory_is_loaded_once_per_township_and_kept_current() -> None:
    store = Store()
    uow = FakeUnitOfWork(store)
    first = report(1)
    cell = first.placement.cell or ""
    memory = OpenCasesInMemory(POLICY, lambda c: "T" if c == cell else None, lambda _: [cell])
    record_reports([first], uow, NOW, SlaPolicy(), POLICY, memory)  # type: ignore[arg-type]
    assert memory.loads == 1 and len(memory.index) == 1
    record_reports([report(2, text="黄河路十二号路面坑洼")], uow, NOW, SlaPolicy(), POLICY, memory)  # type: ignore[arg-type]
    assert memory.loads == 1 and len(memory.index) == 2
    assert len(store.cases) == 1
    # Neighbouring cells of other townships were read for the batch only.
    assert memory.batch_reads == 2


def test_reports_stored_by_the_api_are_updated_not_inserted() -> None:
    store = Store()
    uow = FakeUnitOfWork(store)
    made = report(1)
    store.reports[made.report.report_id] = Row(None, None)  # POST /reports stored it
    record_reports([made], uow, NOW, SlaPolicy(), POLICY)  # type: ignore[arg-type]
    assert store.reports[made.report.report_id].case_id is not None
    assert "update reports" in store.statements


def test_memory_forgets_reports_past_the_window_in_steps_not_every_batch() -> None:
    store = Store()
    uow = FakeUnitOfWork(store)
    window = timedelta(hours=POLICY.longest_window_hours)  # a lasting problem's
    # Held from NOW - window on; this report is two minutes inside that edge.
    old = report(1, at=NOW - window + timedelta(minutes=2))
    cell = old.placement.cell or ""
    memory = OpenCasesInMemory(
        POLICY, lambda c: "T" if c == cell else None, lambda _: [cell], lateness=timedelta(0)
    )
    record_reports([old], uow, NOW, SlaPolicy(), POLICY, memory)  # type: ignore[arg-type]
    assert len(memory.index) == 1
    # Five minutes on, the report is past the window, but the horizon moved less than a
    # step: no sweep yet (a sweep reads the whole index).
    assert memory.expire(NOW + timedelta(minutes=5)) == 0 and len(memory.index) == 1
    # A step on: the sweep runs and drops it.
    assert memory.expire(NOW + timedelta(minutes=11)) == 1
    assert len(memory.index) == 0
