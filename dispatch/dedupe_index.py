"""The open cases de-duplication compares a report with, indexed by place. Pure.

One entry per report of an open case: (case id, its sighting). Which entries a report meets
mirrors the blocking rule of dispatch/dedupe.py: two reports that can both be located (the
reporter's point, else the standard address's) meet when they are within reach of each
other (``reach_m``: how far apart reports of their two categories can be and still match),
or at the same standard address; otherwise when one's cell is the other's cell or next to
it; and a report with no cell (placed only to a village or township) meets the reports of
its township, of which ``decide`` compares those of its village and those naming the same
spot. So located entries are kept in square buckets of ``BUCKET_M`` (a report looks across as
many as its category's widest reach needs) and by standard address, every entry by its
cell (a report that cannot be located looks at the cells around it) and by its township,
and the entries with no cell apart by township (every report looks at those of its own).
Only entries within the time window of the report, and only of categories that can be
compared with its own (``comparable``), are returned; ``decide`` makes the final call.
Entries older than the horizon are dropped, and cases that stopped being open are forgotten.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from dispatch.dedupe import Candidate, Sighting, comparable

K = TypeVar("K", bound=Hashable)
E = TypeVar("E")
# A located entry: x and y in metres, its time and earliest time (epoch seconds), the entry.
Located = tuple[float, float, float, float, Candidate]


METRES_PER_DEGREE = 111_320.0
BUCKET_M = 200.0  # the side of a square bucket of located entries


class OpenCaseIndex:
    def __init__(
        self,
        reach: Callable[[str, str], float],
        window_h: Callable[[str, str], float] | None = None,
    ) -> None:
        """``reach(a, b)``: how far apart located reports of categories a and b may be and
        still match (dispatch/dedupe.py ``reach_m`` for the policy); ``window_h(a, b)``: over
        how many hours of event time they are compared (``window_hours``: longer for a
        lasting problem), at most the window ``around`` is given; without it, that window."""
        # Entries by cell, by bucket and by standard address, each grouped by category: a
        # report only looks at the categories it can be compared with.
        self._reach = reach
        self._window_h = window_h
        self._by_cell: dict[str, dict[str, list[Candidate]]] = {}
        # Located entries by bucket, each with its point in metres (x with the index's own
        # scale) and its times, so a report's look across buckets reads no attributes.
        self._by_bucket: dict[tuple[int, int], dict[str, list[Located]]] = {}
        self._unlocated_by_cell: dict[str, dict[str, list[Candidate]]] = {}
        self._by_address: dict[str, dict[str, list[Candidate]]] = {}
        self._by_township: dict[str, dict[str, list[Candidate]]] = {}
        self._cellless_by_township: dict[str, dict[str, list[Candidate]]] = {}
        self._categories: set[str] = set()
        self._radius: dict[str, int] = {}  # category -> buckets to look across, either way
        # Per pair of categories, looked up once: the squared reach and the window's hours.
        self._reach2_of: dict[tuple[str, str], float] = {}
        self._hours_of: dict[tuple[str, str], float] = {}
        self._closed: set[str] = set()
        self._size = 0
        self._lon_scale: float | None = None  # metres per degree of longitude, set once

    def __len__(self) -> int:
        return self._size

    def _bucket(self, point: tuple[float, float]) -> tuple[int, int]:
        if self._lon_scale is None:  # one city: the first latitude seen is close enough
            self._lon_scale = METRES_PER_DEGREE * max(0.1, math.cos(math.radians(point[1])))
        return (
            math.floor(point[0] * self._lon_scale / BUCKET_M),
            math.floor(point[1] * METRES_PER_DEGREE / BUCKET_M),
        )

    def _radius_of(self, category: str) -> int:
        """Buckets either way that cover the farthest reach of this category to any held."""
        radius = self._radius.get(category)
        if radius is None:
            widest = max((self._reach(category, other) for other in self._categories), default=0)
            # A little wider: the flat-earth bucket maths must never drop a pair that the
            # great-circle distance keeps within reach.
            radius = math.ceil(widest * 1.02 / BUCKET_M)
            self._radius[category] = radius
        return radius

    def add(self, case_id: str, sighting: Sighting) -> None:
        if sighting.cell is None and sighting.township is None:
            return  # not placed at all: nothing to meet
        self._closed.discard(case_id)
        entry = Candidate(case_id, sighting)
        category = sighting.category
        if category not in self._categories:
            self._categories.add(category)
            self._radius.clear()
        if sighting.township is not None:
            by_township = self._by_township.setdefault(sighting.township, {})
            by_township.setdefault(category, []).append(entry)
        if sighting.cell is None:
            assert sighting.township is not None
            cellless = self._cellless_by_township.setdefault(sighting.township, {})
            cellless.setdefault(category, []).append(entry)
        else:
            self._by_cell.setdefault(sighting.cell, {}).setdefault(category, []).append(entry)
        point = sighting.location
        if point is not None:
            bucket = self._by_bucket.setdefault(self._bucket(point), {})
            assert self._lon_scale is not None  # set by _bucket
            bucket.setdefault(category, []).append(
                (
                    point[0] * self._lon_scale,
                    point[1] * METRES_PER_DEGREE,
                    sighting.epoch,
                    sighting.earliest_epoch,
                    entry,
                )
            )
            if sighting.address_id:
                by_address = self._by_address.setdefault(sighting.address_id, {})
                by_address.setdefault(category, []).append(entry)
        elif sighting.cell is not None:
            unlocated = self._unlocated_by_cell.setdefault(sighting.cell, {})
            unlocated.setdefault(category, []).append(entry)
        self._size += 1

    def extend(self, entries: Iterable[tuple[str, Sighting]]) -> None:
        for case_id, sighting in entries:
            self.add(case_id, sighting)

    def around(self, sighting: Sighting, window: timedelta) -> list[Candidate]:
        """The entries the report may match (see the module's rule), within the window of
        its time, each once, in a stable order."""
        # Both may be intervals (``earliest`` to ``at``): an entry is in the window when the
        # two intervals come within it of each other.
        span = window.total_seconds()
        cells = sorted(sighting.nearby_cells or {sighting.cell or ""})
        here = sighting.location
        if here is None:  # everything in the cells around
            groups = [self._by_cell.get(cell) for cell in cells]
        else:  # located entries within reach, and the unlocated ones of the cells around
            groups = [self._unlocated_by_cell.get(cell) for cell in cells]
            if sighting.address_id:  # the same standard address, however far the points
                groups.append(self._by_address.get(sighting.address_id))
        if sighting.township is not None:
            if sighting.cell is None:  # placed to a village or township only: all of it
                groups.append(self._by_township.get(sighting.township))
            else:  # and those placed there only
                groups.append(self._cellless_by_township.get(sighting.township))
        category, closed = sighting.category, self._closed
        found: list[Candidate] = []
        seen: set[int] = set()
        spans: dict[str, tuple[float, float]] = {}
        if here is not None:
            found = self._within_reach(sighting, here, span, spans, seen)
        for group in groups:
            if not group:
                continue
            for other, entries in group.items():
                if comparable(category, other):
                    if other not in spans:
                        spans[other] = self._span(sighting, other, span)
                    earliest, latest = spans[other]
                    for e in entries:
                        if (
                            e.sighting.epoch >= earliest
                            and e.sighting.earliest_epoch <= latest
                            and e.case_id not in closed
                            and id(e) not in seen
                        ):
                            seen.add(id(e))
                            found.append(e)
        return found

    def _within_reach(
        self,
        sighting: Sighting,
        here: tuple[float, float],
        span: float,
        spans: dict[str, tuple[float, float]],
        seen: set[int],
    ) -> list[Candidate]:
        """The located entries within reach of a located report (each pair of categories
        has its own reach), within the window of its time. A flat-earth distance with a
        margin: it only spares ``decide`` the pairs it would block on distance."""
        category, closed = sighting.category, self._closed
        bx, by = self._bucket(here)
        assert self._lon_scale is not None  # set by _bucket
        hx, hy = here[0] * self._lon_scale, here[1] * METRES_PER_DEGREE
        # x is in metres at the latitude the index first saw; where a degree of longitude is
        # shorter (farther from the equator) the reach is widened to match, never narrowed.
        local = METRES_PER_DEGREE * max(0.1, math.cos(math.radians(here[1])))
        widen = max(1.0, self._lon_scale / local) ** 2
        r = self._radius_of(sighting.category)
        # A bucket is narrower there too: look across as many more of them east and west.
        rx = math.ceil(r * math.sqrt(widen))
        found: list[Candidate] = []
        reach2: dict[str, float] = {}
        for dx in range(-rx, rx + 1):
            for dy in range(-r, r + 1):
                group = self._by_bucket.get((bx + dx, by + dy))
                if not group:
                    continue
                for other, entries in group.items():
                    limit = reach2.get(other)
                    if limit is None:
                        limit = reach2[other] = self._reach2(category, other)
                        spans[other] = self._span(sighting, other, span)
                    if limit <= 0:
                        continue
                    limit *= widen
                    earliest, latest = spans[other]
                    for x, y, at, since, e in entries:
                        if (
                            (x - hx) ** 2 + (y - hy) ** 2 <= limit
                            and at >= earliest
                            and since <= latest
                            and e.case_id not in closed
                        ):
                            seen.add(id(e))
                            found.append(e)
        return found

    def _reach2(self, category: str, other: str) -> float:
        """The squared reach, with the margin the buckets have; 0 when never compared."""
        pair = (category, other)
        known = self._reach2_of.get(pair)
        if known is None:
            known = (self._reach(category, other) * 1.02 + 1.0) ** 2
            self._reach2_of[pair] = known = known if comparable(category, other) else 0.0
        return known

    def _span(self, sighting: Sighting, other: str, span: float) -> tuple[float, float]:
        if self._window_h is not None:
            pair = (sighting.category, other)
            hours = self._hours_of.get(pair)
            if hours is None:
                hours = self._hours_of[pair] = self._window_h(sighting.category, other)
            span = min(span, hours * 3600)
        return sighting.earliest_epoch - span, sighting.epoch + span

    def in_cells(self, cells: Iterable[str]) -> list[Candidate]:
        found: list[Candidate] = []
        for cell in sorted(set(cells)):
            for entries in self._by_cell.get(cell, {}).values():
                found += [e for e in entries if e.case_id not in self._closed]
        return found

    def close(self, case_ids: Iterable[str]) -> None:
        """These cases are no longer open (closed, rejected, merged away): never a candidate."""
        self._closed.update(case_ids)

    def expire(self, before: datetime) -> int:
        """Drop the entries whose time is before ``before``; returns how many."""
        dropped = _drop_older(self._by_cell, before, _itself)
        dropped += _drop_older(self._cellless_by_township, before, _itself)
        _drop_older(self._by_bucket, before, lambda located: located[4])
        _drop_older(self._unlocated_by_cell, before, _itself)
        _drop_older(self._by_address, before, _itself)
        _drop_older(self._by_township, before, _itself)
        self._size -= dropped
        live = {
            e.case_id
            for table in (self._by_cell, self._cellless_by_township)
            for groups in table.values()
            for es in groups.values()
            for e in es
        }
        self._closed &= live
        return dropped


def _itself(entry: Candidate) -> Candidate:
    return entry


def _drop_older(
    table: dict[K, dict[str, list[E]]],
    before: datetime,
    entry_of: Callable[[E], Candidate],
) -> int:
    """Drop the entries older than ``before`` (``entry_of``: the entry of a held item)."""
    dropped = 0
    for key in list(table):
        groups = table[key]
        for category in list(groups):
            kept = [e for e in groups[category] if entry_of(e).sighting.at >= before]
            dropped += len(groups[category]) - len(kept)
            if kept:
                groups[category] = kept
            else:
                del groups[category]
        if not groups:
            del table[key]
    return dropped
