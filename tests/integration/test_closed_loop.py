"""The closed loop through the API, on SQLite and PostgreSQL: the whole loop with its side
paths, roles and scopes, idempotent retries, the audit chain, overdue work and escalation."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update

from api.app import create_app
from config import HubSettings
from contracts.common import GridCode
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from dispatch.adapters.tables import case_events, cases, outbox, reports
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.dedupe import DedupePolicy
from dispatch.identity import case_id_for, report_id_for
from dispatch.roles import Role, User
from dispatch.services import TopicNames, sweep_overdue
from dispatch.sla import SlaPolicy
from grid.adapters import store
from grid.orggraph import OrgGraph
from grid.places import PlaceIndex
from grid.placing import Placer
from tests.auth_helpers import add_user, login
from tests.factories import small_registry
from tests.recording import record
from tests.services import free_port

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # Monday 09:00 in Beijing
TOPICS = TopicNames(reports="hub.reports", case_events="hub.case-events")
STREET, OTHER_STREET = "371083001", "371083100"

USERS = {
    "dispatcher": User("dispatcher", Role.DISPATCHER, "d", area_code="371083"),
    "street": User("street", Role.DISPATCHER, "s", area_code=STREET),
    "elsewhere": User("elsewhere", Role.DISPATCHER, "e", area_code=OTHER_STREET),
    "urban": User("urban", Role.HANDLER, "u", department_id=f"{STREET}-urban"),
    "environment": User("environment", Role.HANDLER, "v", department_id=f"{STREET}-environment"),
    "supervisor": User("supervisor", Role.SUPERVISOR, "p", area_code="371083"),
    "admin": User("admin", Role.ADMIN, "a"),
}


@dataclass
class Loop:
    client: TestClient
    engine: Engine
    headers: dict[str, dict[str, str]]
    worker: User
    placer: Placer
    dedupe: DedupePolicy | None = None  # the stream's own when None

    def as_(self, name: str) -> dict[str, str]:
        return self.headers[name]

    def do(self, name: str, case_id: str, command: str, **body: object) -> dict[str, object]:
        response = self.client.post(
            f"/cases/{case_id}/{command}", json=body, headers=self.as_(name)
        )
        assert response.status_code == 200, (command, response.text)
        return response.json()

    def report(
        self,
        number: int,
        category: str = "urban.illegal_construction",
        event_id: str = "",
        description: str = "",
    ) -> str:
        """A worker's report at door ``number`` in 城区街道, recorded by the stream; its case
        id. The report's id follows ``number`` unless an ``event_id`` is given."""
        places = self.placer.places
        address = [a for a in self.placer.registry.addresses if a.number][number]
        event_id = event_id or f"loop-{number}"
        report = IncidentReport(
            report_id=report_id_for("urban", event_id),
            source=ReportSource(grid=GridCode.URBAN, channel=Channel.API, source_event_id=event_id),
            category=category,
            title="违建",
            description=description or "楼顶私搭乱建",
            address_text=places.address_text(address),
            reporter=Reporter(
                id=self.worker.worker_id or "", role="grid_worker", phone="13912345678"
            ),
            occurred_at=T0,
            reported_at=T0,
        )  # fmt: skip
        # Sealed as the intake seals it (the API's sealer holds the same keys).
        report = self.client.app.state.sealer.seal_report(report)  # type: ignore[attr-defined]
        placed = self.placer.place(report, T0)
        assert placed.placement.status == "placed"
        record(self.engine, [placed], T0, dedupe=self.dedupe)
        return case_id_for(report.report_id)


@contextmanager
def open_loop(
    engine: Engine, directory: Path, dedupe: DedupePolicy | None = None
) -> Iterator[Loop]:
    registry = small_registry()
    with engine.begin() as conn:
        store.save(conn, registry, T0)
    cell = registry.addresses[0].cell
    worker_entry = next(w for w in registry.workers if w.cell == cell)
    worker = User("worker", Role.GRID_WORKER, "w", area_code=cell, worker_id=worker_entry.id)
    settings = HubSettings(data_dir=directory, kafka_bootstrap=f"127.0.0.1:{free_port()}")
    with TestClient(create_app(settings, engine, run_relay=False)) as client:
        headers = {}
        for name, user in {**USERS, "worker": worker}.items():
            add_user(engine, user)
            headers[name] = login(client, user.username)
        yield Loop(client, engine, headers, worker, Placer(registry), dedupe)


