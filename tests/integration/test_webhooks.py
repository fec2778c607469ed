"""Signed webhooks through the outbox, with a real broker (SQLite and PostgreSQL).

A department's handler subscribes its department; a case is recorded and auto-dispatched to it
the way the stream does; its lifecycle events go database outbox -> relay -> hub.case-events
-> notifier -> delivery row -> signed POST to a small receiver, which refuses the first
attempt (a bridge that is down). The hub retries with backoff, logs each attempt, and the
receiver gets each notification once, signed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from api.app import create_app
from config import HubSettings
from contracts.common import GridCode
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from contracts.topics import CASE_EVENTS, REPORTS
from dispatch.adapters.tables import notifier_offsets
from dispatch.identity import case_id_for, report_id_for
from dispatch.roles import Role, User
from dispatch.services import TopicNames
from grid.adapters import store
from grid.placing import Placer
from streams.kafka_admin import ensure_topics
from tests.auth_helpers import add_user, login
from tests.factories import small_registry
from tests.recording import record
from tests.webhook_receiver import Receiver, webhook_receiver

pytestmark = pytest.mark.broker
STREET_URBAN = "371083001-urban"
T = TypeVar("T")


def eventually(probe: Callable[[], T | None], timeout: float = 30.0, what: str = "") -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class Hub:
    client: TestClient
    engine: Engine
    placer: Placer
    topics: TopicNames
    headers: dict[str, dict[str, str]]
    receiver: Receiver

    def case_at_the_street_office(self, name: str) -> str:
        """A placed road-damage report the stream auto-dispatches to the street office."""
        now = datetime.now(UTC)
        address = [a for a in self.placer.registry.addresses if a.number][11]
        report = IncidentReport(
            report_id=report_id_for("urban", name),
            source=ReportSource(
                grid=GridCode.URBAN, channel=Channel.GRID_SYSTEM, source_event_id=name
            ),
            category="urban.road_damage",
            title="路面坑洼",
            description="路面坑洼，雨天积水",
            address_text=self.placer.places.address_text(address),
            reporter=Reporter(id="JD001", role="supervisor"),
            occurred_at=now,
            reported_at=now,
        )
        record(self.engine, [self.placer.place(report, now)], now, topics=self.topics)
        return case_id_for(report.report_id)


@pytest.fixture
def hub(engine: Engine, tmp_path: Path, kafka_bootstrap: str, topic_prefix: str) -> Iterator[Hub]:
    registry = small_registry()
    with engine.begin() as conn:
        store.save(conn, registry, datetime.now(UTC))
    settings = HubSettings(
        data_dir=tmp_path,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        topic_partitions=2,
        notify_retry_base_seconds=0.3,
        notify_sweep_seconds=0.5,
        sla_working_hours=False,
    )
    topics = TopicNames(
        reports=settings.topic(REPORTS.name), case_events=settings.topic(CASE_EVENTS.name)
    )
    ensure_topics(kafka_bootstrap, [topics.reports, topics.case_events], 2, 1)
    users = {
        "handler": User("handler", Role.HANDLER, "h", department_id=STREET_URBAN),
        "dispatcher": User("dispatcher", Role.DISPATCHER, "d", area_code="371083001"),
        "admin": User("admin", Role.ADMIN, "a"),
    }
    for user in users.values():  # before the app's threads start writing (SQLite locks)
        add_user(engine, user)
    app = create_app(settings, engine, run_relay=True, run_notifier=True)
    with webhook_receiver() as receiver, TestClient(app) as client:
        headers = {name: login(client, name) for name in users}
        yield Hub(client, engine, Placer(registry), topics, headers, receiver)


def test_a_new_task_reaches_the_departments_receiver_signed_after_a_retry(hub: Hub) -> None:
    subscribed = hub.client.post(
        "/subscriptions",
        json={
            "url": hub.receiver.url,
            "department_id": STREET_URBAN,
            "kinds": ["task_assigned", "deadline_near"],
            "hours_before": 240,  # every running step of the test is due within that
        },
        headers=hub.headers["handler"],
    )
    assert subscribed.status_code == 201, subscribed.text
    subscription = subscribed.json()
    hub.receiver.secret, hub.receiver.fail_first = subscription["secret"], 1

    case_id = hub.case_at_the_street_office("hook-1")
    (task,) = eventually(
        lambda: hub.receiver.accepted("task_assigned"), what="the new-task notification"
    )
    assert task.signed and task.body["case"]["id"] == case_id
    assert task.body["event"]["data"]["department_id"] == STREET_URBAN
    assert task.body["label"] == "新任务"
    eventually(lambda: hub.receiver.accepted("deadline_near"), what="the deadline notification")

    def delivered_log() -> list[dict] | None:
        log = hub.client.get(
            f"/subscriptions/{subscription['id']}/deliveries", headers=hub.headers["handler"]
        ).json()
        return log if all(d["status"] == "delivered" for d in log) and len(log) == 2 else None

    log = eventually(delivered_log, what="both deliveries logged as delivered")
    codes = sorted([a["status_code"] for a in d["attempt_log"]] for d in log)
    assert codes == [[200], [503, 200]]  # the first attempt was refused, then retried
    # Nothing doubled: one accepted delivery per notification, whatever the retries.
    time.sleep(1.0)
    accepted = hub.receiver.accepted()
    assert len(accepted) == len({r.delivery_id for r in accepted}) == 2
    with hub.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(notifier_offsets)) >= 1

    tried = hub.client.post(
        f"/subscriptions/{subscription['id']}/test", json={}, headers=hub.headers["handler"]
    )
    assert tried.status_code == 202 and tried.json()["kind"] == "test"
    eventually(lambda: hub.receiver.accepted("test"), what="the test notification")


def test_who_may_subscribe_what(hub: Hub) -> None:
    def subscribe(who: str, **body: object) -> int:
        return hub.client.post(
            "/subscriptions", json={"url": hub.receiver.url, **body}, headers=hub.headers[who]
        ).status_code

    assert subscribe("handler", department_id="371083001-environment") == 403  # not its own
    assert subscribe("dispatcher", department_id=STREET_URBAN) == 403
    assert subscribe("dispatcher", username="handler") == 403  # only admins subscribe others
    assert subscribe("admin", department_id="no-such-department") == 422
    assert subscribe("dispatcher", url_is="") == 422  # unknown field
    bad_url = hub.client.post(
        "/subscriptions", json={"url": "ftp://x"}, headers=hub.headers["dispatcher"]
    )
    assert bad_url.status_code == 422 and bad_url.json()["errors"][0]["field"] == "url"
    assert subscribe("dispatcher") == 201  # its own: the cases it may see
    assert subscribe("admin", username="handler", kinds=["closed"]) == 201
    mine = hub.client.get("/subscriptions", headers=hub.headers["dispatcher"]).json()
    assert [s["username"] for s in mine] == ["dispatcher"] and "secret" not in mine[0]
    theirs = hub.client.get("/subscriptions", headers=hub.headers["handler"]).json()
    assert [s["kinds"] for s in theirs] == [["closed"]]
    gone = hub.client.delete(f"/subscriptions/{mine[0]['id']}", headers=hub.headers["handler"])
    assert gone.status_code == 404  # not the handler's to delete
    assert (
        hub.client.delete(
            f"/subscriptions/{mine[0]['id']}", headers=hub.headers["dispatcher"]
        ).status_code
        == 204
    )
    assert hub.client.get("/subscriptions", headers=hub.headers["dispatcher"]).json() == []
