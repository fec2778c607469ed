"""The fault suite at a bench size: a stream of native events with the poison corpus mixed in,
the worker killed with SIGKILL once a third of the reports are stored (and a new one started),
the database restarted once two thirds are; then what was lost, doubled and dead-lettered,
counted.

    python bench/faults.py --events 20000
    python bench/faults.py --events 100000 --rate 1500 --write

The database is a PostgreSQL cluster of the run's own (initdb + pg_ctl on a temporary
directory and a free port; never a shared server), so it can be restarted. The broker is
HUB_KAFKA_BOOTSTRAP if set, else the embedded one. ``--write`` puts the figures and the
command into docs/reliability.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.accounting import account, projection_owed, stored_count  # noqa: E402
from bench.pg_cluster import PostgresCluster, server_binaries  # noqa: E402
from bench.poison import Poison, corpus  # noqa: E402
from bench.results import write_section  # noqa: E402
from bench.traffic import PacedSender, Sendable, traffic  # noqa: E402
from contracts.deadletter import DeadLetter  # noqa: E402
from contracts.topics import DEAD_LETTERS  # noqa: E402
from streams.embedded_broker import EmbeddedBroker  # noqa: E402

RELIABILITY = ROOT / "docs" / "reliability.md"


@dataclass
class Timeline:
    started: float
    killed_at: float | None = None
    recovered_after_kill: float | None = None
    restarted_at: float | None = None
    recovered_after_restart: float | None = None
    all_stored: float | None = None
    at_kill: tuple[int, int] = (0, 0)  # reports stored, messages sent
    at_restart: tuple[int, int] = (0, 0)


def cli(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "gridhub.cli", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=300,
    )


def spawn_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gridhub.cli", "worker"],
        env=env,
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def mixed(
    tag: str, events: int, poison_every: int
) -> tuple[list[Sendable], list[str], list[Poison]]:
    """The valid events with one copy of the poison corpus after every ``poison_every``."""
    valid, ids = traffic(tag, events)
    order: list[Sendable] = []
    poisons: list[Poison] = []
    for start in range(0, len(valid), poison_every):
        order += valid[start : start + poison_every]
        copy = corpus(f"{tag}-{start}")
        order += copy
        poisons += copy
    return order, ids, poisons


def wait(probe: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=1000.0, help="events sent a second")
    parser.add_argument(
        "--poison-every", type=int, default=5000, help="one copy of the corpus after every N"
    )
    parser.add_argument("--write", action="store_true", help="write docs/reliability.md")
    options = parser.parse_args()

    binaries = server_binaries()
    if binaries is None:
        print("PostgreSQL server binaries (initdb, pg_ctl) are not installed", file=sys.stderr)
        return 2
    tag = f"faults{int(time.time())}"
    prefix = f"{tag}."
    order, ids, poisons = mixed(tag, options.events, options.poison_every)
    work = Path(tempfile.mkdtemp(prefix="gridhub-faults-"))
    broker = None
    bootstrap = os.environ.get("HUB_KAFKA_BOOTSTRAP")
    if not bootstrap:
        from bench.pipeline import free_port

        broker = EmbeddedBroker(free_port()).start()
        bootstrap = broker.bootstrap
    cluster = PostgresCluster(binaries).create()
    workers: list[subprocess.Popen[bytes]] = []
    try:
        database_url = cluster.create_database("gridhub")
        env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
        env.update(
            HUB_DATABASE_URL=database_url,
            HUB_KAFKA_BOOTSTRAP=bootstrap,
            HUB_TOPIC_PREFIX=prefix,
            HUB_DATA_DIR=str(work),
            HUB_LOG_LEVEL="WARNING",
        )
        for args in (["db", "upgrade"], ["registry", "load", "--no-progress"], ["broker"]):
            cli(args, env)
        engine = sa.create_engine(database_url, pool_pre_ping=True)
        worker = spawn_worker(env, work / "worker-1.log")
        workers.append(worker)
        # The first event alone, until it is stored: the worker is up before the clock runs.
        warm = PacedSender(bootstrap, prefix, order[:1], options.rate)
        warm.start()
        warm.finish()
        wait(lambda: stored_count(engine, ids[:1]) == 1, 300, "the worker's first report")
        sender = PacedSender(bootstrap, prefix, order[1:], options.rate)
        clock = Timeline(time.monotonic())
        sender.start()
        print(
            f"{options.events:,} events and {len(poisons)} poisons at {options.rate:,.0f}/s; "
            "kill -9 at a third stored, database restart at two thirds"
        )

        def stored() -> int:
            return stored_count(engine, ids)

        wait(lambda: stored() >= len(ids) // 3, 3600, "a third stored")
        before = stored()
        worker.kill()
        worker.wait(10)
        clock.at_kill = (before, sender.sent)
        clock.killed_at = time.monotonic()
        print(f"killed the worker (SIGKILL) with {before:,} reports stored, {sender.sent:,} sent")
        worker = spawn_worker(env, work / "worker-2.log")
        workers.append(worker)
        wait(lambda: stored() > before, 600, "the new worker's first commit")
        clock.recovered_after_kill = time.monotonic() - clock.killed_at

        wait(lambda: stored() >= 2 * len(ids) // 3, 3600, "two thirds stored")
        before = stored()
        clock.restarted_at = time.monotonic()
        clock.at_restart = (before, sender.sent)
        cluster.restart(down_seconds=2.0)
        print(f"restarted the database with {before:,} reports stored, {sender.sent:,} sent")
        wait(lambda: _safe(stored) > before, 600, "a commit after the restart")
        clock.recovered_after_restart = time.monotonic() - clock.restarted_at

        sender.finish(3600)
        wait(lambda: stored() == len(ids), 3600, "every report")
        clock.all_stored = time.monotonic() - clock.started
        wait(lambda: projection_owed(engine) == 0, 600, "every case's history")
        ledger = account(engine, ids)
        letters = _dead_letters(bootstrap, prefix + DEAD_LETTERS.name, len(poisons))
        alive = worker.poll() is None
        worker.terminate()
        worker.wait(60)
        engine.dispose()
    finally:
        for process in workers:
            if process.poll() is None:
                process.kill()
                process.wait(10)
        cluster.destroy()
        if broker is not None:
            broker.stop()
    print(f"worker logs in {work}")

    digests = {hashlib.sha256(p.value).hexdigest() for p in poisons}
    found = {letter.payload_sha256 for letter in letters}
    lines = [
        f"`python bench/faults.py {shlex.join(sys.argv[1:])}`: {options.events:,} events of the "
        f"four grids and the hotline at {options.rate:,.0f}/s with {len(poisons)} poison "
        f"messages mixed in ({len(poisons) // max(1, len(corpus('x')))} copies of the "
        "corpus); the worker killed with SIGKILL while it was storing them (at the first look "
        "after a third were stored) and a new one started, then the database (a cluster of the "
        "run's own) stopped for 2 s and started again (at the first look after two thirds were "
        "stored); the table gives what was stored and sent at each moment.",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| valid events sent | {len(ids):,} |",
        f"| reports stored in a case | {ledger.stored:,} |",
        f"| lost | {ledger.lost} |",
        f"| doubled | {ledger.doubled} |",
        f"| stored though not expected | {ledger.unexpected} |",
        f"| poison messages sent | {len(poisons)} |",
        f"| dead letters | {len(letters)} |",
        f"| poisons without a dead letter | {len(digests - found)} |",
        f"| killed with stored / sent | {clock.at_kill[0]:,} / {clock.at_kill[1]:,} |",
        f"| first commit after the kill (a new worker's start) | "
        f"{clock.recovered_after_kill:.1f} s |",
        f"| database restarted with stored / sent | {clock.at_restart[0]:,} / "
        f"{clock.at_restart[1]:,} |",
        f"| first commit after the restart began | {clock.recovered_after_restart:.1f} s |",
        f"| all stored after | {clock.all_stored:.1f} s |",
        f"| worker running at the end | {'yes' if alive else 'no'} |",
    ]
    print("\n".join(lines))
    if options.write:
        write_section("faults", lines, RELIABILITY)
    return 0 if ledger.whole and not (digests - found) and alive else 1


def _safe(probe: Callable[[], int]) -> int:
    try:
        return probe()
    except sa.exc.OperationalError:  # the database is still starting
        return -1


def _dead_letters(bootstrap: str, topic: str, expect: int) -> list[DeadLetter]:
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=bootstrap.split(","), consumer_timeout_ms=500)
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        consumer.seek_to_beginning()
        values: list[bytes] = []
        deadline = time.monotonic() + 60
        while len(values) < expect and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                values += [record.value for record in batch]
        return [DeadLetter.model_validate_json(v) for v in values]
    finally:
        consumer.close()


if __name__ == "__main__":
    sys.exit(main())
