"""What sealing personal data costs: the intake's seal of one report, and opening and masking
one stored report for a response, in microseconds (median of several rounds).

    python bench/pii.py [--reports 5000]

Reports are the simulator's: the four grids' and the hotline's native events, normalised.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from contracts.common import GridCode
from dispatch.adapters.pii import Sealer
from dispatch.adapters.repository import report_row
from dispatch.privacy import personal_values, shown_row
from dispatch.roles import Role
from gridhub.simulator import TrafficGenerator
from streams.normalise import normalise


def median_us(work: Callable[[], None], count: int, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) / count * 1e6)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=5000)
    args = parser.parse_args()
    sealer = Sealer([Sealer.new_key()])
    generator = TrafficGenerator(seed=7)
    by_kind: dict[str, list] = {"no personal data": [], "hotline ticket": [], "dispute": []}
    while min(len(v) for v in by_kind.values()) < args.reports:
        message = generator.next_message()
        report = normalise(message.grid, message.value)
        if message.grid is GridCode.HOTLINE and report.reporter.phone:
            kind = "hotline ticket"
        elif report.attributes.get("parties"):
            kind = "dispute"
        elif not personal_values(report.model_dump(mode="json")):
            kind = "no personal data"
        else:
            continue
        if len(by_kind[kind]) < args.reports:
            by_kind[kind].append(report)
    print(f"{'reports':<18} {'seal (µs)':>10} {'open+mask (µs)':>15}  ({args.reports} each)")
    for kind, reports in by_kind.items():
        sealed = [sealer.seal_report(r) for r in reports]
        rows = [report_row(r, r.reported_at) for r in sealed]

        def seal(reports: list = reports) -> None:
            for report in reports:
                sealer.seal_report(report)

        def show(rows: list = rows) -> None:
            for row in rows:
                shown_row(row, Role.SUPERVISOR, sealer.open_or_none)

        print(
            f"{kind:<18} {median_us(seal, len(reports)):>10.1f} {median_us(show, len(rows)):>15.1f}"
        )


if __name__ == "__main__":
    main()
