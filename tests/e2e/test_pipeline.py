"""API -> Kafka -> streams -> PostgreSQL -> API, with every part a real process.

One broker, one PostgreSQL database, one stream worker and one API for the module.
"""

from __future__ import annotations

import itertools
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from georeport import GeoReport
from kafka import KafkaProducer

from config import HubSettings
from contracts.deadletter import DeadLetter
from contracts.lifecycle import CaseLifecycleEvent
from contracts.topics import CASE_EVENTS, DEAD_LETTERS, NATIVE_TOPICS, PLACED_REPORTS, REPORTS
from dispatch.adapters.pii import Sealer, sealer_from_settings
from dispatch.adapters.tables import reports
from dispatch.identity import report_id_for, scoped_request_id
from grid.categories import HOTLINE_UNCLASSIFIED
from grid.places import PlaceIndex
from gridhub.simulator import TrafficGenerator, demo_registry
from gridhub.users import DEMO_PASSWORD
from tests.kafka_helpers import read_all
from tests.processes import HubProcess, api_up, hub_env, run_cli, wait_for
from tests.services import free_port, fresh_database

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@dataclass
class Hub:
    base_url: str
    bootstrap: str
    prefix: str
    database_url: str
    processes: tuple[HubProcess, ...]
    http: httpx.Client  # logged in as the demo admin
    data_dir: Path  # where the hub's processes found their sealing key

    def sealer(self) -> Sealer:
        return sealer_from_settings(HubSettings(data_dir=self.data_dir))

    def topic(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def case_of(self, report_id: str, timeout: float = 60.0) -> str:
        def probe() -> str | None:
            response = self.http.get(f"/reports/{report_id}")
            return response.json().get("case_id") if response.status_code == 200 else None

        return wait_for(probe, timeout, f"report {report_id} in a case", self.processes)

    def case_with_history(self, case_id: str, timeout: float = 60.0) -> dict[str, Any]:
        """The case once the projector has written its lifecycle events (a moment after the
        stream opened it)."""

        def probe() -> dict[str, Any] | None:
            case = self.http.get(f"/cases/{case_id}").json()
            return case if case.get("events") else None

        return wait_for(probe, timeout, f"the history of case {case_id}", self.processes)

    def produce(self, messages: list[tuple[str, str, bytes]]) -> None:
        producer = KafkaProducer(bootstrap_servers=self.bootstrap.split(","))
        for topic, key, value in messages:
            producer.send(self.topic(topic), key=key.encode(), value=value)
        producer.flush()
        producer.close()

    def scalar(self, sql: str, **params: object) -> object:
        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                return conn.execute(sa.text(sql), params).scalar()
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def hub(
    postgres_server_url: str,
    hub_template: str,
    kafka_bootstrap: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Hub]:
    work: Path = tmp_path_factory.mktemp("hub")
    port = free_port()
    prefix = f"e2e{port}."
    with fresh_database(postgres_server_url, hub_template) as database_url:
        env = hub_env(
            database_url=database_url,
            kafka_bootstrap=kafka_bootstrap,
            topic_prefix=prefix,
            data_dir=str(work),
            api_port=str(port),
            topic_partitions="3",
        )
        run_cli(["users", "demo"], env)
        worker = HubProcess(["worker"], env, work / "worker.log")
        api = HubProcess(["api"], env, work / "api.log")
        base_url = f"http://127.0.0.1:{port}"
        http = httpx.Client(base_url=base_url, timeout=30)
        hub = Hub(base_url, kafka_bootstrap, prefix, database_url, (worker, api), http, work)
        try:
            wait_for(lambda: api_up(hub.base_url), 60, "the API", hub.processes)
            token = http.post(
                "/auth/token", data={"username": "admin", "password": DEMO_PASSWORD}
            ).json()["access_token"]
            http.headers["Authorization"] = f"Bearer {token}"
            yield hub
        finally:
            http.close()
            worker.stop()
            api.stop()


def native(grid: str, **changes: object) -> bytes:
    generator = TrafficGenerator(seed=zlib.crc32(repr(sorted(changes.items())).encode()))
    while True:
        message = generator.next_message()
        if message.grid.value == grid:
            document = json.loads(message.value)
            document.update(changes)
            return json.dumps(document, ensure_ascii=False).encode()


ID_FIELD = {
    "political_legal": "event_id",
    "environment": "alert_id",
    "market": "case_ref",
    "urban": "task_no",
    "hotline": "ticket_no",
}


def a_standard_address() -> tuple[str, str, str]:
    """(address id, its text as a person writes it, its grid cell) from the demo registry."""
    registry = demo_registry()
    places = PlaceIndex(registry)
    address = next(a for a in registry.addresses if a.unit.startswith("C") and a.entrance == 2)
    text = places.address_text(address).replace("2单元", "二单元").replace("3", "３")
    return address.id, text, address.cell


def test_a_report_posted_to_the_api_becomes_a_placed_and_routed_case(hub: Hub) -> None:
    address_id, text, cell = a_standard_address()
    body = {
        "grid": "environment",
        "category": "environment.dumping",
        "description": "河堤边倾倒建筑垃圾约两车",
        "address_text": text,
        "reporter": {"id": "WG0102", "role": "grid_worker"},
    }
    response = hub.http.post("/reports", json=body)
    assert response.status_code == 202, response.text
    report_id = response.json()["report_id"]
    case_id = hub.case_of(report_id)
    case = hub.case_with_history(case_id)
    # Placed exactly, and environment dumping allows it: accepted and dispatched by the system.
    assert case["state"] == "dispatched"
    assert [(e["event_type"], e["actor_role"]) for e in case["events"]] == [
        ("reported", "system"),
        ("accepted", "system"),
        ("dispatched", "system"),
    ]
    assert case["deadline_step"] == "sign" and case["deadline_at"]
    assert case["category"] == "environment.dumping"
    assert [r["id"] for r in case["reports"]] == [report_id]
    placement, route = case["placement"], case["route"]
    assert (placement["status"], placement["address_id"], placement["cell"]) == (
        "placed",
        address_id,
        cell,
    )
    assert placement["registry_version"] == demo_registry().version
    assert route["status"] == "routed"
    # Dumping in a township is the township's environment office, by the responsibility list.
    assert route["department_id"] == f"{placement['township']}-environment"
    assert case["reports"][0]["placement"]["address_id"] == address_id
    listed = hub.http.get("/cases", params={"grid": "environment", "limit": 200}).json()
    assert case_id in [item["id"] for item in listed["items"]]


def test_a_native_event_on_each_grid_topic_becomes_a_case(hub: Hub) -> None:
    messages, expected = [], {}
    for grid, spec in NATIVE_TOPICS.items():
        event_id = f"native-{grid.value}-1"
        messages.append(
            (spec.name, event_id, native(grid.value, **{ID_FIELD[grid.value]: event_id}))
        )
        expected[grid.value] = report_id_for(grid.value, event_id)
    hub.produce(messages)
    for grid, report_id in expected.items():
        case = hub.http.get(f"/cases/{hub.case_of(report_id)}").json()
        assert case["origin_grid"] == grid
        assert case["reports"][0]["channel"] == "grid_system"


def test_a_malformed_message_is_dead_lettered_and_the_next_one_processed(hub: Hub) -> None:
    topic = NATIVE_TOPICS["urban"].name
    garbage = b'{"schema_version": 1, "task_no": "CG-broken", "case_kind": '
    wrong_version = native("urban", task_no="CG-v9", schema_version=9)
    following = native("urban", task_no="CG-after-garbage")
    # One key: one partition, so the good message is behind the bad ones.
    hub.produce(
        [
            (topic, "same-key", garbage),
            (topic, "same-key", wrong_version),
            (topic, "same-key", following),
        ]
    )
    hub.case_of(report_id_for("urban", "CG-after-garbage"))
    letters = [
        DeadLetter.model_validate_json(r.value)
        for r in read_all(hub.bootstrap, hub.topic(DEAD_LETTERS.name), expect=2)
    ]
    assert all(letter.payload_sealed for letter in letters)
    by_payload = {hub.sealer().open_bytes(letter.payload_b64): letter for letter in letters}
    assert by_payload[garbage].stage == "decode"
    assert by_payload[garbage].source_topic == hub.topic(topic)
    assert by_payload[wrong_version].stage == "version"
    assert "schema_version" in by_payload[wrong_version].reason
    assert hub.scalar("SELECT count(*) FROM reports WHERE source_event_id = 'CG-v9'") == 0


def test_personal_data_is_sealed_on_the_hubs_topics_and_in_the_database(hub: Hub) -> None:
    caller, applicant = "13906319876", "13912340001"
    ticket = native("hotline", ticket_no="RS-privacy", caller_phone=caller, caller_name="王女士")
    dispute = native(
        "political_legal",
        event_id="ZZ-privacy",
        parties=[{"name": "张三丰", "role": "applicant", "phone": applicant}],
    )
    broken = native("hotline", ticket_no="RS-privacy-broken", caller_phone=caller, urgent="?")
    hub.produce(
        [
            (NATIVE_TOPICS["hotline"].name, "RS-privacy", ticket),
            (NATIVE_TOPICS["hotline"].name, "RS-privacy-broken", broken),
            (NATIVE_TOPICS["political_legal"].name, "ZZ-privacy", dispute),
        ]
    )
    ids = [report_id_for("hotline", "RS-privacy"), report_id_for("political_legal", "ZZ-privacy")]
    for report_id in ids:
        hub.case_of(report_id)
    clear = [caller.encode(), applicant.encode(), "张三丰".encode(), "王女士".encode()]
    placed = read_all(hub.bootstrap, hub.topic(PLACED_REPORTS.name), expect=10**9, timeout_s=5)
    ours = [r.value for r in placed if any(i.encode() in r.value for i in ids)]
    assert len(ours) >= 1  # the envelopes that carried them
    assert not [r.offset for r in placed if any(c in r.value for c in clear)]
    letters = read_all(hub.bootstrap, hub.topic(DEAD_LETTERS.name), expect=10**9, timeout_s=5)
    assert any(hub.sealer().open_bytes(
        DeadLetter.model_validate_json(r.value).payload_b64) == broken for r in letters
    )  # fmt: skip
    assert not [r.offset for r in letters if any(c in r.value for c in clear)]
    for report_id in ids:
        stored = hub.scalar(
            "SELECT concat(reporter_name, reporter_phone, CAST(attributes AS TEXT)) "
            "FROM reports WHERE id = :id",
            id=report_id,
        )
        assert not [c for c in clear if c.decode() in str(stored)]
    shown = hub.http.get(f"/reports/{ids[0]}").json()  # the admin calls back
    assert (shown["reporter_phone"], shown["reporter_name"]) == (caller, "王女士")


def test_phones_typed_into_free_text_leave_the_hub_masked_and_come_back_to_those_who_call(
    hub: Hub,
) -> None:
    mobile, landline, noted = "13607891234", "0631-6655321", "139 0631 4321"
    event = native("urban", task_no="CG-typed", description=f"店外占道经营，店主电话{mobile}")
    hub.produce([(NATIVE_TOPICS["urban"].name, "CG-typed", event)])
    body = {
        "grid": "market",
        "category": "market.price",
        "description": f"未明码标价，请回电{landline}",
        "address_text": "乳山市城区街道商业街5号",
        "reporter": {"id": "citizen-typed", "role": "citizen"},
    }
    posted = hub.http.post("/reports", json=body).json()["report_id"]
    native_id = report_id_for("urban", "CG-typed")
    case_id = hub.case_of(native_id)
    hub.case_of(posted)
    hub.case_with_history(case_id)
    parked = hub.http.post(f"/cases/{case_id}/suspend", json={"reason": f"已致电{noted}，店主外出"})
    assert parked.status_code == 200, parked.text
    clear = [n.encode() for n in (mobile, landline, noted)]

    def on(topic: str) -> list[bytes]:
        records = read_all(hub.bootstrap, hub.topic(topic), expect=10**9, timeout_s=5)
        return [r.value for r in records]

    def parked_published() -> list[bytes] | None:
        ours = [v for v in on(CASE_EVENTS.name) if case_id.encode() in v and b"suspend" in v]
        return ours or None

    wait_for(parked_published, 30, "the suspended event on hub.case-events")
    for topic in (REPORTS.name, PLACED_REPORTS.name, CASE_EVENTS.name):
        values = on(topic)
        assert not [v for v in values if any(c in v for c in clear)], topic
    placed = b" ".join(on(PLACED_REPORTS.name))
    assert b"*******1234" in placed and b"****-***5321" in placed
    # The admin calls people back: the numbers as typed, from what is sealed beside the text.
    shown = hub.http.get(f"/reports/{native_id}").json()
    assert mobile in shown["description"] and "typed_phones" not in shown["attributes"]
    case = hub.http.get(f"/cases/{case_id}").json()
    assert mobile in case["description"]
    assert any(noted in (e["reason"] or "") for e in case["events"])
    assert landline in hub.http.get(f"/reports/{posted}").json()["description"]


def test_the_same_event_twice_is_one_report_and_one_case(hub: Hub) -> None:
    topic = NATIVE_TOPICS["market"].name
    event = native("market", case_ref="SJ-twice")
    hub.produce(
        [
            (topic, "SJ-twice", event),
            (topic, "SJ-twice", event),
            (topic, "SJ-twice", native("market", case_ref="SJ-sentinel")),
        ]
    )
    body = {
        "grid": "market",
        "category": "market.price",
        "description": "未明码标价",
        "address_text": "乳山市城区街道商业街3号",
        "client_request_id": "app-retry-1",
        "reporter": {"id": "citizen-9", "role": "citizen"},
    }
    ids = {hub.http.post("/reports", json=body).json()["report_id"] for _ in range(2)}
    assert len(ids) == 1
    hub.case_of(report_id_for("market", "SJ-sentinel"))
    hub.case_of(ids.pop())
    # An API key is its sender's own (dispatch/identity.py scoped_request_id).
    for source_event_id in ("SJ-twice", scoped_request_id("admin", "app-retry-1")):
        assert (
            hub.scalar("SELECT count(*) FROM reports WHERE source_event_id = :s", s=source_event_id)
            == 1
        )
        assert (
            hub.scalar(
                "SELECT count(DISTINCT case_id) FROM reports WHERE source_event_id = :s",
                s=source_event_id,
            )
            == 1
        )
    assert (
        hub.scalar(
            "SELECT count(*) FROM cases c WHERE NOT EXISTS "
            "(SELECT 1 FROM reports r WHERE r.case_id = c.id)"
        )
        == 0
    )


def test_simulated_traffic_of_all_four_grids_becomes_cases(hub: Hub) -> None:
    env = hub_env(kafka_bootstrap=hub.bootstrap, topic_prefix=hub.prefix)
    simulate = ["simulate", "--rate", "300", "--duration", "1", "--seed", "99", "--no-progress"]
    out = run_cli([*simulate, "--run-id", "e2e99"], env)
    assert "published 300 events" in out
    generator = TrafficGenerator(seed=99, run_id="e2e99")
    expected = [generator.next_message() for _ in range(300)]
    ids = [report_id_for(m.grid.value, m.key) for m in expected]

    def all_in_cases() -> bool:
        in_cases = hub.scalar(
            "SELECT count(*) FROM reports WHERE case_id IS NOT NULL AND id = ANY(:ids)", ids=ids
        )
        return in_cases == len(ids)

    wait_for(all_in_cases, 90, "300 simulated reports in cases", hub.processes)
    grids = hub.scalar("SELECT count(DISTINCT grid) FROM reports WHERE id = ANY(:ids)", ids=ids)
    assert grids == 5  # the four grids and the 12345 hotline
    # Every report is placed and routed, or flagged with the reason: none is left unlooked-at,
    # none is routed without a place.
    engine = sa.create_engine(hub.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    reports.c.grid, reports.c.placement, reports.c.route, reports.c.category
                ).where(reports.c.id.in_(ids))
            ).all()
    finally:
        engine.dispose()
    assert len(rows) == 300
    placed = 0
    for grid, placement, route, category in rows:
        assert placement is not None and route is not None, grid
        if placement["status"] == "placed":
            placed += 1
            assert placement["cell"], placement
            if category == HOTLINE_UNCLASSIFIED:  # a 12345 class no grid covers: a dispatcher's
                assert route["status"] == "unrouted" and "hotline.unclassified" in route["reason"]
            else:
                assert route["status"] == "routed", (placement, route)
        else:
            assert placement["reasons"], placement  # flagged, and says why
            if placement["status"] == "unplaced":
                assert route["status"] == "unrouted" and route["reason"]
    assert {grid for grid, *_ in rows} == {
        "political_legal",
        "environment",
        "market",
        "urban",
        "hotline",
    }
    # The simulator writes ~97% of places resolvably; all of those must be placed.
    assert placed / len(rows) >= 0.85
    # The simulator has other grids report incidents again: those joined the first case.
    cross_grid = hub.scalar(
        "SELECT count(*) FROM (SELECT case_id FROM reports WHERE id = ANY(:ids) "
        "GROUP BY case_id HAVING count(DISTINCT grid) > 1) AS multi",
        ids=ids,
    )
    assert cross_grid > 0
    flagged = hub.http.get("/cases", params={"place_status": "unplaced", "limit": 200}).json()
    assert all(item["place_status"] == "unplaced" for item in flagged["items"])

    # The KPI API counts what the stream wrote (its read model changes with the cases).
    def kpi_agrees() -> bool:
        figures = hub.http.get("/kpi/summary").json()["indicators"]
        return (figures["cases"], figures["reports"], figures["cross_grid_cases"]) == (
            hub.scalar("SELECT count(*) FROM cases WHERE state <> 'merged'"),
            hub.scalar("SELECT count(*) FROM reports WHERE case_id IS NOT NULL"),
            hub.scalar(
                "SELECT count(*) FROM (SELECT r.case_id FROM reports r JOIN cases c "
                "ON c.id = r.case_id WHERE c.state <> 'merged' GROUP BY r.case_id "
                "HAVING count(DISTINCT r.grid) > 1) AS multi"
            ),
        )

    wait_for(kpi_agrees, 30, "the KPI summary to count the stream's cases", hub.processes)
    # The hotline's tickets count in the KPI as hotline reports.
    hotline_reports = hub.scalar(
        "SELECT count(*) FROM reports WHERE grid = 'hotline' AND case_id IS NOT NULL"
    )
    assert (
        hotline_reports
        and hub.http.get("/kpi/summary").json()["indicators"]["hotline_reports"] >= hotline_reports
    )

    # A second run with the same seed sends new incidents: without a run id of its own it
    # used to repeat the first run's event ids, which the hub took as replays.
    before = hub.scalar("SELECT count(*) FROM reports")
    assert "published 30 events" in run_cli([*simulate[:2], "30", *simulate[3:]], env)
    wait_for(
        lambda: hub.scalar("SELECT count(*) FROM reports") >= before + 30 * 0.9,
        90,
        "a second simulator run's reports",
        hub.processes,
    )


