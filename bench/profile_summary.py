"""Where a py-spy profile (raw format) says the time went, grouped the way the docs read it.

    python bench/profile_summary.py var/bench/profile.txt

Samples waiting on a socket, a lock or the database are counted apart as waiting; the rest
(busy) is split by the hub's own parts, each counted once per sample (inclusive).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

WAITING = (
    "EpollSelector.select",
    "Connection.wait",
    "Condition.wait",
    "Event.wait",
    "_worker (concurrent",
    "select.epoll",
    "poll (kafka/net/selector",
    "Thread.join",
)
# (label, a frame prefix that marks it), first match wins, in this order.
PARTS = (
    ("record: decide (plan_batch)", "plan_batch (dispatch/recording.py"),
    ("record: write rows (repositories)", "Repository."),
    ("record: other service work", "_record_once (dispatch/services.py"),
    ("record: decode envelopes", "decode_envelope (streams/envelopes.py"),
    ("intake: normalise", "normalise (streams/normalise.py"),
    ("intake: place and route (registry)", "Placer.place (grid/placing.py"),
    ("intake: encode and send", "_forward (streams/intake.py"),
    ("projector", "Projector."),
    ("outbox relay", "OutboxRelay."),
    ("Faust and Kafka clients", "faust/"),
    ("Faust and Kafka clients", "aiokafka/"),
    ("Faust and Kafka clients", "kafka/"),
    ("Faust and Kafka clients", "mode/"),
)


def summarise(path: Path) -> tuple[int, int, list[tuple[str, float]]]:
    busy = waiting = 0
    parts: Counter[str] = Counter()
    for line in path.read_text(errors="replace").splitlines():
        if not line.strip():
            continue
        stack, _, count = line.rpartition(" ")
        n = int(count)
        frames = stack.split(";")
        if any(frames[-1].startswith(w) for w in WAITING):
            waiting += n
            continue
        busy += n
        label = next(
            (lbl for lbl, mark in PARTS if any(mark in f for f in frames)),
            "other (asyncio, GC, ...)",
        )
        parts[label] += n
    shares = [(label, count / busy) for label, count in parts.most_common()] if busy else []
    return busy, waiting, shares


def main() -> None:
    busy, waiting, shares = summarise(Path(sys.argv[1]))
    print(f"busy samples {busy}, waiting {waiting}")
    for label, share in shares:
        print(f"{share:6.1%}  {label}")


if __name__ == "__main__":
    main()
