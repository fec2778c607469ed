"""One incident, one case: cross-grid de-duplication in the record stage and the dispatcher's
merge, split and dismiss, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.app import create_app
from bench.scenarios import build_stream, incident_report, start_for, wire
from bench.scenarios.evaluate import evaluate
from config import HubSettings
from contracts.common import GridCode
from contracts.placement import PlacedReport
from contracts.report import Channel, GeoPoint, IncidentReport, Reporter, ReportSource
from dispatch.adapters.tables import duplicate_suggestions, reports
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.dedupe import DedupePolicy
from dispatch.identity import case_id_for, report_id_for
from dispatch.open_cases import OpenCasesInMemory
from dispatch.roles import Role, User
from dispatch.services import TopicNames, record_reports
from grid.adapters import store
from grid.coords import offset
from grid.model import Address
from grid.placing import Placer
from gridhub.simulator import demo_registry
from tests.auth_helpers import add_user, login
from tests.factories import small_registry
from tests.recording import record
from tests.services import free_port

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
TOPICS = TopicNames(reports="hub.reports", case_events="hub.case-events")
POLICY = DedupePolicy()


@dataclass
class Hub:
    engine: Engine
    placer: Placer
    client: TestClient
    auth: dict[str, str]

    def door(self, index: int) -> Address:
        return [a for a in self.placer.registry.addresses if a.number and a.unit.startswith("R")][
            index
        ]

    def report(
        self,
        source: str,
        category: str,
        address: Address,
        at: datetime,
        text: str,
        east_m: float = 0.0,
    ) -> PlacedReport:
        grid = GridCode(category.split(".")[0])
        lon, lat = offset(address.lon, address.lat, east_m, 0)
        report = IncidentReport(
            report_id=report_id_for(grid.value, source),
            source=ReportSource(grid=grid, channel=Channel.GRID_SYSTEM, source_event_id=source),
            category=category,
            title=category,
            description=text,
            address_text=self.placer.places.address_text(address),
            location=GeoPoint(lon=lon, lat=lat),
            reporter=Reporter(id="R1", role="grid_worker"),
            occurred_at=at,
            reported_at=at,
        )
        return self.placer.place(report, at)

    def record(self, *placed: PlacedReport) -> None:
        record(self.engine, list(placed), T0, None, POLICY)

    def case_of(self, placed: PlacedReport) -> str:
        with self.engine.connect() as conn:
            return conn.scalar(
                select(reports.c.case_id).where(reports.c.id == placed.report.report_id)
            )


@pytest.fixture
def hub(engine: Engine, tmp_path: Path) -> Iterator[Hub]:
    registry = small_registry()
    with engine.begin() as conn:
        store.save(conn, registry, T0)
    settings = HubSettings(data_dir=tmp_path, kafka_bootstrap=f"127.0.0.1:{free_port()}")
    with TestClient(create_app(settings, engine, run_relay=False)) as client:
        add_user(engine, User("dispatcher", Role.DISPATCHER, "d", area_code="371083"))
        yield Hub(engine, Placer(registry), client, login(client, "dispatcher"))


def test_three_grids_reporting_one_spot_make_one_case(hub: Hub) -> None:
    spot = hub.door(20)
    environment = hub.report(
        "HB-1", "environment.illegal_discharge", spot, T0, "河道排污口有黑色污水排出"
    )
    urban = hub.report("CG-1", "urban.sewer_overflow", spot, T0 + timedelta(minutes=30),
                       "污水井冒溢，排污口有黑水", east_m=12)  # fmt: skip
    sensor = hub.report("HB-2", "environment.threshold_alert", spot, T0 + timedelta(hours=1),
                        "COD 在线监测数据超标，排污口", east_m=-8)  # fmt: skip
    hub.record(environment)  # an earlier batch
    hub.record(urban, sensor)  # a later one, the two in one batch
    case_id = hub.case_of(environment)
    assert hub.case_of(urban) == hub.case_of(sensor) == case_id
    shown = hub.client.get(f"/cases/{case_id}", headers=hub.auth).json()
    assert shown["report_count"] == 3 and shown["grids"] == ["environment", "urban"]
    decisions = {r["id"]: r["dedupe"] for r in shown["reports"]}
    first = decisions[environment.report.report_id]
    assert first["outcome"] == "new" and first["candidates"] == []
    joined = decisions[urban.report.report_id]
    assert joined["outcome"] == "merged" and joined["case_id"] == case_id
    assert joined["score"] >= POLICY.merge_at and joined["candidates"][0]["parts"]["place"] > 0.9
    assert [e["event_type"] for e in shown["events"]].count("report_linked") == 2
    # Replaying the same reports changes nothing.
    hub.record(environment, urban, sensor)
    again = hub.client.get(f"/cases/{case_id}", headers=hub.auth).json()
    assert again["report_count"] == 3 and len(again["events"]) == len(shown["events"])


def test_look_alikes_stay_apart(hub: Hub) -> None:
    spot, neighbour = hub.door(40), hub.door(46)  # three doors along on the same side
    first = hub.report("CG-10", "urban.exposed_garbage", spot, T0, "路边暴露垃圾未清运")
    other_door = hub.report("CG-11", "urban.exposed_garbage", neighbour, T0, "路边暴露垃圾未清运")
    later = hub.report(  # after a heap's lasting window (within it, its open case is joined)
        "CG-12", "urban.exposed_garbage", spot, T0 + timedelta(days=9), "路边暴露垃圾未清运"
    )
    other_kind = hub.report("CG-13", "urban.street_light", spot, T0, "路灯不亮")
    hub.record(first, other_door, later, other_kind)
    cases = {hub.case_of(p) for p in (first, other_door, later, other_kind)}
    assert len(cases) == 4


def test_the_grey_zone_is_suggested_and_the_dispatcher_decides(hub: Hub) -> None:
    spot = hub.door(60)  # 兴业街61号; doors 63 and 59 are 90 m east and west of it
    first = hub.report("HB-20", "environment.dumping", spot, T0, "路边倾倒建筑垃圾")
    maybe = hub.report("CG-20", "urban.exposed_garbage", hub.door(62), T0 + timedelta(hours=2),
                       "垃圾桶满溢", east_m=-8)  # fmt: skip
    maybe_too = hub.report("CG-21", "urban.exposed_garbage", hub.door(58),
                           T0 + timedelta(hours=3), "垃圾桶满溢", east_m=8)  # fmt: skip
    hub.record(first)
    hub.record(maybe, maybe_too)
    queue = hub.client.get("/queue/duplicates", headers=hub.auth).json()
    by_case = {s["case_id"]: s for s in queue["items"]}
    assert hub.case_of(maybe) in by_case and hub.case_of(maybe_too) in by_case
    suggestion = by_case[hub.case_of(maybe)]
    assert suggestion["candidate_case_id"] == hub.case_of(first)
    assert POLICY.suggest_at <= suggestion["score"] < POLICY.merge_at

    merged = hub.client.post(
        f"/cases/{hub.case_of(maybe)}/merge",
        json={"into": hub.case_of(first), "reason": "同一处垃圾"},
        headers=hub.auth,
    )
    assert merged.status_code == 200 and merged.json()["state"] == "merged"
    other = by_case[hub.case_of(maybe_too)]
    dismissed = hub.client.post(f"/duplicates/{other['id']}/dismiss", headers=hub.auth)
    assert dismissed.status_code == 204
    assert (
        hub.client.post(f"/duplicates/{other['id']}/dismiss", headers=hub.auth).status_code == 409
    )
    assert hub.client.get("/queue/duplicates", headers=hub.auth).json()["total"] == 0
    with hub.engine.connect() as conn:
        statuses = dict(
            conn.execute(
                select(duplicate_suggestions.c.case_id, duplicate_suggestions.c.status)
            ).all()
        )
    assert statuses == {
        case_id_for(maybe.report.report_id): "merged",
        case_id_for(maybe_too.report.report_id): "dismissed",
    }


def test_a_dispatcher_splits_a_wrongly_merged_report_out(hub: Hub) -> None:
    spot = hub.door(80)
    first = hub.report("CG-30", "urban.road_damage", spot, T0, "路面坑洼破损")
    second = hub.report(
        "CG-31", "urban.road_damage", spot, T0 + timedelta(minutes=5), "路面坑洼破损", east_m=3
    )
    hub.record(first, second)
    case_id = hub.case_of(first)
    assert hub.case_of(second) == case_id
    split = hub.client.post(
        f"/cases/{case_id}/split",
        json={"report_id": second.report.report_id, "reason": "另一处坑"},
        headers=hub.auth,
    )
    assert split.status_code == 200, split.text
    new_case = split.json()
    assert new_case["id"] == case_id_for(second.report.report_id) != case_id
    assert [r["id"] for r in new_case["reports"]] == [second.report.report_id]
    old = hub.client.get(f"/cases/{case_id}", headers=hub.auth).json()
    assert old["report_count"] == 1 and old["events"][-1]["event_type"] == "report_split"
    founding = hub.client.post(
        f"/cases/{case_id}/split",
        json={"report_id": first.report.report_id, "reason": "x"},
        headers=hub.auth,
    )
    assert founding.status_code == 422


def test_quality_on_labelled_scenarios(engine: Engine) -> None:
    """The record stage on a real database groups a small labelled stream (tuning part) as
    well as the offline replay does: a floor under the benchmarks' figures."""
    stream = build_stream("tuning", seed=8, incidents=80)
    placer = Placer(demo_registry())
    sent = list(wire(stream, start_for(stream, datetime(2026, 12, 1, tzinfo=UTC))))
    placed = [placer.place(incident_report(s), s.sent_at) for s in sent]
    for i in range(0, len(placed), 40):
        record(engine, placed[i : i + 40], T0, None, POLICY)
    with engine.connect() as conn:
        rows = conn.execute(select(reports.c.id, reports.c.case_id, reports.c.dedupe)).all()
    outcomes = {r.id: (r.dedupe or {}).get("outcome") for r in rows}
    result = evaluate(stream, {r.id: r.case_id for r in rows}, outcomes)
    assert result.overall.precision >= 0.95 and result.overall.recall >= 0.9, result.overall
    assert result.suggestion_share < 0.05


