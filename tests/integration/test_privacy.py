"""Personal data through the API on real databases: each role sees contacts as
dispatch/privacy.py says, and what is stored (the row as the database holds it, the outbox)
carries no clear name or phone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text

from api.app import create_app
from config import HubSettings
from contracts.common import GridCode
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from dispatch.adapters.pii import Sealer, configured_keys
from dispatch.adapters.reseal import count_unsealed, reseal_all, unsealed_warning
from dispatch.adapters.tables import case_events, outbox, reports
from dispatch.identity import case_id_for, report_id_for
from dispatch.privacy import is_sealed
from dispatch.roles import Role, User
from grid.adapters import store
from grid.placing import Placer
from tests.auth_helpers import add_user, login
from tests.factories import small_registry
from tests.recording import record
from tests.services import free_port

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
CALLER, APPLICANT, RESPONDENT = "13906311234", "13912345678", "13700005555"


@dataclass
class Hub:
    client: TestClient
    engine: Engine
    placer: Placer
    settings: HubSettings
    headers: dict[str, dict[str, str]]

    def sealer(self) -> Sealer:
        return Sealer(configured_keys(self.settings))


@pytest.fixture
def hub(engine: Engine, tmp_path: Path) -> Iterator[Hub]:
    registry = small_registry()
    with engine.begin() as conn:
        store.save(conn, registry, T0)
    cell = registry.addresses[0].cell
    users = {
        "dispatcher": User("dispatcher", Role.DISPATCHER, "d", area_code="371083"),
        "supervisor": User("supervisor", Role.SUPERVISOR, "s", area_code="371083"),
        "worker": User("worker", Role.GRID_WORKER, "w", area_code=cell, worker_id="WG-P"),
        "admin": User("admin", Role.ADMIN, "a"),
    }
    settings = HubSettings(data_dir=tmp_path, kafka_bootstrap=f"127.0.0.1:{free_port()}")
    with TestClient(create_app(settings, engine, run_relay=False)) as client:
        headers = {}
        for name, user in users.items():
            add_user(engine, user)
            headers[name] = login(client, user.username)
        yield Hub(client, engine, Placer(registry), settings, headers)


def a_dispute(hub: Hub) -> IncidentReport:
    """A political-legal dispute with two parties, as the intake stage hands it on (sealed)."""
    address = [a for a in hub.placer.registry.addresses if a.number][3]
    report = IncidentReport(
        report_id=report_id_for("political_legal", "ZZ-privacy"),
        source=ReportSource(
            grid=GridCode.POLITICAL_LEGAL, channel=Channel.GRID_SYSTEM, source_event_id="ZZ-privacy"
        ),
        category="political_legal.dispute",
        title="邻里纠纷",
        description="楼道堆物引发争执",
        address_text=hub.placer.places.address_text(address),
        reporter=Reporter(id="WG-P", role="grid_worker", name="赵网格", phone=CALLER),
        occurred_at=T0,
        reported_at=T0,
        attributes={
            "risk_level": "medium",
            "parties": [
                {"name": "张三", "role": "applicant", "phone": APPLICANT},
                {"name": "李四", "role": "respondent", "phone": RESPONDENT},
            ],
        },
    )
    return hub.sealer().seal_report(report)


def test_each_role_sees_the_parties_of_a_dispute_as_the_table_says(hub: Hub) -> None:
    report = a_dispute(hub)
    record(hub.engine, [hub.placer.place(report, T0)], T0)
    case_id = case_id_for(report.report_id)
    as_dispatcher = hub.client.get(f"/cases/{case_id}", headers=hub.headers["dispatcher"]).json()
    department = as_dispatcher["department_id"] or as_dispatcher["suggested_department_id"]
    assert department, as_dispatcher
    if as_dispatcher["state"] == "reported":
        for command, body in (("accept", {"reason": "属实"}), ("dispatch", {})):
            response = hub.client.post(
                f"/cases/{case_id}/{command}",
                json=body | ({"department_id": department} if command == "dispatch" else {}),
                headers=hub.headers["dispatcher"],
            )
            assert response.status_code == 200, response.text
    handler = User("handler", Role.HANDLER, "h", department_id=department)
    add_user(hub.engine, handler)
    hub.headers["handler"] = login(hub.client, "handler")

    seen = {}
    for name, headers in hub.headers.items():
        response = hub.client.get(f"/cases/{case_id}", headers=headers)
        assert response.status_code == 200, (name, response.text)
        shown = response.json()["reports"][0]
        seen[name] = (
            shown["reporter_phone"],
            shown["reporter_name"],
            [(p["name"], p["phone"]) for p in shown["attributes"]["parties"]],
        )
    in_clear = (CALLER, "赵网格", [("张三", APPLICANT), ("李四", RESPONDENT)])
    masked = ("*******1234", "赵**", [("张*", "*******5678"), ("李*", "*******5555")])
    assert seen == {
        "dispatcher": in_clear,
        "handler": in_clear,
        "admin": in_clear,
        "supervisor": masked,
        "worker": masked,  # the reporting worker's own report: masked like any other
    }
    mine = hub.client.get("/me/reports", headers=hub.headers["worker"]).json()["items"][0]
    assert mine["attributes"]["parties"][0]["phone"] == "*******5678"
    single = hub.client.get(f"/reports/{report.report_id}", headers=hub.headers["supervisor"])
    assert single.json()["attributes"]["parties"][1]["name"] == "李*"


def raw_row(engine: Engine, report_id: str) -> dict[str, object]:
    """The row as the database holds it (no type processing: the JSON as stored text)."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT reporter_name, reporter_phone, CAST(attributes AS TEXT) AS attributes "
                "FROM reports WHERE id = :id"
            ),
            {"id": report_id},
        ).one()
    return dict(row._mapping)


