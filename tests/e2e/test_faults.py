"""Faults injected into a running hub, at a size that fits CI: nothing lost, nothing doubled.

- A worker killed with SIGKILL while events flow (no drain, no commit, no ack): a new worker
  takes over; every event becomes one report in one case, once in its case's history.
- The broker down while the API takes reports: the API answers, the outbox holds the reports,
  and its relay delivers them once the broker is back (the broker comes back empty: the
  embedded one keeps topics in memory).
- A worker whose record stage fails outside the per-report isolation (no single message to
  blame) stops with a failure exit code instead of going on past the batches it left
  unacked; the worker started after it delivers them.
- The database restarted while events flow, on a PostgreSQL cluster the test owns (initdb
  and pg_ctl on a temporary directory and a free port, never the shared server): the worker
  waits for it, retries, and stores every event once; nothing is dead-lettered for it.

Counting (bench/accounting.py) compares the database with the report ids the sent events
must become (ids derive from the events). bench/faults.py runs the same at a bench size.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from bench.accounting import account, projection_owed, stored_count
from bench.pg_cluster import ClusterUnavailable, PostgresCluster, server_binaries
from bench.traffic import Message, PacedSender, traffic
from contracts.report import IncidentReport
from contracts.topics import DEAD_LETTERS, REPORTS
from gridhub.runtime import WORKER_FAILED
from streams.embedded_broker import EmbeddedBroker
from tests.auth_helpers import ADMIN, PASSWORD, add_user
from tests.kafka_helpers import read_all
from tests.processes import HubProcess, api_up, fault_env, hub_env, prepare_hub, wait_for
from tests.services import free_port, fresh_database, unavailable

EVENTS = 1200
RATE = 400.0  # events a second: the stream flows for about five seconds


def warm_up(
    bootstrap: str,
    prefix: str,
    messages: list[Message],
    ids: list[str],
    workers: tuple[HubProcess, ...],
    engine: sa.Engine,
) -> PacedSender:
    """Send the first event alone and wait until it is stored (the worker is up and has its
    partitions), then start sending the others at RATE: the fault falls inside a stream."""
    first = PacedSender(bootstrap, prefix, messages[:1], RATE)
    first.start()
    first.finish()
    wait_for(lambda: stored_count(engine, ids[:1]) == 1, 120, "the worker's first report", workers)
    sender = PacedSender(bootstrap, prefix, messages[1:], RATE)
    sender.start()
    return sender


def wait_until_whole(
    engine: sa.Engine, ids: list[str], processes: tuple[HubProcess, ...], timeout: float = 120
) -> None:
    wait_for(lambda: stored_count(engine, ids) == len(ids), timeout, "every report", processes)
    wait_for(lambda: projection_owed(engine) == 0, 60, "every case's history", processes)


@pytest.mark.broker
@pytest.mark.postgres
def test_a_worker_killed_mid_stream_loses_and_doubles_nothing(
    postgres_server_url: str, hub_template: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    prefix = f"kill{free_port()}."
    messages, ids = traffic(prefix.rstrip("."), EVENTS + 1)
    with fresh_database(postgres_server_url, hub_template) as database_url:
        env = fault_env(database_url, kafka_bootstrap, prefix, tmp_path)
        prepare_hub(env, database=False)
        # Two workers in one group (started together: a worker's start is the slow part);
        # the killed one's partitions, and the batches it held, go to the other.
        killed = HubProcess(["worker"], env, tmp_path / "worker-killed.log")
        survivor = HubProcess(["worker"], env, tmp_path / "worker-survivor.log")
        engine = sa.create_engine(database_url)
        sender: PacedSender | None = None
        try:
            sender = warm_up(kafka_bootstrap, prefix, messages, ids, (killed, survivor), engine)
            wait_for(
                lambda: stored_count(engine, ids) >= EVENTS // 10,
                90,
                "the first reports",
                (killed, survivor),
            )
            killed.process.kill()  # SIGKILL: batches in flight, commits unacknowledged
            killed.process.wait(10)
            assert stored_count(engine, ids) < EVENTS, "the kill missed the stream"
            sender.finish()
            wait_until_whole(engine, ids, (survivor,))
            ledger = account(engine, ids)
        finally:
            if sender is not None:
                sender.stop()
            engine.dispose()
            killed.stop()
            survivor.stop()
    assert ledger.whole, ledger.line()
    assert ledger.stored == EVENTS + 1


@pytest.mark.broker
@pytest.mark.postgres
def test_a_worker_whose_record_stage_fails_stops_and_its_successor_loses_nothing(
    postgres_server_url: str, hub_template: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    prefix = f"fail{free_port()}."
    messages, ids = traffic(prefix.rstrip("."), EVENTS + 1)
    with fresh_database(postgres_server_url, hub_template) as database_url:
        env = fault_env(database_url, kafka_bootstrap, prefix, tmp_path)
        prepare_hub(env, database=False)
        failing = HubProcess(["4"], env, tmp_path / "worker-failing.log", "tests.failing_worker")
        engine = sa.create_engine(database_url)
        sender: PacedSender | None = None
        successor: HubProcess | None = None
        try:
            sender = warm_up(kafka_bootstrap, prefix, messages, ids, (failing,), engine)
            try:
                code = failing.process.wait(90)  # beyond the worker's 60 s watchdog
            except subprocess.TimeoutExpired:
                raise AssertionError(f"the worker went on:\n{failing.log_tail()}") from None
            assert code == WORKER_FAILED, failing.log_tail()
            assert "injected failure on batch 4" in failing.log_path.read_text()
            assert stored_count(engine, ids) < EVENTS, "the failure missed the stream"
            successor = HubProcess(["worker"], env, tmp_path / "worker-successor.log")
            sender.finish()
            wait_until_whole(engine, ids, (successor,))
            ledger = account(engine, ids)
        finally:
            if sender is not None:
                sender.stop()
            engine.dispose()
            failing.stop()
            if successor is not None:
                successor.stop()
    assert ledger.whole, ledger.line()
    assert ledger.stored == EVENTS + 1


@pytest.mark.postgres
def test_reports_made_while_the_broker_is_down_are_delivered_when_it_is_back(
    postgres_server_url: str, hub_template: str, tmp_path: Path
) -> None:
    broker = EmbeddedBroker(free_port()).start()
    port, prefix = free_port(), "outage."
    made: list[str] = []
    with fresh_database(postgres_server_url, hub_template) as database_url:
        env = hub_env(
            database_url=database_url,
            kafka_bootstrap=broker.bootstrap,
            topic_prefix=prefix,
            data_dir=str(tmp_path),
            api_port=str(port),
            topic_partitions="2",
        )
        prepare_hub(env, database=False)
        engine = sa.create_engine(database_url)
        add_user(engine, ADMIN)
        api = HubProcess(["api"], env, tmp_path / "api.log")
        http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        processes = (api,)

        def report(n: int) -> str:
            body = {
                "grid": "urban",
                "category": "urban.road_damage",
                "description": f"路面坑洼 {n}",
                "address_text": "乳山市城区街道胜利街12号",
                "reporter": {"id": "WG0001", "role": "grid_worker"},
                "client_request_id": f"outage-{n}",
            }
            response = http.post("/reports", json=body)
            assert response.status_code == 202, response.text
            return str(response.json()["report_id"])

        def pending() -> int:
            """Reports in the outbox not yet published (case events have rows there too)."""
            with engine.connect() as conn:
                count = conn.scalar(
                    sa.text(
                        "SELECT count(*) FROM outbox WHERE published_at IS NULL AND topic = :t"
                    ),
                    {"t": f"{prefix}{REPORTS.name}"},
                )
            return int(count or 0)

        try:
            wait_for(lambda: api_up(str(http.base_url)), 60, "the API", processes)
            form = {"username": ADMIN.username, "password": PASSWORD}
            token = http.post("/auth/token", data=form).json()["access_token"]
            http.headers["Authorization"] = f"Bearer {token}"
            made.append(report(0))  # the relay's producer is connected before the outage
            wait_for(lambda: pending() == 0, 60, "the first report relayed", processes)

            broker.stop()
            made += [report(n) for n in range(1, 31)]
            assert pending() == 30  # the API took them; the outbox holds them

            broker = EmbeddedBroker(broker.port).start()  # its topics are gone with it
            prepare_hub(env, database=False)  # the topics again
            wait_for(lambda: pending() == 0, 90, "the outbox relayed", processes)
            records = read_all(broker.bootstrap, f"{prefix}{REPORTS.name}", expect=30)
            relayed = {IncidentReport.model_validate_json(r.value).report_id for r in records}
            assert set(made[1:]) <= relayed
        finally:
            http.close()
            engine.dispose()
            api.stop()
            broker.stop()


@pytest.mark.broker
def test_a_database_restart_mid_stream_loses_and_doubles_nothing(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    binaries = server_binaries()
    if binaries is None:
        unavailable(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed: "
            "no cluster of its own to restart (apt-get install postgresql)"
        )
    try:
        cluster = PostgresCluster(binaries).create()
    except ClusterUnavailable as exc:
        unavailable(f"could not start a PostgreSQL cluster of its own: {exc}")
    prefix = f"dbrestart{free_port()}."
    messages, ids = traffic(prefix.rstrip("."), EVENTS + 1)
    with cluster:
        database_url = cluster.create_database("gridhub")
        env = fault_env(database_url, kafka_bootstrap, prefix, tmp_path)
        prepare_hub(env)
        worker = HubProcess(["worker"], env, tmp_path / "worker.log")
        engine = sa.create_engine(database_url, pool_pre_ping=True)
        sender: PacedSender | None = None
        try:
            sender = warm_up(kafka_bootstrap, prefix, messages, ids, (worker,), engine)
            wait_for(
                lambda: stored_count(engine, ids) >= EVENTS // 10,
                90,
                "the first reports",
                (worker,),
            )
            assert stored_count(engine, ids) < EVENTS, "the restart would miss the stream"
            cluster.restart(down_seconds=2.0)
            sender.finish()
            wait_until_whole(engine, ids, (worker,))
            assert worker.process.poll() is None, worker.log_tail()
            ledger = account(engine, ids)
        finally:
            if sender is not None:
                sender.stop()
            engine.dispose()
            worker.stop()
    assert ledger.whole, ledger.line()
    assert ledger.stored == EVENTS + 1
    # A database away is transient: waited for, never a reason to dead-letter a report.
    assert read_all(kafka_bootstrap, f"{prefix}{DEAD_LETTERS.name}", expect=1, timeout_s=3) == []
