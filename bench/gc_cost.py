"""What Python's garbage collector costs the record stage, under its default thresholds and
under the worker's: the simulator's traffic, placed and packed into envelopes as the intake
stage does, then decoded and recorded batch by batch (de-duplication against the open cases
in memory, bulk writes) into a fresh PostgreSQL database, in this process. CPU time of this
process only (PostgreSQL's own is not counted), and the part of it spent in collections.

    python bench/gc_cost.py                      # 6,000 events, default and worker thresholds
    python bench/gc_cost.py --events 10000 --threshold 700,10,10 --threshold 20000,50,100
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dispatch.adapters.db import make_engine  # noqa: E402
from dispatch.adapters.uow import SqlUnitOfWork  # noqa: E402
from dispatch.dedupe import DedupePolicy  # noqa: E402
from dispatch.migrate import upgrade  # noqa: E402
from dispatch.open_cases import OpenCasesInMemory  # noqa: E402
from dispatch.services import record_reports  # noqa: E402
from grid.adapters import store  # noqa: E402
from grid.placing import Placer  # noqa: E402
from gridhub.simulator import TrafficGenerator, demo_registry  # noqa: E402
from streams.envelopes import decode_envelope, envelopes  # noqa: E402
from streams.normalise import normalise  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
WORKER_THRESHOLD = (20_000, 50, 100)  # streams/app.py, with HUB_STREAM_GC_GEN0's default


@contextmanager
def scratch_database(server: str) -> Iterator[str]:
    name = f"gridhub_gc_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(server: str, events: int, threshold: tuple[int, int, int]) -> tuple[float, float]:
    """CPU microseconds per report, and the share spent collecting."""
    registry = demo_registry()
    placer = Placer(registry)
    now = datetime.now(UTC)
    generator = TrafficGenerator(seed=7)
    placed = [
        placer.place(normalise(m.grid, m.value), now)
        for m in (generator.next_message() for _ in range(events))
    ]
    documents = [p.model_dump_json().encode() for p in placed]
    packed = [
        next(envelopes("bench", documents[i : i + 500], limit=10**9))
        for i in range(0, len(documents), 500)
    ]
    cells_of: dict[str, list[str]] = {}
    for code in sorted(placer.places.cells):
        if township := placer.places.township_of(code):
            cells_of.setdefault(township, []).append(code)
    with scratch_database(server) as url:
        upgrade(url)
        engine = make_engine(url)
        with engine.begin() as conn:
            store.save(conn, registry, now)
        policy = DedupePolicy()
        memory = OpenCasesInMemory(policy, placer.places.township_of, lambda t: cells_of.get(t, ()))
        del placed, documents
        gc.collect()
        gc.freeze()  # as the worker does after loading the registry
        before = gc.get_threshold()
        gc.set_threshold(*threshold)
        collecting = [0.0, 0.0]  # started, total

        def timed(phase: str, _info: dict[str, int]) -> None:
            if phase == "start":
                collecting[0] = time.process_time()
            else:
                collecting[1] += time.process_time() - collecting[0]

        gc.callbacks.append(timed)
        started = time.process_time()
        try:
            for envelope in packed:
                reports, _bad = decode_envelope(envelope)
                record_reports(
                    reports, SqlUnitOfWork(engine), datetime.now(UTC), None, policy, memory
                )
        finally:
            spent = time.process_time() - started
            gc.callbacks.remove(timed)
            gc.set_threshold(*before)
            gc.unfreeze()
            engine.dispose()
    return spent / events * 1e6, collecting[1] / spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--server", default=SERVER, help="an admin URL of PostgreSQL")
    parser.add_argument(
        "--threshold",
        action="append",
        help="gen0,gen1,gen2 (repeatable; default: Python's and the worker's)",
    )
    args = parser.parse_args()
    thresholds = [tuple(int(n) for n in t.split(",")) for t in args.threshold or ()] or [
        (700, 10, 10),
        WORKER_THRESHOLD,
    ]
    for threshold in thresholds:
        assert len(threshold) == 3, "a threshold is three numbers"
        per_report, share = run(args.server, args.events, threshold)  # type: ignore[arg-type]
        print(
            f"thresholds {threshold}: {per_report:.0f} µs of CPU per report, "
            f"{share:.0%} of it collecting garbage"
        )


if __name__ == "__main__":
    main()