def test_stored_rows_and_the_outbox_hold_no_clear_name_or_phone(hub: Hub) -> None:
    body = {
        "grid": "urban",
        "category": "urban.road_damage",
        "description": "路面坑洼",
        "address_text": "乳山市城区街道胜利街12号",
        "reporter": {"id": "C-1", "role": "citizen", "name": "王女士", "phone": CALLER},
    }
    posted = hub.client.post("/reports", json=body, headers=hub.headers["admin"])
    assert posted.status_code == 202, posted.text
    report_id = posted.json()["report_id"]
    row = raw_row(hub.engine, report_id)
    assert is_sealed(row["reporter_phone"]) and is_sealed(row["reporter_name"])
    assert hub.sealer().open(str(row["reporter_phone"])) == CALLER
    with hub.engine.connect() as conn:
        queued = conn.scalars(select(outbox.c.value)).all()
    assert queued and all(CALLER.encode() not in v and "王女士".encode() not in v for v in queued)
    shown = hub.client.get(f"/reports/{report_id}", headers=hub.headers["admin"]).json()
    assert (shown["reporter_phone"], shown["reporter_name"]) == (CALLER, "王女士")

    record(hub.engine, [hub.placer.place(a_dispute(hub), T0)], T0)
    stored = raw_row(hub.engine, report_id_for("political_legal", "ZZ-privacy"))
    for clear in (CALLER, APPLICANT, RESPONDENT, "张三", "李四"):
        assert clear not in str(stored)


def test_a_sealed_value_cannot_be_posted_as_ones_own(hub: Hub) -> None:
    sealed = hub.sealer().seal(CALLER)
    body = {
        "grid": "urban",
        "category": "urban.road_damage",
        "description": "路面坑洼",
        "address_text": "乳山市城区街道胜利街12号",
        "reporter": {"id": "C-1", "role": "citizen", "phone": sealed},
    }
    response = hub.client.post("/reports", json=body, headers=hub.headers["admin"])
    assert response.status_code == 422, response.text
    assert "reporter.phone" in response.text


