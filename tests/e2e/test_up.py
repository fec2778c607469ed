"""`gridhub up` as `make run` uses it: embedded broker, SQLite, worker, API, simulator."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from gridhub.users import DEMO_PASSWORD
from streams.embedded_broker import port_is_open
from tests.processes import HubProcess, api_up, hub_env, wait_for
from tests.services import free_port

pytestmark = pytest.mark.broker


def test_up_brings_the_hub_up_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    api_port, broker_port = free_port(), free_port()
    env = hub_env(
        data_dir=str(tmp_path), api_port=str(api_port), embedded_broker_port=str(broker_port)
    )
    hub = HubProcess(["up", "--simulate", "40"], env, tmp_path / "up.log")
    base = f"http://127.0.0.1:{api_port}"
    try:
        wait_for(lambda: api_up(base), 60, "the API", (hub,))
        # `up` seeded the demo users and printed how to log in.
        assert DEMO_PASSWORD in (tmp_path / "up.log").read_text(encoding="utf-8")
        login = {"username": "supervisor", "password": DEMO_PASSWORD}
        token = httpx.post(f"{base}/auth/token", data=login, timeout=10).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}

        def cases_from_every_grid() -> bool:
            totals = [
                httpx.get(f"{base}/cases", params={"grid": grid}, headers=auth, timeout=5).json()[
                    "total"
                ]
                for grid in ("political_legal", "environment", "market", "urban")
            ]
            return all(totals)

        wait_for(cases_from_every_grid, 90, "cases from all four grids", (hub,))
        # `up` loaded the demo registry, so the simulated reports are placed.
        placed = httpx.get(
            f"{base}/cases", params={"place_status": "placed"}, headers=auth, timeout=5
        ).json()
        assert placed["total"] > 0
        assert httpx.get(f"{base}/registry", headers=auth, timeout=5).json()["active"]["version"]
        assert (tmp_path / "gridhub.db").exists()  # the embedded default database
        # No HUB_PII_KEYS: one key generated into the data dir before the processes started,
        # so what the worker sealed the API opens (masked for a supervisor, never unreadable).
        assert (tmp_path / "pii-keys").exists()
        started_log = (tmp_path / "up.log").read_text(encoding="utf-8")
        assert "HUB_PII_KEYS is not set" in started_log
        # The demo traffic started once the worker consumed, not into a queue.
        assert "waiting for the stream worker to take its topics" in started_log
        assert "has not reported consuming yet" not in started_log

        def a_hotline_case() -> str | None:
            found = httpx.get(
                f"{base}/cases", params={"grid": "hotline"}, headers=auth, timeout=5
            ).json()["items"]
            return found[0]["id"] if found else None

        case_id = wait_for(a_hotline_case, 60, "a 12345 case", (hub,))
        shown = httpx.get(f"{base}/cases/{case_id}", headers=auth, timeout=5).json()
        phones = [r["reporter_phone"] for r in shown["reports"] if r["grid"] == "hotline"]
        assert phones and all(p.startswith("*") and p[-4:].isdigit() for p in phones if p)
        assert port_is_open("127.0.0.1", broker_port)
    finally:
        started = time.monotonic()
        code = hub.ctrl_c(timeout=60)  # to the whole process group, as a terminal does
        stop_seconds = time.monotonic() - started
    log = (tmp_path / "up.log").read_text(encoding="utf-8")
    assert code == 0, hub.log_tail()
    assert "stopped" in hub.log_tail()
    # Intake stopped first, the worker drained, and the broker went last: nobody lost it.
    stopping = log[log.index("stopping: no new reports") :]
    assert "every event was consumed" in stopping or "were not consumed" in stopping
    assert "ECONNREFUSED" not in stopping and "did not stop" not in stopping, stopping[-3000:]
    assert stop_seconds < 50
    assert not port_is_open("127.0.0.1", broker_port)
    assert not port_is_open("127.0.0.1", api_port)
