"""The KPI API on SQLite and PostgreSQL, against a hand count: four cases driven through the
real loop (API commands, real deadlines in calendar hours), then every indicator, the
drill-down to the cases and their timelines, breakdowns, series, the audit with its CSV, the
integration level and the scopes (a street's supervisor sees its street)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.app import create_app
from config import HubSettings
from contracts.common import GridCode
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from dispatch.adapters.facts import facts_from_row, rebuild_all
from dispatch.adapters.tables import case_facts
from dispatch.identity import case_id_for, report_id_for
from dispatch.roles import Role, User
from dispatch.services import TopicNames
from grid.adapters import store
from grid.placing import Placer
from tests.auth_helpers import add_user, login
from tests.factories import small_registry
from tests.recording import record
from tests.services import free_port

TOPICS = TopicNames(reports="hub.reports", case_events="hub.case-events")
STREET, OTHER_STREET = "371083001", "371083100"
URBAN, ENVIRONMENT = f"{STREET}-urban", f"{STREET}-environment"


@dataclass
class Hub:
    client: TestClient
    engine: Engine
    placer: Placer
    worker: User
    headers: dict[str, dict[str, str]]

    def report(
        self, name: str, hours_ago: float, number: int, grid: GridCode = GridCode.URBAN
    ) -> str:
        """A roster worker's report of illegal construction at a door; its case id."""
        at = datetime.now(UTC) - timedelta(hours=hours_ago)
        address = [a for a in self.placer.registry.addresses if a.number][number]
        report = IncidentReport(
            report_id=report_id_for(grid.value, f"kpi-{name}"),
            source=ReportSource(grid=grid, channel=Channel.API, source_event_id=name),
            category="urban.illegal_construction",
            title="违建",
            description="楼顶私搭乱建",
            address_text=self.placer.places.address_text(address),
            reporter=Reporter(id=self.worker.worker_id or "", role="grid_worker"),
            occurred_at=at,
            reported_at=at,
        )
        placed = self.placer.place(report, at)
        sla = self.client.app.state.sla  # the API's: calendar hours
        record(self.engine, [placed], at, sla)
        return case_id_for(report.report_id)

    def do(self, who: str, case_id: str, command: str, **body: object) -> None:
        response = self.client.post(
            f"/cases/{case_id}/{command}", json=body, headers=self.headers[who]
        )
        assert response.status_code == 200, (command, response.text)

    def get(self, who: str, path: str, **params: object) -> dict:
        response = self.client.get(path, params=params, headers=self.headers[who])
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def hub(engine: Engine, tmp_path: Path) -> Iterator[Hub]:
    registry = small_registry()
    with engine.begin() as conn:
        store.save(conn, registry, datetime.now(UTC))
    cell = registry.addresses[0].cell
    community = next(c.community for c in registry.cells if c.code == cell)
    roster = next(w for w in registry.workers if w.cell == cell)
    worker = User("worker", Role.GRID_WORKER, "w", area_code=cell, worker_id=roster.id)
    users = {
        "worker": worker,
        "street": User("street", Role.DISPATCHER, "s", area_code=STREET),
        "supervisor": User("supervisor", Role.SUPERVISOR, "p", area_code=STREET),
        "community": User("community", Role.SUPERVISOR, "c", area_code=community),
        "elsewhere": User("elsewhere", Role.SUPERVISOR, "e", area_code=OTHER_STREET),
        "urban": User("urban", Role.HANDLER, "u", department_id=URBAN),
        "environment": User("environment", Role.HANDLER, "v", department_id=ENVIRONMENT),
        "admin": User("admin", Role.ADMIN, "a"),
    }
    settings = HubSettings(
        data_dir=tmp_path,
        kafka_bootstrap=f"127.0.0.1:{free_port()}",
        sla_working_hours=False,  # calendar hours: deadlines a hand count can follow
        kpi_refresh_seconds=0,
    )
    with TestClient(create_app(settings, engine, run_relay=False)) as client:
        headers = {}
        for name, user in users.items():
            add_user(engine, user)
            headers[name] = login(client, user.username)
        yield Hub(client, engine, Placer(registry), worker, headers)


@dataclass
class Cases:
    a: str  # accepted late, dispatched twice (one return), closed: late
    b: str  # the whole loop on time, one failed verification (rework)
    c: str  # accepted late, dispatched, still open: open late (not overdue: signing is on time)
    d: str  # rejected


