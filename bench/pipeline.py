"""End-to-end throughput: native events of all four grids -> cases in PostgreSQL.

Measures, in one run and on the same topics (the events are produced first, then each
consumer reads all of them from the beginning, one after the other):
  * raw rate: events/s that a bare aiokafka consumer reads and JSON-parses (the ceiling the
    broker and Python allow here);
  * Faust ceilings: a trivial Faust agent with the hub's settings that only counts, and one
    that forwards each event to another topic (bench/faust_trivial.py);
  * pipeline rate: events/s into cases with the real `gridhub worker` process (normalise,
    place and route, de-duplicate, record with auto-dispatch into the database), timed from
    the first case to the last, as the trivial agents are timed from their first batch;
  * projection lag: how long after the last case its lifecycle events, outbox rows and KPI
    facts were written;
and writes them and the ratios to docs/benchmarks.md.

    python bench/pipeline.py --events 20000
    python bench/pipeline.py --events 10000 --no-write --set HUB_DEDUPE_ENABLED=false

(--set passes a setting to the worker, to measure what it costs.)

Uses HUB_KAFKA_BOOTSTRAP if set (else spawns the embedded broker) and
HUB_BENCH_DATABASE_URL if set (else a fresh database on PostgreSQL at 127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from kafka import KafkaProducer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import RESULTS, write_section  # noqa: E402
from config import HubSettings  # noqa: E402
from contracts.topics import NATIVE_TOPICS  # noqa: E402
from dispatch.identity import report_id_for  # noqa: E402
from dispatch.migrate import upgrade  # noqa: E402
from gridhub.runtime import ensure_registry  # noqa: E402
from gridhub.simulator import TrafficGenerator  # noqa: E402
from streams.embedded_broker import EmbeddedBroker  # noqa: E402
from streams.kafka_admin import ensure_topics, hub_topic_names  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )


def count_in_cases(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(sa.text("SELECT count(*) FROM reports WHERE case_id IS NOT NULL")))


def trivial_faust(
    mode: str, bootstrap: str, topics: list[str], expected: int, env: dict[str, str]
) -> float:
    """Events/s of a trivial Faust agent (count or forward) over the same topics."""
    out = ROOT / "var" / "bench" / f"trivial-{mode}.json"
    out.unlink(missing_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.faust_trivial",
            mode,
            "--topics",
            ",".join(topics),
            "--events",
            str(expected),
            "--out",
            str(out),
        ],
        env={**env, "HUB_KAFKA_BOOTSTRAP": bootstrap},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )
    if not out.exists():
        raise RuntimeError(f"the trivial Faust agent ({mode}) did not finish")
    return float(json.loads(out.read_text())["rate"])


async def raw_consume(bootstrap: str, topics: list[str], expected: int) -> float:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [
            TopicPartition(t, p)
            for t in topics
            for p in consumer.partitions_for_topic(t) or await _partitions(consumer, t)
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        seen = 0
        started = time.perf_counter()
        while seen < expected:
            batches = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for records in batches.values():
                for record in records:
                    json.loads(record.value)
                seen += len(records)
        return seen / (time.perf_counter() - started)
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    await consumer._client.force_metadata_update()
    return consumer.partitions_for_topic(topic) or set()


def unprojected(engine: sa.Engine) -> int:
    """Cases whose lifecycle events (with their outbox rows and KPI facts) are not written."""
    with engine.connect() as conn:
        return int(conn.scalar(sa.text("SELECT count(*) FROM cases WHERE projection_pending")))


def run(
    events: int,
    partitions: int,
    worker_settings: dict[str, str] | None = None,
    profile: Path | None = None,
    separate_projector: bool = True,
    split_stages: bool = False,
    workers: int = 1,
) -> dict[str, object]:
    broker = None
    bootstrap = os.environ.get("HUB_KAFKA_BOOTSTRAP")
    if not bootstrap:
        broker = EmbeddedBroker(free_port()).start()
        bootstrap = broker.bootstrap
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    admin_url = os.environ.get(
        "HUB_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    db_name = f"gridhub_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{db_name}"'))
    database_url = (
        sa.make_url(admin_url).set(database=db_name).render_as_string(hide_password=False)
    )
    worker = projector = intake = None
    extra: list[subprocess.Popen[bytes]] = []
    try:
        upgrade(database_url)
        ensure_registry(HubSettings(database_url=database_url))  # reports are placed, as live
        ensure_topics(bootstrap, hub_topic_names(prefix), partitions, 1)
        engine = sa.create_engine(database_url)
        env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
        env.update(
            {
                "HUB_KAFKA_BOOTSTRAP": bootstrap,
                "HUB_TOPIC_PREFIX": prefix,
                "HUB_DATABASE_URL": database_url,
                "HUB_LOG_LEVEL": "WARNING",
                "HUB_TOPIC_PARTITIONS": str(partitions),
                "HUB_DATA_DIR": str(ROOT / "var" / "bench"),
                **(worker_settings or {}),
            }
        )
        producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, batch_size=256 * 1024)
        topics = {grid: f"{prefix}{spec.name}" for grid, spec in NATIVE_TOPICS.items()}
        generator = TrafficGenerator(seed=2)
        messages = [generator.next_message() for _ in range(events)]
        assert len({report_id_for(m.grid.value, m.key) for m in messages}) == events
        with progress() as bar:
            produced = bar.add_task("produce", total=events)
            started = time.perf_counter()
            for i, m in enumerate(messages, 1):
                producer.send(topics[m.grid], key=m.key.encode(), value=m.value)
                if i % 1000 == 0:
                    bar.update(produced, completed=i)
            producer.flush()
            bar.update(produced, completed=events)
            produce_seconds = time.perf_counter() - started
        producer.close()
        names = list(topics.values())
        print("measuring the ceilings: raw consume, trivial Faust count, trivial Faust forward")
        raw_rate = asyncio.run(raw_consume(bootstrap, names, events))
        count_rate = trivial_faust("count", bootstrap, names, events, env)
        forward_rate = trivial_faust("forward", bootstrap, names, events, env)

        log_path = ROOT / "var" / "bench" / "worker.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        if separate_projector:
            env["HUB_WORKER_PROJECTOR"] = "false"
            projector = subprocess.Popen(
                [sys.executable, "-m", "gridhub.cli", "projector"],
                env=env,
                stdout=(log_path.parent / "projector.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
        if split_stages:  # intake in one process, record (the profiled one) in another
            intake = subprocess.Popen(
                [sys.executable, "-m", "gridhub.cli", "worker"],
                env={**env, "HUB_STREAM_STAGES": "intake"},
                stdout=(log_path.parent / "intake.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
        for n in range(1, workers):  # more workers in the same consumer group
            extra.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gridhub.cli", "worker"],
                    env={**env, "HUB_STREAM_STAGES": "record"} if split_stages else env,
                    stdout=(log_path.parent / f"worker{n + 1}.log").open("wb"),
                    stderr=subprocess.STDOUT,
                )
            )
        worker = subprocess.Popen(
            [sys.executable, "-m", "gridhub.cli", "worker"],
            env={**env, "HUB_STREAM_STAGES": "record"} if split_stages else env,
            stdout=log_path.open("wb"),
            stderr=subprocess.STDOUT,
        )
        profiler = None
        if profile is not None:
            profile.parent.mkdir(parents=True, exist_ok=True)
            profiler = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "py-spy"),
                    "record",
                    "-p",
                    str(worker.pid),
                    "-r",
                    "100",
                    "--format",
                    "raw",
                    "-o",
                    str(profile),
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        with progress() as bar:
            cased = bar.add_task("cases", total=events)
            deadline = time.monotonic() + 180
            while (first := count_in_cases(engine)) < 1:
                if time.monotonic() > deadline or worker.poll() is not None:
                    raise RuntimeError(f"the worker did not start processing; see {log_path}")
                time.sleep(0.02)
            started = time.perf_counter()
            while (done := count_in_cases(engine)) < events:
                bar.update(cased, completed=done)
                if worker.poll() is not None:
                    raise RuntimeError(f"the worker exited; see {log_path}")
                time.sleep(0.05)
            pipeline_seconds = time.perf_counter() - started
            bar.update(cased, completed=events)
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)
            profiler.wait(60)
        while unprojected(engine) > 0:
            if worker.poll() is not None:
                raise RuntimeError(f"the worker exited; see {log_path}")
            time.sleep(0.05)
        projection_lag = time.perf_counter() - started - pipeline_seconds
        with engine.connect() as conn:
            cases = int(conn.scalar(sa.text("SELECT count(*) FROM cases")))
        engine.dispose()
        pipeline_rate = (events - first) / pipeline_seconds
        return {
            "events": events,
            "partitions": partitions,
            "cases": cases,
            "produce_rate": events / produce_seconds,
            "pipeline_rate": pipeline_rate,
            "raw_rate": raw_rate,
            "faust_count_rate": count_rate,
            "faust_forward_rate": forward_rate,
            "ratio_raw": pipeline_rate / raw_rate,
            "ratio_forward": pipeline_rate / forward_rate,
            "projection_lag_s": projection_lag,
            "projector": "own process" if separate_projector else "in the worker",
            "stages": (
                "intake and record in two processes" if split_stages else "both in each worker"
            ),
            "workers": workers,
            "broker": "external Kafka" if broker is None else "embedded (Tansu, memory)",
        }
    finally:
        stopping = [("worker", worker), ("intake", intake), ("projector", projector)]
        stopping += [("worker", p) for p in extra]
        for name, process in stopping:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(60)
                except subprocess.TimeoutExpired:
                    print(f"the {name} did not stop within 60 s of Ctrl-C; killed")
                    process.kill()
                    process.wait(10)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()
        if broker is not None:
            broker.stop()


def write_results(result: dict[str, object], command: str, profile: Path | None) -> None:
    lines = [
        "## Pipeline throughput (native events -> cases in PostgreSQL)",
        "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores, broker: {result['broker']}, "
        f"{result['partitions']} partitions per topic; {result['workers']} worker process(es), "
        f"stages: {result['stages']}, projector: "
        f"{result['projector']}. De-duplication, auto-dispatch, outbox and KPI facts on.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| events (mixed grids, the simulator's traffic) | {result['events']:,} |",
        f"| cases they became | {result['cases']:,} |",
        "| **pipeline rate, into committed cases** | "
        f"**{result['pipeline_rate']:,.0f} events/s** |",
        f"| raw aiokafka consume + JSON parse | {result['raw_rate']:,.0f} events/s |",
        f"| trivial Faust agent, counting | {result['faust_count_rate']:,.0f} events/s |",
        f"| trivial Faust agent, forwarding each event | "
        f"{result['faust_forward_rate']:,.0f} events/s |",
        f"| **pipeline / forwarding agent** | **{result['ratio_forward']:.2f}** |",
        f"| pipeline / raw consume | {result['ratio_raw']:.3f} |",
        f"| projector done after the last case | {result['projection_lag_s']:.1f} s |",
    ]
    if profile is not None and profile.exists():
        from bench.profile_summary import summarise

        busy, waiting, shares = summarise(profile)
        lines += [
            "",
            f"Where the record worker's time went (py-spy, {busy:,} busy samples; "
            f"{waiting:,} more waiting on sockets, locks and the database):",
            "",
            "| part | share of busy samples |",
            "| --- | ---: |",
            *[f"| {label} | {share:.0%} |" for label, share in shares],
        ]
    write_section("pipeline-bench", lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="HUB_NAME=VALUE",
        help="a setting for the worker, to measure its effect (repeatable)",
    )
    parser.add_argument(
        "--profile", type=Path, help="record a py-spy profile of the worker (raw format) here"
    )
    parser.add_argument(
        "--projector",
        choices=["process", "worker"],
        default="process",
        help="run the projector as its own process (as `gridhub up` does) or in the worker",
    )
    parser.add_argument(
        "--split-stages",
        action="store_true",
        help="run intake and record as two worker processes (HUB_STREAM_STAGES)",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes in one consumer group"
    )
    args = parser.parse_args()
    # A terminated bench stops the processes it started (its clean-up runs on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    worker_settings = dict(item.split("=", 1) for item in args.set)
    result = run(
        args.events,
        args.partitions,
        worker_settings,
        args.profile,
        args.projector == "process",
        args.split_stages,
        args.workers,
    )
    print(json.dumps(result, indent=2))
    if not args.no_write:
        command = f"python bench/pipeline.py --events {args.events} --partitions {args.partitions}"
        if args.split_stages:
            command += " --split-stages"
        if args.workers > 1:
            command += f" --workers {args.workers}"
        if args.profile:
            command += f" --profile {args.profile}"
        write_results(result, command, args.profile)
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
