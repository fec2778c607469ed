"""Report -> case latency at a steady rate, through the running hub.

The hub runs as in production, each part its own process: the embedded broker (or
HUB_KAFKA_BOOTSTRAP), a `gridhub worker`, a `gridhub projector` and, when some reports go
through the API, a `gridhub api`. The benchmark sends native events of all four grids at a
steady rate (and a share of reports through POST /reports as a grid worker), for a while,
then reads from the database when each report was received (the native message's broker
timestamp, or the POST) and when its case was committed (reports.recorded_at).

    python bench/latency.py --rate 200 --duration 300                    # PostgreSQL
    python bench/latency.py --rate 50 --duration 300 --database sqlite  # the embedded default

Prints and writes (unless --no-write) to docs/benchmarks.md: p50/p95/p99/max overall and per
30-second window (a growing backlog shows as a rising p99), how far the projector fell
behind, and the API's answers by status (server errors must be 0).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa
from confluent_kafka import Producer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402
from config import HubSettings  # noqa: E402
from contracts.topics import NATIVE_TOPICS  # noqa: E402
from dispatch.migrate import upgrade  # noqa: E402
from gridhub.runtime import ensure_registry, seed_demo_users  # noqa: E402
from gridhub.simulator import TrafficGenerator  # noqa: E402
from gridhub.users import DEMO_PASSWORD  # noqa: E402
from streams.embedded_broker import EmbeddedBroker  # noqa: E402
from streams.kafka_admin import ensure_topics, hub_topic_names  # noqa: E402

WINDOW_SECONDS = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


class ApiReporter(threading.Thread):
    """POSTs reports as the demo grid worker at ``rate`` per second; counts the answers."""

    def __init__(self, base_url: str, rate: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.base_url, self.rate = base_url, rate
        self.statuses: Counter[str] = Counter()
        self.sent = 0
        self._stop = threading.Event()
        self._rng = random.Random(seed)

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        client = httpx.Client(base_url=self.base_url, timeout=30)
        token = client.post(
            "/auth/token", data={"username": "worker", "password": DEMO_PASSWORD}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        started = time.monotonic()
        while not self._stop.is_set():
            due = int((time.monotonic() - started) * self.rate)
            while self.sent < due and not self._stop.is_set():
                self.sent += 1
                body = {
                    "grid": "urban",
                    "category": self._rng.choice(["urban.road_damage", "urban.exposed_garbage"]),
                    "description": "路面坑洼，雨天积水",
                    "address_text": f"乳山城区黄河路{self._rng.randint(1, 60)}号",
                    "reporter": {"id": "WG0001", "role": "grid_worker"},
                    "client_request_id": f"latency-{uuid.uuid4()}",
                }
                try:
                    status = client.post("/reports", json=body, headers=headers).status_code
                    self.statuses[str(status)] += 1
                except httpx.HTTPError as exc:
                    self.statuses[type(exc).__name__] += 1
            time.sleep(0.01)
        client.close()


def spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gridhub.cli", *args],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def run(
    rate: float,
    duration: float,
    database: str,
    api_share: float,
    partitions: int,
    worker_settings: dict[str, str] | None = None,
) -> dict:
    work = ROOT / "var" / "bench" / f"latency-{uuid.uuid4().hex[:6]}"
    work.mkdir(parents=True, exist_ok=True)
    broker = None
    bootstrap = os.environ.get("HUB_KAFKA_BOOTSTRAP")
    if not bootstrap:
        broker = EmbeddedBroker(free_port()).start()
        bootstrap = broker.bootstrap
    admin = None
    db_name = f"gridhub_bench_{uuid.uuid4().hex[:8]}"
    if database == "postgres":
        admin_url = os.environ.get(
            "HUB_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{db_name}"'))
        url = sa.make_url(admin_url).set(database=db_name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{work / 'hub.db'}"
    prefix = f"lat{uuid.uuid4().hex[:6]}."
    api_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    env.update(
        {
            "HUB_KAFKA_BOOTSTRAP": bootstrap,
            "HUB_TOPIC_PREFIX": prefix,
            "HUB_DATABASE_URL": url,
            "HUB_DATA_DIR": str(work),
            "HUB_LOG_LEVEL": "WARNING",
            "HUB_TOPIC_PARTITIONS": str(partitions),
            "HUB_WORKER_PROJECTOR": "false",
            "HUB_API_PORT": str(api_port),
        }
    )
    env.update(worker_settings or {})
    children: list[subprocess.Popen[bytes]] = []
    try:
        settings = HubSettings(database_url=url, data_dir=work)
        upgrade(url)
        ensure_registry(settings)
        seed_demo_users(settings)
        ensure_topics(bootstrap, hub_topic_names(prefix), partitions, 1)
        engine = sa.create_engine(url)
        children.append(spawn(["worker"], env, work / "worker.log"))
        children.append(spawn(["projector"], env, work / "projector.log"))
        if api_share > 0:
            children.append(spawn(["api"], env, work / "api.log"))
        # The grids' systems run on machines of their own: librdkafka's producer keeps the
        # sending's CPU here small (kafka-python's took 15-18% of a core at 200 events/s).
        producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
        topics = {grid: f"{prefix}{spec.name}" for grid, spec in NATIVE_TOPICS.items()}
        generator = TrafficGenerator(seed=random.randrange(1_000_000), duplicate_rate=0.15)

        def recorded() -> int:
            with engine.connect() as conn:
                return int(
                    conn.scalar(
                        sa.text("SELECT count(*) FROM reports WHERE recorded_at IS NOT NULL")
                    )
                )

        # Warm-up: one event through, so the group join is not measured.
        warm = generator.next_message()
        producer.produce(topics[warm.grid], key=warm.key.encode(), value=warm.value)
        producer.flush()
        deadline = time.monotonic() + 180
        while recorded() < 1:
            if time.monotonic() > deadline or any(c.poll() is not None for c in children):
                raise RuntimeError(f"the hub did not start; see the logs in {work}")
            time.sleep(0.2)
        if api_share > 0:
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{api_port}/health", timeout=2).status_code:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
        native_rate = rate * (1 - api_share)
        reporter = ApiReporter(f"http://127.0.0.1:{api_port}", rate * api_share, 1)
        if api_share > 0:
            reporter.start()
        sent = 0
        backlog_samples: list[tuple[float, int, int]] = []  # (t, produced - recorded, pending)
        started = time.monotonic()
        started_at = datetime.now(UTC)
        columns = [TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
        with Progress(*columns) as bar:
            task = bar.add_task(f"{rate:g} events/s", total=duration)
            next_sample = started
            while (elapsed := time.monotonic() - started) < duration:
                due = int(elapsed * native_rate)
                while sent < due:
                    m = generator.next_message()
                    producer.produce(topics[m.grid], key=m.key.encode(), value=m.value)
                    sent += 1
                producer.poll(0)  # serve its delivery reports
                if time.monotonic() >= next_sample:
                    next_sample += 5
                    with engine.connect() as conn:
                        pending = int(
                            conn.scalar(
                                sa.text("SELECT count(*) FROM cases WHERE projection_pending")
                            )
                        )
                    backlog = sent + reporter.sent - recorded() + 1
                    backlog_samples.append((elapsed, backlog, pending))
                bar.update(task, completed=elapsed)
                time.sleep(0.005)
        producer.flush()
        reporter.stop()
        produced = sent + reporter.sent + 1
        end_of_sending = time.monotonic()
        while recorded() < produced and time.monotonic() - end_of_sending < 300:
            time.sleep(0.2)
        drained_after = time.monotonic() - end_of_sending
        while time.monotonic() - end_of_sending < 600:
            with engine.connect() as conn:
                if not conn.scalar(sa.text("SELECT count(*) FROM cases WHERE projection_pending")):
                    break
            time.sleep(0.2)
        projected_after = time.monotonic() - end_of_sending
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT received_at, recorded_at, channel FROM reports "
                    "WHERE recorded_at IS NOT NULL"
                )
            ).all()
        # The warm-up report (sent before the group had joined) is not part of the run.
        rows = [r for r in rows if _aware(r.received_at) >= started_at]
        engine.dispose()
        return summarise(
            rows,
            rate,
            duration,
            database,
            api_share,
            produced,
            drained_after,
            projected_after,
            backlog_samples,
            reporter.statuses,
            "external Kafka" if broker is None else "embedded (Tansu, memory)",
        )
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(60)
            except subprocess.TimeoutExpired:
                child.kill()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
            admin.dispose()
        if broker is not None:
            broker.stop()


def _aware(value: datetime | str) -> datetime:
    if isinstance(value, str):  # SQLite hands back text through a plain query
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def summarise(
    rows,
    rate,
    duration,
    database,
    api_share,
    produced,
    drained_after,
    projected_after,
    backlog_samples,
    statuses,
    broker,
) -> dict:
    pairs = sorted((_aware(r.received_at), _aware(r.recorded_at)) for r in rows)
    latencies = [(rec - rcv).total_seconds() for rcv, rec in pairs]
    first = pairs[0][0] if pairs else datetime.now(UTC)
    windows: dict[int, list[float]] = {}
    for (rcv, _), latency in zip(pairs, latencies, strict=True):
        windows.setdefault(int((rcv - first).total_seconds() // WINDOW_SECONDS), []).append(latency)
    return {
        "rate": rate,
        "duration": duration,
        "database": database,
        "api_share": api_share,
        "broker": broker,
        "produced": produced - 1,
        "recorded": len(rows),
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies, default=float("nan")),
        "windows": [
            (w * WINDOW_SECONDS, len(v), percentile(v, 0.5), percentile(v, 0.99))
            for w, v in sorted(windows.items())
        ],
        "max_backlog": max((b for _, b, _ in backlog_samples), default=0),
        "max_projection_backlog": max((p for _, _, p in backlog_samples), default=0),
        "drained_after_s": drained_after,
        "projected_after_s": projected_after,
        "api_statuses": dict(statuses),
        "server_errors": sum(n for s, n in statuses.items() if s.startswith("5")),
    }


def write_results(result: dict, command: str) -> None:
    answers = ", ".join(f"{k}: {v:,}" for k, v in sorted(result["api_statuses"].items()))
    lines = [
        f"## Report -> case latency at a steady {result['rate']:g} events/s "
        f"({'PostgreSQL' if result['database'] == 'postgres' else 'SQLite, the embedded default'})",
        "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores, broker: {result['broker']}; "
        "worker, projector and API each their own process on the same machine.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| reports sent (native topics + {result['api_share']:.0%} through POST /reports) "
        f"| {result['produced']:,} over {result['duration']:g} s |",
        f"| reports in cases | {result['recorded']:,} |",
        f"| **report -> case p50 / p95 / p99** | **{result['p50']:.2f} / {result['p95']:.2f} / "
        f"{result['p99']:.2f} s** |",
        f"| max | {result['max']:.2f} s |",
        f"| most events waiting at once (sampled every 5 s) | {result['max_backlog']:,} |",
        f"| all in cases after sending stopped | {result['drained_after_s']:.1f} s |",
        f"| cases waiting for the projector, most at once | {result['max_projection_backlog']:,} |",
        f"| events, outbox rows and KPI facts of every case written after sending stopped | "
        f"{result['projected_after_s']:.1f} s |",
        f"| API answers | {answers} |",
        f"| **server errors (5xx)** | **{result['server_errors']}** |",
        "",
        "Per 30-second window (by receipt): a backlog that grows shows as a rising p99.",
        "",
        "| from s | reports | p50 s | p99 s |",
        "| ---: | ---: | ---: | ---: |",
        *[f"| {w} | {n:,} | {p50:.2f} | {p99:.2f} |" for w, n, p50, p99 in result["windows"]],
    ]
    write_section(f"latency-{result['database']}", lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--duration", type=float, default=300)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--api-share", type=float, default=0.05)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="HUB_NAME=VALUE",
        help="a setting for the hub's processes, to measure its effect (repeatable)",
    )
    args = parser.parse_args()
    worker_settings = dict(item.split("=", 1) for item in args.set)
    # A terminated bench stops the processes it started (its clean-up runs on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = run(
        args.rate, args.duration, args.database, args.api_share, args.partitions, worker_settings
    )
    for key, value in result.items():
        if key != "windows":
            print(f"{key}: {value}")
    for w, n, p50, p99 in result["windows"]:
        print(f"  window {w:>4}s: {n:>6} reports  p50 {p50:6.2f}s  p99 {p99:6.2f}s")
    if not args.no_write:
        command = (
            f"python bench/latency.py --rate {args.rate:g} --duration {args.duration:g} "
            f"--database {args.database} --api-share {args.api_share:g}"
            + "".join(f" --set {item}" for item in args.set)
        )
        write_results(result, command)


if __name__ == "__main__":
    main()
