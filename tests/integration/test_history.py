"""The history generator: every path of the loop occurs, and the KPI facts it writes are
exactly what the read model computes from the events it writes (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from dispatch.adapters.facts import facts_from_row, rebuild_all
from dispatch.adapters.tables import case_events, case_facts, cases, reports
from dispatch.sla import SlaPolicy
from grid.adapters import store
from gridhub.cli import main
from gridhub.history import generate_history
from tests.factories import small_registry


def test_history_takes_every_path_and_its_facts_match_its_events(engine: Engine) -> None:
    registry = small_registry()
    with engine.begin() as conn:
        store.save(conn, registry, datetime.now(UTC))
    until = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
    written = generate_history(
        engine, registry, SlaPolicy(), 2000, days=60, until=until, seed=3, part_size=700
    )
    assert written >= 2000  # and the duplicate cases merged into them
    with engine.connect() as conn:
        kinds = set(conn.scalars(select(case_events.c.event_type).distinct()))
        states = set(conn.scalars(select(cases.c.state).distinct()))
        orphans = conn.scalar(
            select(func.count()).select_from(reports).where(reports.c.case_id.is_(None))
        )
        stored = {r.case_id: facts_from_row(r) for r in conn.execute(select(case_facts))}
    assert {
        "reported", "report_linked", "accepted", "rejected", "merged", "dispatched", "signed",
        "returned", "resolved", "verified", "verification_failed", "closed", "reopened",
        "postponement_requested", "postponed", "suspended", "resumed", "overdue", "escalated",
        "rated",
    } <= kinds  # fmt: skip
    assert {"closed", "rejected", "merged"} <= states and states - {"closed", "rejected", "merged"}
    assert sum(f.hotline_reports for f in stored.values()) > 0  # 12345 callers reported too
    assert any(f.satisfaction for f in stored.values())  # and rated what was closed
    assert orphans == 0 and len(stored) == written
    assert rebuild_all(engine) == written
    with engine.connect() as conn:
        rebuilt = {r.case_id: facts_from_row(r) for r in conn.execute(select(case_facts))}
    assert rebuilt == stored


def test_the_commands_generate_a_history_and_rebuild_its_facts(tmp_path: Path) -> None:
    env = {
        "HUB_DATABASE_URL": f"sqlite:///{tmp_path / 'history.db'}",
        "HUB_DATA_DIR": str(tmp_path),
    }
    runner = CliRunner()
    made = runner.invoke(main, ["history", "generate", "--cases", "300", "--days", "10"], env=env)
    assert made.exit_code == 0, made.output
    assert "300 cases written" in made.output
    rebuilt = runner.invoke(main, ["kpi", "rebuild"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    written = int(rebuilt.output.split("KPI facts of ")[1].split()[0])
    assert written >= 300  # and the duplicates merged into them