@pytest.fixture
def loop(engine: Engine, tmp_path: Path) -> Iterator[Loop]:
    with open_loop(engine, tmp_path) as opened:
        yield opened


# Never merges or suggests: each report is a case of its own, whatever else the module reported.
APART = DedupePolicy(merge_at=2.0, suggest_at=2.0)


@pytest.fixture(scope="module")
def shared_loop(module_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loop]:
    """One loop for a module's tests that each make their own cases (or none), and change
    nothing another test looks at: set up once instead of once per test."""
    with open_loop(module_engine, tmp_path_factory.mktemp("loop"), APART) as opened:
        yield opened


def events_of(loop: Loop, case_id: str) -> list[tuple[str, str]]:
    timeline = loop.client.get(f"/cases/{case_id}/timeline", headers=loop.as_("admin")).json()
    assert timeline["chain"]["intact"], timeline["chain"]
    return [(e["event_type"], e["actor_role"]) for e in timeline["events"]]


def test_the_whole_loop_with_return_postponement_and_rework(loop: Loop) -> None:
    case_id = loop.report(1)
    queue = loop.client.get("/queue", headers=loop.as_("street")).json()
    assert case_id in [c["id"] for c in queue["items"]]  # illegal construction: not automatic

    loop.do("street", case_id, "accept", reason="属实")
    wrong = loop.do("street", case_id, "dispatch", department_id=f"{STREET}-environment")
    assert wrong["deadline_step"] == "sign"
    assert case_id in [
        c["id"] for c in loop.client.get("/tasks", headers=loop.as_("environment")).json()["items"]
    ]
    back = loop.do("environment", case_id, "return", reason="违建归城管")
    assert back["state"] == "returned" and back["department_id"] is None
    assert case_id in [
        c["id"] for c in loop.client.get("/queue", headers=loop.as_("street")).json()["items"]
    ]

    loop.do(
        "street", case_id, "dispatch", department_id=f"{STREET}-urban", team_id=f"{STREET}-urban-T1"
    )
    signed = loop.do("urban", case_id, "sign")
    assert signed["state"] == "in_progress" and signed["deadline_step"] == "resolve"
    due = datetime.fromisoformat(signed["deadline_at"])
    loop.do("urban", case_id, "postponement", hours=16, reason="需协调拆除队")
    pending = loop.client.get("/queue/postponements", headers=loop.as_("street")).json()
    assert [c["id"] for c in pending["items"]] == [case_id]
    postponed = loop.do("street", case_id, "approve-postponement")
    assert datetime.fromisoformat(postponed["deadline_at"]) > due
    assert postponed["postponed_hours"] == 16

    evidence = [{"url": "https://files.example/after.jpg", "kind": "photo"}]
    loop.do("urban", case_id, "resolve", note="已拆除", evidence=evidence)
    tasks = loop.client.get("/verification-tasks", headers=loop.as_("worker")).json()
    assert case_id in [c["id"] for c in tasks["items"]]
    rework = loop.do("worker", case_id, "verify", passed=False, reason="仍有残留")
    assert rework["state"] == "rework" and rework["deadline_step"] == "sign"
    loop.do("urban", case_id, "sign")
    loop.do("urban", case_id, "resolve", note="残留已清理", evidence=evidence)
    loop.do("worker", case_id, "verify", passed=True)
    closed = loop.do("street", case_id, "close")

    assert closed["state"] == "closed" and closed["deadline_at"] is None
    steps = closed["steps"]
    for name in ("accepted_at", "dispatched_at", "returned_at", "signed_at", "postponed_at",
                 "resolved_at", "verification_failed_at", "verified_at", "closed_at"):  # fmt: skip
        assert steps[name], name
    assert closed["resolution"]["evidence"][0]["url"] == "https://files.example/after.jpg"
    assert events_of(loop, case_id) == [
        ("reported", "system"), ("accepted", "dispatcher"), ("dispatched", "dispatcher"),
        ("returned", "handler"), ("dispatched", "dispatcher"), ("signed", "handler"),
        ("postponement_requested", "handler"), ("postponed", "dispatcher"),
        ("resolved", "handler"), ("verification_failed", "grid_worker"), ("signed", "handler"),
        ("resolved", "handler"), ("verified", "grid_worker"), ("closed", "dispatcher"),
    ]  # fmt: skip
    with loop.engine.connect() as conn:
        queued = conn.scalar(select(func.count()).select_from(outbox))
    assert queued == 14  # every event goes to hub.case-events through the outbox

    reopened = loop.do("supervisor", case_id, "reopen", reason="群众再次反映")
    assert reopened["state"] == "rework"


