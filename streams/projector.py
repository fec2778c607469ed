"""The projector: follows the cases the stream committed and writes what they owe.

For every case marked ``projection_pending`` it writes the lifecycle events (hash-chained),
their outbox rows and the KPI facts, in one transaction per round
(dispatch/services.py ``project_cases``). At least once and idempotent: a round that fails
leaves the marks, the next round does it again; events have derived ids. Several projectors
may run: each locks the cases it takes and skips the others' (PostgreSQL).

The same process runs the overdue sweep (marking overdue cases and escalating them) and the
outbox relay, so the stream's writer does nothing but record. Idle, it backs off to
``idle_seconds`` between looks, and is woken at once when the stream commits in the same
process (``wake``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine

from config import HubSettings
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.services import TopicNames, project_cases, sweep_overdue
from dispatch.sla import SlaPolicy
from grid.adapters.active import ActiveRegistry
from streams import collector, metrics
from streams.failures import describe, is_transient

log = logging.getLogger(__name__)


class Projector:
    def __init__(
        self,
        engine: Engine,
        topics: TopicNames,
        sla: SlaPolicy,
        registry: ActiveRegistry,
        *,
        batch_size: int = 500,
        idle_seconds: float = 0.5,
        sweep_seconds: float = 30.0,
        on_projected: Callable[[], None] | None = None,
    ) -> None:
        self._on_projected = on_projected
        self._engine = engine
        self._topics = topics
        self._sla = sla
        self._registry = registry
        self._batch_size = batch_size
        self._idle = idle_seconds
        self._sweep_every = sweep_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.projected_cases = 0
        self.mismatches = 0

    @classmethod
    def from_settings(
        cls,
        engine: Engine,
        settings: HubSettings,
        topics: TopicNames,
        sla: SlaPolicy,
        on_projected: Callable[[], None] | None = None,
    ) -> Projector:
        return cls(
            engine,
            topics,
            sla,
            ActiveRegistry(engine),
            batch_size=settings.projector_batch_size,
            idle_seconds=settings.projector_idle_seconds,
            sweep_seconds=settings.overdue_sweep_seconds,
            on_projected=on_projected,
        )

    def wake(self) -> None:
        self._wake.set()

    def project_once(self) -> int:
        """One round; returns the cases projected."""
        result = project_cases(
            SqlUnitOfWork(self._engine),
            self._topics,
            self._sla,
            datetime.now(UTC),
            self._batch_size,
        )
        for mismatch in result.mismatches[:5]:
            log.warning("replay differs from the stored case (same SLA settings?): %s", mismatch)
        self.mismatches += len(result.mismatches)
        self.projected_cases += result.cases
        if result.events and self._on_projected is not None:
            self._on_projected()  # their outbox rows are committed: relay them now
        metrics.PROJECTED_CASES.inc(result.cases)
        metrics.PROJECTED_EVENTS.inc(result.events)
        return result.cases

    def sweep_once(self) -> None:
        """Mark overdue cases and escalate those overdue too long (several sweepers may run:
        rows are locked and skipped, so no case is marked twice)."""
        held = self._registry.current
        try:
            loaded = self._registry.refresh()
        except Exception as exc:  # keep the registry held; escalation targets may be stale
            log.warning("could not refresh the registry for escalation: %s", describe(exc))
        else:
            if loaded is not None and loaded is not held:
                collector.freeze_long_lived()  # streams/collector.py says why
        result = sweep_overdue(
            SqlUnitOfWork(self._engine),
            self._topics,
            datetime.now(UTC),
            self._sla,
            self._registry.escalates_to,
        )
        metrics.OVERDUE_MARKED.inc(result.marked_overdue)
        metrics.ESCALATED.inc(result.escalated)

    def drain(self, timeout: float = 30.0) -> int:
        """Project until nothing is owed (or ``timeout``); for a clean stop."""
        deadline, done = time.monotonic() + timeout, 0
        while time.monotonic() < deadline:
            projected = self.project_once()
            done += projected
            if projected == 0:
                break
        return done

    def run(self) -> None:
        idle = 0.02
        next_sweep = time.monotonic() + min(self._sweep_every, 5.0)
        while not self._stop.is_set():
            try:
                projected = self.project_once()
                if time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + self._sweep_every
                    self.sweep_once()
            except Exception as exc:
                level = logging.WARNING if is_transient(exc) else logging.ERROR
                log.log(
                    level,
                    "projector round failed: %s",
                    describe(exc),
                    exc_info=not is_transient(exc),
                )
                projected = 0
                idle = self._idle
            if projected >= self._batch_size:
                idle = 0.02
                continue
            self._wake.wait(idle)
            self._wake.clear()
            idle = min(idle * 2, self._idle) if projected == 0 else 0.02

    def start(self) -> Projector:
        self._thread = threading.Thread(target=self.run, name="gridhub-projector", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
