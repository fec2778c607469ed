"""Address resolution on the independent labelled set (bench/address_set.py): top-1 per kind.

The set was written apart from the resolver and from the project's own noisy-address
generator; its held-out part shares no road, village or compound with the tuning part.
This script reports top-1 accuracy per kind of writing, how many wrong answers were still
placed (routed to a department, below the auto-dispatch confidence) and how many were
confidently wrong (placed at or above it), and lookups/s on the same items.

    python bench/addresses.py                      # held-out part: figures only, into docs
    python bench/addresses.py --part tuning --show-failures

Failures are printed for the tuning part only: the held-out part's mistakes are never
looked at while the resolver is being changed (bench/data/addresses/README.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.address_set import (  # noqa: E402
    CONFIDENT,
    PARTS,
    WRITERS,
    build,
    judge,
    load,
    manifest,
)
from bench.results import write_section  # noqa: E402
from grid.demo import build_demo_registry  # noqa: E402
from grid.resolver import AddressResolver  # noqa: E402


def resolve(resolver: AddressResolver, item: dict[str, Any]) -> Any:
    text, crs = item.get("text"), item.get("crs", "wgs84")
    return resolver.resolve(text, item.get("lon"), item.get("lat"), crs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=PARTS, default="heldout")
    parser.add_argument("--show-failures", action="store_true", help="tuning part only")
    parser.add_argument(
        "--seed",
        type=int,
        help="write a fresh set with this seed instead of reading the stored one (its tuning "
        "part only: more tuning items, never a held-out subject)",
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if args.show_failures and args.part != "tuning":
        parser.error("failures are shown for the tuning part only")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    registry = build_demo_registry()
    facts = manifest()
    if facts["registry_version"] != registry.version:
        sys.exit(
            f"the set was labelled on registry {facts['registry_version']}, the demo registry is "
            f"{registry.version}: rebuild it with `python bench/address_set.py` and review it"
        )
    resolver = AddressResolver(registry)
    if args.seed is not None:
        if args.part != "tuning":
            parser.error("--seed writes tuning items only")
        items = [asdict(i) for i in build(registry, seed=args.seed) if i.part == "tuning"]
    else:
        items = load(args.part)
    total: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    placed_wrong: Counter[str] = Counter()
    confidently_wrong: Counter[str] = Counter()
    failures = []
    for item in items:
        placement = resolve(resolver, item)
        verdict = judge(item, placement)
        kind = item["kind"]
        total[kind] += 1
        correct[kind] += verdict.correct
        if not verdict.correct:
            placed_wrong[kind] += str(placement.status) == "placed"
            confidently_wrong[kind] += verdict.confidently_wrong
            failures.append((item, placement))

    rates = []
    for _ in range(args.rounds):
        started = time.process_time()  # CPU time: the core is shared (bench/registry.py)
        for item in items:
            resolve(resolver, item)
        rates.append(len(items) / (time.process_time() - started))

    accuracy = sum(correct.values()) / len(items)
    rows = [
        f"| {kind} | {total[kind]} | {correct[kind] / total[kind]:.1%} | {placed_wrong[kind]} | "
        f"{confidently_wrong[kind]} |"
        for kind in WRITERS
        if total[kind]
    ]
    command = "python bench/addresses.py " + " ".join(sys.argv[1:])
    lines = [
        f"## Address resolution on the independent set ({args.part} part)",
        "",
        f"Command: `{command.strip()}`  ",
        f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, pinned to one core, lookups per CPU-second. "
        f"Set `{facts['set']}` "
        f"(bench/data/addresses/, labelled on registry {facts['registry_version']}): "
        f"{len(items):,} items of the {args.part} part, {len(total)} kinds of writing.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| **top-1 accuracy** | **{accuracy:.2%}** ({sum(correct.values()):,} / {len(items):,}) |",
        f"| wrong but placed below confidence {CONFIDENT} (a dispatcher sees it) | "
        f"{sum(placed_wrong.values()) - sum(confidently_wrong.values())} |",
        f"| **confidently wrong** (placed at confidence >= {CONFIDENT}) | "
        f"**{sum(confidently_wrong.values())}** |",
        f"| lookups/s on these items (best of {args.rounds}) | {max(rates):,.0f} |",
        "",
        "| kind of writing | items | top-1 | wrong, placed | confidently wrong |",
        "| --- | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        "Target: >= 99% top-1 on the held-out part, no confidently wrong answer.",
    ]
    print("\n".join(lines))
    if args.show_failures:
        print("\nFailures (tuning part):")
        for item, placement in failures:
            answer = placement.address or placement.cell or placement.community
            print(
                f"- {item['id']} {item.get('text')!r} ({item.get('crs', '')}) expect "
                f"{item['expect']} [{item['meant']}] -> {placement.status} {placement.precision} "
                f"{answer or placement.township} conf {placement.confidence}: "
                + "; ".join(placement.reasons)
            )
    if not args.no_write:
        write_section(f"addresses-{args.part}", lines)


if __name__ == "__main__":
    main()
