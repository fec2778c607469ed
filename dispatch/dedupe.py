"""Cross-grid de-duplication: is a new report the same incident as an open case? Pure.

Blocking (which reports are compared at all): reports of open cases in the report's grid
cell or a cell touching it, whose incident happened within the window (``window_hours``) of
this one, and, when both can be located, within ``distance_limit_m``. A report placed only
to a village or community (no cell: the registry found no closer place) is compared with
the reports of that village or community, and with those of its township that name the same
spot in their words (a licence plate, a door number, a named shop: ``marks``). No wall between
category families: a pair is compared unless its categories can never describe one incident
(affinity 0 in grid/affinity.py, e.g. a street light and a price complaint).

Time is the incident's **event time**: when the reporter says it happened (``occurred_at``),
not when the report was sent (a phone syncs late, a hotline ticket is typed an hour later, a
grid's system replays a backlog). A report whose occurred_at lies after the hub received it
(beyond ``CLOCK_SKEW``: a device clock is wrong) is matched on the time received instead, and
one that happened more than ``MAX_AGE`` before it was received is matched as it says but
flagged; both carry a note in the decision. The time received is kept (the SLA clock).

The evidence, each 0..1:
  place     how close: ``closeness(metres, scale)`` = 1 / (1 + (metres/scale)^3), with the
            scale of the pair's categories (grid/affinity.py: 60 m for a pothole, 300 m for
            night noise heard from homes around the site). Metres between the reporters'
            points, or a report's standard address (or the crossing it names) when it has no
            point; the same standard
            address is one spot. Without locations: the next door number 30 m, one grid
            cell 250 m, neighbouring cells 500 m, one village or community 500 m, one
            township 3 km: the coarser the place, the lower the evidence, so category, time
            and words must carry the match. Words that pin the spot count as place: both
            name one plate, door or named shop 20 m, one kind of premises a village rarely
            has two of (its 垃圾中转站, its 养猪场) 100 m, one side of it (村东) 250 m;
            opposite sides (村东 / 村西) never count as one landmark.
  time      1 / (1 + (hours/scale)^2), with the hours one incident of the pair keeps being
            reported (48 h for a pothole, 5 h for night noise).
  category  the categories' affinity (the graded table across the four taxonomies).
  text      how alike the descriptions are (dispatch/incident_text.py), without the words
            both categories' names say anyway.
  agree     both name the same thing (井盖); clash: each names a different thing (井盖 / 坑).
The score is a logistic model of that evidence (``COEFFICIENTS``, fitted on labelled
scenarios): the probability that the two reports are one incident. The less the categories
say, the more the words count; a far place or a clash outweighs alike words. A case scores as
its best-matching report, so an incident's reports may arrive in any order.

Three outcomes: merge at or above ``merge_at``; at or above ``suggest_at`` the report opens a
case marked as a possible duplicate for a dispatcher; below, a new case. The thresholds are
calibrated on labelled scenarios, never on their held-out part (bench/dedupe.py,
docs/dedupe.md). The decision, the score, its parts, the reason in words, and every case
considered are kept with the report.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache, cached_property, lru_cache
from typing import Any

from contracts.placement import PlacedReport, Placement
from dispatch.incident_text import (
    Marks,
    SharedMarks,
    Terms,
    clash,
    concept_names,
    concepts_of,
    marks,
    named_apart,
    shared_marks,
    similarity,
    specific,
    terms,
    without_place,
)
from dispatch.said_time import when_it_happened
from grid.affinity import Extent, Link, extent, extent_of, link
from grid.categories import category_family, category_label
from grid.coords import distance_m

# The logistic model's coefficients, fitted on the tuning and development scenarios
# (bench/dedupe.py --calibrate; docs/dedupe.md). log-odds = bias + place * log(place)
# + time * log(time) + category * logit(affinity) + (text + text_broad * (1 - affinity))
# * (similarity - TEXT_NEUTRAL) + agree * (1 - affinity) * (both name one thing) - clash *
# (they name different things): the less the categories say, the more the words count.
COEFFICIENTS = {
    "bias": 3.26,
    "place": 5.1,
    "time": 3.46,
    "category": 1.27,
    "text": 0.0,
    "text_broad": 12.11,
    "agree": 4.4,
    "clash": 5.97,
}
TEXT_NEUTRAL = 0.25  # words this alike neither speak for nor against one incident
NEXT_DOOR = 1  # numbers this far apart on one street are next door (odd and even face)
NEXT_DOOR_M = 30.0  # ... and about this far apart
CELL_ACROSS_M = 250.0  # two places known only by one grid cell are about this far apart
NEIGHBOUR_CELLS_M = 500.0  # ... and by two neighbouring cells
AREA_ACROSS_M = 500.0  # ... and by one village or community (no cell, no point)
TOWNSHIP_ACROSS_M = 3000.0  # ... and by one township
# Where the words put two reports that the registry could place only coarsely
# (dispatch/incident_text.py ``marks``): the same plate, door or named premises is one spot;
# the same kind of premises (a village's 垃圾中转站) is a landmark of the area; the same side
# of a village is half of it.
NO_MARKS = Marks()
SPOT_M = 20.0
LANDMARK_M = 100.0
SIDE_M = 250.0
CLOCK_SKEW = timedelta(minutes=5)  # a device clock this far ahead of the hub is still right
MAX_AGE = timedelta(days=30)  # older than this when received: a backfill, flagged
LASTING_TIME_SCALE_H = 168.0  # a lasting problem's time evidence is one half a week on
# Words that make a lasting thing's report an episode: a heap stays until it is cleared, but
# a fire at the heap is an afternoon's, as smoke is; the heap burning again three days later
# is another fire.
EPISODE_WORDS = {"焚烧": "environment.smoke"}  # a thing (``Terms.things``): its category
EXPLAINED = 3  # the best cases of a decision say in words why they scored as they did
RECORDED = 10  # cases considered that a decision keeps, best first


class Outcome(StrEnum):
    NEW = "new"
    MERGED = "merged"
    SUGGESTED = "suggested"


@dataclass(frozen=True)
class DedupePolicy:
    merge_at: float = 0.85
    suggest_at: float = 0.45
    window_hours: float = 48.0
    # A lasting problem (a cover, a pothole, a heap) is there until someone fixes it: while
    # its case is open (only open cases are candidates), a report of it days later is the
    # same incident. An episode (smoke, noise tonight) keeps the shorter window.
    lasting_window_hours: float = 168.0
    distance_limit_m: float = 1000.0

    @property
    def longest_window_hours(self) -> float:
        """The longest window any pair is compared over (what memory must hold)."""
        return max(self.window_hours, self.lasting_window_hours)


_DOOR = re.compile(r"^(?P<street>.*?)(?P<number>\d+)号(?P<building>楼)?")


@dataclass(frozen=True)
class Door:
    """A standard address read as a number along its street (or a building in its compound).
    How far apart two numbers are differs from street to street (a village may number one
    house in two hundred metres), so only "the next door" is read from numbers."""

    street: str
    number: int
    building: bool

    def next_to(self, other: Door) -> bool:
        return (
            self.street == other.street
            and self.building == other.building
            and abs(self.number - other.number) <= NEXT_DOOR
        )


def door_of(address: str | None) -> Door | None:
    """黄河路12号 -> (黄河路, 12); 益天小区4号楼3单元 -> (益天小区, building 4)."""
    if not address:
        return None
    found = _DOOR.match(address)
    if found is None:
        return None
    return Door(found["street"], int(found["number"]), bool(found["building"]))


@dataclass(frozen=True)
class Sighting:
    """What de-duplication knows of one report: stored with it (``as_data``) so the stream
    can reload it (``from_data``)."""

    category: str
    at: datetime  # the incident's event time (the latest it may have happened, see earliest)
    text: str  # the description without its place words
    point: tuple[float, float] | None = None  # WGS-84
    cell: str | None = None
    address_id: str | None = None
    nearby_cells: frozenset[str] = frozenset()  # its cell and the cells around it
    address: str | None = None  # the standard address's text, when placed to one
    received_at: datetime | None = None  # when the hub got it (the SLA clock's start)
    grid: str | None = None
    clock_note: str | None = None  # why ``at`` is not simply what the report said
    address_point: tuple[float, float] | None = None  # WGS-84, of the standard address
    community: str | None = None  # the village or community code, when placed that far
    township: str | None = None  # the township code, when placed that far
    marks: Marks = NO_MARKS  # what pins its spot in its words (a plate, a door, a shop)
    # When the report gave no time of its own, the incident happened between this and ``at``
    # (dispatch/said_time.py); None: at ``at``.
    earliest: datetime | None = None

    @property
    def location(self) -> tuple[float, float] | None:
        """Where it is: the reporter's point, else the standard address's."""
        return self.point or self.address_point

    @property
    def family(self) -> str:
        """The category family (a reporting dimension; de-duplication does not block on it)."""
        return category_family(self.category)

    @cached_property
    def epoch(self) -> float:
        """``at`` in seconds, for quick comparisons."""
        return self.at.timestamp()

    @cached_property
    def earliest_epoch(self) -> float:
        """The earliest the incident may have happened, in seconds."""
        return self.earliest.timestamp() if self.earliest is not None else self.epoch

    @cached_property
    def terms(self) -> Terms:
        return terms(self.text)

    @cached_property
    def door(self) -> Door | None:
        return door_of(self.address)

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
            "address": self.address,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "grid": self.grid,
            "clock_note": self.clock_note,
            "address_point": list(self.address_point) if self.address_point else None,
            "community": self.community,
            "township": self.township,
            "marks": self.marks.as_data(),
            "earliest": self.earliest.isoformat() if self.earliest else None,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Sighting:
        """The inverse of ``as_data``; data stored before a field existed reads as without it."""
        point = data.get("point")
        address_point = data.get("address_point")
        received = data.get("received_at")
        earliest = data.get("earliest")
        return cls(
            category=data["category"],
            at=datetime.fromisoformat(data["at"]),
            text=data.get("text") or "",
            point=(float(point[0]), float(point[1])) if point else None,
            cell=data.get("cell"),
            address_id=data.get("address_id"),
            nearby_cells=frozenset(data.get("nearby_cells") or ()),
            address=data.get("address"),
            received_at=datetime.fromisoformat(received) if received else None,
            grid=data.get("grid"),
            clock_note=data.get("clock_note"),
            address_point=(
                (float(address_point[0]), float(address_point[1])) if address_point else None
            ),
            community=data.get("community"),
            township=data.get("township"),
            marks=Marks.from_data(data.get("marks")),
            earliest=datetime.fromisoformat(earliest) if earliest else None,
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
    why: str = ""

    def as_data(self) -> dict[str, object]:
        return {
            "case_id": self.case_id,
            "score": round(self.score, 4),
            "parts": self.parts,
            "why": self.why,
        }


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    case_id: str | None  # the case merged into, or the best suggestion
    score: float
    rule: str
    candidates: list[Scored] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. a clock that was wrong

    def as_data(self) -> dict[str, object]:
        """What is stored with the report: the best ``RECORDED`` cases considered (in a
        dense place there may be dozens), and how many there were."""
        data: dict[str, object] = {
            "outcome": self.outcome.value,
            "case_id": self.case_id,
            "score": round(self.score, 4),
            "rule": self.rule,
            "candidates": [c.as_data() for c in self.candidates[:RECORDED]],
        }
        if len(self.candidates) > RECORDED:
            data["candidates_considered"] = len(self.candidates)
        if self.notes:
            data["notes"] = self.notes
        return data


# -- the evidence ------------------------------------------------------------------------------
def closeness(metres: float, scale_m: float) -> float:
    """1 at the same spot, 0.5 at ``scale_m``, falling off quickly beyond it."""
    return 1.0 / (1.0 + (metres / scale_m) ** 3)


def place_evidence(
    report: Sighting, case: Sighting, scale_m: float, metres: float | None = None
) -> tuple[float, str]:
    """How close the two are, 0..1, and in words. Measured when both can be located (the
    reporter's point, else the standard address's); otherwise read from the addresses
    (the same door, the next door), the grid cells, the village or community, the township,
    and from what the words pin down (``area_evidence``)."""
    here, there = report.location, case.location
    same_address = bool(report.address_id) and report.address_id == case.address_id
    if here and there:
        metres = distance_m(here, there) if metres is None else metres
        measured = (closeness(metres, scale_m), f"{metres:.0f} m apart")
        return max(measured, (1.0, "the same standard address")) if same_address else measured
    if same_address:
        return 1.0, "the same standard address"
    if report.door and case.door and report.door.next_to(case.door):
        return closeness(NEXT_DOOR_M, scale_m), "next door on one street"
    return area_evidence(report, case, scale_m)


def area_of(report: Sighting, case: Sighting) -> tuple[float, str] | None:
    """How far apart two reports known only by an area are, about, and which area: one
    cell, two neighbouring cells, one village or community, one township. None when they
    share none of these."""
    if report.cell and report.cell == case.cell:
        return CELL_ACROSS_M, "the same grid cell"
    if (
        report.cell
        and case.cell
        and (case.cell in report.nearby_cells or report.cell in case.nearby_cells)
    ):
        return NEIGHBOUR_CELLS_M, "neighbouring grid cells"
    if report.community and report.community == case.community:
        return AREA_ACROSS_M, "the same village or community"
    if report.township and report.township == case.township:
        return TOWNSHIP_ACROSS_M, "the same township"
    return None


def words_place(shared: SharedMarks) -> tuple[float, str] | None:
    """How far apart the shared marks say two reports are, and why; None when they say
    nothing (or put them on opposite sides of a village, which only a plate or a door
    outweighs)."""
    if shared.spot:
        return SPOT_M, f"both name {shared.spot}"
    if shared.opposite:
        return None
    if shared.kind:
        return LANDMARK_M, f"both name a {shared.kind} there"
    if shared.side:
        return SIDE_M, f"both on its {shared.side} side"
    return None  # one road named by both is an area, not a place (``_only_fit``)


def area_evidence(report: Sighting, case: Sighting, scale_m: float) -> tuple[float, str]:
    """Place evidence for two reports that cannot both be located: the area they share
    gives a low value (the larger the area, the lower), so category, time and words must
    carry the match; a mark both carry (a plate, a door number, a named shop; a landmark of
    the village; the same side of it) says they are closer than the area alone."""
    area = area_of(report, case)
    metres, where = area if area is not None else (TOWNSHIP_ACROSS_M, "not in one known area")
    shared = shared_marks(report.marks, case.marks)
    if shared.in_any_village and metres > AREA_ACROSS_M:  # two villages' 村口 are two spots
        shared = replace(shared, spot=None)
    words = words_place(shared)
    if words is not None and words[0] < metres:
        return closeness(words[0], scale_m), f"{where}, {words[1]}"
    if shared.opposite:
        sides = " / ".join(shared.opposite)
        return closeness(metres, scale_m), f"{where}, on opposite sides ({sides})"
    return closeness(metres, scale_m), f"{where}, no closer place known"


def gap_seconds(first: Sighting, second: Sighting) -> float:
    """How far apart two incidents happened: 0 when their intervals (``earliest`` to ``at``)
    overlap."""
    return max(0.0, first.earliest_epoch - second.epoch, second.earliest_epoch - first.epoch)


def time_evidence(gap_hours: float, scale_h: float) -> float:
    return 1.0 / (1.0 + (gap_hours / scale_h) ** 2)


@dataclass(frozen=True)
class _Pair:
    """What two categories say about each other (looked up once per pair of categories)."""

    related: Link
    spread: Extent
    time_scale_h: float  # the hours at which the time evidence is one half
    said_anyway: frozenset[str]  # concepts both categories' names say
    own_first: frozenset[str]
    own_second: frozenset[str]


@lru_cache(maxsize=8192)
def _pair(first: str, second: str) -> _Pair:
    spread = extent(first, second)
    return _Pair(
        link(first, second),
        spread,
        # A lasting problem is as likely to be reported on its third day as on its first
        # while its case is open: time says little within the lasting window.
        max(spread.hours, LASTING_TIME_SCALE_H) if spread.lasting else spread.hours,
        label_concepts(first) & label_concepts(second),
        own_concepts(first),
        own_concepts(second),
    )


@lru_cache(maxsize=8192)
def comparable(first: str, second: str) -> bool:
    """Whether reports of these two categories are ever compared (affinity above 0): part of
    blocking, also used by the stream's index to skip whole groups of entries."""
    return _pair(first, second).related.affinity > 0


