"""The open cases de-duplication compares a report with, indexed by place. Pure.

One entry per report of an open case: (case id, its sighting). Which entries a report meets
mirrors the blocking rule of dispatch/dedupe.py: two reports that can both be located (the
reporter's point, else the standard address's) meet when they are within the distance
limit; otherwise when one's cell is the other's cell or next to it. So located entries are
kept in square buckets the size of the distance limit (a report looks at its bucket and the
eight around it), and every entry also by its cell (a report that cannot be located looks
at the cells around it). Only entries within the time window of the
report are returned; ``decide`` makes the final call. Entries older than the horizon are
dropped, and cases that stopped being open are forgotten.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from dispatch.dedupe import Candidate, Sighting

K = TypeVar("K", bound=Hashable)


METRES_PER_DEGREE = 111_320.0


class OpenCaseIndex:
    def __init__(self, distance_m: float = 300.0) -> None:
        self._by_cell: dict[str, list[Candidate]] = {}
        self._by_bucket: dict[tuple[int, int], list[Candidate]] = {}
        self._closed: set[str] = set()
        self._size = 0
        # A little wider than the limit: the flat-earth bucket maths must never split a pair
        # that the great-circle distance keeps within it.
        self._bucket_m = distance_m * 1.1
        self._lon_scale: float | None = None  # metres per degree of longitude, set once

    def _bucket(self, point: tuple[float, float]) -> tuple[int, int]:
        if self._lon_scale is None:  # one city: the first latitude seen is close enough
            self._lon_scale = METRES_PER_DEGREE * max(0.1, math.cos(math.radians(point[1])))
        # Three buckets across always cover the limit around any point of the middle one.
        return (
            math.floor(point[0] * self._lon_scale / self._bucket_m),
            math.floor(point[1] * METRES_PER_DEGREE / self._bucket_m),
        )

    def __len__(self) -> int:
        return self._size

    def add(self, case_id: str, sighting: Sighting) -> None:
        if sighting.cell is None:
            return  # not placed to a cell: nothing to meet
        self._closed.discard(case_id)
        entry = Candidate(case_id, sighting)
        self._by_cell.setdefault(sighting.cell, []).append(entry)
        if sighting.location is not None:
            self._by_bucket.setdefault(self._bucket(sighting.location), []).append(entry)
        self._size += 1

    def extend(self, entries: Iterable[tuple[str, Sighting]]) -> None:
        for case_id, sighting in entries:
            self.add(case_id, sighting)

    def around(self, sighting: Sighting, window: timedelta) -> list[Candidate]:
        """The entries the report may match (see the module's rule), within the window of
        its time, in a stable order."""
        earliest, latest = sighting.at - window, sighting.at + window
        closed = self._closed
        found: list[Candidate] = []
        cells = sorted(sighting.nearby_cells or {sighting.cell or ""})
        here = sighting.location
        if here is None:
            for cell in cells:
                for entry in self._by_cell.get(cell, ()):
                    if earliest <= entry.sighting.at <= latest and entry.case_id not in closed:
                        found.append(entry)
            return found
        # With a point: pointed entries near it, and pointless entries of the cells around.
        bx, by = self._bucket(here)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for entry in self._by_bucket.get((bx + dx, by + dy), ()):
                    if earliest <= entry.sighting.at <= latest and entry.case_id not in closed:
                        found.append(entry)
        for cell in cells:
            for entry in self._by_cell.get(cell, ()):
                if (
                    entry.sighting.location is None
                    and earliest <= entry.sighting.at <= latest
                    and entry.case_id not in closed
                ):
                    found.append(entry)
        return found

    def in_cells(self, cells: Iterable[str]) -> list[Candidate]:
        found: list[Candidate] = []
        for cell in sorted(set(cells)):
            found += [e for e in self._by_cell.get(cell, ()) if e.case_id not in self._closed]
        return found

    def close(self, case_ids: Iterable[str]) -> None:
        """These cases are no longer open (closed, rejected, merged away): never a candidate."""
        self._closed.update(case_ids)

    def expire(self, before: datetime) -> int:
        """Drop the entries whose time is before ``before``; returns how many."""
        dropped = _drop_older(self._by_cell, before)
        _drop_older(self._by_bucket, before)
        self._size -= dropped
        live = {e.case_id for entries in self._by_cell.values() for e in entries}
        self._closed &= live
        return dropped


def _drop_older(table: dict[K, list[Candidate]], before: datetime) -> int:
    dropped = 0
    for key in list(table):
        kept = [e for e in table[key] if e.sighting.at >= before]
        dropped += len(table[key]) - len(kept)
        if kept:
            table[key] = kept
        else:
            del table[key]
    return dropped
