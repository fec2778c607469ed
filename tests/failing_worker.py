"""A stream worker whose record writer fails outside the per-report isolation on its Nth
batch (the open cases could not be loaded, say): what the fault tests need to see the worker
stop and come back without losing or doubling anything. Run as
``python -m tests.failing_worker N``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from gridhub.cli import main
from streams.record import RecordWriter, Written


def fail_on_batch(n: int) -> None:
    write = RecordWriter.write
    calls = 0

    def failing(self: RecordWriter, batch: Sequence[Any]) -> Written:
        nonlocal calls
        calls += 1
        if calls == n:
            raise RuntimeError(f"injected failure on batch {n}")
        return write(self, batch)

    RecordWriter.write = failing  # type: ignore[method-assign]


if __name__ == "__main__":
    fail_on_batch(int(sys.argv[1]))
    main(["worker"])