@lru_cache(maxsize=8192)
def reach_m(first: str, second: str, policy: DedupePolicy) -> float:
    """How far apart two located reports of these categories can be and still be suggested
    or merged: beyond it the place evidence alone keeps the score under ``suggest_at``,
    however well the rest agrees (the same time, the same words). Derived from the score
    itself (``contributions``), so blocking there changes no decision; capped at the
    policy's distance limit. The same standard address is exempt (its place evidence is 1)."""
    facts = _pair(first, second)
    a = facts.related.affinity
    if a <= 0:
        return 0.0
    best_rest = (
        COEFFICIENTS["category"] * _logit(a)
        + max(0.0, (COEFFICIENTS["text"] + COEFFICIENTS["text_broad"] * (1 - a)))
        * (1 - TEXT_NEUTRAL)
        + max(0.0, COEFFICIENTS["agree"] * (1 - a))
    )
    needed = (_logit(policy.suggest_at) - COEFFICIENTS["bias"] - best_rest) / COEFFICIENTS["place"]
    if needed <= math.log(1e-4):  # the place evidence can never rule it out
        return policy.distance_limit_m
    ratio = (math.exp(-needed) - 1.0) ** (1.0 / 3.0) if needed < 0 else 0.0
    return min(policy.distance_limit_m, facts.spread.metres * ratio * 1.05)


