"""The active address registry, as the API process holds it.

Built once per registry version (loading and indexing take a couple of seconds) and swapped
when another version becomes active; every request checks the active version first, which is
one indexed query, so an import is visible to the next request.
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
        self._loaded: LoadedRegistry | None = None
        self._lock = threading.Lock()

    def get(self) -> LoadedRegistry:
        with self._engine.connect() as conn:
            version = store.active_version(conn)
        if version is None:
            raise NoRegistry("no address registry is loaded (run `gridhub registry load`)")
        loaded = self._loaded
        if loaded is not None and loaded.version == version:
            return loaded
        with self._lock:
            if self._loaded is None or self._loaded.version != version:
                with self._engine.connect() as conn:
                    registry = store.load(conn, version)
                if registry is None:
                    raise NoRegistry(f"registry {version} vanished while loading")
                placer = Placer(registry)
                self._loaded = LoadedRegistry(placer, OrgGraph(registry, placer.places))
            return self._loaded
