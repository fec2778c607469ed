"""The open cases a stream worker's de-duplication compares with, held in its memory.

Placed reports are keyed by township, so each township's reports reach one worker, in
order. That worker keeps the sightings of the open cases of "its" townships in an
``OpenCaseIndex`` (dispatch/dedupe_index.py): loaded from the database the first time a
township's reports reach it (after start or a rebalance), then kept current by its own
decisions, never read again on the hot path (with its reports placed only to a village or
the township itself, which have no cell). Cells of other townships (a report near a
township border looks at the cells around it) are read from the database for that batch
only, after the batch has locked those cells (CaseRepository.lock_areas), so a decision
another worker committed there is seen; a report whose time is older than what memory holds
(a late backfill) has its window read the same way.

Entries older than the window plus the allowed lateness are dropped as time goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Protocol

from dispatch.dedupe import Candidate, DedupePolicy, Sighting, reach_m, window_hours
from dispatch.dedupe_index import OpenCaseIndex


class OpenSightings(Protocol):
    """What memory reads from the store (the report repository has it)."""

    def open_sightings(
        self, cells: Sequence[str], since: datetime, until: datetime
    ) -> list[tuple[str, Sighting]]: ...


class ReadsOpenSightings(Protocol):
    """A unit of work, as far as memory needs one."""

    @property
    def reports(self) -> OpenSightings: ...


FAR_FUTURE = datetime(9000, 1, 1, tzinfo=UTC)
EXPIRY_STEP = timedelta(minutes=10)  # how far the horizon moves between two sweeps


class OpenCasesInMemory:
    def __init__(
        self,
        policy: DedupePolicy,
        township_of: Callable[[str], str | None],
        cells_of: Callable[[str], Sequence[str]],
        *,
        lateness: timedelta = timedelta(hours=48),
        keep: bool = True,
    ) -> None:
        """``township_of``/``cells_of`` come from the active registry; ``keep=False`` keeps
        nothing between batches (every candidate read from the database: tools and tests)."""
        # Memory holds the longest window (a lasting problem's); each pair keeps to its own.
        self._window = timedelta(hours=policy.longest_window_hours)
        self._reach = partial(reach_m, policy=policy)
        self._window_h = partial(window_hours, policy=policy)
        self._lateness = lateness
        self._township_of = township_of
        self._cells_of = cells_of
        self._keep = keep
        self.index = OpenCaseIndex(self._reach, self._window_h)
        self.townships: set[str] = set()  # loaded, and kept current by this worker
        self._cells: set[str] = set()  # the cells of those townships
        self._since: datetime | None = None  # memory holds entries from here on
        self._batch = OpenCaseIndex(self._reach, self._window_h)  # read for one batch only
        self.loads = 0  # townships loaded (for metrics and tests)
        self.batch_reads = 0  # batches that read foreign or late cells

    # -- for the record stage ------------------------------------------------------------
    def prepare(
        self, uow: ReadsOpenSightings, sightings: Sequence[Sighting], now: datetime
    ) -> None:
        """Make sure every candidate of these sightings is known: load the townships they are
        in (kept), read the other cells around them and older windows (this batch only)."""
        self._batch = OpenCaseIndex(self._reach, self._window_h)
        placed = [s for s in sightings if s.cell or s.township]
        if not placed:
            return
        if self._since is None:
            self._since = now - self._window - self._lateness
        since = self._since
        townships = sorted({t for s in placed if (t := self._township(s))})
        if self._keep:
            for township in townships:
                if township not in self.townships:
                    cells = self._cells_of(township)
                    self.index.extend(uow.reports.open_sightings(cells, since, FAR_FUTURE))
                    # Reports placed there only to a village or the township (no cell).
                    self.index.extend(
                        uow.reports.open_area_sightings([township], since, FAR_FUTURE)
                    )
                    self.townships.add(township)
                    self._cells.update(cells)
                    self.loads += 1
        foreign = sorted({c for s in placed for c in _cells_around(s)} - self._cells)
        entries = []
        if foreign:
            entries += uow.reports.open_sightings(foreign, since, FAR_FUTURE)
        unkept = [t for t in townships if t not in self.townships]
        if unkept:  # nothing kept (tools and tests): their cell-less reports, this batch only
            entries += uow.reports.open_area_sightings(unkept, since, FAR_FUTURE)
        late = [s for s in placed if _earliest(s) - self._window < since]
        if late:
            cells = sorted({c for s in late for c in _cells_around(s)})
            earliest = min(_earliest(s) for s in late) - self._window
            # Older than what memory holds: those cells' earlier entries, this batch only.
            entries += [
                e for e in uow.reports.open_sightings(cells, earliest, since) if e[1].at < since
            ]
            late_townships = sorted({t for s in late if (t := self._township(s))})
            entries += [
                e
                for e in uow.reports.open_area_sightings(late_townships, earliest, since)
                if e[1].at < since
            ]
        if foreign or late or unkept:
            self.batch_reads += 1
            self._batch.extend(entries)

    def candidates(self, sighting: Sighting) -> list[Candidate]:
        return [
            *self.index.around(sighting, self._window),
            *self._batch.around(sighting, self._window),
        ]

    def close(self, case_ids: Iterable[str]) -> None:
        """These cases were found no longer open while writing: never candidates again."""
        ids = list(case_ids)
        self.index.close(ids)
        self._batch.close(ids)

    def remember(self, entries: Iterable[tuple[str, Sighting]]) -> None:
        """The committed decisions of a batch: its reports are now entries of their cases."""
        self._batch = OpenCaseIndex(self._reach, self._window_h)
        if not self._keep:
            return
        since = self._since
        for case_id, sighting in entries:
            township = self._township(sighting)
            if township in self.townships and (since is None or sighting.at >= since):
                self.index.add(case_id, sighting)

    def _township(self, sighting: Sighting) -> str | None:
        """The township a sighting's entries are kept with: its cell's, else its own."""
        return (self._township_of(sighting.cell) if sighting.cell else None) or sighting.township

    def expire(self, now: datetime) -> int:
        """Drop what no report can be compared with any more; returns how many entries."""
        if self._since is None:
            return 0
        horizon = now - self._window - self._lateness
        # A sweep reads every entry, so it runs when the horizon has moved a step, not every
        # batch; entries a little past it are harmless (around() keeps to each report's window).
        if horizon - self._since < EXPIRY_STEP:
            return 0
        self._since = horizon
        return self.index.expire(horizon)

    def reset(self) -> None:
        """Forget everything (partitions moved between workers, or a write failed): the
        townships are loaded again as their reports arrive."""
        self.index = OpenCaseIndex(self._reach, self._window_h)
        self.townships = set()
        self._cells = set()
        self._batch = OpenCaseIndex(self._reach, self._window_h)
        self._since = None


def _cells_around(sighting: Sighting) -> set[str]:
    return set(sighting.nearby_cells) | ({sighting.cell} if sighting.cell else set())


def _earliest(sighting: Sighting) -> datetime:
    """The earliest its incident may have happened (a report that gave no time of its own)."""
    return sighting.earliest or sighting.at