def test_an_illegal_move_is_a_409_with_the_state_and_the_allowed_moves(loop: Loop) -> None:
    case_id = loop.report(2)
    response = loop.client.post(f"/cases/{case_id}/close", json={}, headers=loop.as_("street"))
    assert response.status_code == 409
    body = response.json()
    assert body["state"] == "reported"
    assert set(body["allowed"]) >= {"accept", "reject", "merge"}
    missing = loop.client.post(f"/cases/{case_id}/reject", json={}, headers=loop.as_("street"))
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "reason"


def test_a_retried_command_acts_once(loop: Loop) -> None:
    case_id = loop.report(3)
    for _ in range(2):
        loop.do("street", case_id, "accept", request_id="tablet-7-0001")
    assert [e for e, _ in events_of(loop, case_id)] == ["reported", "accepted"]
    reused = loop.client.post(
        f"/cases/{case_id}/suspend",
        json={"request_id": "tablet-7-0001", "reason": "x"},
        headers=loop.as_("street"),
    )
    assert reused.status_code == 422 and reused.json()["errors"][0]["field"] == "request_id"


def test_a_report_not_yet_in_a_case_is_only_its_reporters(loop: Loop) -> None:
    body = {"grid": "urban", "category": "urban.road_damage", "description": "坑",
            "address_text": "城区街道", "reporter": {"id": "x", "role": "grid_worker"}}  # fmt: skip
    report_id = loop.client.post("/reports", json=body, headers=loop.as_("worker")).json()[
        "report_id"
    ]
    assert loop.client.get(f"/reports/{report_id}", headers=loop.as_("worker")).status_code == 200
    for other in ("street", "elsewhere", "supervisor"):
        assert loop.client.get(f"/reports/{report_id}", headers=loop.as_(other)).status_code == 404


def test_an_unplaced_case_waits_in_every_dispatchers_queue(loop: Loop) -> None:
    report = IncidentReport(
        report_id=report_id_for("urban", "nowhere-1"),
        source=ReportSource(grid=GridCode.URBAN, channel=Channel.API, source_event_id="nowhere-1"),
        category="urban.road_damage", title="坑", description="路面坑洼", address_text="不知道在哪",
        reporter=Reporter(id="citizen", role="citizen"), occurred_at=T0, reported_at=T0,
    )  # fmt: skip
    placed = loop.placer.place(report, T0)
    assert placed.placement.status == "unplaced"
    record(loop.engine, [placed], T0)
    case_id = case_id_for(report.report_id)
    for name in ("dispatcher", "street", "elsewhere"):
        queue = loop.client.get("/queue", headers=loop.as_(name)).json()
        assert case_id in [c["id"] for c in queue["items"]], name
    assert loop.client.get(f"/cases/{case_id}", headers=loop.as_("urban")).status_code == 404