def test_an_open311_request_goes_the_hubs_way_and_the_client_reads_it(hub: Hub) -> None:
    """A form post with an admin-issued api_key: outbox, relay, Kafka, the stream's placing,
    de-duplication and recording, then read back by the independent Open311 client."""
    issued = hub.http.post("/admin/open311-clients", json={"name": "e2e app"}).json()
    _, text, _ = a_standard_address()
    root = f"{hub.base_url}/open311/v2"
    posted = httpx.post(
        f"{root}/requests.json",
        data={
            "api_key": issued["api_key"],
            "jurisdiction_id": "371083",
            "service_code": "urban.street_light",
            "address_string": text,
            "description": "路灯不亮，晚上很黑",
        },
        timeout=30,  # the API answers slowly while the machine is busy; 5 s is httpx's default
    )
    assert posted.status_code == 201, posted.text
    token = posted.json()[0]["token"]

    def placed() -> str | None:
        (answer,) = httpx.get(f"{root}/tokens/{token}.json", timeout=30).json()
        return answer["service_request_id"]

    case_id = wait_for(placed, 60, "the Open311 request in a case", hub.processes)
    client = GeoReport(root, jurisdiction="371083", output_format="xml")
    read = client.get_service_request(case_id)
    assert read["service_code"] == "urban.street_light" and read["status"] == "open"
    assert read["agency_responsible"]  # routed by the responsibility list
    case = hub.case_with_history(case_id)
    assert any(r["channel"] == "open311" for r in case["reports"])


