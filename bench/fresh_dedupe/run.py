"""De-duplication on the fresh labelled stream (bench/fresh_dedupe), offline.

Each stream is replayed in sending order through the real code, as the record stage runs it:
the grid's adapter (or the steps of POST /reports), the address registry, ``sighting_of``
and ``decide`` against an in-memory index of the open cases' reports. No broker, no
database. Scored on pairs of reports (a suggestion opens a case of its own until a
dispatcher decides, so it counts as not merged).

The development stream is the one to look at: ``--misses`` writes its missed and wrong pairs
to the untracked var/fresh-dedupe/. The held-out stream is measured for figures only: its
misses are never written, and only its aggregate tables go to docs/benchmarks.md.

    python -m bench.fresh_dedupe.run --part development --misses   # look, fix, repeat
    python -m bench.fresh_dedupe.run --part heldout                 # the figure (writes docs)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from api.schemas import ReportCreate  # noqa: E402
from bench.fresh_dedupe.stream import DEVELOPMENT_SEED, HELDOUT_SEED, Item, build_stream  # noqa: E402
from bench.results import write_section  # noqa: E402
from bench.scenarios import report_of_body  # noqa: E402
from contracts.common import GridCode  # noqa: E402
from contracts.report import IncidentReport  # noqa: E402
from dispatch.dedupe import DedupePolicy, Outcome, decide, reach_m, sighting_of, window_hours  # noqa: E402
from dispatch.dedupe_index import OpenCaseIndex  # noqa: E402
from dispatch.recording import comparable_place  # noqa: E402
from grid.placing import Placer  # noqa: E402
from gridhub.simulator import demo_registry  # noqa: E402
from streams.normalise import normalise  # noqa: E402

START = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)  # offline runs do not depend on the clock
SEEDS = {"development": DEVELOPMENT_SEED, "heldout": HELDOUT_SEED}
MISSES = ROOT / "var" / "fresh-dedupe"
SECTION = "fresh-dedupe-heldout"


def incident_report(item: Item) -> IncidentReport:
    """What the hub makes of a sent item: the grid's adapter, or POST /reports' steps."""
    if item.channel == "native":
        raw = json.dumps(item.payload, ensure_ascii=False).encode()
        return normalise(GridCode(item.grid), raw)
    body = ReportCreate.model_validate(item.payload)
    return report_of_body(body, f"api-{item.id}", item.sent_at)


@dataclass
class Counts:
    true: int = 0
    predicted: int = 0
    hits: int = 0

    def add(self, true: bool, predicted: bool) -> None:
        self.true += true
        self.predicted += predicted
        self.hits += true and predicted

    def precision(self) -> str:
        return f"{self.hits / self.predicted:.3f}" if self.predicted else "–"

    def recall(self) -> str:
        return f"{self.hits / self.true:.3f}" if self.true else "–"


@dataclass
class Result:
    items: list[Item]
    case_of: dict[str, str]
    outcome_of: dict[str, str]
    why: dict[str, str]
    overall: Counts = field(default_factory=Counts)
    tables: dict[str, dict[str, Counts]] = field(default_factory=dict)
    missed: list[tuple[Item, Item]] = field(default_factory=list)
    wrong: list[tuple[Item, Item]] = field(default_factory=list)
    lookalikes: Counter[str] = field(default_factory=Counter)
    where: dict[str, str] = field(default_factory=dict)  # the address and its placement


def replay(items: list[Item], policy: DedupePolicy) -> Result:
    placer = Placer(demo_registry())
    index = OpenCaseIndex(partial(reach_m, policy=policy), partial(window_hours, policy=policy))
    window = timedelta(hours=policy.longest_window_hours)
    case_of: dict[str, str] = {}
    outcome_of: dict[str, str] = {}
    why: dict[str, str] = {}
    where: dict[str, str] = {}
    for item in sorted(items, key=lambda i: i.sent_at):
        placed = placer.place(incident_report(item), item.sent_at)
        place = placed.placement
        where[item.id] = (
            f"{placed.report.address_text[:40]} -> {place.status}/{place.precision} "
            f"{place.address or place.community or place.township or ''}"
        )
        if not comparable_place(placed):
            case_of[item.id], outcome_of[item.id] = f"alone-{item.id}", "not decided"
            why[item.id] = f"not compared: {placed.placement.status}"
            continue
        sighting = sighting_of(placed)
        decision = decide(sighting, index.around(sighting, window), policy)
        merged = decision.outcome is Outcome.MERGED and decision.case_id is not None
        case_id = decision.case_id if merged and decision.case_id else f"case-{item.id}"
        case_of[item.id], outcome_of[item.id] = case_id, decision.outcome.value
        why[item.id] = decision.rule
        index.add(case_id, sighting)
    return score(Result(items, case_of, outcome_of, why, where=where))


def _pair(a: str, b: str) -> str:
    return " + ".join(sorted((a, b)))


def score(result: Result) -> Result:
    case_of = result.case_of
    by_incident: dict[str, list[Item]] = defaultdict(list)
    by_case: dict[str, list[Item]] = defaultdict(list)
    for item in result.items:
        by_incident[item.incident].append(item)
        by_case[case_of[item.id]].append(item)
    seen: set[tuple[str, str]] = set()
    tables: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
    for group in (*by_incident.values(), *by_case.values()):
        for a, b in combinations(group, 2):
            key = (min(a.id, b.id), max(a.id, b.id))
            if key in seen:
                continue
            seen.add(key)
            true, predicted = a.incident == b.incident, case_of[a.id] == case_of[b.id]
            result.overall.add(true, predicted)
            for kind in {a.kind, b.kind}:
                tables["incident kind"][kind].add(true, predicted)
            tables["voice pair"][_pair(a.voice, b.voice)].add(true, predicted)
            tables["grid pair"][_pair(a.grid, b.grid)].add(true, predicted)
            if true:
                late = "a report sent late" if a.late or b.late else "both sent at once"
                tables["sending"][late].add(true, predicted)
                if not predicted:
                    result.missed.append((a, b))
            elif predicted:
                result.wrong.append((a, b))
                story = b.story if b.story != "incident" else a.story
                result.lookalikes[story] += 1
    result.tables = {name: dict(rows) for name, rows in tables.items()}
    return result


def report(result: Result, part: str, seed: int, command: str) -> list[str]:
    outcomes = Counter(result.outcome_of.values())
    incidents = len({i.incident for i in result.items})
    stories = Counter(i.story for i in result.items)
    lines = [
        f"## De-duplication on a fresh labelled stream ({part} part)",
        "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Stream: bench/fresh_dedupe (seed {seed}), "
        f"{len(result.items):,} reports of {incidents:,} incidents, written from how each grid, "
        "the hotlines and citizens report, by a second pair of hands that did not read the "
        "matcher, its tests or the other labelled sets. Replayed offline in sending order "
        "through the adapters, the registry, `sighting_of` and `decide` against the stream's "
        "in-memory index of open cases.",
        "",
        f"- **Pairwise precision {result.overall.precision()}**, **recall "
        f"{result.overall.recall()}** ({result.overall.hits:,} of {result.overall.true:,} true "
        f"pairs merged; {result.overall.predicted - result.overall.hits:,} wrong pairs merged).",
        f"- Suggestions: {outcomes.get('suggested', 0)} reports "
        f"({outcomes.get('suggested', 0) / len(result.items):.1%}). Outcomes: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items())),
        "- Reports by story: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(stories.items()))
        + "; wrong pairs by look-alike: "
        + (", ".join(f"{k} {v}" for k, v in sorted(result.lookalikes.items())) or "none"),
        "",
    ]
    for name, rows in result.tables.items():
        lines += [
            f"| {name} | true pairs | merged pairs | precision | recall |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for key, c in sorted(rows.items(), key=lambda kv: -kv[1].true):
            lines.append(
                f"| {key} | {c.true:,} | {c.predicted:,} | {c.precision()} | {c.recall()} |"
            )
        lines.append("")
    return lines


def write_misses(result: Result, path: Path, limit: int = 400) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)

    def line(i: Item) -> str:
        payload = i.payload
        text = next(
            (str(payload[k]) for k in ("description", "summary", "details", "narrative")
             if k in payload), json.dumps(payload, ensure_ascii=False)[:160],
        )  # fmt: skip
        when = f"occ {i.occurred_at:%m-%d %H:%M} sent {i.sent_at:%m-%d %H:%M}"
        return (
            f"  - {i.id} {i.voice} {i.kind} {i.story} {when}\n    {text[:140]}\n"
            f"    @ {result.where.get(i.id, '')}\n"
            f"    -> {result.outcome_of.get(i.id)}: {result.why.get(i.id, '')[:300]}"
        )

    out = [f"# missed pairs ({len(result.missed)})", ""]
    for a, b in result.missed[:limit]:
        out += [line(a), line(b), ""]
    out += [f"# wrong pairs ({len(result.wrong)})", ""]
    for a, b in result.wrong[:limit]:
        out += [line(a), line(b), ""]
    path.write_text("\n".join(out), encoding="utf-8")


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=tuple(SEEDS), default="development")
    parser.add_argument("--misses", action="store_true", help="development part only")
    parser.add_argument(
        "--seed", type=int, help="another development stream (any seed but the held-out one)"
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.misses and args.part != "development":
        parser.error("misses of the held-out part are never written: it would stop being held out")
    if args.seed is not None and (args.part != "development" or args.seed == HELDOUT_SEED):
        parser.error("--seed picks another development stream, never the held-out one")
    seed = SEEDS[args.part] if args.seed is None else args.seed
    result = replay(build_stream(seed, START), DedupePolicy())
    command = f"python -m bench.fresh_dedupe.run --part {args.part}"
    lines = report(result, args.part, seed, command)
    print("\n".join(lines))
    if args.misses:
        path = MISSES / f"misses-development-{seed}.md"
        write_misses(result, path)
        print(f"misses written to {path}")
    if args.part == "heldout" and not args.no_write:
        write_section(SECTION, lines)
        print("written to docs/benchmarks.md")


if __name__ == "__main__":
    main()