@lru_cache(maxsize=8192)
def window_hours(first: str, second: str, policy: DedupePolicy) -> float:
    """How far apart in event time reports of these two categories are compared: a lasting
    problem's (both categories stay until fixed, grid/affinity.py) over the lasting window,
    every other pair over the policy's window."""
    if _pair(first, second).spread.lasting:
        return max(policy.window_hours, policy.lasting_window_hours)
    return policy.window_hours


def _compared(
    report: Sighting, case: Sighting, policy: DedupePolicy
) -> tuple[_Pair, float | None] | None:
    """The pair's facts and, when both are located, the metres between them; None when the
    two are not compared at all (blocking)."""
    if gap_seconds(report, case) > window_hours(report.category, case.category, policy) * 3600:
        return None
    facts = _pair(report.category, case.category)
    if facts.related.affinity <= 0:
        return None
    here, there = report.location, case.location
    if here and there:
        metres = distance_m(here, there)
        if metres <= reach_m(report.category, case.category, policy):
            return facts, metres
        same_address = bool(report.address_id) and report.address_id == case.address_id
        return (facts, metres) if same_address and metres <= policy.distance_limit_m else None
    if (
        report.cell
        and case.cell
        and (case.cell in report.nearby_cells or report.cell in case.nearby_cells)
    ):
        return facts, None
    if report.cell and case.cell:
        return None
    # One of them is placed only to a village or township (no cell): compared within one
    # village or community, and within one township when the words name the same spot (a
    # plate, a door, a named shop).
    if report.community and report.community == case.community:
        return facts, None
    if report.township and report.township == case.township:
        shared = shared_marks(report.marks, case.marks)
        if (shared.spot and not shared.in_any_village) or shared.road:
            return facts, None
    return None


