"""The live feed of case changes behind GET /events/cases (server-sent events).

Cases change in every process of the hub (stream workers open and merge them, API processes
run commands), so each API process watches the one place they all write: a thread reads the
cases changed since it last looked (an indexed `updated_at` query every
HUB_CONSOLE_POLL_SECONDS, while anybody listens) and hands each change to the listeners
allowed to see the case (the rule of dispatch.roles.can_see). Commits do not arrive in
`updated_at` order, so every read looks back a few seconds more and drops the (case,
version) pairs it has already handed on: nothing is missed, nothing doubled.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from dispatch.adapters import views
from dispatch.roles import CaseScope, Role, User, can_see

log = logging.getLogger("gridhub.live")
LOOK_BACK = timedelta(seconds=5)
BATCH = 500  # a client catching up
ROUND = 5000  # one read of the feed: a burst larger than this within LOOK_BACK is cut short
QUEUE_LIMIT = 1000  # a listener this far behind is dropped; its client reconnects


def change_of(row: dict[str, Any]) -> dict[str, Any]:
    """What a listener is told about a changed case: its summary, as JSON."""
    shown = {k: v for k, v in row.items() if k not in ("area_path", "resolution")}
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in shown.items()}


@dataclass(eq=False)
class Listener:
    user: User
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    overflowed: bool = False  # too far behind: its stream ends and the client reconnects

    def offer(self, change: dict[str, Any]) -> None:
        def put() -> None:
            try:
                self.queue.put_nowait(change)
            except asyncio.QueueFull:
                log.warning("live listener %s is too far behind: dropped", self.user.username)
                self.overflowed = True

        self.loop.call_soon_threadsafe(put)


class CaseFeed:
    def __init__(self, engine: Engine, poll_seconds: float) -> None:
        self._engine = engine
        self._poll = poll_seconds
        self._listeners: set[Listener] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._since = datetime.now(UTC) - LOOK_BACK
        self._look_back = LOOK_BACK
        self._seen: dict[tuple[str, int], datetime] = {}

    def subscribe(self, user: User) -> Listener:
        listener = Listener(user, asyncio.get_running_loop())
        with self._lock:
            self._listeners.add(listener)
            if self._thread is None or not self._thread.is_alive():
                self._since = datetime.now(UTC) - LOOK_BACK
                self._thread = threading.Thread(target=self._run, name="case-feed", daemon=True)
                self._thread.start()
        return listener

    def unsubscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.discard(listener)

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def backlog(self, user: User, since: datetime) -> list[dict[str, Any]]:
        """What changed since ``since`` that ``user`` may see (a client catching up)."""
        with self._engine.connect() as conn:
            return [change_of(r) for r in views.changed_since(conn, since, BATCH, user)]

    def _run(self) -> None:
        while not self._stopped.is_set():
            with self._lock:
                listeners = list(self._listeners)
            if not listeners:
                with self._lock:
                    if not self._listeners:
                        self._thread = None
                        return
            try:
                self._deliver(listeners)
            except Exception:  # the database may be away for a moment: try again next round
                log.exception("reading changed cases failed")
            self._wake.wait(self._poll)

    def _deliver(self, listeners: list[Listener]) -> None:
        with self._engine.connect() as conn:
            rows = views.changed_since(conn, self._since - self._look_back, ROUND)
            fresh = [r for r in rows if (r["id"], r["version"]) not in self._seen]
            workers = any(li.user.role is Role.GRID_WORKER for li in listeners)
            reporters = views.reporters_of(conn, [r["id"] for r in fresh]) if workers else {}
        for row in fresh:
            self._seen[(row["id"], row["version"])] = row["updated_at"]
            scope = CaseScope(
                row["area_path"] or "",
                row["department_id"],
                frozenset(reporters.get(row["id"], ())),
            )
            change = change_of(row)
            for listener in listeners:
                if can_see(listener.user, scope):
                    listener.offer(change)
        if rows:
            self._since = max(self._since, max(r["updated_at"] for r in rows))
        # A full round may have more behind it: read on from its end, without looking back.
        self._look_back = timedelta(0) if len(rows) == ROUND else LOOK_BACK
        self._forget(self._since - 2 * LOOK_BACK)

    def _forget(self, before: datetime) -> None:
        for key in [k for k, at in self._seen.items() if at < before]:
            del self._seen[key]
