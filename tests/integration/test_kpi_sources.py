"""Which reports count as system, roster, hotline and public is one rule
(dispatch/kpi_sources.py), used by the read model's projection and by the history generator.
Both paths are fed the reports on which their rules used to differ; they must agree, and agree
with the rule written in docs/kpi.md (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from contracts.common import GridCode
from contracts.placement import PlacedReport
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from dispatch.adapters.facts import facts_from_row
from dispatch.adapters.tables import case_facts
from dispatch.domain import Case
from dispatch.identity import case_id_for, report_id_for
from dispatch.kpi import CaseFacts
from dispatch.sla import SlaPolicy
from grid.adapters import store
from grid.placing import Placer
from gridhub.history import HistoryGenerator, Rows
from tests.factories import small_registry
from tests.recording import record

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
COUNTED = (
    "report_count",
    "placed_reports",
    "system_reports",
    "roster_reports",
    "hotline_reports",
    "public_reports",
    "staff_reports",
)


def reports_where_the_rules_differed(placer: Placer) -> dict[str, tuple[PlacedReport, tuple]]:
    """name -> (placed report, expected counts in the order of COUNTED)."""
    registry = placer.registry
    political_worker = next(w for w in registry.workers if w.grid == "political_legal")
    addresses = [a for a in registry.addresses if a.number]

    def made(
        name: str, grid: GridCode, channel: Channel, category: str, reporter: Reporter, n: int
    ) -> PlacedReport:
        at = NOW - timedelta(hours=1)
        report = IncidentReport(
            report_id=report_id_for(grid.value, f"rules-{name}"),
            source=ReportSource(grid=grid, channel=channel, source_event_id=f"rules-{name}"),
            category=category,
            title=name,
            description="现场情况",
            address_text=placer.places.address_text(addresses[n * 7]),
            reporter=reporter,
            occurred_at=at,
            reported_at=at,
        )
        return placer.place(report, NOW)

    urban, env = GridCode.URBAN, GridCode.ENVIRONMENT
    system, api = Channel.GRID_SYSTEM, Channel.API
    return {
        # The environment grid relays a call to its own hotline (12369): the projection
        # counted it as public, the history generator did not.
        "environment hotline call": (
            made("env", env, system, "environment.noise",
                 Reporter(id="hotline", role="inspector"), 1),
            (1, 1, 1, 0, 1, 1, 0),
        ),
        # A political-legal worker on the unified roster reports a road defect: one roster for
        # all grids (the history generator only looked at the report's own grid's workers).
        "roster worker of another grid": (
            made("cross", urban, api, "urban.road_damage",
                 Reporter(id=political_worker.id, role="grid_worker"), 2),
            (1, 1, 0, 1, 0, 0, 1),
        ),
        # A citizen who happens to carry a roster id is still the public, not the roster (the
        # projection's SQL matched the id alone).
        "citizen with a roster id": (
            made("citizen", urban, api, "urban.exposed_garbage",
                 Reporter(id=political_worker.id, role="citizen"), 3),
            (1, 1, 0, 0, 0, 1, 0),
        ),
        # A 12345 ticket: delivered by the hotline's system, not a governance grid's.
        "12345 ticket": (
            made("ticket", GridCode.HOTLINE, system, "urban.street_light",
                 Reporter(id="12345-caller-0f3a", role="citizen"), 4),
            (1, 1, 0, 0, 1, 1, 0),
        ),
        # An officer of the grid's own system who is not on the roster: a person of the grids.
        "officer off the roster": (
            made("officer", urban, system, "urban.illegal_parking",
                 Reporter(id="JD999", role="supervisor"), 5),
            (1, 1, 1, 0, 0, 0, 1),
        ),
        # A monitoring station's alert: not a person, so not in the grid team's denominator.
        "sensor alert": (
            made("sensor", env, system, "environment.threshold_alert",
                 Reporter(id="RS-007", role="sensor"), 6),
            (1, 1, 1, 0, 0, 0, 0),
        ),
    }  # fmt: skip


def counts(facts: CaseFacts) -> tuple[int, ...]:
    return tuple(getattr(facts, name) for name in COUNTED)


def test_the_projection_and_the_history_generator_count_reports_alike(engine: Engine) -> None:
    registry = small_registry()
    with engine.begin() as conn:
        store.save(conn, registry, NOW)
    placer = Placer(registry)
    cases = reports_where_the_rules_differed(placer)
    assert all(p.placement.status.value == "placed" for p, _ in cases.values())

    # Path 1: the running hub's way, the record stage and then the projector.
    record(engine, [placed for placed, _ in cases.values()], NOW)
    with engine.connect() as conn:
        projected = {r.case_id: facts_from_row(r) for r in conn.execute(select(case_facts))}

    # Path 2: the history generator's way, straight from the aggregate.
    generator = HistoryGenerator(registry, [], SlaPolicy(), NOW, seed=1)
    rows = Rows()
    for placed, _ in cases.values():
        generator.write_case(Case.open_for(placed, NOW, SlaPolicy()), [placed], rows)
    generated = {f["case_id"]: facts_from_row(_Row(f)) for f in rows.facts}

    for name, (placed, expected) in cases.items():
        case_id = case_id_for(placed.report.report_id)
        assert counts(projected[case_id]) == expected, name
        assert counts(generated[case_id]) == expected, name
        assert projected[case_id].grids == generated[case_id].grids == {placed.report.source.grid}


class _Row:
    """A generated facts row shaped like a database row (for facts_from_row)."""

    def __init__(self, row: dict) -> None:
        self._mapping = row