def blocks(report: Sighting, case: Sighting, policy: DedupePolicy) -> bool:
    """Whether a case's report is compared with the report at all."""
    return _compared(report, case, policy) is not None


def score(report: Sighting, case: Sighting, policy: DedupePolicy) -> dict[str, float]:
    """The evidence, each 0..1 (``total`` combines them)."""
    return _parts(report, case, _pair(report.category, case.category), None)[0]


@dataclass(frozen=True)
class _Context:
    """What the parts were read from, kept to explain the decision in words."""

    where: str
    gap_hours: float
    both_name: frozenset[str]
    different: tuple[frozenset[str], frozenset[str]] | None


def _parts(
    report: Sighting, case: Sighting, facts: _Pair, metres: float | None
) -> tuple[dict[str, float], _Context]:
    place, where = place_evidence(report, case, facts.spread.metres, metres)
    gap_hours = gap_seconds(report, case) / 3600
    scale_h = facts.time_scale_h
    if facts.spread.lasting:
        for concept, episode in EPISODE_WORDS.items():
            if concept in report.terms.things and concept in case.terms.things:
                scale_h = extent_of(episode).hours
    follows = facts.spread.follows
    if follows is not None:  # the aftermath (a quarrel over the noise) comes after it only
        later = report if report.epoch >= case.epoch else case
        if later.category == follows:
            scale_h = max(scale_h, facts.spread.follow_hours)
    words = similarity(report.terms, case.terms, facts.said_anyway)
    different = clash(report.terms, case.terms, facts.own_first, facts.own_second)
    both_name = (report.terms.things & case.terms.things) - facts.said_anyway
    if facts.related.affinity < 1 and _names_a_spot(report) and _names_a_spot(case):
        # Both name one shop or one car (凤凰惠粮油店, 鲁KA7731): the words agree on what it
        # is about, as when both name one thing, however differently each describes it.
        named = shared_marks(report.marks, case.marks).named
        if named:
            both_name = both_name | {named}
    parts = {
        "place": round(place, 4),
        "time": round(time_evidence(gap_hours, scale_h), 4),
        "category": round(facts.related.affinity, 4),
        "text": round(words, 4),
        "agree": 1.0 if both_name else 0.0,
        "clash": 1.0 if different else 0.0,
    }
    return parts, _Context(where, gap_hours, both_name, different)


