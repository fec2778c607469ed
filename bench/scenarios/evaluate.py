"""Pairwise precision and recall of a grouping of reports into cases against the labels,
overall and per incident kind, per pair of sources, per density and per look-alike story,
plus the share of reports a dispatcher was asked about (suggestions)."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bench.scenarios.generate import ScenarioReport


def source_of(report: ScenarioReport) -> str:
    """The grid's own system, or "api" for POST /reports (grid workers and citizens)."""
    return report.grid if report.channel == "native" else "api"


def _pairs(groups: Mapping[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for item, group in groups.items():
        members[group].append(item)
    return {pair for items in members.values() for pair in itertools.combinations(sorted(items), 2)}


@dataclass
class Tally:
    true_pairs: int = 0
    predicted_pairs: int = 0
    hits: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    reports: int
    incidents: int
    overall: Tally
    by_kind: dict[str, Tally]
    by_sources: dict[str, Tally]
    by_density: dict[str, Tally]
    outcomes: Counter[str]
    lookalikes: dict[str, tuple[int, int]]  # story -> (look-alike reports, wrongly merged)
    wrong_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # kinds merged

    @property
    def suggestion_share(self) -> float:
        return self.outcomes.get("suggested", 0) / self.reports if self.reports else 0.0


def evaluate(
    reports: Iterable[ScenarioReport],
    case_of: Mapping[str, str],
    outcome_of: Mapping[str, str | None],
) -> Evaluation:
    """``case_of``: report id -> case id (every report); ``outcome_of``: report id -> the
    de-duplication outcome ("new", "merged", "suggested", or None when not decided)."""
    stream = list(reports)
    by_id = {r.report_id: r for r in stream}
    truth = _pairs({r.report_id: r.incident for r in stream})
    predicted = _pairs({r.report_id: case_of[r.report_id] for r in stream})
    hits = truth & predicted

    def tally(key_of: object) -> dict[str, Tally]:
        found: dict[str, Tally] = defaultdict(Tally)
        for pair in truth:
            for key in key_of(pair):  # type: ignore[operator]
                found[key].true_pairs += 1
                found[key].hits += pair in hits
        for pair in predicted:
            for key in key_of(pair):  # type: ignore[operator]
                found[key].predicted_pairs += 1
        return dict(sorted(found.items()))

    def kinds(pair: tuple[str, str]) -> set[str]:
        return {by_id[pair[0]].kind, by_id[pair[1]].kind}

    def sources(pair: tuple[str, str]) -> set[str]:
        a, b = sorted((source_of(by_id[pair[0]]), source_of(by_id[pair[1]])))
        return {f"{a} × {b}"}

    def densities(pair: tuple[str, str]) -> set[str]:
        return {by_id[pair[0]].density, by_id[pair[1]].density}

    incidents_in: dict[str, set[str]] = defaultdict(set)
    for r in stream:
        incidents_in[case_of[r.report_id]].add(r.incident)
    lookalikes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in stream:
        if r.story == "incident":
            continue
        lookalikes[r.story][0] += 1
        # Wrongly merged: in one case with a report of another incident.
        lookalikes[r.story][1] += len(incidents_in[case_of[r.report_id]]) > 1
    wrong = Counter(tuple(sorted((by_id[a].kind, by_id[b].kind))) for a, b in predicted - truth)
    return Evaluation(
        reports=len(stream),
        incidents=len({r.incident for r in stream}),
        overall=Tally(len(truth), len(predicted), len(hits)),
        by_kind=tally(kinds),
        by_sources=tally(sources),
        by_density=tally(densities),
        outcomes=Counter(str(outcome_of.get(r.report_id)) for r in stream),
        lookalikes={k: (v[0], v[1]) for k, v in sorted(lookalikes.items())},
        wrong_pairs=wrong,  # type: ignore[arg-type]
    )


def table(title: str, tallies: Mapping[str, Tally]) -> list[str]:
    lines = [
        f"| {title} | true pairs | merged pairs | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key, t in tallies.items():
        lines.append(
            f"| {key} | {t.true_pairs:,} | {t.predicted_pairs:,} | {t.precision:.3f} | "
            f"{t.recall:.3f} |"
        )
    return lines


def summary_lines(e: Evaluation) -> list[str]:
    o = e.outcomes
    looks = ", ".join(f"{story} {wrong}/{count}" for story, (count, wrong) in e.lookalikes.items())
    return [
        "| measure | value |",
        "| --- | --- |",
        f"| reports / incidents | {e.reports:,} / {e.incidents:,} |",
        f"| **pairwise precision** | **{e.overall.precision:.3f}** |",
        f"| **pairwise recall** | **{e.overall.recall:.3f}** |",
        f"| F1 | {e.overall.f1:.3f} |",
        f"| same-incident pairs: true / merged / both | {e.overall.true_pairs:,} / "
        f"{e.overall.predicted_pairs:,} / {e.overall.hits:,} |",
        f"| decisions: new / merged / suggested / not decided | {o.get('new', 0):,} / "
        f"{o.get('merged', 0):,} / {o.get('suggested', 0):,} / {o.get('None', 0):,} |",
        f"| **suggestions (grey zone), share of reports** | **{e.suggestion_share:.1%}** |",
        f"| look-alikes wrongly merged (of sent) | {looks} |",
    ]
