"""How the hub's long-running stream processes (the worker, the projector) treat Python's
garbage collector.

The address registry is hundreds of thousands of objects that live as long as the process:
left in reach of the collector, every full collection scans them (a tenth of the worker's
time, blamed on whatever allocated; in the projector a 0.2-0.35 s pause every 15-25 s at 200
events/s, while its round holds the locks of the cases it projects). And each event
allocates thousands of short-lived objects and almost no cycles: Python's thresholds
(700, 10, 10) spent 13-15% of the record stage's CPU in the collector, (20000, 50, 100)
about 5% (bench/gc_cost.py).
"""

from __future__ import annotations

import gc

YOUNG_TO_MIDDLE = 50  # young collections between two of the middle generation
MIDDLE_TO_OLD = 100  # middle collections between two full ones


def set_thresholds(young: int) -> None:
    """Collect the young generation every ``young`` allocations (HUB_STREAM_GC_GEN0)."""
    gc.set_threshold(young, YOUNG_TO_MIDDLE, MIDDLE_TO_OLD)


def freeze_long_lived() -> None:
    """Move everything alive now (a registry just loaded) out of the collector's reach.
    Objects frozen are still freed when nothing refers to them; only a cycle among them
    would stay until the process ends, and a registry replaced by a newer one is not one."""
    gc.collect()
    gc.freeze()
