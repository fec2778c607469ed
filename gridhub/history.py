"""Realistic history: many past cases of all four grids and the 12345 hotline driven through the
real closed loop.

Each case is opened by the Case aggregate from a report the registry placed, and moved by the
same commands the API runs, at times drawn from plausible step durations, so every event,
deadline and hash is what the hub itself would have written. The paths of the loop all occur:
auto-dispatch, manual acceptance, rejection, merge of a duplicate case, reports of other grids
joining a case, return and re-dispatch, postponement, suspension, overdue with escalation,
failed verification and rework, the reporter's rating after closure (满意度回访) and reopening
when a dispatcher takes up an unsatisfied one; cases whose next step lies after ``until`` stay
open. Rows are written in bulk (PostgreSQL COPY; SQLite in batches), not through the stream:
this is for benchmarks and demos of the KPI API, not a test of the pipeline.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table

from contracts.common import GridCode
from contracts.lifecycle import Actor
from contracts.placement import PlacedReport
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from dispatch.adapters.facts import base_facts, row_of
from dispatch.adapters.repository import case_row, event_row, report_row
from dispatch.adapters.tables import case_events, case_facts, cases, reports
from dispatch.domain import SYSTEM, Case
from dispatch.identity import report_id_for
from dispatch.kpi import fold_all
from dispatch.kpi_sources import ReportCounts, ReportOrigin
from dispatch.lifecycle import Command
from dispatch.satisfaction import Rating
from dispatch.sla import SlaPolicy
from grid.categories import CATEGORIES
from grid.model import Registry
from grid.placing import Placer

# How each grid's reports reach the hub (their share of reports): through the grid's own
# system, made by a worker on the unified roster, from the public. The environment grid's
# patrol officers are not on the roster, the market grid takes fewer calls through its system.
GRID_HABITS: dict[str, tuple[float, float, float]] = {
    GridCode.POLITICAL_LEGAL.value: (0.7, 0.95, 0.05),
    GridCode.URBAN.value: (0.8, 0.8, 0.1),
    GridCode.MARKET.value: (0.5, 0.6, 0.15),
    GridCode.ENVIRONMENT.value: (0.8, 0.2, 0.1),
}
HOTLINE_SHARE = 0.12  # cases first reported by a 12345 caller (the hotline's system hands on)
# How reporters rate a closed case when called back (满意, 基本满意, 不满意), and how often a
# dispatcher reopens an unsatisfied one.
RATINGS = ((Rating.SATISFIED, 0.72), (Rating.BASICALLY_SATISFIED, 0.18), (Rating.UNSATISFIED, 0.1))
RATED_SHARE = 0.6
REOPEN_UNSATISFIED = 0.3
COMMENTS = {
    Rating.SATISFIED: "处理及时，问题已解决",
    Rating.BASICALLY_SATISFIED: "问题解决了，但时间较长",
    Rating.UNSATISFIED: "问题没有彻底解决",
}
TEMPLATES = 3000  # placed reports to vary (placing is the slow part)
DESCRIPTIONS = ("现场核实情况属实", "群众反映强烈", "多次出现", "影响通行", "需尽快处理")


@dataclass
class Rows:
    cases: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.cases)


def templates(registry: Registry, seed: int, count: int = TEMPLATES) -> list[PlacedReport]:
    """Reports of every grid's categories at real addresses, placed by the registry."""
    rng = random.Random(seed)
    placer = Placer(registry)
    addresses = [a for a in registry.addresses if a.number]
    categories = sorted(CATEGORIES.values(), key=lambda c: c.code)
    at = datetime(2025, 1, 1, tzinfo=UTC)
    placed = []
    for number in range(count):
        category = rng.choice(categories)
        address = rng.choice(addresses)
        grid = category.grid
        report = IncidentReport(
            report_id=report_id_for(grid.value, f"template-{seed}-{number}"),
            source=ReportSource(grid=grid, channel=Channel.API, source_event_id=f"t{number}"),
            category=category.code,
            title=category.label,
            description=f"{category.label}，{rng.choice(DESCRIPTIONS)}",
            address_text=placer.places.address_text(address),
            reporter=Reporter(id="template", role="grid_worker"),
            occurred_at=at,
            reported_at=at,
        )
        placed.append(placer.place(report, at))
    return placed


