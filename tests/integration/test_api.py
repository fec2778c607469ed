"""The HTTP API on real databases, relay off (delivery is covered end to end)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from config import HubSettings
from streams.normalise import decode_report
from tests.auth_helpers import ADMIN, as_user
from tests.factories import placed
from tests.recording import record
from tests.services import free_port


@pytest.fixture
def client(engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    # A broker address nobody listens on: the API must still take reports.
    settings = HubSettings(data_dir=tmp_path, kafka_bootstrap=f"127.0.0.1:{free_port()}")
    with TestClient(create_app(settings, engine, run_relay=False)) as test_client:
        test_client.headers.update(as_user(test_client, engine, ADMIN))
        yield test_client


def a_report(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "grid": "urban",
        "category": "urban.road_damage",
        "description": "路面坑洼，雨天积水",
        "address_text": "乳山市城区街道胜利街12号",
        "location": {"lon": 121.54, "lat": 36.92, "crs": "gcj02"},
        "reporter": {"id": "WG0001", "role": "grid_worker", "phone": "13800001234"},
    }
    body.update(changes)
    return body


def test_a_report_is_accepted_and_queued(client: TestClient) -> None:
    response = client.post("/reports", json=a_report())
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "received"
    shown = client.get(body["links"]["self"]).json()
    assert shown["status"] == "queued" and shown["case_id"] is None
    assert shown["channel"] == "api"
    assert shown["reporter_phone"] == "13800001234"  # an admin sees contact details


def test_a_retry_with_the_same_request_id_is_one_report(client: TestClient) -> None:
    first = client.post("/reports", json=a_report(client_request_id="phone-42-0001"))
    retry = client.post("/reports", json=a_report(client_request_id="phone-42-0001"))
    assert (first.status_code, retry.status_code) == (202, 200)
    assert retry.json()["status"] == "already_received"
    assert first.json()["report_id"] == retry.json()["report_id"]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"category": "market.price"}, "category"),
        ({"grid": "weather"}, "grid"),
        ({"location": {"lon": 121.5, "lat": 136.9}}, "location.lat"),
        ({"description": ""}, "description"),
        ({"reporter": {"id": "WG1", "role": "mayor"}}, "reporter.role"),
        ({"colour": "red"}, "colour"),
        ({"occurred_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()}, "occurred_at"),
        ({"occurred_at": "2026-11-21T09:00:00"}, "occurred_at"),  # no UTC offset
        ({"occurred_at": (datetime.now(UTC) - timedelta(days=31)).isoformat()}, "occurred_at"),
    ],
)
def test_invalid_reports_name_the_field_and_the_reason(
    client: TestClient, changes: dict[str, object], field: str
) -> None:
    response = client.post("/reports", json=a_report(**changes))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert field in [e["field"] for e in errors], errors
    assert all(e["reason"] for e in errors)


def test_a_report_sent_late_keeps_when_it_happened_and_says_why_bad_times_are_refused(
    client: TestClient,
) -> None:
    """Event time is what de-duplication matches on; received time starts the SLA clock."""
    happened = datetime.now(UTC) - timedelta(hours=5)
    accepted = client.post("/reports", json=a_report(occurred_at=happened.isoformat()))
    stored = client.get(accepted.json()["links"]["self"]).json()
    assert datetime.fromisoformat(stored["occurred_at"]) == happened
    assert datetime.fromisoformat(stored["reported_at"]) > happened + timedelta(hours=4)
    ahead = client.post(
        "/reports",
        json=a_report(occurred_at=(datetime.now(UTC) + timedelta(hours=2)).isoformat()),
    ).json()["errors"]
    assert any("in the future" in e["reason"] for e in ahead if e["field"] == "occurred_at")
    old = client.post(
        "/reports",
        json=a_report(occurred_at=(datetime.now(UTC) - timedelta(days=40)).isoformat()),
    ).json()["errors"]
    assert any("30 days" in e["reason"] for e in old if e["field"] == "occurred_at")


def test_a_report_without_occurred_at_is_published_as_reported_not_as_happened(
    client: TestClient, engine: Engine
) -> None:
    """Without occurred_at the hub stamps the moment it received the report and says so:
    the incident happened then or earlier (dispatch/said_time.py reads how much earlier)."""
    from sqlalchemy import select

    from dispatch.adapters.tables import outbox

    client.post("/reports", json=a_report(description="昨晚十点多路面塌了一个大坑"))
    client.post("/reports", json=a_report(occurred_at=datetime.now(UTC).isoformat()))
    with engine.connect() as conn:
        published = [decode_report(v) for v in conn.scalars(select(outbox.c.value))]
    assert sorted(r.occurred_at_stated for r in published) == [False, True]


def test_cases_appear_once_the_stream_records_the_report(
    client: TestClient, engine: Engine
) -> None:
    report_id = client.post("/reports", json=a_report()).json()["report_id"]
    assert client.get("/cases").json()["total"] == 0
    # What the stream does with the relayed message:
    from sqlalchemy import select

    from dispatch.adapters.tables import outbox

    with engine.connect() as conn:
        relayed = conn.scalar(select(outbox.c.value))
    record(engine, [placed(decode_report(relayed))], datetime.now(UTC))
    page = client.get("/cases", params={"grid": "urban"}).json()
    assert page["total"] == 1
    case_id = page["items"][0]["id"]
    case = client.get(f"/cases/{case_id}").json()
    assert [r["id"] for r in case["reports"]] == [report_id]
    assert case["grids"] == ["urban"] and case["report_count"] == 1
    assert case["events"][0]["event_type"] == "reported"
    assert client.get(f"/reports/{report_id}").json()["status"] == "in_case"
    assert client.get("/cases", params={"grid": "market"}).json()["total"] == 0


def test_unknown_ids_and_bad_filters(client: TestClient) -> None:
    assert client.get("/cases/nope").status_code == 404
    assert client.get("/reports/nope").status_code == 404
    bad = client.get("/cases", params={"limit": 1000, "state": "flying"})
    assert bad.status_code == 422
    # state may be given several times: the error names which one (the first here)
    assert {e["field"] for e in bad.json()["errors"]} == {"limit", "state.0"}


def test_health_is_degraded_without_broker_and_metrics_count(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "degraded"
    assert health["checks"]["database"]["ok"] is True
    assert health["checks"]["broker"]["ok"] is False
    client.post("/reports", json=a_report())
    metrics = client.get("/metrics").text
    assert client.get("/cases", headers={"Authorization": "Bearer forged"}).status_code == 401
    assert "gridhub_reports 1.0" in metrics
    assert "gridhub_outbox_pending 1.0" in metrics
    assert 'gridhub_http_requests_total{method="POST",route="/reports",status="202"}' in metrics
