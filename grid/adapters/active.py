"""The active registry version, as a running process holds it (API and stream workers).

Built once per version (loading and indexing take a couple of seconds) and swapped when
another version becomes active. ``refresh`` asks the database which version is active (one
indexed query) and loads it if it changed; ``current`` is what was loaded last, without a
query, for hot paths.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Engine

from grid.adapters import store
from grid.orggraph import OrgGraph
from grid.placing import Placer


@dataclass(frozen=True)
class LoadedRegistry:
    placer: Placer
    org: OrgGraph

    @property
    def version(self) -> str:
        return self.placer.version


class NoRegistry(LookupError):
    pass


class ActiveRegistry:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.current: LoadedRegistry | None = None
        self._lock = threading.Lock()

    def refresh(self) -> LoadedRegistry | None:
        """The active version, loaded if it is not the one held. Blocking (database)."""
        with self._engine.connect() as conn:
            version = store.active_version(conn)
        if version is None:
            return None
        loaded = self.current
        if loaded is not None and loaded.version == version:
            return loaded
        with self._lock:
            if self.current is None or self.current.version != version:
                with self._engine.connect() as conn:
                    registry = store.load(conn, version)
                if registry is None:
                    return self.current
                placer = Placer(registry)
                self.current = LoadedRegistry(placer, OrgGraph(registry, placer.places))
            return self.current

    def get(self) -> LoadedRegistry:
        """The active version, as of now; NoRegistry when none is loaded."""
        loaded = self.refresh()
        if loaded is None:
            raise NoRegistry("no address registry is loaded (run `gridhub registry load`)")
        return loaded

    def escalates_to(self, department_id: str | None) -> str | None:
        """The next department up from ``department_id`` in the registry held."""
        loaded = self.current
        return loaded.org.escalates_to(department_id) if loaded else None