def _edge_between_townships(placer: Placer) -> tuple[tuple[float, float], tuple[float, float]]:
    """Two points 8 m apart on either side of a border between two townships' cells."""
    cells = placer.places.cells
    for code, cell in sorted(cells.items()):
        for other in placer.resolver.locator.neighbours(code):
            if placer.places.township_of(other) == placer.places.township_of(code):
                continue
            (x0, y0), (x1, y1) = cell.ring[1], cell.ring[2]  # the east edge
            if x0 != x1:
                continue
            middle = (x0, (y0 + y1) / 2)
            west, east = offset(*middle, -4, 0), offset(*middle, 4, 0)
            if placer.resolver.locator.locate(*east) == other:
                return west, east
    raise AssertionError("no township border found")


def test_one_incident_across_a_cell_and_township_border_is_one_case(engine: Engine) -> None:
    """The two reports fall in neighbouring cells of two townships: two partitions of
    hub.placed-reports; the cell locks and the neighbour search still make them one case."""
    placer = Placer(demo_registry())
    west, east = _edge_between_townships(placer)

    def report(source: str, grid: str, category: str, point: tuple[float, float]) -> PlacedReport:
        incident = IncidentReport(
            report_id=report_id_for(grid, source),
            source=ReportSource(
                grid=GridCode(grid), channel=Channel.GRID_SYSTEM, source_event_id=source
            ),
            category=category, title=category, description="路边倾倒建筑垃圾",
            address_text="路边", location=GeoPoint(lon=point[0], lat=point[1]),
            reporter=Reporter(id="R9", role="grid_worker"), occurred_at=T0, reported_at=T0,
        )  # fmt: skip
        return placer.place(incident, T0)

    first = report("HB-edge", "environment", "environment.dumping", west)
    second = report("CG-edge", "urban", "urban.exposed_garbage", east)
    assert first.placement.cell != second.placement.cell
    assert first.placement.township != second.placement.township  # two partitions
    record(engine, [first], T0, None, POLICY)
    record(engine, [second], T0, None, POLICY)
    with engine.connect() as conn:
        cases_of = set(
            conn.scalars(
                select(reports.c.case_id).where(
                    reports.c.id.in_([first.report.report_id, second.report.report_id])
                )
            )
        )
    assert len(cases_of) == 1