def _names_a_spot(sighting: Sighting) -> bool:
    """Its words name a shop or a car (what ``SharedMarks.named`` can share)."""
    return bool(sighting.marks.premises or sighting.marks.plates)


def explain(report: Sighting, case: Sighting, parts: Mapping[str, float]) -> str:
    """Why two reports scored as they did, in words, with what each piece adds."""
    facts = _pair(report.category, case.category)
    return _why(report, case, parts, _parts(report, case, facts, None)[1])


def _why(report: Sighting, case: Sighting, parts: Mapping[str, float], context: _Context) -> str:
    related = _pair(report.category, case.category).related
    shared = sorted(set(concept_names(report.terms)) & set(concept_names(case.terms)))
    kinds = (
        f"both {category_label(report.category)}"
        if report.category == case.category
        else f"{category_label(report.category)} ~ {category_label(case.category)}"
    )
    points = contributions(parts)
    why = (
        f"{context.where} ({points['place']:+.1f}); {context.gap_hours:.1f} h apart "
        f"({points['time']:+.1f}); {kinds}, affinity {related.affinity:.1f}: "
        f"{related.reason} ({points['category']:+.1f}); words alike {parts['text']:.2f}"
        + (f" ({', '.join(shared)})" if shared else "")
        + f" ({points['text']:+.1f})"
    )
    if context.both_name and related.affinity < 1:
        why += f"; both name {'、'.join(sorted(context.both_name))} ({points['agree']:+.1f})"
    if context.different:
        things = " / ".join("、".join(sorted(side)) for side in context.different)
        why += f"; the words name different things: {things} ({points['clash']:+.1f})"
    return why