class HistoryGenerator:
    """Cases of one part of the history (parts are independent: one per process)."""

    def __init__(
        self,
        registry: Registry,
        placed: list[PlacedReport],
        sla: SlaPolicy,
        until: datetime,
        seed: int,
    ) -> None:
        self._rng = random.Random(seed)
        self._seed = seed
        self._placed = placed
        self._sla = sla
        self._until = until  # nothing happens after this moment: later steps stay undone
        self._roster: dict[str, list[str]] = {}
        for worker in registry.workers:
            self._roster.setdefault(worker.grid, []).append(worker.id)
        self._on_roster = frozenset(w.id for w in registry.workers)  # the one roster of all grids
        self._number = 0

    # -- reports -----------------------------------------------------------------------
    def _report(
        self, template: PlacedReport, at: datetime, grid: str | None = None
    ) -> PlacedReport:
        rng = self._rng
        self._number += 1
        grid = grid or template.report.source.grid.value
        source_id = f"h{self._seed}-{self._number}"
        if grid == GridCode.HOTLINE.value:  # a caller; the hotline's system hands it on
            reporter = Reporter(id=f"12345-caller-{rng.randint(1, 99999)}", role="citizen")
            channel = Channel.GRID_SYSTEM
        elif rng.random() < GRID_HABITS[grid][2]:
            reporter = Reporter(id=f"citizen-{rng.randint(1, 99999)}", role="citizen")
            channel = Channel.API
        else:
            via_system, on_roster, _ = GRID_HABITS[grid]
            roster = self._roster.get(grid) or ["WG0001"]
            worker = rng.choice(roster) if rng.random() < on_roster else f"X{rng.randint(1, 500)}"
            reporter = Reporter(id=worker, role="grid_worker")
            channel = Channel.GRID_SYSTEM if rng.random() < via_system else Channel.API
        report = template.report.model_copy(
            update={
                "report_id": report_id_for(grid, source_id),
                "source": ReportSource(
                    grid=GridCode(grid), channel=channel, source_event_id=source_id
                ),
                "reporter": reporter,
                "occurred_at": at,
                "reported_at": at,
            }
        )
        return template.model_copy(update={"report": report})

    # -- one case ----------------------------------------------------------------------
    def _hours(self, mean: float) -> timedelta:
        return timedelta(hours=self._rng.expovariate(1 / mean))

    def case(self, at: datetime, rows: Rows) -> None:
        rng = self._rng
        template = rng.choice(self._placed)
        by_hotline = rng.random() < HOTLINE_SHARE
        first = self._report(template, at, GridCode.HOTLINE.value if by_hotline else None)
        case = Case.open_for(first, at, self._sla)
        linked = [first]
        loop = _Loop(case, self._sla, self._until, at)
        if rng.random() < 0.12:  # another grid reports the same incident: it joins the case
            sources = [*GRID_HABITS, GridCode.HOTLINE.value]
            other = rng.choice([g for g in sources if g != first.report.source.grid.value])
            extra = self._report(template, at + self._hours(3), other)
            if loop.wait(extra.report.reported_at - loop.now):
                case.link_report(extra.report.report_id, other, {"outcome": "merged"}, loop.now)
                linked.append(extra)
        elif rng.random() < 0.01:  # a duplicate case opened before anyone noticed: merged
            dup = self._report(template, at + self._hours(1))
            twin = Case.open_for(dup, dup.report.reported_at, self._sla)
            twin_loop = _Loop(twin, self._sla, self._until, dup.report.reported_at)
            if twin_loop.step(Command.MERGE, self._hours(1), _dispatcher(case), into=case.id):
                # Its report moves to the case that survives.
                case.handle_linked(
                    twin.id, [dup.report.report_id], _dispatcher(case), twin_loop.now
                )
                linked.append(dup)
                self.write_case(twin, [], rows)
            else:
                self.write_case(twin, [dup], rows)
        self._drive(loop)
        self.write_case(case, linked, rows)

    def _drive(self, loop: _Loop) -> None:
        rng, case, h = self._rng, loop.case, self._hours
        dispatcher = _dispatcher(case)
        department = case.route.department_id if case.route else None
        if rng.random() < 0.03 or department is None:
            loop.step(Command.REJECT, h(1), dispatcher, reason="不属于受理范围")
            return
        if rng.random() < 0.5 and case.auto_dispatch(loop.now, self._sla):
            pass
        else:
            if not loop.step(Command.ACCEPT, h(1.2), dispatcher):
                return
            if rng.random() < 0.05:  # dispatched to the wrong department first
                wrong = f"{department}-wrong"
                if not loop.step(Command.DISPATCH, h(1), dispatcher, department_id=wrong):
                    return
                if not loop.step(Command.RETURN, h(2), _handler(wrong), reason="非本部门职责"):
                    return
            if not loop.step(Command.DISPATCH, h(1), dispatcher, department_id=department):
                return
        handler = _handler(department)
        if not loop.step(Command.SIGN, h(2), handler):
            return
        if rng.random() < 0.02:
            if not loop.step(Command.SUSPEND, h(4), dispatcher, reason="等待上级批复"):
                return
            if not loop.step(Command.RESUME, h(48), dispatcher):
                return
        if rng.random() < 0.04:
            if not loop.step(
                Command.REQUEST_POSTPONEMENT, h(6), handler, hours=16, reason="需协调"
            ):
                return
            if not loop.step(Command.APPROVE_POSTPONEMENT, h(2), dispatcher):
                return
        resolving = h(rng.choice((6, 12, 24, 36)))
        if not self._late_work(loop, resolving):
            return
        if not loop.step(Command.RESOLVE, timedelta(0), handler, note="已处置"):
            return
        for _ in range(2):
            cell = case.placement.cell if case.placement else None
            verifier = Actor(id=f"verifier-{cell or 'county'}", role="grid_worker")
            if rng.random() < 0.06:
                if not loop.step(Command.VERIFY, h(4), verifier, passed=False, reason="未整改到位"):
                    return
                if not loop.step(Command.SIGN, h(1), handler):
                    return
                if not loop.step(Command.RESOLVE, h(12), handler, note="已重新处置"):
                    return
            if not loop.step(Command.VERIFY, h(4), verifier, passed=True):
                return
            if not loop.step(Command.CLOSE, h(2), dispatcher):
                return
            if rng.random() >= RATED_SHARE:
                return
            rating = rng.choices([r for r, _ in RATINGS], [w for _, w in RATINGS])[0]
            rater = dispatcher if by_public(case) else verifier
            if not loop.step(
                Command.RATE, h(24), rater, rating=rating.value, comment=COMMENTS[rating]
            ):
                return
            if rating is not Rating.UNSATISFIED or rng.random() >= REOPEN_UNSATISFIED:
                return
            if not loop.step(Command.REOPEN, h(8), dispatcher, reason="回访不满意，重新处置"):
                return
            if not loop.step(Command.SIGN, h(2), handler):
                return
            if not loop.step(Command.RESOLVE, h(12), handler, note="已再次处置"):
                return

    def _late_work(self, loop: _Loop, resolving: timedelta) -> bool:
        """Work until ``resolving`` has passed; past the deadline, the sweep marks the case
        overdue and escalates it, as the worker's timer would."""
        case = loop.case
        due = case.deadline_at
        if due is not None and loop.now + resolving > due:
            if not loop.wait(due - loop.now + timedelta(minutes=5)):
                return False
            loop.step(Command.MARK_OVERDUE, timedelta(0), SYSTEM, reason="resolve was due")
            escalate = self._sla.escalation_due(case.overdue_since or loop.now)
            if loop.now + resolving > escalate and loop.wait(escalate - loop.now):
                loop.step(
                    Command.ESCALATE, timedelta(0), SYSTEM, reason="overdue",
                    to_department_id=case.department_id,
                )  # fmt: skip
        return loop.wait(max(timedelta(0), loop.started + resolving - loop.now))

    def write_case(self, case: Case, linked: list[PlacedReport], rows: Rows) -> None:
        row = case_row(case)
        rows.cases.append(row)
        counts = ReportCounts()
        for placed in linked:
            report = report_row(placed, placed.report.reported_at)
            report["case_id"] = case.id
            rows.reports.append(report)
            counts.add(origin_of(report), self._on_roster)
        rows.events.extend(event_row(e) for e in case.pending_events)
        rows.facts.append(row_of(fold_all(base_facts(row, counts), case.pending_events)))
        case.pending_events = []

    def generate(self, count: int, start: datetime, end: datetime) -> Rows:
        """``count`` cases reported between ``start`` and ``end``, in time order."""
        rows = Rows()
        span = (end - start).total_seconds()
        for offset in sorted(self._rng.random() * span for _ in range(count)):
            self.case(start + timedelta(seconds=offset), rows)
        return rows