def test_the_resolve_api_answers_through_the_running_hub(hub: Hub) -> None:
    address_id, text, cell = a_standard_address()
    answer = hub.http.get(
        "/registry/resolve", params={"text": text, "category": "urban.road_damage"}
    ).json()
    assert answer["placement"]["address_id"] == address_id
    assert answer["route"]["status"] == "routed"
    place = hub.http.get(f"/registry/places/{cell}").json()
    assert place["level"] == "cell" and place["workers"]


def test_case_lifecycle_events_are_published(hub: Hub) -> None:
    topic = NATIVE_TOPICS["political_legal"].name
    hub.produce([(topic, "ZZ-lifecycle", native("political_legal", event_id="ZZ-lifecycle"))])
    case_id = hub.case_of(report_id_for("political_legal", "ZZ-lifecycle"))

    def published() -> list[CaseLifecycleEvent] | None:
        # The whole topic: other tests' events come first, so the first fetch may not hold ours.
        records = read_all(hub.bootstrap, hub.topic(CASE_EVENTS.name), expect=10**9, timeout_s=5)
        events = [CaseLifecycleEvent.model_validate_json(r.value) for r in records]
        return [e for e in events if e.case_id == case_id] or None

    (event,) = wait_for(published, 30, "the case's reported event on the case-events topic")
    assert event.event_type == "reported" and event.seq == 1