@cache
def label_concepts(category: str) -> frozenset[str]:
    """What a category's own name says (矛盾纠纷 -> 纠纷; 道路破损 -> 路面, 破损)."""
    return concepts_of(category_label(category))


@cache
def own_concepts(category: str) -> frozenset[str]:
    """The things a category's own name names (无照经营 -> 无照): words that only restate it."""
    return specific(terms(category_label(category)))


def _logit(p: float) -> float:
    p = min(max(p, 0.02), 0.98)
    return math.log(p / (1 - p))


def contributions(parts: Mapping[str, float]) -> dict[str, float]:
    """What each piece of evidence adds to the log-odds that the two are one incident."""
    return {
        "place": COEFFICIENTS["place"] * math.log(max(parts["place"], 1e-4)),
        "time": COEFFICIENTS["time"] * math.log(max(parts["time"], 1e-4)),
        "category": COEFFICIENTS["category"] * _logit(parts["category"]),
        "text": (COEFFICIENTS["text"] + COEFFICIENTS["text_broad"] * (1 - parts["category"]))
        * (parts["text"] - TEXT_NEUTRAL),
        "agree": COEFFICIENTS["agree"] * (1 - parts["category"]) * parts.get("agree", 0.0),
        "clash": -COEFFICIENTS["clash"] * parts.get("clash", 0.0),
    }


def total(parts: Mapping[str, float]) -> float:
    """The probability that the two reports are one incident: a logistic model of the
    evidence, fitted on labelled scenarios."""
    if parts["category"] <= 0:
        return 0.0
    z = COEFFICIENTS["bias"] + sum(contributions(parts).values())
    return 1.0 / (1.0 + math.exp(-z))


