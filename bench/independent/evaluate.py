"""Scoring against the independent labels: pure functions, no I/O.

De-duplication is scored on pairs of reports: a pair the hub put in one case is predicted; a
pair of one labelled incident is true. Precision = true predicted pairs / predicted pairs,
recall = true predicted pairs / true pairs. A report whose outcome is "suggested" opens a case
of its own until a dispatcher decides, so it counts as not merged.

Addresses are scored on the one answer the resolver gives (top-1), by the labelling rules of
bench/independent/addresses.py; a wrong answer with status "placed" and confidence >= 0.9 is
confidently wrong.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import combinations
from typing import Any

from bench.independent.addresses import AddressItem
from bench.independent.stream import Incident, LabelledReport

ReportKey = tuple[str, str]  # (grid, source_event_id): how the hub's database names a report
CONFIDENT = 0.9


def key_of(report: LabelledReport) -> ReportKey:
    return (report.grid, report.source_event_id)


@dataclass
class PairCounts:
    true: int = 0
    predicted: int = 0
    hits: int = 0

    @property
    def precision(self) -> float | None:
        return self.hits / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.true if self.true else None


@dataclass
class DedupeResult:
    reports: int
    overall: PairCounts
    suggested: int
    outcomes: Counter[str]
    missing: int  # labelled reports the database did not have in a case
    by_kind: dict[str, PairCounts]
    by_grid_pair: dict[str, PairCounts]
    by_channel_pair: dict[str, PairCounts]
    by_density: dict[str, PairCounts]
    late: dict[str, PairCounts]
    lookalike_merges: dict[str, tuple[int, int]]  # type -> (pairs merged, pairs offered)
    missed_pairs: list[tuple[LabelledReport, LabelledReport]] = field(default_factory=list)
    wrong_pairs: list[tuple[LabelledReport, LabelledReport]] = field(default_factory=list)

    @property
    def suggested_share(self) -> float:
        return self.suggested / self.reports if self.reports else 0.0


def _pair_name(a: str, b: str) -> str:
    return " + ".join(sorted((a, b)))


def _count(
    buckets: dict[str, PairCounts],
    names: Iterable[str],
    *,
    true: bool,
    predicted: bool,
) -> None:
    for name in set(names):
        counts = buckets.setdefault(name, PairCounts())
        counts.true += true
        counts.predicted += predicted
        counts.hits += true and predicted


def _is_late(report: LabelledReport) -> bool:
    return report.sent_at - report.observed_at > timedelta(hours=1) or not report.occurred_given


def evaluate_dedupe(
    reports: list[LabelledReport],
    incidents: list[Incident],
    case_of: dict[ReportKey, str | None],
    outcome_of: dict[ReportKey, str | None],
) -> DedupeResult:
    """Score the hub's grouping (``case_of``: report -> case id) against the labels."""
    missing = sum(1 for r in reports if case_of.get(key_of(r)) is None)

    def case(r: LabelledReport) -> str:
        return case_of.get(key_of(r)) or f"alone:{r.grid}:{r.source_event_id}"

    by_kind: dict[str, PairCounts] = {}
    by_grid: dict[str, PairCounts] = {}
    by_channel: dict[str, PairCounts] = {}
    by_density: dict[str, PairCounts] = {}
    late: dict[str, PairCounts] = {}
    overall = PairCounts()
    offered: Counter[str] = Counter()
    merged: Counter[str] = Counter()
    missed: list[tuple[LabelledReport, LabelledReport]] = []
    wrong: list[tuple[LabelledReport, LabelledReport]] = []
    # Candidate pairs: every true pair, and every pair the hub put in one case.
    by_incident: dict[str, list[LabelledReport]] = defaultdict(list)
    by_case: dict[str, list[LabelledReport]] = defaultdict(list)
    for r in reports:
        by_incident[r.incident_id].append(r)
        by_case[case(r)].append(r)
    seen: set[tuple[ReportKey, ReportKey]] = set()
    pairs: list[tuple[LabelledReport, LabelledReport]] = []
    for group in (*by_incident.values(), *by_case.values()):
        for a, b in combinations(group, 2):
            ident = tuple(sorted((key_of(a), key_of(b))))
            if ident not in seen:
                seen.add(ident)  # type: ignore[arg-type]
                pairs.append((a, b))
    for a, b in pairs:
        true = a.incident_id == b.incident_id
        predicted = case(a) == case(b)
        overall.true += true
        overall.predicted += predicted
        overall.hits += true and predicted
        _count(by_kind, (a.kind, b.kind), true=true, predicted=predicted)
        _count(by_grid, [_pair_name(a.grid, b.grid)], true=true, predicted=predicted)
        _count(by_channel, [_pair_name(a.channel, b.channel)], true=true, predicted=predicted)
        density = a.density if a.density == b.density else "across densities"
        _count(by_density, [density], true=true, predicted=predicted)
        if true:
            name = "a report sent late" if (_is_late(a) or _is_late(b)) else "both sent at once"
            _count(late, [name], true=true, predicted=predicted)
            if not predicted:
                missed.append((a, b))
        elif predicted:
            wrong.append((a, b))
    # Look-alike pairs: every report of an incident against every report of its partner.
    for incident in incidents:
        if incident.partner is None:
            continue
        for a in by_incident[incident.incident_id]:
            for b in by_incident[incident.partner]:
                kind = incident.lookalike or "?"
                offered[kind] += 1
                merged[kind] += case(a) == case(b)
    outcomes = Counter(str(outcome_of.get(key_of(r))) for r in reports)
    return DedupeResult(
        reports=len(reports),
        overall=overall,
        suggested=outcomes.get("suggested", 0),
        outcomes=outcomes,
        missing=missing,
        by_kind=by_kind,
        by_grid_pair=by_grid,
        by_channel_pair=by_channel,
        by_density=by_density,
        late=late,
        lookalike_merges={k: (merged[k], offered[k]) for k in sorted(offered)},
        missed_pairs=missed,
        wrong_pairs=wrong,
    )


def fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def pair_table(title: str, rows: dict[str, PairCounts]) -> list[str]:
    lines = [
        f"| {title} | true pairs | merged pairs | correct | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in sorted(rows, key=lambda n: (-rows[n].true, n)):
        c = rows[name]
        lines.append(
            f"| {name} | {c.true:,} | {c.predicted:,} | {c.hits:,} | {fmt(c.precision)} "
            f"| {fmt(c.recall)} |"
        )
    return lines


# ------------------------------------------------------------------ addresses


@dataclass(frozen=True)
class Verdict:
    correct: bool
    confidently_wrong: bool


def judge(item: AddressItem, placement: dict[str, Any]) -> Verdict:
    """Is the resolver's answer (a Placement as a dict) what the label says?"""
    status = placement.get("status")
    expected = item.expected
    address = placement.get("address_id")
    precision = placement.get("precision")
    if expected.kind == "address":
        correct = address == expected.code
    elif expected.kind == "cell":
        correct = placement.get("cell") == expected.code
    elif expected.kind == "community":
        correct = placement.get("community") == expected.code and address is None
    elif expected.kind == "township":
        correct = placement.get("township") == expected.code and precision == "township"
    elif expected.kind == "unplaced":
        correct = status == "unplaced"
    elif expected.kind == "not_placed":
        correct = status != "placed" and address is None
    else:
        raise ValueError(expected.kind)
    confident = status == "placed" and float(placement.get("confidence") or 0) >= CONFIDENT
    return Verdict(correct, (not correct) and confident)


@dataclass
class AddressResult:
    items: int
    correct: int
    confidently_wrong: int
    by_writing: dict[
        str, tuple[int, int, int]
    ]  # writing kind -> (items, correct, confidently wrong)
    by_expected: dict[str, tuple[int, int, int]]
    misses: list[tuple[AddressItem, dict[str, Any], Verdict]]

    @property
    def accuracy(self) -> float:
        return self.correct / self.items if self.items else 0.0


def evaluate_addresses(
    items: list[AddressItem], resolve: Callable[[AddressItem], dict[str, Any]]
) -> AddressResult:
    by_writing: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_expected: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    correct = confident = 0
    for item in items:
        placement = resolve(item)
        verdict = judge(item, placement)
        for bucket in (by_writing[item.writing], by_expected[item.expected.kind]):
            bucket[0] += 1
            bucket[1] += verdict.correct
            bucket[2] += verdict.confidently_wrong
        correct += verdict.correct
        confident += verdict.confidently_wrong
        if not verdict.correct:
            misses.append((item, placement, verdict))
    return AddressResult(
        items=len(items),
        correct=correct,
        confidently_wrong=confident,
        by_writing={k: (v[0], v[1], v[2]) for k, v in by_writing.items()},
        by_expected={k: (v[0], v[1], v[2]) for k, v in by_expected.items()},
        misses=misses,
    )


def spread(items: list[Any], bucket: Callable[[Any], Hashable], limit: int) -> list[Any]:
    """Up to ``limit`` items, taken round-robin across buckets (in the items' order)."""
    groups: dict[Hashable, list[Any]] = defaultdict(list)
    for item in items:
        groups[bucket(item)].append(item)
    chosen: list[Any] = []
    while len(chosen) < limit and any(groups.values()):
        for name in list(groups):
            if groups[name] and len(chosen) < limit:
                chosen.append(groups[name].pop(0))
    return chosen