def test_reseal_seals_clear_rows_and_rotates_to_a_new_first_key(hub: Hub) -> None:
    clear = IncidentReport.model_validate_json(a_dispute(hub).model_dump_json())
    clear = clear.model_copy(
        update={
            "reporter": Reporter(id="WG-P", role="grid_worker", phone=CALLER),
            "attributes": {"parties": [{"name": "张三", "role": "applicant", "phone": APPLICANT}]},
        }
    )  # as a hub older than sealing stored it
    record(hub.engine, [hub.placer.place(clear, T0)], T0)
    # A start says so, with the command to run (gridhub up, gridhub worker).
    warning = unsealed_warning(hub.engine)
    assert warning is not None and "1 stored reports" in warning
    assert "gridhub pii reseal" in warning
    old = hub.sealer()
    done = reseal_all(hub.engine, old, batch_size=1)
    assert done.reports == 1
    assert count_unsealed(hub.engine) == 0 and unsealed_warning(hub.engine) is None
    row = raw_row(hub.engine, clear.report_id)
    assert is_sealed(row["reporter_phone"]) and APPLICANT not in str(row["attributes"])

    new_key = Sealer.new_key()
    old_keys = configured_keys(hub.settings)
    rotated = Sealer([new_key, *old_keys])
    progress: list[tuple[int, int]] = []
    assert reseal_all(hub.engine, rotated, lambda d, t: progress.append((d, t))).reports == 1
    assert progress[-1][0] == progress[-1][1]  # every row looked at
    with hub.engine.connect() as conn:
        stored = conn.execute(select(reports).where(reports.c.id == clear.report_id)).one()
    only_new = Sealer([new_key])
    assert only_new.open(stored.reporter_phone) == CALLER
    assert only_new.open(stored.attributes["parties"][0]["phone"]) == APPLICANT
    assert reseal_all(hub.engine, rotated).reports == 0  # nothing left to do


def test_the_start_up_warning_never_stops_a_start(tmp_path: Path) -> None:
    from gridhub.runtime import unsealed_reports

    nowhere = HubSettings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/no/such/hub.db")
    assert unsealed_reports(nowhere) is None  # no database: nothing said, nothing raised


def test_reseal_rotates_the_numbers_lifted_from_free_text_without_touching_the_chain(
    hub: Hub,
) -> None:
    typed, noted = "13606310001", "0631-6650002"
    report = a_dispute(hub)
    report = hub.sealer().seal_report(
        report.model_copy(update={"description": f"楼道堆物引发争执，物业电话{typed}"})
    )
    assert typed not in report.description and "*******0001" in report.description
    record(hub.engine, [hub.placer.place(report, T0)], T0)
    case_id = case_id_for(report.report_id)
    case = hub.client.get(f"/cases/{case_id}", headers=hub.headers["dispatcher"]).json()
    command = "accept" if case["state"] == "reported" else "suspend"
    response = hub.client.post(
        f"/cases/{case_id}/{command}",
        json={"reason": f"已联系物业{noted}"},
        headers=hub.headers["dispatcher"],
    )
    assert response.status_code == 200, response.text
    timeline = hub.client.get(f"/cases/{case_id}/timeline", headers=hub.headers["dispatcher"])
    assert timeline.json()["chain"]["intact"] and noted in timeline.text
    with hub.engine.connect() as conn:
        hashes = conn.execute(select(case_events.c.hash).order_by(case_events.c.seq)).all()
    new_key = Sealer.new_key()
    rotated = Sealer([new_key, *configured_keys(hub.settings)])
    done = reseal_all(hub.engine, rotated)
    assert (done.reports, done.events) == (1, 1)
    only_new = Sealer([new_key])
    with hub.engine.connect() as conn:
        stored = conn.execute(select(reports.c.attributes)).scalar_one()
        kept = conn.execute(
            select(case_events.c.typed_phones).where(case_events.c.typed_phones.is_not(None))
        ).scalar_one()
        assert conn.execute(select(case_events.c.hash).order_by(case_events.c.seq)).all() == hashes
    assert only_new.open(stored["typed_phones"]) == f'["{typed}"]'
    assert only_new.open(kept) == f'["{noted}"]'
    assert reseal_all(hub.engine, rotated).events == 0  # nothing left to do