def _close(hub: Hub, case_id: str, *, rework: bool = False) -> None:
    hub.do("urban", case_id, "sign")
    hub.do("urban", case_id, "resolve", note="已拆除")
    if rework:
        hub.do("worker", case_id, "verify", passed=False, reason="仍有残留")
        hub.do("urban", case_id, "sign")
        hub.do("urban", case_id, "resolve", note="残留已清理")
    hub.do("worker", case_id, "verify", passed=True)
    hub.do("street", case_id, "close")


@pytest.fixture
def four(hub: Hub) -> Cases:
    # Illegal construction is 'complex' (calendar hours): accept 4, dispatch 4, sign 8, ...
    a, b, c, d = (
        hub.report("a", 30, 1),
        hub.report("b", 1, 2),
        hub.report("c", 5, 3),
        hub.report("d", 1, 400),  # another community of the street
    )
    hub.do("street", a, "accept", reason="属实")  # due 26 h ago: late
    hub.do("street", a, "dispatch", department_id=ENVIRONMENT)
    hub.do("environment", a, "return", reason="违建归城管")
    hub.do("street", a, "dispatch", department_id=URBAN)
    _close(hub, a)
    hub.do("street", b, "accept", reason="属实")
    hub.do("street", b, "dispatch", department_id=URBAN)
    _close(hub, b, rework=True)
    hub.do("street", c, "accept", reason="属实")  # due an hour ago: late
    hub.do("street", c, "dispatch", department_id=URBAN)
    hub.do("street", d, "reject", reason="非本辖区事项")
    return Cases(a, b, c, d)


def test_every_indicator_matches_the_hand_count(hub: Hub, four: Cases) -> None:
    body = hub.get("supervisor", "/kpi/summary")
    k = body["indicators"]
    assert k["cases"] == 4 and k["reports"] == 4
    assert k["cases_accepted"] == 3  # a, b, c
    assert k["acceptance_rate"] == pytest.approx(3 / 4)
    assert k["on_time_acceptance"] == pytest.approx(1 / 3)  # b only
    assert k["dispatch_accuracy"] == pytest.approx(3 / 4)  # a 2, b 1, c 1; one returned
    assert k["disposal_rate"] == pytest.approx(2 / 3)  # a, b of a, b, c
    assert k["on_time_disposal"] == 1.0
    assert k["closure_rate"] == pytest.approx(2 / 3)
    assert k["on_time_closure"] == pytest.approx(1 / 3)  # b; a closed late; c open late
    assert k["open_late"] == 1
    assert k["open_overdue"] == 0  # c's running step (signing) is due in 8 h
    assert k["rework_rate"] == pytest.approx(1 / 2)
    assert k["postponement_rate"] == 0.0 and k["escalations"] == 0
    assert k["duplicate_report_rate"] == 0.0 and k["cross_grid_cases"] == 0
    assert k["placed_share"] == 1.0
    accept = k["time_to_accept"]  # a 30 h, b 1 h, c 5 h, give or take the test's seconds
    assert accept["count"] == 3
    assert accept["mean"] == pytest.approx(36 / 3, abs=0.1)
    assert accept["median"] == pytest.approx(5, abs=0.1)
    assert accept["p90"] == pytest.approx(30, abs=0.1)
    assert k["time_to_close"]["count"] == 2

    drill = hub.client.get(body["cases_behind"]["open_late"], headers=hub.headers["supervisor"])
    assert [c["case_id"] for c in drill.json()["cases"]] == [four.c]
    late = hub.get("supervisor", "/kpi/cases", measure="closed_late")
    assert [c["case_id"] for c in late["cases"]] == [four.a]
    timeline = hub.get("supervisor", late["cases"][0]["links"]["timeline"])
    assert timeline["chain"]["intact"] and timeline["events"][-1]["event_type"] == "closed"


