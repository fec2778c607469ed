"""Cross-grid de-duplication: is a new report the same incident as an open case? Pure.

Blocking (which cases are candidates at all): a report of an open case of the same category family
(grid/categories.py FAMILIES: an environment "illegal discharge" and an urban "sewer
overflow" are one family), reported within the time window, placed in the report's grid cell
or a neighbouring one (or, with points, within the distance limit).

Scoring (0..1), the weighted sum of:
  place     1 - metres/limit between the points; without points: same standard address 1,
            same cell 0.7, a neighbouring cell 0.5. Two different standard addresses (another
            door on the same street) count half: neighbours are not one incident.
  time      1 - gap/window
  category  the same category 1, the same family 0.8
  text      similarity of the two descriptions (rapidfuzz partial ratio)

A case scores as its best-matching report, so an incident's reports may arrive in any order.
Three outcomes: merge at or above ``merge_at``, suggest to the dispatcher (possible duplicate)
at or above ``suggest_at``, otherwise a new case. The decision, the score, its parts, the
rule and every candidate considered are kept with the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz

from contracts.placement import PlacedReport
from grid.categories import category_family
from grid.coords import distance_m

WEIGHTS = {"place": 0.4, "time": 0.25, "category": 0.2, "text": 0.15}


class Outcome(StrEnum):
    NEW = "new"
    MERGED = "merged"
    SUGGESTED = "suggested"


@dataclass(frozen=True)
class DedupePolicy:
    merge_at: float = 0.78
    suggest_at: float = 0.55
    window_hours: float = 48.0
    distance_limit_m: float = 300.0


@dataclass(frozen=True)
class Sighting:
    """What dedupe needs to know of a report, or of a case's first report."""

    category: str
    at: datetime
    text: str
    point: tuple[float, float] | None = None  # WGS-84
    cell: str | None = None
    address_id: str | None = None
    nearby_cells: frozenset[str] = frozenset()  # its cell and the cells around it

    @property
    def family(self) -> str:
        return category_family(self.category)

    def as_data(self) -> dict[str, Any]:
        """Plain JSON-able data, stored with the report so the stream can reload it."""
        return {
            "category": self.category,
            "at": self.at.isoformat(),
            "text": self.text,
            "point": list(self.point) if self.point else None,
            "cell": self.cell,
            "address_id": self.address_id,
            "nearby_cells": sorted(self.nearby_cells),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Sighting:
        point = data.get("point")
        return cls(
            category=data["category"],
            at=datetime.fromisoformat(data["at"]),
            text=data.get("text") or "",
            point=(float(point[0]), float(point[1])) if point else None,
            cell=data.get("cell"),
            address_id=data.get("address_id"),
            nearby_cells=frozenset(data.get("nearby_cells") or ()),
        )


@dataclass(frozen=True)
class Candidate:
    case_id: str
    sighting: Sighting


@dataclass(frozen=True)
class Scored:
    case_id: str
    score: float
    parts: dict[str, float]

    def as_data(self) -> dict[str, object]:
        return {"case_id": self.case_id, "score": round(self.score, 4), "parts": self.parts}


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    case_id: str | None  # the case merged into, or the best suggestion
    score: float
    rule: str
    candidates: list[Scored] = field(default_factory=list)

    def as_data(self) -> dict[str, object]:
        return {
            "outcome": self.outcome.value,
            "case_id": self.case_id,
            "score": round(self.score, 4),
            "rule": self.rule,
            "candidates": [c.as_data() for c in self.candidates],
        }


def blocks(report: Sighting, case: Sighting, policy: DedupePolicy) -> bool:
    """Whether a case is a candidate at all for the report."""
    if report.family != case.family:
        return False
    if abs((report.at - case.at).total_seconds()) > policy.window_hours * 3600:
        return False
    if report.point and case.point:
        return distance_m(report.point, case.point) <= policy.distance_limit_m
    if report.cell and case.cell:
        return case.cell in report.nearby_cells or report.cell in case.nearby_cells
    return False


def score(report: Sighting, case: Sighting, policy: DedupePolicy) -> dict[str, float]:
    if report.point and case.point:
        metres = distance_m(report.point, case.point)
        place = max(0.0, 1.0 - metres / policy.distance_limit_m)
    elif report.address_id and report.address_id == case.address_id:
        place = 1.0
    elif report.cell and report.cell == case.cell:
        place = 0.7
    else:
        place = 0.5
    if report.address_id and case.address_id and report.address_id != case.address_id:
        place *= 0.5  # another door: a neighbour's problem, not this one
    gap_hours = abs((report.at - case.at).total_seconds()) / 3600
    time = max(0.0, 1.0 - gap_hours / policy.window_hours)
    category = 1.0 if report.category == case.category else 0.8
    text = fuzz.partial_ratio(report.text, case.text) / 100.0 if report.text and case.text else 0
    return {
        "place": round(place, 4),
        "time": round(time, 4),
        "category": category,
        "text": round(text, 4),
    }


def total(parts: dict[str, float]) -> float:
    return sum(WEIGHTS[name] * value for name, value in parts.items())


def decide(report: Sighting, candidates: Sequence[Candidate], policy: DedupePolicy) -> Decision:
    """A case may come as several candidates (one per report in it): its best report counts,
    so the result does not depend on which of an incident's reports came first."""
    best_per_case: dict[str, Scored] = {}
    for candidate in candidates:
        if not blocks(report, candidate.sighting, policy):
            continue
        parts = score(report, candidate.sighting, policy)
        scored_one = Scored(candidate.case_id, total(parts), parts)
        known = best_per_case.get(candidate.case_id)
        if known is None or scored_one.score > known.score:
            best_per_case[candidate.case_id] = scored_one
    scored = sorted(best_per_case.values(), key=lambda s: (-s.score, s.case_id))
    if not scored:
        return Decision(Outcome.NEW, None, 0.0, "no open case of the family nearby in time")
    best = scored[0]
    if best.score >= policy.merge_at:
        rule = f"score {best.score:.2f} >= merge threshold {policy.merge_at}"
        return Decision(Outcome.MERGED, best.case_id, best.score, rule, scored)
    if best.score >= policy.suggest_at:
        rule = f"score {best.score:.2f} in the grey zone [{policy.suggest_at}, {policy.merge_at})"
        return Decision(Outcome.SUGGESTED, best.case_id, best.score, rule, scored)
    rule = f"best score {best.score:.2f} < suggest threshold {policy.suggest_at}"
    return Decision(Outcome.NEW, None, best.score, rule, scored)


def sighting_of(placed: PlacedReport) -> Sighting:
    point = placed.placement.point
    return Sighting(
        category=placed.report.category,
        at=placed.report.reported_at,
        text=placed.report.description,
        point=(point.lon, point.lat) if point else None,
        cell=placed.placement.cell,
        address_id=placed.placement.address_id,
        nearby_cells=frozenset(placed.placement.nearby_cells),
    )
