"""What a wider time window costs the record stage: candidates per report and the time
``decide`` takes per report, replaying the tuning stream of the labelled scenarios through
the stream's own index, with every pair of categories held to the ordinary window and with
lasting problems over their own (``DedupePolicy.lasting_window_hours``).

    python bench/dedupe_cost.py            # tuning part, best of 3 rounds
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dedupe import replay  # noqa: E402
from bench.scenarios import build_stream  # noqa: E402
from dispatch.dedupe import DedupePolicy, decide, reach_m, window_hours  # noqa: E402
from dispatch.dedupe_index import OpenCaseIndex  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("tuning", "development"), default="tuning")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    policy = DedupePolicy()
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