def test_a_case_goes_round_the_loop_through_the_running_hub(hub: Hub) -> None:
    """The demo users drive one case around the loop; every step reaches hub.case-events."""

    def login(username: str) -> dict[str, str]:
        form = {"username": username, "password": DEMO_PASSWORD}
        token = hub.http.post("/auth/token", data=form).json()["access_token"]
        return {"Authorization": f"Bearer {token}"}

    worker, dispatcher, handler = login("worker"), login("dispatcher"), login("handler.urban")
    me = hub.http.get("/auth/me", headers=worker).json()
    cell = me["area_code"]
    registry = demo_registry()
    address = next(a for a in registry.addresses if a.cell == cell)
    body = {
        "grid": "urban",
        "category": "urban.illegal_construction",
        "description": "楼顶私搭乱建",
        "address_text": PlaceIndex(registry).address_text(address),
        "reporter": {"id": "ignored", "role": "grid_worker"},
        "client_request_id": "loop-e2e-1",
    }
    report_id = hub.http.post("/reports", json=body, headers=worker).json()["report_id"]
    case_id = hub.case_of(report_id)

    def do(who: dict[str, str], command: str, **payload: object) -> dict[str, object]:
        response = hub.http.post(f"/cases/{case_id}/{command}", json=payload, headers=who)
        assert response.status_code == 200, response.text
        return response.json()

    do(dispatcher, "accept")
    do(dispatcher, "dispatch", department_id=f"{cell[:9]}-urban")
    do(handler, "sign")
    do(handler, "resolve", note="已拆除")
    do(worker, "verify", passed=True)
    assert do(dispatcher, "close")["state"] == "closed"

    wanted = ["reported", "accepted", "dispatched", "signed", "resolved", "verified", "closed"]

    def published() -> list[CaseLifecycleEvent] | None:
        # The whole topic: other tests' events come first, so the first fetch may not hold ours.
        records = read_all(hub.bootstrap, hub.topic(CASE_EVENTS.name), expect=10**9, timeout_s=5)
        events = [CaseLifecycleEvent.model_validate_json(r.value) for r in records]
        mine = sorted((e for e in events if e.case_id == case_id), key=lambda e: e.seq)
        # Other tests share this hub: a report of theirs may have joined the case as well.
        steps = [e.event_type for e in mine if e.event_type in wanted]
        return mine if steps == wanted else None

    def in_closed_figures() -> bool:
        closed = hub.http.get("/kpi/cases", params={"measure": "closed", "limit": 500}).json()
        return case_id in [c["case_id"] for c in closed["cases"]]

    wait_for(in_closed_figures, 30, "the closed case among the KPI's closed cases")
    # The relay publishes after the projector; both wait their turn on a busy machine.
    events = wait_for(published, 90, "the loop's events on hub.case-events")
    assert all(e.hash and e.previous_hash for e in events)
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(events))


