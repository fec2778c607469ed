"""What a wider time window costs the record stage: candidates per report and the time
``decide`` takes per report, replaying the tuning stream of the labelled scenarios through
the stream's own index, with every pair of categories held to the ordinary window and with
lasting problems over their own (``DedupePolicy.lasting_window_hours``).

With ``--simulated N`` it replays instead N events of the traffic `bench/latency.py` sends
(the simulator's, 200 a second into one demo county, nothing closing), placed by the
registry, and prints for each tenth of the stream the candidates the index returns per
report and the microseconds of ``around`` and of ``decide``: how the record stage's
de-duplication grows as the open cases in reach pile up over a five-minute run.

    python bench/dedupe_cost.py            # tuning part, best of 3 rounds
    python bench/dedupe_cost.py --simulated 60000
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from rich.progress import track

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dedupe import replay  # noqa: E402
from bench.scenarios import build_stream  # noqa: E402
from contracts.placement import PlacementStatus  # noqa: E402
from dispatch.dedupe import (  # noqa: E402
    DedupePolicy,
    Outcome,
    Sighting,
    decide,
    reach_m,
    sighting_of,
    window_hours,
)
from dispatch.dedupe_index import OpenCaseIndex  # noqa: E402
from grid.placing import Placer  # noqa: E402
from gridhub.simulator import TrafficGenerator, demo_registry  # noqa: E402
from streams.normalise import UnprocessableMessage, normalise  # noqa: E402


def measure(part: str, policy: DedupePolicy, rounds: int) -> tuple[float, float, int]:
    """Mean candidates per report, best-of-rounds microseconds of ``decide`` per report,
    and the reports decided."""
    reports = build_stream(part)
    result = replay(reports, policy)
    decided = [(r, s) for r, s in result.sightings if s is not None]
    best = float("inf")
    candidates = 0
    for _ in range(rounds):
        index = OpenCaseIndex(partial(reach_m, policy=policy), partial(window_hours, policy=policy))
        window = timedelta(hours=policy.longest_window_hours)
        spent = 0.0
        candidates = 0
        for report, sighting in decided:
            found = index.around(sighting, window)
            began = time.perf_counter()
            decide(sighting, found, policy)
            spent += time.perf_counter() - began
            candidates += len(found)
            index.add(result.case_of[report.report_id], sighting)
        best = min(best, spent)
    return candidates / len(decided), best / len(decided) * 1e6, len(decided)


def simulated_sightings(events: int, rate: float = 200.0) -> list[Sighting]:
    """The sightings of ``events`` simulator events, received ``rate`` a second."""
    placer = Placer(demo_registry())
    start = datetime.now(UTC)
    found: list[Sighting] = []
    messages = iter(TrafficGenerator(seed=123, duplicate_rate=0.15))
    for _ in track(range(events), description="placing the simulated traffic"):
        message = next(messages)
        start += timedelta(seconds=1 / rate)
        try:
            placed = placer.place(normalise(message.grid, message.value), start)
        except UnprocessableMessage:  # the hub dead-letters it: never compared
            continue
        if placed.placement.status is not PlacementStatus.UNPLACED:
            found.append(sighting_of(placed))
    return found


def growth(sightings: list[Sighting], policy: DedupePolicy, parts: int = 10) -> None:
    """Replay through one index as the record stage keeps it; print each part's cost."""
    index = OpenCaseIndex(partial(reach_m, policy=policy), partial(window_hours, policy=policy))
    window = timedelta(hours=policy.longest_window_hours)
    size = max(1, len(sightings) // parts)
    print("part | candidates per report | around µs | decide µs | merged")
    for start in range(0, size * parts, size):
        candidates = merged = 0
        spent_around = spent_decide = 0.0
        for n, sighting in enumerate(sightings[start : start + size], start):
            began = time.perf_counter()
            found = index.around(sighting, window)
            between = time.perf_counter()
            decision = decide(sighting, found, policy)
            spent_decide += time.perf_counter() - between
            spent_around += between - began
            candidates += len(found)
            joined = decision.outcome is Outcome.MERGED and decision.case_id
            merged += bool(joined)
            index.add(decision.case_id if joined else f"case-{n}", sighting)  # type: ignore[arg-type]
        print(
            f"{start // size + 1:>4} | {candidates / size:>21.1f} | "
            f"{spent_around / size * 1e6:>9.0f} | {spent_decide / size * 1e6:>9.0f} | "
            f"{merged / size:.0%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("tuning", "development"), default="tuning")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--simulated", type=int, metavar="EVENTS", default=0)
    args = parser.parse_args()
    policy = DedupePolicy()
    if args.simulated:
        growth(simulated_sightings(args.simulated), policy)
        return
    for name, chosen in (
        (f"every pair {policy.window_hours:.0f} h", replace(policy, lasting_window_hours=0.0)),
        (f"lasting problems {policy.lasting_window_hours:.0f} h", policy),
    ):
        per_report, micros, decided = measure(args.part, chosen, args.rounds)
        print(
            f"{name}: {per_report:.2f} candidates per report, decide {micros:.0f} µs per "
            f"report ({decided:,} reports, best of {args.rounds})"
        )


if __name__ == "__main__":
    main()
