"""What the embedded broker's own CPU does as it fills: single-record batches produced at a
steady rate to a topic, with a consumer following that topic (or following another, idle
one), the broker process's CPU printed every interval.

    python bench/broker_growth.py --rate 300 --duration 150              # topic followed
    python bench/broker_growth.py --rate 300 --duration 75 --unfollowed  # topic not followed

The embedded broker keeps every record batch in memory for as long as it runs. A steady
rise in the followed case and a flat line in the other say that a fetch costs it time in
proportion to the batches the fetched partition holds: the cost the hub's latency runs see
grow on the broker's core (docs/benchmarks.md, "Latency at a steady rate").
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

from kafka import KafkaConsumer, KafkaProducer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.latency import free_port  # noqa: E402
from streams.embedded_broker import EmbeddedBroker  # noqa: E402
from streams.kafka_admin import ensure_topics  # noqa: E402

PARTITIONS = 4


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def follow(bootstrap: str, topic: str, fetch_min_bytes: int, stop: threading.Event) -> None:
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id="growth",
        auto_offset_reset="earliest",
        fetch_max_wait_ms=100,  # as the hub's worker (HUB_STREAM_FETCH_MAX_WAIT_MS)
        fetch_min_bytes=fetch_min_bytes,
        max_poll_interval_ms=10_000,
    )
    while not stop.is_set():
        consumer.poll(200)
    consumer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=300, help="batches a second")
    parser.add_argument("--duration", type=float, default=150, help="seconds")
    parser.add_argument("--every", type=float, default=15, help="seconds between readings")
    parser.add_argument("--unfollowed", action="store_true", help="produce to an idle topic")
    parser.add_argument("--fetch-min-bytes", type=int, default=1)
    args = parser.parse_args()
    with EmbeddedBroker(free_port()) as broker:
        pid = broker.pid
        assert pid is not None
        ensure_topics(broker.bootstrap, ["followed", "idle"], PARTITIONS, 1)
        stop = threading.Event()
        follower = threading.Thread(
            target=follow,
            args=(broker.bootstrap, "followed", args.fetch_min_bytes, stop),
            daemon=True,
        )
        follower.start()
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=0)
        topic = "idle" if args.unfollowed else "followed"
        followed = "not followed" if args.unfollowed else "followed"
        print(f"{args.rate:g} single-record batches a second to a topic {followed}")
        print("seconds | batches held | broker CPU (% of a core)")
        started = last_at = time.monotonic()
        last_cpu, sent = cpu_seconds(pid), 0
        while (elapsed := time.monotonic() - started) < args.duration:
            while sent < int(elapsed * args.rate):
                producer.send(topic, key=str(sent).encode(), value=b"x" * 800)
                sent += 1
            if time.monotonic() - last_at >= args.every:
                now, used = time.monotonic(), cpu_seconds(pid)
                share = 100 * (used - last_cpu) / (now - last_at)
                print(f"{elapsed:7.0f} | {sent:12,} | {share:5.1f}")
                last_at, last_cpu = now, used
            time.sleep(0.003)
        stop.set()
        producer.close()
        follower.join(5)


if __name__ == "__main__":
    main()