def decide(report: Sighting, candidates: Sequence[Candidate], policy: DedupePolicy) -> Decision:
    """A case may come as several candidates (one per report in it): its best report counts,
    so the result does not depend on which of an incident's reports came first. Every case
    considered is kept with its score and parts; the best ``EXPLAINED`` say why in words."""
    best: dict[str, tuple[float, dict[str, float], _Context, Sighting]] = {}
    # Pairs with a report known only by an area: the score with the place left out, the area,
    # and whether the pair is one village's or community's smoke, smell or noise (noticed
    # from afar by all of it).
    fits: dict[str, tuple[float, str, bool]] = {}
    located: set[str] = set()  # cases with a report located to a cell or a point
    for candidate in candidates:
        compared = _compared(report, candidate.sighting, policy)
        if compared is None:
            continue
        parts, context = _parts(report, candidate.sighting, *compared)
        value = total(parts)
        known = best.get(candidate.case_id)
        if known is None or value > known[0]:
            best[candidate.case_id] = (value, parts, context, candidate.sighting)
        if not _coarse(candidate.sighting):
            located.add(candidate.case_id)
        if _coarse(report) or _coarse(candidate.sighting):
            area = _shared_area(report, candidate.sighting)
            if area is not None:
                alike = total({**parts, "place": 1.0})
                if alike > fits.get(candidate.case_id, (-1.0, "", False))[0]:
                    wide = compared[0].spread.noticed_from_afar
                    village = wide and area == SAME_AREA
                    fits[candidate.case_id] = (alike, area, village)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    scored = [
        Scored(
            case_id,
            value,
            parts,
            _why(report, case, parts, context) if rank < EXPLAINED else "",
        )
        for rank, (case_id, (value, parts, context, case)) in enumerate(ranked)
    ]
    notes = [report.clock_note] if report.clock_note else []
    if not scored:
        rule = "no open case nearby in place and time that could be the same incident"
        return Decision(Outcome.NEW, None, 0.0, rule, notes=notes)
    top = scored[0]
    if top.score >= policy.merge_at:
        rule = f"score {top.score:.2f} >= merge threshold {policy.merge_at}: {top.why}"
        return Decision(Outcome.MERGED, top.case_id, top.score, rule, scored, notes)
    only = _only_fit(report, fits, located, top, policy)
    if only is not None:
        return Decision(only[0], only[1], only[2], only[3], scored, notes)
    if top.score >= policy.suggest_at:
        rule = (
            f"score {top.score:.2f} in the grey zone [{policy.suggest_at}, {policy.merge_at}): "
            f"{top.why}"
        )
        return Decision(Outcome.SUGGESTED, top.case_id, top.score, rule, scored, notes)
    rule = f"best score {top.score:.2f} < suggest threshold {policy.suggest_at}: {top.why}"
    return Decision(Outcome.NEW, None, top.score, rule, scored, notes)


SAME_AREA = "in the same village or community"


def _coarse(sighting: Sighting) -> bool:
    """Placed only to an area (a village, a community, a township): no point, no cell."""
    return sighting.location is None and sighting.cell is None


def _shared_area(report: Sighting, case: Sighting) -> str | None:
    """The area finer than a township that a pair with a coarse report shares, in words;
    None when their words say they are apart (opposite sides of the village, two plates,
    two doors)."""
    mine, theirs = report.marks, case.marks
    shared = shared_marks(mine, theirs)
    if shared.opposite or (not shared.spot and _apart(mine.plates, theirs.plates)):
        return None
    if not shared.spot and _apart(mine.doors, theirs.doors):
        return None
    if not shared.spot and named_apart(mine, theirs):
        return None
    if report.community and report.community == case.community:
        return SAME_AREA
    return f"on {shared.road}" if shared.road else None


