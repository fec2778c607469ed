"""The open cases de-duplication compares a report with, indexed by place. Pure.

One entry per report of an open case: (case id, its sighting). Which entries a report meets
mirrors the blocking rule of dispatch/dedupe.py: two reports that can both be located (the
reporter's point, else the standard address's) meet when they are within the distance
limit; otherwise when one's cell is the other's cell or next to it. So located entries are
kept in square buckets the size of the distance limit (a report looks at its bucket and the
eight around it), and every entry also by its cell (a report that cannot be located looks
at the cells around it). Only entries within the time window of the
report, and only of categories that can be compared with its own (``comparable``), are
returned; ``decide`` makes the final call. Entries older than the horizon are
dropped, and cases that stopped being open are forgotten.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from dispatch.dedupe import Candidate, Sighting, comparable

K = TypeVar("K", bound=Hashable)


METRES_PER_DEGREE = 111_320.0


class OpenCaseIndex:
    def __init__(self, distance_m: float = 300.0) -> None:
        # Entries by cell and by bucket, each grouped by category: a report only looks at
        # the categories it can be compared with (``comparable``).
        self._by_cell: dict[str, dict[str, list[Candidate]]] = {}
        self._by_bucket: dict[tuple[int, int], dict[str, list[Candidate]]] = {}
        self._unlocated_by_cell: dict[str, dict[str, list[Candidate]]] = {}
        self._closed: set[str] = set()
        self._size = 0
        # A little wider than the limit: the flat-earth bucket maths must never split a pair
        # that the great-circle distance keeps within it.
        self._bucket_m = distance_m * 1.1
        self._lon_scale: float | None = None  # metres per degree of longitude, set once

    def __len__(self) -> int:
        return self._size

    def _bucket(self, point: tuple[float, float]) -> tuple[int, int]:
        if self._lon_scale is None:  # one city: the first latitude seen is close enough
            self._lon_scale = METRES_PER_DEGREE * max(0.1, math.cos(math.radians(point[1])))
        # Three buckets across always cover the limit around any point of the middle one.
        return (
            math.floor(point[0] * self._lon_scale / self._bucket_m),
            math.floor(point[1] * METRES_PER_DEGREE / self._bucket_m),
        )

    def add(self, case_id: str, sighting: Sighting) -> None:
        if sighting.cell is None:
            return  # not placed to a cell: nothing to meet
        self._closed.discard(case_id)
        entry = Candidate(case_id, sighting)
        category = sighting.category
        self._by_cell.setdefault(sighting.cell, {}).setdefault(category, []).append(entry)
        if sighting.location is not None:
            bucket = self._by_bucket.setdefault(self._bucket(sighting.location), {})
            bucket.setdefault(category, []).append(entry)
        else:
            unlocated = self._unlocated_by_cell.setdefault(sighting.cell, {})
            unlocated.setdefault(category, []).append(entry)
        self._size += 1

    def extend(self, entries: Iterable[tuple[str, Sighting]]) -> None:
        for case_id, sighting in entries:
            self.add(case_id, sighting)

    def around(self, sighting: Sighting, window: timedelta) -> list[Candidate]:
        """The entries the report may match (see the module's rule), within the window of
        its time, in a stable order."""
        span = window.total_seconds()
        earliest, latest = sighting.epoch - span, sighting.epoch + span
        cells = sorted(sighting.nearby_cells or {sighting.cell or ""})
        here = sighting.location
        if here is None:  # everything in the cells around
            groups = [self._by_cell.get(cell) for cell in cells]
        else:  # located entries near it, and the unlocated ones of the cells around
            bx, by = self._bucket(here)
            groups = [
                self._by_bucket.get((bx + dx, by + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
            ]
            groups += [self._unlocated_by_cell.get(cell) for cell in cells]
        category, closed = sighting.category, self._closed
        found: list[Candidate] = []
        for group in groups:
            if not group:
                continue
            for other, entries in group.items():
                if comparable(category, other):
                    found += [
                        e
                        for e in entries
                        if earliest <= e.sighting.epoch <= latest and e.case_id not in closed
                    ]
        return found

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
        dropped = _drop_older(self._by_cell, before)
        _drop_older(self._by_bucket, before)
        _drop_older(self._unlocated_by_cell, before)
        self._size -= dropped
        live = {
            e.case_id for groups in self._by_cell.values() for es in groups.values() for e in es
        }
        self._closed &= live
        return dropped


def _drop_older(table: dict[K, dict[str, list[Candidate]]], before: datetime) -> int:
    dropped = 0
    for key in list(table):
        groups = table[key]
        for category in list(groups):
            kept = [e for e in groups[category] if e.sighting.at >= before]
            dropped += len(groups[category]) - len(kept)
            if kept:
                groups[category] = kept
            else:
                del groups[category]
        if not groups:
            del table[key]
    return dropped