def test_merging_moves_the_reports_to_the_surviving_case(loop: Loop) -> None:
    first, duplicate = loop.report(4), loop.report(5)
    merged = loop.do("street", duplicate, "merge", into=first, reason="同一违建")
    assert merged["state"] == "merged" and merged["merged_into"] == first
    survivor = loop.client.get(f"/cases/{first}", headers=loop.as_("street")).json()
    assert survivor["report_count"] == 2
    assert [e for e, _ in events_of(loop, first)][-1] == "report_linked"
    third = loop.report(11)
    loop.do("street", first, "reject", reason="不属实")
    refused = loop.client.post(
        f"/cases/{third}/merge", json={"into": first}, headers=loop.as_("street")
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "into"


@pytest.mark.parametrize(
    ("user", "method", "path", "expected"),
    [
        ("street", "GET", "/cases/{case}", 200),
        ("elsewhere", "GET", "/cases/{case}", 404),  # another township: not theirs
        ("supervisor", "GET", "/cases/{case}", 200),
        ("environment", "GET", "/cases/{case}", 404),  # not dispatched to them
        ("worker", "GET", "/cases/{case}", 200),  # their own report
        ("worker", "GET", "/cases/{case}/timeline", 200),
        ("elsewhere", "GET", "/cases/{case}/timeline", 404),
        ("worker", "POST", "/cases/{case}/accept", 403),
        ("urban", "POST", "/cases/{case}/accept", 404),  # not held: outside its scope
        ("supervisor", "POST", "/cases/{case}/accept", 403),
        ("elsewhere", "POST", "/cases/{case}/accept", 404),
        ("street", "POST", "/cases/{case}/accept", 200),
        ("admin", "POST", "/cases/{case}/accept", 200),
        ("urban", "POST", "/cases/{case}/sign", 404),  # not dispatched to it (yet)
        ("street", "POST", "/cases/{case}/escalate", 200),  # the command centre refers it up
        ("supervisor", "POST", "/cases/{case}/escalate", 200),
        ("worker", "GET", "/queue", 403),
        ("urban", "GET", "/queue", 403),
        ("street", "GET", "/queue", 200),
        ("street", "GET", "/tasks", 403),
        ("urban", "GET", "/tasks", 200),
        ("worker", "GET", "/me/reports", 200),
        ("street", "GET", "/me/reports", 403),
        ("worker", "GET", "/overdue", 403),
        ("supervisor", "GET", "/overdue", 200),
        ("urban", "GET", "/verification-tasks", 403),
        ("worker", "GET", "/verification-tasks", 200),
        ("supervisor", "POST", "/reports", 403),
        ("urban", "POST", "/reports", 403),
        ("admin", "GET", "/registry/export", 200),
        ("dispatcher", "GET", "/registry/export", 403),
    ],
)
def test_role_endpoint_and_scope(
    shared_loop: Loop, user: str, method: str, path: str, expected: int
) -> None:
    loop = shared_loop
    case_id = loop.report(6, event_id=f"matrix-{uuid.uuid4().hex}")
    body: dict[str, object] = {"reason": "督办"} if path.endswith("escalate") else {}
    if path == "/reports":
        body = {"grid": "urban", "category": "urban.road_damage", "description": "坑",
                "address_text": "城区", "reporter": {"id": "x", "role": "citizen"}}  # fmt: skip
    response = loop.client.request(
        method, path.format(case=case_id), json=body if method == "POST" else None,
        headers=loop.as_(user),
    )  # fmt: skip
    assert response.status_code == expected, response.text


def test_lists_are_scoped(loop: Loop) -> None:
    case_id = loop.report(7)
    assert loop.client.get("/queue", headers=loop.as_("elsewhere")).json()["total"] == 0
    assert loop.client.get("/cases", headers=loop.as_("elsewhere")).json()["total"] == 0
    assert case_id in [
        c["id"] for c in loop.client.get("/cases", headers=loop.as_("dispatcher")).json()["items"]
    ]
    mine = loop.client.get("/me/reports", headers=loop.as_("worker")).json()
    assert mine["total"] == 1 and mine["items"][0]["reporter_phone"].endswith("5678")


def test_contact_details_are_masked_for_roles_that_do_not_need_them(loop: Loop) -> None:
    case_id = loop.report(8)
    phones = {}
    for name in ("street", "supervisor", "worker"):
        shown = loop.client.get(f"/cases/{case_id}", headers=loop.as_(name)).json()
        phones[name] = shown["reports"][0]["reporter_phone"]
    assert phones["street"] == "13912345678"
    assert phones["supervisor"] == phones["worker"] == "*******5678"


def test_a_search_cannot_find_digits_the_caller_sees_masked(loop: Loop) -> None:
    case_id = loop.report(9, description="楼顶私搭乱建，业主电话13800001234")

    def search(name: str, q: str) -> object:
        return loop.client.get("/cases", params={"q": q}, headers=loop.as_(name))

    # The text is stored with the number masked (its digits sealed beside it): a whole number
    # finds nothing, for anyone; its last four digits find the case.
    found = search("street", "13800001234")
    assert found.status_code == 200 and found.json()["items"] == []
    for probe in ("138000", "1380 0001", "00001234"):
        refused = search("supervisor", probe)
        assert refused.status_code == 422, refused.text
        assert "masked" in {e["field"]: e["reason"] for e in refused.json()["errors"]}["q"]
    # the last four digits are shown to everyone: searching them reveals nothing
    assert [c["id"] for c in search("supervisor", "1234").json()["items"]] == [case_id]


def test_phones_typed_into_free_text_are_masked_for_roles_that_do_not_see_contacts(
    loop: Loop,
) -> None:
    case_id = loop.report(10, description="楼顶私搭乱建，业主电话0631-6651234")
    loop.do("street", case_id, "accept", reason="属实，已电话联系 138 0000 1234")
    loop.do("street", case_id, "dispatch", department_id=f"{STREET}-urban")
    loop.do("urban", case_id, "sign")
    loop.do("urban", case_id, "resolve", note="已拆除，回访请拨+86 13900001111")
    typed = ("0631-6651234", "138 0000 1234", "13900001111")
    masked = ("****-***1234", "*** **** 1234", "*******1111")

    def seen(name: str) -> str:
        """Everything the role is answered about the case, as one text."""
        answers = [
            loop.client.get(f"/cases/{case_id}", headers=loop.as_(name)),
            loop.client.get(f"/cases/{case_id}/timeline", headers=loop.as_(name)),
        ]
        assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
        return " ".join(a.text for a in answers)

    for name in ("street", "urban", "admin"):  # they call people back: as typed
        text = seen(name)
        assert all(t in text for t in typed), name
    for name in ("supervisor", "worker"):
        text = seen(name)
        assert not any(t in text for t in typed), name
        assert all(m in text for m in masked), name
    case = loop.client.get(f"/cases/{case_id}", headers=loop.as_("supervisor")).json()
    assert case["description"] == "楼顶私搭乱建，业主电话****-***1234"
    assert case["reports"][0]["description"] == case["description"]
    assert case["resolution"]["note"] == "已拆除，回访请拨+** *******1111"
    for name in ("worker", "street"):  # the chain holds the masked text: every role checks it
        timeline = loop.client.get(f"/cases/{case_id}/timeline", headers=loop.as_(name)).json()
        assert timeline["chain"]["intact"], name
    # Stored and published masked; the numbers are sealed beside the text, never in clear.
    with loop.engine.connect() as conn:
        events = conn.execute(
            select(case_events.c.reason, case_events.c.data, case_events.c.typed_phones)
        ).all()
        report_text = conn.execute(select(reports.c.description, reports.c.attributes)).all()
        messages = conn.execute(select(outbox.c.value)).scalars().all()
    stored = " ".join(f"{r} {d} {p}" for r, d, p in events) + " ".join(
        f"{d} {a}" for d, a in report_text
    )
    stored += " ".join(bytes(v).decode() for v in messages)
    assert not any(t in stored for t in typed)
    assert "*** **** 1234" in stored and "*******1111" in stored
    kept = [p for _, _, p in events if p]
    assert len(kept) == 2 and all(p.startswith("sealed:") for p in kept)


def test_overdue_and_escalation_with_a_controlled_clock(loop: Loop) -> None:
    case_id = loop.report(9, category="urban.road_damage")  # auto-dispatched to the street
    case = loop.client.get(f"/cases/{case_id}", headers=loop.as_("admin")).json()
    assert case["state"] == "dispatched" and case["department_id"] == f"{STREET}-urban"
    sla = SlaPolicy()
    org = OrgGraph(loop.placer.registry, PlaceIndex(loop.placer.registry))

    def sweep(at: datetime) -> tuple[int, int]:
        result = sweep_overdue(SqlUnitOfWork(loop.engine), TOPICS, at, sla, org.escalates_to)
        return result.marked_overdue, result.escalated

    due = datetime.fromisoformat(case["deadline_at"])
    assert sweep(due - timedelta(minutes=1)) == (0, 0)
    assert sweep(due + timedelta(minutes=1)) == (1, 0)
    assert sweep(due + timedelta(minutes=2)) == (0, 0)  # marked once
    overdue = loop.client.get("/overdue", headers=loop.as_("supervisor")).json()
    assert [c["id"] for c in overdue["items"]] == [case_id]
    later = sla.calendar.add_hours(due + timedelta(minutes=1), sla.escalate_after_hours + 0.1)
    assert sweep(later) == (0, 1)
    even_later = sla.calendar.add_hours(later, sla.escalate_after_hours + 0.1)
    assert sweep(even_later) == (0, 1)
    assert sweep(sla.calendar.add_hours(even_later, 100)) == (0, 0)  # at the top: max level
    shown = loop.client.get(f"/cases/{case_id}", headers=loop.as_("admin")).json()
    assert shown["escalation_level"] == 2 and shown["escalated_to"] == "371083-CMD"
    escalations = [e for e in shown["events"] if e["event_type"] == "escalated"]
    assert [e["data"]["to_department_id"] for e in escalations] == ["371083-urban", "371083-CMD"]
    assert all(e["actor_role"] == "system" for e in escalations)
    # Signing starts the next step's clock: no longer overdue.
    signed = loop.do("urban", case_id, "sign")
    assert signed["overdue_since"] is None


def test_a_tampered_event_shows_in_the_timeline(loop: Loop) -> None:
    case_id = loop.report(10)
    loop.do("street", case_id, "accept")
    with loop.engine.begin() as conn:
        conn.execute(
            update(case_events)
            .where(case_events.c.case_id == case_id, case_events.c.seq == 1)
            .values(reason="rewritten")
        )
    chain = loop.client.get(f"/cases/{case_id}/timeline", headers=loop.as_("admin")).json()["chain"]
    assert chain == {"intact": False, "events": 1, "broken_at_seq": 1, "reason": chain["reason"]}
    with loop.engine.connect() as conn:
        assert conn.scalar(select(cases.c.state).where(cases.c.id == case_id)) == "accepted"


def test_suspend_resume_and_a_denied_postponement(loop: Loop) -> None:
    case_id = loop.report(12)
    loop.do("street", case_id, "accept")
    loop.do("street", case_id, "dispatch", department_id=f"{STREET}-urban")
    loop.do("urban", case_id, "sign")
    parked = loop.do("street", case_id, "suspend", reason="待上级批复拆除")
    assert parked["state"] == "suspended" and parked["deadline_at"] is None
    assert parked["suspended_from"] == "in_progress"
    back = loop.do("street", case_id, "resume")
    assert back["state"] == "in_progress" and back["deadline_at"] is not None
    loop.do("urban", case_id, "postponement", hours=8, reason="等材料")
    denied = loop.do("street", case_id, "deny-postponement", reason="不予延期")
    assert denied["pending_postponement_hours"] is None and denied["postponed_hours"] == 0
    assert denied["deadline_at"] == back["deadline_at"]