def test_period_filters_and_series(hub: Hub, four: Cases) -> None:
    today = datetime.now(UTC).date()
    future = hub.get("supervisor", "/kpi/summary", start=str(today + timedelta(days=2)))
    assert future["indicators"]["cases"] == 0
    assert future["indicators"]["acceptance_rate"] is None  # no data, not 0 %
    in_range = hub.get(
        "supervisor",
        "/kpi/summary",
        start=str(today - timedelta(days=2)),
        end=str(today + timedelta(days=1)),
    )
    assert in_range["indicators"]["cases"] == 4
    points = hub.get("supervisor", "/kpi/series", interval="day")["points"]
    assert sum(p["indicators"]["cases"] for p in points) == 4
    assert all(p["cases_behind"]["cases"].startswith("/kpi/cases?") for p in points)
    per_point = [
        hub.client.get(p["cases_behind"]["cases"], headers=hub.headers["supervisor"]).json()
        for p in points
    ]
    assert sorted(c["case_id"] for page in per_point for c in page["cases"]) == sorted(
        [four.a, four.b, four.c, four.d]
    )
    wrong = hub.client.get(
        "/kpi/summary",
        params={"start": "2026-11-10", "end": "2026-11-01"},
        headers=hub.headers["supervisor"],
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "end"


def test_breakdown_by_department_and_the_audit(hub: Hub, four: Cases) -> None:
    rows = {r["value"]: r for r in hub.get("supervisor", "/kpi/breakdown", by="department")["rows"]}
    assert sum(r["indicators"]["cases"] for r in rows.values()) == 4
    urban = rows[URBAN]
    assert urban["name"] and urban["indicators"]["cases_accepted"] == 3
    cells = hub.get("supervisor", "/kpi/breakdown", by="cell")["rows"]
    for row in cells:  # each area's link leads to that area's cases, and only those
        behind = hub.client.get(row["cases_behind"]["cases"], headers=hub.headers["supervisor"])
        assert behind.json()["total"] == row["indicators"]["cases"]
    assert len(cells) == 2 and sum(r["indicators"]["cases"] for r in cells) == 4
    bad = hub.client.get("/kpi/breakdown", params={"by": "colour"}, headers=hub.headers["admin"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "by"

    audit = hub.get("supervisor", "/kpi/audit")
    assert audit["closed_late"]["total"] == 1 and audit["open_late"]["total"] == 1
    assert audit["open_overdue"]["total"] == 0
    (dept,) = audit["closure_times"]["by_department"]
    assert dept["value"] == URBAN and dept["count"] == 2
    assert sum(b["cases"] for b in dept["distribution"]) == 2
    assert dept["distribution"][1]["cases"] == 1  # a: 30 h, in 1-3 days
    assert audit["hot_spots"]["department"]["reworks"] == [
        {"value": URBAN, "reworks": 1, "cases": 3}
    ]
    assert audit["hot_spots"]["department"]["returns"][0]["returns"] == 1

    exported = hub.client.get(
        "/kpi/audit.csv", params={"cases": "closed"}, headers=hub.headers["supervisor"]
    )
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(exported.text)))
    assert sorted(line["case_id"] for line in lines) == sorted([four.a, four.b])
    assert {line["timeline"] for line in lines} == {
        f"/cases/{four.a}/timeline",
        f"/cases/{four.b}/timeline",
    }


def test_a_bar_of_the_closure_time_histogram_opens_its_cases(hub: Hub, four: Cases) -> None:
    def closed(**bucket: float) -> list[str]:
        page = hub.get("supervisor", "/kpi/cases", measure="closed", **bucket)
        return [c["case_id"] for c in page["cases"]]

    assert closed(closure_from_hours=0, closure_to_hours=24) == [four.b]  # about an hour
    assert closed(closure_from_hours=24, closure_to_hours=72) == [four.a]  # about 30 hours
    assert closed(closure_from_hours=720) == []
    backwards = hub.client.get(
        "/kpi/cases",
        params={"closure_from_hours": 72, "closure_to_hours": 24},
        headers=hub.headers["supervisor"],
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "closure_to_hours"


def test_integration_level_shows_its_evidence(hub: Hub, four: Cases) -> None:
    body = hub.get("admin", "/kpi/integration")
    urban = next(d for d in body["departments"] if d["grid"] == "urban")
    judged = {j["dimension"]: j for j in urban["dimensions"]}
    assert urban["cases"] == 4
    assert judged["grid_team"]["numerator"] == 4 and judged["grid_team"]["met"]  # roster worker
    assert judged["base_data"]["value"] == 1.0 and judged["base_data"]["met"]
    assert judged["command"]["numerator"] == 3 and judged["command"]["denominator"] == 3
    assert (judged["workflow"]["numerator"], judged["workflow"]["denominator"]) == (2, 3)
    assert not judged["workflow"]["met"]  # c was never signed for: 2/3 is below 0.9
    assert not judged["information_system"]["met"]  # nothing came from the urban system
    assert not judged["hotline"]["met"]
    assert not urban["fully_merged"] and body["fully_merged"] == 0 and body["star_level"] == 0
    assert 0 < urban["score"] < 100


def test_a_merged_duplicate_counts_its_report_in_the_case_that_survives(
    hub: Hub, four: Cases
) -> None:
    twin = hub.report("e", 2, 5, GridCode.ENVIRONMENT)  # another grid, the same incident
    hub.do("street", twin, "merge", into=four.c)
    k = hub.get("supervisor", "/kpi/summary")["indicators"]
    assert k["cases"] == 4 and k["reports"] == 5
    assert k["duplicate_report_rate"] == pytest.approx(1 / 5)
    assert k["cross_grid_cases"] == 1  # c: urban and environment
    merged = hub.get("supervisor", "/kpi/cases", measure="merged")
    assert [c["case_id"] for c in merged["cases"]] == [twin]
    cross = hub.get("supervisor", "/kpi/cases", measure="cross_grid")
    assert [c["case_id"] for c in cross["cases"]] == [four.c]


def test_scopes(hub: Hub, four: Cases) -> None:
    def cases(who: str) -> int:
        return hub.get(who, "/kpi/summary")["indicators"]["cases"]

    assert cases("supervisor") == 4 and cases("admin") == 4
    assert cases("elsewhere") == 0  # another street's supervisor sees none of this street
    community = hub.get("community", "/kpi/cases")
    assert cases("community") == 3  # a, b, c; d lies in another community of the street
    assert sorted(c["case_id"] for c in community["cases"]) == sorted([four.a, four.b, four.c])
    assert cases("urban") == 3  # the department's cases
    assert cases("environment") == 0  # it returned the case it once held
    worker = hub.client.get("/kpi/summary", headers=hub.headers["worker"])
    assert worker.status_code == 403


def test_the_read_model_equals_a_rebuild_from_the_events(hub: Hub, four: Cases) -> None:
    with hub.engine.connect() as conn:
        incremental = {r.case_id: facts_from_row(r) for r in conn.execute(select(case_facts))}
    assert rebuild_all(hub.engine) == 4
    with hub.engine.connect() as conn:
        rebuilt = {r.case_id: facts_from_row(r) for r in conn.execute(select(case_facts))}
    assert rebuilt == incremental
    assert incremental[four.a].dispatches == 2 and incremental[four.a].late_steps == 1


def test_ratings_and_the_three_rates(hub: Hub, four: Cases) -> None:
    """响应率, 解决率, 满意率 against the hand count, with ratings given through the API."""
    k = hub.get("supervisor", "/kpi/summary")["indicators"]
    # a was signed by urban at once after its re-dispatch, b at once; c's signing deadline is
    # still hours away, so it is not judged yet.
    assert k["response_rate"] == 1.0
    assert k["resolution_rate"] == pytest.approx(2 / 3)  # a, b of a, b, c
    assert k["satisfaction_rate"] is None and k["rated_cases"] == 0  # no data, not 0 %

    hub.do("worker", four.a, "rate", rating="满意", comment="拆得很干净")
    hub.do("street", four.b, "rate", rating="unsatisfied", comment="楼顶又搭起来了")
    for who, case_id, status in (
        ("worker", four.c, 409),  # not closed yet
        ("urban", four.a, 403),  # a handler does not rate its own work
    ):
        refused = hub.client.post(
            f"/cases/{case_id}/rate", json={"rating": "satisfied"}, headers=hub.headers[who]
        )
        assert refused.status_code == status, refused.text
    wrong = hub.client.post(
        f"/cases/{four.a}/rate", json={"rating": "很好"}, headers=hub.headers["street"]
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "rating"

    case = hub.get("street", f"/cases/{four.a}")
    assert case["state"] == "closed" and case["satisfaction"]["label"] == "满意"
    k = hub.get("supervisor", "/kpi/summary")["indicators"]
    assert (k["rated_cases"], k["unsatisfied_cases"]) == (2, 1)
    assert k["satisfaction_rate"] == pytest.approx(1 / 2)
    unsatisfied = hub.get("supervisor", "/kpi/cases", measure="unsatisfied")
    assert [c["case_id"] for c in unsatisfied["cases"]] == [four.b]

    # 不满意: the dispatcher decides to reopen; b's resolution no longer stands.
    hub.do("street", four.b, "reopen", reason="回访不满意")
    k = hub.get("supervisor", "/kpi/summary")["indicators"]
    assert k["resolution_rate"] == pytest.approx(1 / 3)
    rows = {r["value"]: r for r in hub.get("supervisor", "/kpi/breakdown", by="department")["rows"]}
    assert rows[URBAN]["indicators"]["satisfaction_rate"] == pytest.approx(1 / 2)