def origin_of(report: dict[str, Any]) -> ReportOrigin:
    """What the counting rule reads of a report row (the read model's projection reads the
    same columns from the database)."""
    return ReportOrigin(
        grid=report["grid"],
        channel=report["channel"],
        reporter_id=report["reporter_id"],
        reporter_role=report["reporter_role"],
        place_status=report["place_status"],
    )


def by_public(case: Case) -> bool:
    """Whether the case was founded by the public (a caller: the operator calls back)."""
    return case.origin_grid == GridCode.HOTLINE.value


def _dispatcher(case: Case) -> Actor:
    township = case.placement.township if case.placement else None
    return Actor(id=f"dispatcher-{township or 'county'}", role="dispatcher")


def _handler(department: str | None) -> Actor:
    return Actor(id=f"handler-{department}", role="handler")


class _Loop:
    """Moves one case forward in time; stops at ``until`` (the case stays where it is)."""

    def __init__(self, case: Case, sla: SlaPolicy, until: datetime, now: datetime) -> None:
        self.case, self._sla, self._until = case, sla, until
        self.now = self.started = now

    def wait(self, span: timedelta) -> bool:
        if self.now + span > self._until:
            return False
        self.now += span
        return True

    def step(self, command: Command, after: timedelta, actor: Actor, **args: Any) -> bool:
        if not self.wait(after):
            return False
        reason = args.pop("reason", None)
        if command is Command.VERIFY and not args.get("passed", True):
            command = Command.FAIL_VERIFICATION
        args.pop("passed", None)
        self.case.handle(command, actor, self.now, self._sla, reason=reason, **args)
        if command in (Command.SIGN, Command.RESUME):
            self.started = self.now
        return True


