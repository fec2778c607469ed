"""Faust's own knobs, measured: the trivial agents (bench/faust_trivial.py) under a few
settings, on the same topics, one after another, each setting measured ``--rounds`` times.

    python bench/faust_tuning.py --events 20000 --rounds 3

Each row sets HUB_STREAM_* settings (streams/app.py ``faust_options`` passes them to Faust):
stream buffer, records per fetch, producer linger and batch size, commit interval. Writes the
table to docs/benchmarks.md (section faust-tuning) unless --no-write.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from kafka import KafkaProducer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pipeline import free_port, trivial_faust  # noqa: E402
from bench.results import write_section  # noqa: E402
from contracts.topics import NATIVE_TOPICS  # noqa: E402
from gridhub.simulator import TrafficGenerator  # noqa: E402
from streams.embedded_broker import EmbeddedBroker  # noqa: E402
from streams.kafka_admin import ensure_topics  # noqa: E402

SETTINGS: dict[str, dict[str, str]] = {
    "Faust's defaults": {},
    "buffer 32768": {"HUB_STREAM_BUFFER_MAXSIZE": "32768"},
    "fetch 2000 records": {"HUB_STREAM_MAX_POLL_RECORDS": "2000"},
    "producer linger 5 ms, 256 KiB batches": {
        "HUB_STREAM_PRODUCER_LINGER_MS": "5",
        "HUB_STREAM_PRODUCER_BATCH_BYTES": "262144",
    },
    "commit every 5 s": {"HUB_STREAM_COMMIT_INTERVAL": "5"},
    "all of the above": {
        "HUB_STREAM_BUFFER_MAXSIZE": "32768",
        "HUB_STREAM_MAX_POLL_RECORDS": "2000",
        "HUB_STREAM_PRODUCER_LINGER_MS": "5",
        "HUB_STREAM_PRODUCER_BATCH_BYTES": "262144",
        "HUB_STREAM_COMMIT_INTERVAL": "5",
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    broker = EmbeddedBroker(free_port()).start()
    try:
        prefix = f"tune{uuid.uuid4().hex[:6]}."
        names = [f"{prefix}{spec.name}" for spec in NATIVE_TOPICS.values()]
        ensure_topics(broker.bootstrap, names, 4, 1)
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=20)
        generator = TrafficGenerator(seed=2)
        topics = {grid: f"{prefix}{spec.name}" for grid, spec in NATIVE_TOPICS.items()}
        for _ in range(args.events):
            m = generator.next_message()
            producer.send(topics[m.grid], key=m.key.encode(), value=m.value)
        producer.flush()
        env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
        rows = []
        for label, settings in SETTINGS.items():
            rates: dict[str, list[float]] = {"count": [], "forward": []}
            for _ in range(args.rounds):  # interleaved, so drift hits every setting alike
                for mode in rates:
                    rates[mode].append(
                        trivial_faust(mode, broker.bootstrap, names, args.events, env | settings)
                    )
            rows.append(
                (label, statistics.median(rates["count"]), statistics.median(rates["forward"]))
            )
            print(f"{label:<40} count {rows[-1][1]:>8,.0f}/s  forward {rows[-1][2]:>8,.0f}/s")
    finally:
        broker.stop()
    if args.no_write:
        return
    write_section(
        "faust-tuning",
        [
            "## Tuning Faust (trivial agents, embedded broker)",
            "",
            f"Command: `python bench/faust_tuning.py --events {args.events} "
            f"--rounds {args.rounds}`  ",
            f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
            f"{platform.python_version()}, {os.cpu_count()} cores. Median of {args.rounds} "
            f"rounds, {args.events:,} events each, take_events batches of 500.",
            "",
            "| settings | count agent, events/s | forwarding agent, events/s |",
            "| --- | ---: | ---: |",
            *[f"| {label} | {count:,.0f} | {forward:,.0f} |" for label, count, forward in rows],
        ],
    )


if __name__ == "__main__":
    main()
