"""De-duplication quality offline, on the labelled scenarios (bench/scenarios): the tuning
bench, and the place the thresholds are calibrated.

The stream is replayed in sending order through the real code: each grid's adapter (or the
steps of POST /reports), the address registry, ``sighting_of`` and ``decide``, against an
in-memory index of the open cases' reports (the stream's own, dispatch/dedupe_index.py), as
the stream's record stage holds it. No broker, no database: seconds per run, so it is the
loop to tune in.
The figures that count come from bench/dedupe_hub.py, which sends the held-out stream
through the running hub.

    python bench/dedupe.py                      # tuning part: figures and score distributions
    python bench/dedupe.py --calibrate          # ... and fit the coefficients, pick thresholds
    python bench/dedupe.py --part development   # the development part
    python bench/dedupe.py --part heldout       # held-out part, offline (report only)

Calibration pools the tuning and development streams (CALIBRATION_STREAMS) and refuses the
held-out part: nothing about it may feed back into the scorer.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402
from bench.scenarios import (  # noqa: E402
    DEFAULT_INCIDENTS,
    DEFAULT_SEEDS,
    ScenarioReport,
    build_stream,
    describe,
    incident_report,
    scenario_registry,
    start_for,
    wire,
)
from bench.scenarios.evaluate import (  # noqa: E402
    Evaluation,
    evaluate,
    summary_lines,
    table,
)
from dispatch.dedupe import (  # noqa: E402
    COEFFICIENTS,
    TEXT_NEUTRAL,
    DedupePolicy,
    Outcome,
    Sighting,
    blocks,
    decide,
    reach_m,
    score,
    sighting_of,
    total,
    window_hours,
)
from dispatch.dedupe_index import OpenCaseIndex  # noqa: E402
from dispatch.recording import comparable_place  # noqa: E402
from grid.placing import Placer  # noqa: E402

FIXED_NOW = datetime(2026, 12, 1, tzinfo=UTC)  # offline runs do not depend on the clock


@dataclass
class Replay:
    case_of: dict[str, str]
    outcome_of: dict[str, str | None]
    sightings: list[tuple[ScenarioReport, Sighting | None]]
    seconds: float


def replay(reports: list[ScenarioReport], policy: DedupePolicy) -> Replay:
    """The stream through adapters, registry and ``decide``, as the record stage runs it."""
    placer = Placer(scenario_registry())
    start = start_for(reports, FIXED_NOW)
    index = OpenCaseIndex(partial(reach_m, policy=policy), partial(window_hours, policy=policy))
    window = timedelta(hours=policy.longest_window_hours)
    case_of: dict[str, str] = {}
    outcome_of: dict[str, str | None] = {}
    sightings: list[tuple[ScenarioReport, Sighting | None]] = []
    began = time.perf_counter()
    for sent in wire(reports, start):
        placed = placer.place(incident_report(sent), sent.sent_at)
        rid = sent.report.report_id
        if not comparable_place(placed):
            case_of[rid], outcome_of[rid] = f"case-{rid}", None
            sightings.append((sent.report, None))
            continue
        sighting = sighting_of(placed)
        decision = decide(sighting, index.around(sighting, window), policy)
        merged = decision.outcome is Outcome.MERGED and decision.case_id is not None
        case_id = decision.case_id if merged else f"case-{rid}"
        assert case_id is not None
        case_of[rid], outcome_of[rid] = case_id, decision.outcome.value
        index.add(case_id, sighting)
        sightings.append((sent.report, sighting))
    return Replay(case_of, outcome_of, sightings, time.perf_counter() - began)


@dataclass(frozen=True)
class Pair:
    same: bool
    parts: dict[str, float]
    kinds: tuple[str, str]
    story: str  # the look-alike story when the pair is false, else "incident"


def blocked_pairs(
    sightings: Iterable[tuple[ScenarioReport, Sighting | None]], policy: DedupePolicy
) -> list[Pair]:
    """Every pair of reports the stream compares (same or neighbouring cell, in the window,
    categories that can be one incident), labelled: what the scores are calibrated on. A
    pair is judged on its own, whatever else was merged."""
    index = OpenCaseIndex(partial(reach_m, policy=policy), partial(window_hours, policy=policy))
    window = timedelta(hours=policy.longest_window_hours)
    reported: dict[str, ScenarioReport] = {}
    pairs: list[Pair] = []
    for report, sighting in sightings:
        if sighting is None:
            continue
        for found in index.around(sighting, window):
            seen = found.sighting
            if not blocks(sighting, seen, policy):
                continue
            other = reported[found.case_id]
            same = other.incident == report.incident
            story = (
                "incident"
                if same
                else (report.story if report.story != "incident" else other.story)
            )
            kinds = tuple(sorted((report.kind, other.kind)))
            pairs.append(Pair(same, score(sighting, seen, policy), kinds, story))  # type: ignore[arg-type]
        key = f"r{len(reported)}"
        reported[key] = report
        index.add(key, sighting)
    return pairs


def percentiles(values: list[float]) -> str:
    if not values:
        return "none"
    q = np.percentile(values, [1, 5, 25, 50, 75, 95, 99])
    return " / ".join(f"{v:.3f}" for v in q)


def histogram(true: list[float], false: list[float]) -> list[str]:
    edges = [0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.98, 0.99, 1.0001]
    lines = ["| score | true pairs | false pairs |", "| --- | ---: | ---: |"]
    for low, high in itertools.pairwise(edges):
        t = sum(low <= v < high for v in true)
        f = sum(low <= v < high for v in false)
        lines.append(f"| {low:.2f}-{min(high, 1):.2f} | {t:,} | {f:,} |")
    return lines


def features(parts: dict[str, float]) -> list[float]:
    """The terms of the logistic model, as dispatch.dedupe.contributions computes them."""
    affinity = min(max(parts["category"], 0.02), 0.98)
    return [
        math.log(max(parts["place"], 1e-4)),
        math.log(max(parts["time"], 1e-4)),
        math.log(affinity / (1 - affinity)),
        parts["text"] - TEXT_NEUTRAL,
        (1 - parts["category"]) * (parts["text"] - TEXT_NEUTRAL),
        (1 - parts["category"]) * parts.get("agree", 0.0),
        -parts.get("clash", 0.0),
    ]


DECISIVE = 0.0  # fit on every compared pair


def fit_coefficients(pairs: list[Pair]) -> dict[str, float]:
    """Logistic regression of "one incident" on the evidence of the pairs the stream
    compares where a decision is to be made (neither place nor time already decisive), by
    Newton's method with a small ridge: the model's coefficients. Evidence may
    only speak in its own direction (closer, sooner, more related, more alike words: more
    likely one incident), so a coefficient that comes out negative is left out and the rest
    refitted."""
    names = ["bias", "place", "time", "category", "text", "text_broad", "agree", "clash"]
    pairs = [p for p in pairs if p.parts["place"] >= DECISIVE and p.parts["time"] >= DECISIVE]
    x_all = np.array([[1.0, *features(p.parts)] for p in pairs])
    y = np.array([1.0 if p.same else 0.0 for p in pairs])
    active = list(range(len(names)))
    while True:
        x = x_all[:, active]
        beta = np.zeros(len(active))
        ridge = 1e-2 * np.eye(len(active))
        ridge[0, 0] = 0
        for _ in range(100):
            p = 1 / (1 + np.exp(-x @ beta))
            gradient = x.T @ (y - p) - ridge @ beta
            hessian = -(x.T * (p * (1 - p))) @ x - ridge
            step = np.linalg.solve(hessian, gradient)
            beta -= step
            if np.abs(step).max() < 1e-9:
                break
        negative = [i for i, b in zip(active[1:], beta[1:], strict=True) if b < 0]
        if not negative:
            break
        active.remove(min(negative, key=lambda i: beta[active.index(i)]))
    fitted = dict.fromkeys(names, 0.0)
    for i, b in zip(active, beta, strict=True):
        fitted[names[i]] = round(float(b), 2)
    return fitted


# The streams whose compared pairs the calibration pools: three tuning streams and the
# development stream (the first held-out pool, seen once; docs/dedupe.md says why).
CALIBRATION_STREAMS = (("tuning", 11), ("tuning", 12), ("tuning", 13), ("development", 71))
MERGE_PRECISION = 0.99  # of the compared pairs above the merge threshold, this many true
MARGIN = 0.05  # ... and the threshold set this far above where that is first reached
GREY_TRUE_SHARE = 0.4  # a suggestion is worth a dispatcher's time when this many are true
# (of the pairs scoring within 0.1 above the suggest threshold)


def thresholds(true: list[float], false: list[float]) -> tuple[float, float]:
    """The merge and suggest thresholds by the calibration rule, on a 0.05 grid."""
    grid = [round(0.05 * i, 2) for i in range(2, 20)]
    reached = next(
        t
        for t in grid
        if sum(v >= t for v in true)
        >= MERGE_PRECISION * (sum(v >= t for v in true) + sum(v >= t for v in false))
    )
    merge_at = min(round(reached + MARGIN, 2), 0.95)
    suggest_at = merge_at
    for t in reversed([t for t in grid if t < merge_at]):
        top = min(t + 0.1, merge_at)  # the pairs a dispatcher would see just above t
        band_true = sum(t <= v < top for v in true)
        band_false = sum(t <= v < top for v in false)
        if band_true < GREY_TRUE_SHARE * (band_true + band_false):
            break
        suggest_at = t
    return merge_at, suggest_at


def calibrate(pairs: list[Pair]) -> tuple[list[str], list[str]]:
    """The calibration on the tuning pairs: a summary for docs/benchmarks.md, and the
    extremes (highest false pairs, lowest true pairs) to read when tuning."""
    true = [total(p.parts) for p in pairs if p.same]
    false = [total(p.parts) for p in pairs if not p.same]
    merge_at, suggest_at = thresholds(true, false)
    near_true = sum(abs(v - merge_at) < 0.05 for v in true)
    near_false = sum(abs(v - merge_at) < 0.05 for v in false)
    summary = [
        "### Calibration (tuning and development streams; never the held-out one)",
        "",
        "Pairs the stream compares on the streams "
        + ", ".join(f"{part} {seed}" for part, seed in CALIBRATION_STREAMS)
        + f": {len(true):,} true (one incident), {len(false):,} false (two).",
        "",
        f"- Fitted coefficients (logistic regression): `{fit_coefficients(pairs)}`; in use: "
        f"`{COEFFICIENTS}`.",
        f"- Score percentiles 1 / 5 / 25 / 50 / 75 / 95 / 99 of true pairs: {percentiles(true)}; "
        f"of false pairs: {percentiles(false)}.",
        f"- Rule: merge where the compared pairs above the threshold are >= {MERGE_PRECISION:.0%} "
        f"true, plus a margin of {MARGIN}; suggest from where at least {GREY_TRUE_SHARE:.0%} of "
        f"the pairs scoring up to 0.1 higher are true. It gives merge at {merge_at:.2f}, suggest "
        f"at {suggest_at:.2f} (in use: {DedupePolicy.merge_at}, {DedupePolicy.suggest_at}).",
        f"- Within 0.05 of the merge threshold: {near_true} true pairs "
        f"({near_true / len(true):.1%}) and {near_false} false ({near_false / len(false):.2%}).",
        "",
        "| threshold | true pairs kept | false pairs above | pair precision |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for threshold in (0.3, 0.5, 0.55, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99):
        kept_true = sum(v >= threshold for v in true)
        kept_false = sum(v >= threshold for v in false)
        precision = kept_true / (kept_true + kept_false) if kept_true + kept_false else 1.0
        summary.append(
            f"| {threshold:.2f} | {kept_true / len(true):.3f} | {kept_false:,} | {precision:.4f} |"
        )
    detail = ["", "Highest-scoring false pairs:"]
    for p in sorted((p for p in pairs if not p.same), key=lambda p: -total(p.parts))[:15]:
        detail.append(f"  {total(p.parts):.3f} {p.kinds} {p.story} {p.parts}")
    detail += ["", "Lowest-scoring true pairs:"]
    for p in sorted((p for p in pairs if p.same), key=lambda p: total(p.parts))[:15]:
        detail.append(f"  {total(p.parts):.3f} {p.kinds} {p.parts}")
    return summary, detail


def run(
    part: str, seed: int, incidents: int, policy: DedupePolicy
) -> tuple[Evaluation, Replay, list[Pair]]:
    reports = build_stream(part, seed, incidents)
    result = replay(reports, policy)
    evaluation = evaluate(reports, result.case_of, result.outcome_of)
    pairs = blocked_pairs(result.sightings, policy)
    return evaluation, result, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("tuning", "development", "heldout"), default="tuning")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--incidents", type=int)
    parser.add_argument("--merge-at", type=float, default=DedupePolicy.merge_at)
    parser.add_argument("--suggest-at", type=float, default=DedupePolicy.suggest_at)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.calibrate and args.part == "heldout":
        parser.error("calibration never uses the held-out part")
    seed = DEFAULT_SEEDS[args.part] if args.seed is None else args.seed
    incidents = DEFAULT_INCIDENTS[args.part] if args.incidents is None else args.incidents
    policy = DedupePolicy(merge_at=args.merge_at, suggest_at=args.suggest_at)
    evaluation, result, pairs = run(args.part, seed, incidents, policy)
    reports = build_stream(args.part, seed, incidents)
    counts = describe(reports)
    true = [total(p.parts) for p in pairs if p.same]
    false = [total(p.parts) for p in pairs if not p.same]
    shown = [a for a in sys.argv[1:] if a != "--no-write"]
    command = " ".join(["python bench/dedupe.py", *shown])
    lines = [
        f"## De-duplication offline ({args.part} part of the labelled scenarios)",
        "",
        f"Command: `{command}`",
        "",
        f"{counts['reports']:,} reports of {counts['incidents']:,} incidents (seed {seed}, "
        f"{counts['api_reports']:,} through POST /reports), replayed in sending order through the "
        f"adapters, the registry and `decide` against an in-memory index of open cases "
        f"(merge at {policy.merge_at}, suggest at {policy.suggest_at}); "
        f"{len(reports) / result.seconds:,.0f} reports/s on one core.",
        "",
        *summary_lines(evaluation),
        "",
        *table("incident kind", evaluation.by_kind),
        "",
        *table("sources", evaluation.by_sources),
        "",
        *table("density", evaluation.by_density),
        "",
        "Scores of the pairs the stream compares (true: one incident; false: two):",
        "",
        *histogram(true, false),
    ]
    print("\n".join(lines))
    print("\nkinds wrongly merged:", evaluation.wrong_pairs.most_common(12))
    if args.calibrate:
        for part, extra in CALIBRATION_STREAMS:
            if (part, extra) != (args.part, seed):
                pairs += run(part, extra, DEFAULT_INCIDENTS[part], policy)[2]
        summary, detail = calibrate(pairs)
        print("\n".join(["", *summary, *detail]))
        lines += ["", *summary]
    if not args.no_write:
        write_section(f"dedupe-offline-{args.part}", lines)


if __name__ == "__main__":
    main()