def test_village_reports_are_decided_and_found_again_after_a_restart(engine: Engine) -> None:
    """Reports placed only to a village have no cell: the worker loads them by township
    (reports.township_code), so a restarted worker, and one that keeps nothing, still finds
    the case a report naming the same plate belongs to."""
    placer = Placer(demo_registry())
    places = placer.places
    township_of = {code: places.township_of(code) for code in places.cells}
    cells_of: dict[str, list[str]] = {}
    for code, township in sorted(township_of.items()):
        if township:
            cells_of.setdefault(township, []).append(code)

    def report(n: int, address: str, text: str, hours: float) -> PlacedReport:
        at = T0 + timedelta(hours=hours)
        incident = IncidentReport(
            report_id=report_id_for("urban", f"village-{n}"),
            source=ReportSource(
                grid=GridCode.URBAN, channel=Channel.API, source_event_id=f"village-{n}"
            ),
            category="urban.illegal_parking", title="违章停车", description=text,
            address_text=address, reporter=Reporter(id="C1", role="citizen"),
            occurred_at=at, reported_at=at,
        )  # fmt: skip
        return placer.place(incident, at)

    def worker() -> OpenCasesInMemory:
        return OpenCasesInMemory(POLICY, township_of.get, lambda t: cells_of.get(t, ()))

    first = report(1, "冯家镇石城村", "鲁KD5821货车占道停放", 0)
    assert first.placement.cell is None and first.placement.township == "371083106"
    record_reports([first], SqlUnitOfWork(engine), T0, None, POLICY, worker())
    restarted = worker()
    second = report(2, "石城村村委旁边", "大货车鲁K D5821堵着村道", 1)
    record_reports([second], SqlUnitOfWork(engine), T0, None, POLICY, restarted)
    assert restarted.loads == 1
    third = report(3, "石城村", "有辆鲁KD5821一直停着", 2)
    record(engine, [third], T0, None, POLICY)  # nothing kept: read for the batch
    other = report(4, "石城村", "又有辆面包车乱停", 2.5)  # no plate: the village alone
    record(engine, [other], T0, None, POLICY)
    with engine.connect() as conn:
        rows = conn.execute(
            select(reports.c.id, reports.c.case_id, reports.c.township_code, reports.c.dedupe)
        ).all()
    by_id = {row.id: row for row in rows}
    case = by_id[first.report.report_id].case_id
    assert by_id[second.report.report_id].case_id == case
    assert by_id[third.report.report_id].case_id == case
    assert by_id[other.report.report_id].case_id != case
    assert all(row.township_code == "371083106" for row in rows)
    assert "鲁KD5821" in by_id[second.report.report_id].dedupe["rule"]