def test_metrics_show_lag_latency_and_batches_and_health_says_ok(hub: Hub) -> None:
    hub.produce([("grid.urban.events", "M-1", native("urban", task_no="M-1"))])
    hub.case_of(report_id_for("urban", "M-1"))

    def scraped() -> str | None:
        text = hub.http.get("/metrics").text
        # The worker writes its figures every few seconds.
        return text if 'gridhub_report_to_case_seconds_bucket{le="+Inf"' in text else None

    text = wait_for(scraped, 60, "the worker's figures in /metrics", hub.processes)
    samples = {line.split(" ")[0]: line.rsplit(" ", 1)[1] for line in text.splitlines() if line}
    assert float(samples["gridhub_stream_workers"]) >= 1
    assert any(k.startswith("gridhub_incident_to_case_seconds_count{") for k in samples)
    assert any(k.startswith("gridhub_stream_batch_reports_sum{") for k in samples)
    assert any(k.startswith("gridhub_stream_write_seconds_count{") for k in samples)
    lag_lines = [k for k in samples if k.startswith("gridhub_consumer_lag{")]
    topics = {k.split('topic="')[1].split('"')[0] for k in lag_lines}
    assert hub.topic("hub.placed-reports") in topics
    assert hub.topic("grid.urban.events") in topics
    assert float(samples["gridhub_consumer_lag_available"]) == 1

    health = hub.http.get("/health").json()
    assert health["status"] == "ok", health
    stream = health["checks"]["stream"]
    assert stream["workers"] >= 1 and stream["events_waiting"] is not None


