"""Address resolution: accuracy on the project's noisy-address test set, and lookups/s.

The test set is generated from the demo registry (grid/noise.py): every noise kind the
resolver must survive, each case with its expected standard address, grid cell or
"unplaced". Accuracy is top-1 (the one answer given). Speed is lookups/s of
AddressResolver.resolve in one process pinned to one core, over the same cases, several
rounds (the best and the median are reported), counted per second of the process's own CPU
time (on a machine shared with other work, wall-clock time also counts what the others take
from the core; on an idle one both agree), on two mixes: every kind equally often, and
the mix the traffic simulator uses (mostly clean or lightly noisy, as real reports are).

    python bench/registry.py --per-kind 500 --rounds 5
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402
from dispatch.domain import AUTO_DISPATCH_MIN_CONFIDENCE  # noqa: E402
from grid.demo import build_demo_registry  # noqa: E402
from grid.noise import AddressCase, NoiseKind, NoisyAddresses, is_correct  # noqa: E402
from grid.resolver import AddressResolver  # noqa: E402
from gridhub.simulator import PLACE_MIX  # noqa: E402


def rate(resolver: AddressResolver, cases: list[AddressCase], rounds: int) -> tuple[float, float]:
    rates = []
    for _ in range(rounds):
        started = time.process_time()
        for case in cases:
            resolver.resolve(case.text, case.lon, case.lat, case.crs)
        rates.append(len(cases) / (time.process_time() - started))
    return max(rates), statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-kind", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    started = time.perf_counter()
    registry = build_demo_registry()
    built = time.perf_counter() - started
    started = time.perf_counter()
    resolver = AddressResolver(registry)
    indexed = time.perf_counter() - started

    noisy = NoisyAddresses(registry, seed=args.seed)
    cases = list(noisy.generate(args.per_kind))
    correct: Counter[NoiseKind] = Counter()
    confidently_wrong = 0
    for case in cases:
        placement = resolver.resolve(case.text, case.lon, case.lat, case.crs)
        right = is_correct(case, placement)
        correct[case.kind] += right
        confidently_wrong += (
            not right
            and placement.status == "placed"
            and placement.confidence >= AUTO_DISPATCH_MIN_CONFIDENCE
        )
    accuracy = sum(correct.values()) / len(cases)

    weights = list(PLACE_MIX.values())
    kinds = noisy.rng.choices(list(PLACE_MIX), weights, k=len(cases))
    realistic = [noisy.case(kind) for kind in kinds]
    uniform_best, uniform_median = rate(resolver, cases, args.rounds)
    real_best, real_median = rate(resolver, realistic, args.rounds)

    rows = [f"| {kind.value} | {correct[kind] / args.per_kind:.2%} |" for kind in NoiseKind]
    command = "python bench/registry.py " + " ".join(sys.argv[1:])
    lines = [
        "## Address resolution (registry)",
        "",
        f"Command: `{command.strip()}`  ",
        f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, pinned to one core, lookups per CPU-second. "
        f"Demo registry {registry.version}: "
        f"{len(registry.addresses):,} standard addresses, {len(registry.cells):,} grid cells, "
        f"{len(registry.units)} roads/villages/compounds; built in {built:.1f} s, "
        f"indexed in {indexed:.2f} s.",
        "",
        f"Test set: {len(cases):,} cases, {args.per_kind} of each noise kind (seed {args.seed}).",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| **top-1 accuracy, all kinds** | **{accuracy:.2%}** |",
        f"| confidently wrong (placed at confidence >= {AUTO_DISPATCH_MIN_CONFIDENCE}) | "
        f"{confidently_wrong} |",
        f"| lookups/s, every kind equally often (best / median of {args.rounds}) | "
        f"{uniform_best:,.0f} / {uniform_median:,.0f} |",
        f"| **lookups/s, the simulator's realistic mix** (best / median) | "
        f"**{real_best:,.0f}** / {real_median:,.0f} |",
        "",
        "| noise kind | top-1 accuracy |",
        "| --- | --- |",
        *rows,
        "",
        "Target: >= 98% top-1 and >= 20,000 lookups/s on one core. The set is the project's "
        "own generator (grid/noise.py); the independent set is in the next section.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("registry-bench", lines)


if __name__ == "__main__":
    main()