# -- writing --------------------------------------------------------------------------------
def _copy(engine: Engine, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL COPY of dict rows (JSON documents as text)."""
    if not rows:
        return
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    is_json = [str(c.type).upper() in ("JSON", "JSONB") for c in columns]
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            sql = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
            with cursor.copy(sql) as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(
                        [
                            json.dumps(row[n], ensure_ascii=False)
                            if j and row[n] is not None
                            else row[n]
                            for n, j in zip(names, is_json, strict=True)
                        ]
                    )
        raw.commit()
    finally:
        raw.close()


def write(engine: Engine, rows: Rows) -> None:
    now = datetime.now(UTC)
    for fact in rows.facts:
        fact["changed_at"] = now
    for case in rows.cases:
        case.setdefault("updated_at", case["created_at"])
    order = ((cases, rows.cases), (reports, rows.reports), (case_events, rows.events))
    if engine.dialect.name == "postgresql":
        for table, part in (*order, (case_facts, rows.facts)):
            _copy(engine, table, part)
        return
    with engine.begin() as conn:
        for table, part in (*order, (case_facts, rows.facts)):
            if part:
                conn.execute(table.insert(), part)


def generate_history(
    engine: Engine,
    registry: Registry,
    sla: SlaPolicy,
    count: int,
    *,
    days: int = 730,
    until: datetime | None = None,
    seed: int = 1,
    part_size: int = 20_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Generate ``count`` cases reported over the ``days`` before ``until`` and write them,
    part by part (the CLI runs parts in several processes)."""
    end = until or datetime.now(UTC)
    placed = templates(registry, seed)
    written = 0
    for offset, size in parts(count, part_size):
        rows = generate_part(registry, placed, sla, end, days, seed, offset, size, count)
        write(engine, rows)
        written += len(rows.cases)
        if progress is not None:
            progress(size)
    return written


def parts(count: int, part_size: int) -> Iterator[tuple[int, int]]:
    """(offset, size) of each part."""
    for offset in range(0, count, part_size):
        yield offset, min(part_size, count - offset)


def generate_part(
    registry: Registry,
    placed: list[PlacedReport],
    sla: SlaPolicy,
    until: datetime,
    days: int,
    seed: int,
    offset: int,
    size: int,
    total: int,
) -> Rows:
    """One part of the history: the cases of its own slice of the time span."""
    start, span = until - timedelta(days=days), timedelta(days=days)
    part_start = start + span * (offset / total)
    part_end = start + span * ((offset + size) / total)
    generator = HistoryGenerator(registry, placed, sla, until, seed * 1_000_003 + offset)
    return generator.generate(size, part_start, part_end)


# -- several processes ----------------------------------------------------------------------
_worker: dict[str, Any] = {}


def _start_worker(database_url: str, sla: SlaPolicy, seed: int) -> None:
    from dispatch.adapters.db import make_engine
    from grid.adapters import store

    engine = make_engine(database_url)
    with engine.connect() as conn:
        registry = store.load(conn)
    if registry is None:
        raise RuntimeError("no active registry: run `gridhub registry load` first")
    _worker.update(
        engine=engine, registry=registry, sla=sla, placed=templates(registry, seed), seed=seed
    )


def _run_part(job: tuple[datetime, int, int, int, int]) -> int:
    until, days, offset, size, total = job
    w = _worker
    rows = generate_part(
        w["registry"], w["placed"], w["sla"], until, days, w["seed"], offset, size, total
    )
    write(w["engine"], rows)
    return size


def generate_in_processes(
    database_url: str,
    sla: SlaPolicy,
    count: int,
    *,
    processes: int,
    days: int = 730,
    until: datetime | None = None,
    seed: int = 1,
    part_size: int = 20_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """The same history as ``generate_history``, its parts spread over processes."""
    import multiprocessing

    end = until or datetime.now(UTC)
    jobs = [(end, days, offset, size, count) for offset, size in parts(count, part_size)]
    done = 0
    context = multiprocessing.get_context("spawn")  # no forked database connections
    with context.Pool(processes, _start_worker, (database_url, sla, seed)) as pool:
        for size in pool.imap_unordered(_run_part, jobs):
            done += size
            if progress is not None:
                progress(size)
    return done


__all__ = ["HistoryGenerator", "Rows", "generate_history", "generate_part", "templates", "write"]
