"""De-duplication through the running hub, on the held-out labelled stream.

The held-out part of the labelled scenarios (bench/scenarios, never used for tuning) is sent
to a running hub as a deployment receives it: the grids' native messages to their Kafka
topics, the phone and citizen reports to POST /reports (grid workers with a worker's login,
citizen apps with the dispatcher desk's), in sending order. A real broker, a real
`gridhub worker` and a real `gridhub api` process, and a fresh PostgreSQL database. Once
every report is in a case, the grouping of reports into cases is read from the database and
scored against the labels: pairwise precision and recall, per incident kind, per pair of
sources and per density, and the share of reports a dispatcher was asked about.

    python bench/dedupe_hub.py                   # held-out part; writes docs/benchmarks.md
    python bench/dedupe_hub.py --no-write --part tuning --incidents 200   # a quick look

The stream replays a fortnight in about a minute: its reports carry their own times (each
grid's own format, an API report's occurred_at), and the hub matches on those. An API
report that leaves occurred_at out is stamped by the hub when it arrives; in the replay it
carries the moment it would have arrived instead (what the hub would have stamped in real
time), or it would be matched days away from its incident.

Uses HUB_KAFKA_BOOTSTRAP if set (else spawns the embedded broker) and HUB_BENCH_DATABASE_URL
if set (else a fresh database on PostgreSQL at 127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa
from kafka import KafkaProducer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import RESULTS, write_section  # noqa: E402
from bench.scenarios import (  # noqa: E402
    DEFAULT_INCIDENTS,
    DEFAULT_SEEDS,
    build_stream,
    describe,
    scenario_registry,
    start_for,
    wire,
)
from bench.scenarios.evaluate import evaluate, summary_lines, table  # noqa: E402
from config import HubSettings  # noqa: E402
from contracts.common import GridCode  # noqa: E402
from contracts.topics import NATIVE_TOPICS  # noqa: E402
from dispatch.migrate import upgrade  # noqa: E402
from gridhub.runtime import ensure_registry  # noqa: E402
from gridhub.users import DEMO_PASSWORD, add_users, demo_users  # noqa: E402
from streams.embedded_broker import EmbeddedBroker  # noqa: E402
from streams.kafka_admin import ensure_topics, hub_topic_names  # noqa: E402

LOGS = ROOT / "var" / "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )


def start(args: list[str], env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    LOGS.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "gridhub.cli", *args],
        env=env,
        stdout=(LOGS / f"{name}.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def login(base_url: str, username: str) -> dict[str, str]:
    response = httpx.post(
        f"{base_url}/auth/token", data={"username": username, "password": DEMO_PASSWORD}
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def run(part: str, seed: int, incidents: int, partitions: int) -> dict[str, object]:
    reports = build_stream(part, seed, incidents)
    broker = None
    bootstrap = os.environ.get("HUB_KAFKA_BOOTSTRAP")
    if not bootstrap:
        broker = EmbeddedBroker(free_port()).start()
        bootstrap = broker.bootstrap
    prefix = f"dedupe{uuid.uuid4().hex[:6]}."
    admin_url = os.environ.get(
        "HUB_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    db_name = f"gridhub_dedupe_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{db_name}"'))
    database_url = (
        sa.make_url(admin_url).set(database=db_name).render_as_string(hide_password=False)
    )
    worker = api = None
    try:
        upgrade(database_url)
        ensure_registry(HubSettings(database_url=database_url))  # the demo registry, as live
        users = demo_users(scenario_registry())
        add_users(database_url, [(user, DEMO_PASSWORD) for user in users])
        ensure_topics(bootstrap, hub_topic_names(prefix), partitions, 1)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
        env |= {
            "HUB_KAFKA_BOOTSTRAP": bootstrap,
            "HUB_TOPIC_PREFIX": prefix,
            "HUB_DATABASE_URL": database_url,
            "HUB_TOPIC_PARTITIONS": str(partitions),
            "HUB_DATA_DIR": str(LOGS),
            "HUB_API_PORT": str(port),
            "HUB_LOG_LEVEL": "WARNING",
        }
        worker = start(["worker"], env, "dedupe-worker")
        api = start(["api"], env, "dedupe-api")
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or api.poll() is not None:
                raise RuntimeError(f"the API did not start; see {LOGS / 'dedupe-api.log'}")
            time.sleep(0.3)
        worker_auth = login(base_url, "worker")  # a grid worker's phone
        desk_auth = login(base_url, "dispatcher")  # the desk that relays citizen apps
        topics = {grid: f"{prefix}{spec.name}" for grid, spec in NATIVE_TOPICS.items()}
        producer = KafkaProducer(bootstrap_servers=bootstrap.split(","), linger_ms=5)
        engine = sa.create_engine(database_url)
        began = time.perf_counter()
        with progress() as bar, httpx.Client(base_url=base_url, timeout=30) as http:
            sent = bar.add_task("send", total=len(reports))
            for i, item in enumerate(wire(reports, start_for(reports)), 1):
                if item.native is not None:
                    key = str(item.report.fields["source_id"]).encode()
                    producer.send(topics[GridCode(item.report.grid)], key=key, value=item.native)
                else:
                    producer.flush()  # keep the sending order across the two channels
                    auth = worker_auth if item.report.voice == "api_worker" else desk_auth
                    body = dict(item.api_body or {})
                    # Without occurred_at the hub stamps a report with the moment it arrives;
                    # the replay compresses a fortnight into a minute, so such a report
                    # carries the moment it would have arrived, as the hub would stamp it.
                    body.setdefault("occurred_at", item.sent_at.isoformat())
                    response = http.post("/reports", json=body, headers=auth)
                    if response.status_code not in (200, 202):
                        raise RuntimeError(f"POST /reports {response.status_code}: {response.text}")
                bar.update(sent, completed=i)
            producer.flush()
            producer.close()
            cased = bar.add_task("in cases", total=len(reports))
            deadline = time.monotonic() + 600
            while True:
                with engine.connect() as conn:
                    done = conn.scalar(
                        sa.text("SELECT count(*) FROM reports WHERE case_id IS NOT NULL")
                    )
                bar.update(cased, completed=done)
                if done >= len(reports):
                    break
                if time.monotonic() > deadline or worker.poll() is not None:
                    log = LOGS / "dedupe-worker.log"
                    raise RuntimeError(f"{done} of {len(reports)} reports in cases; see {log}")
                time.sleep(0.5)
        seconds = time.perf_counter() - began
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, case_id, dedupe FROM reports")).all()
        engine.dispose()
    finally:
        stop(worker)
        stop(api)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()
        if broker is not None:
            broker.stop()
    case_of = {row.id: row.case_id for row in rows}
    outcome_of = {row.id: (row.dedupe or {}).get("outcome") for row in rows}
    missing = [r.report_id for r in reports if r.report_id not in case_of]
    if missing:
        raise RuntimeError(f"{len(missing)} labelled reports are not in the database")
    return {
        "evaluation": evaluate(reports, case_of, outcome_of),
        "counts": describe(reports),
        "seconds": seconds,
        "broker": "external Kafka" if broker is None else "embedded (Tansu, memory)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("heldout", "development", "tuning"), default="heldout")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--incidents", type=int)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    seed = DEFAULT_SEEDS[args.part] if args.seed is None else args.seed
    incidents = DEFAULT_INCIDENTS[args.part] if args.incidents is None else args.incidents
    result = run(args.part, seed, incidents, args.partitions)
    e = result["evaluation"]
    counts = result["counts"]
    assert isinstance(counts, dict)
    command = " ".join(
        ["python bench/dedupe_hub.py", *(a for a in sys.argv[1:] if a != "--no-write")]
    )
    lines = [
        f"## De-duplication through the running hub ({args.part} part)",
        "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores, broker: {result['broker']}, "
        f"{args.partitions} partitions, one `gridhub worker` and one `gridhub api` process, "
        "PostgreSQL.",
        "",
        f"{counts['reports']:,} labelled reports of {counts['incidents']:,} incidents (seed "
        f"{seed}) spanning {counts['span_days']} days of event time: "
        f"{counts['reports'] - counts['api_reports']:,} native messages on the four grids' "
        f"topics and {counts['api_reports']:,} POST /reports (grid workers and citizens, "
        f"many sent hours after the incident), sent in {result['seconds']:.0f} s until the "
        "last report was in a case. The grouping is read from the database.",
        "",
        *summary_lines(e),  # type: ignore[arg-type]
        "",
        *table("incident kind", e.by_kind),  # type: ignore[attr-defined]
        "",
        *table("sources", e.by_sources),  # type: ignore[attr-defined]
        "",
        *table("density", e.by_density),  # type: ignore[attr-defined]
        "",
        "Targets: precision >= 0.97, recall >= 0.95, suggestions < 5% of reports. A suggested "
        "report opens a case of its own (a dispatcher merges it or not), so it counts as not "
        "merged here.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section(f"dedupe-hub-{args.part}", lines)
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
