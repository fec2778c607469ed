"""CPU time of decoding with the contracts' bounds: a native event normalised into a unified
report (intake), and a placed report decoded from its envelope (record), per message.

    python bench/contract_cost.py

Best of five rounds of 2,000 simulated events (500 placed reports), process CPU time, so
other work on the machine moves it less than wall time.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grid.placing import Placer
from gridhub.simulator import TrafficGenerator, demo_registry
from streams.envelopes import decode_envelope, envelopes
from streams.normalise import normalise


def best(round_: Callable[[], object], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        started = time.process_time()
        round_()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    generator = TrafficGenerator(seed=5)
    messages = [generator.next_message() for _ in range(2000)]
    placer, now = Placer(demo_registry()), datetime.now(UTC)
    reports = [normalise(m.grid, m.value) for m in messages]
    documents = [placer.place(r, now).model_dump_json().encode() for r in reports[:500]]
    packed = list(envelopes("x", documents, limit=10**9))
    per_event = best(lambda: [normalise(m.grid, m.value) for m in messages]) / len(messages)
    per_report = best(lambda: [decode_envelope(e) for e in packed]) / len(documents)
    print(
        f"normalise {per_event * 1e6:.1f} µs/event; "
        f"decode from an envelope {per_report * 1e6:.1f} µs/report"
    )


if __name__ == "__main__":
    main()