def _apart(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Both name some (plates, doors) and none in common."""
    return bool(mine and theirs and not mine & theirs)


def _only_fit(
    report: Sighting,
    fits: Mapping[str, tuple[float, str, bool]],
    located: set[str],
    top: Scored,
    policy: DedupePolicy,
) -> tuple[Outcome, str, float, str] | None:
    """The dispatcher's rule for a place known only as an area (a village or community, or a
    road without a door): the open cases there that fit in everything but the place (kind,
    time, words) are pointed to. One village's smoke, smell or noise is one: when exactly one
    such case fits, the report joins it. For a report known only by the area, anything else
    (a pothole in the village, noise somewhere on a road) is suggested to a dispatcher with
    the case that fits (there may be another pothole, another site), and so are several
    cases that fit. A located report meets a case known only by the area this way only for
    one village's smoke, smell or noise, and only while no report of that case is located
    (then distance decides)."""
    if top.score >= policy.suggest_at:
        return None
    fitting = {
        case_id: fit
        for case_id, fit in fits.items()
        if fit[0] >= policy.merge_at and (_coarse(report) or (fit[2] and case_id not in located))
    }
    if not fitting:
        return None
    ranked = sorted(fitting.items(), key=lambda item: (-item[1][0], item[0]))
    case_id, (alike, area, village) = ranked[0]
    if len(ranked) == 1 and village:
        rule = (
            f"the only open case that fits {area} (score {alike:.2f} with the place left out "
            f">= merge threshold {policy.merge_at}): the place is known only as an area, and "
            "what it reports is noticed from afar by all of it"
        )
        return Outcome.MERGED, case_id, alike, rule
    if len(ranked) == 1:
        rule = (
            f"the only open case that fits {area} (score {alike:.2f} with the place left out): "
            "the place is known only as an area, which may hold another one: a dispatcher "
            "confirms"
        )
        return Outcome.SUGGESTED, case_id, alike, rule
    rule = (
        f"{len(ranked)} open cases fit {area} with the place left out (best {alike:.2f}): "
        "the place is known only as an area, a dispatcher picks"
    )
    return Outcome.SUGGESTED, case_id, alike, rule


# -- from a placed report ----------------------------------------------------------------------
def event_time(occurred_at: datetime, received_at: datetime) -> tuple[datetime, str | None]:
    """The time to match a report on, and a note when the report's own time was not usable."""
    if occurred_at > received_at + CLOCK_SKEW:
        ahead = occurred_at - received_at
        return received_at, (
            f"occurred_at {occurred_at.isoformat()} is {_duration(ahead)} after the hub "
            "received the report (a wrong clock): matched on the time received"
        )
    if received_at - occurred_at > MAX_AGE:
        return occurred_at, (
            f"occurred_at {occurred_at.isoformat()} is {_duration(received_at - occurred_at)} "
            "before the hub received the report: a backfill, matched on that old time"
        )
    return occurred_at, None


def _duration(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.0f} days" if hours >= 48 else f"{hours:.1f} h"


def sighting_of(placed: PlacedReport) -> Sighting:
    """The sighting of a placed report: matched on when the incident happened (its
    occurred_at, or what its words say when it gave only the time it was reported), with the
    time received kept for the SLA clock and the record; located by its point, else by its
    standard address."""
    report = placed.report
    return sighting_from(
        category=report.category,
        occurred_at=report.occurred_at,
        occurred_at_stated=report.occurred_at_stated,
        reported_at=report.reported_at,
        received_at=placed.placed_at,
        description=report.description,
        address_text=report.address_text,
        placement=placed.placement,
        grid=report.source.grid.value,
    )


def sighting_from(
    *,
    category: str,
    occurred_at: datetime,
    reported_at: datetime,
    received_at: datetime,
    description: str,
    address_text: str,
    placement: Placement,
    grid: str | None,
    occurred_at_stated: bool = True,
) -> Sighting:
    """A sighting from a report's parts (``sighting_of`` for a placed report; a stored report
    read back). ``received_at`` is the hub's own clock, which judges the report's."""
    at, note = event_time(occurred_at, received_at)
    earliest = None
    if not occurred_at_stated:  # only when it was reported: then or earlier, as its words say
        said = when_it_happened(description, at)
        at, earliest = said.latest, said.earliest
        note = f"{note}; {said.describe()}" if note else said.describe()
    point, address_point = placement.point, placement.address_point
    return Sighting(
        community=placement.community,
        township=placement.township,
        marks=marks(description, address_text),
        category=category,
        at=at,
        text=without_place(description, address_text, placement.address or ""),
        point=(point.lon, point.lat) if point else None,
        cell=placement.cell,
        address_id=placement.address_id,
        nearby_cells=frozenset(placement.nearby_cells),
        address=placement.address,
        received_at=reported_at,
        grid=grid,
        clock_note=note,
        address_point=(address_point.lon, address_point.lat) if address_point else None,
        earliest=earliest,
    )