def test_health_is_degraded_with_the_reasons_when_the_stream_falls_behind(
    hub: Hub, tmp_path: Path
) -> None:
    """An API whose limits the stream cannot meet (and that asks after a consumer group that
    consumes nothing, so every event counts as waiting) says degraded, and why."""
    hub.produce([("grid.urban.events", "slow-1", native("urban", task_no="SLOW-1"))])
    hub.case_of(report_id_for("urban", "SLOW-1"))
    port = free_port()
    env = hub_env(
        database_url=hub.database_url,
        kafka_bootstrap=hub.bootstrap,
        topic_prefix=hub.prefix,
        data_dir=str(tmp_path),
        api_port=str(port),
        health_max_lag="0",
        health_max_latency_seconds="0.000001",
        health_min_latency_reports="1",
        stream_app_id="nobody-consumes-this",
    )
    api = HubProcess(["api"], env, tmp_path / "api.log")
    try:
        wait_for(lambda: api_up(f"http://127.0.0.1:{port}"), 60, "the second API", (api,))

        def degraded() -> dict[str, Any] | None:
            body = httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).json()
            reasons = " | ".join(body["reasons"])
            return body if "events wait" in reasons and "p99" in reasons else None

        body = wait_for(degraded, 60, "a degraded health", (api,))
        assert body["status"] == "degraded"
        assert body["checks"]["stream"]["ok"] is False
        assert body["checks"]["stream"]["events_waiting"] > 0
    finally:
        api.stop()
