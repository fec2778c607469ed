"""The tamper-evident audit trail: each case event carries the hash of the one before it.

Pure. Changing, removing or reordering any stored event breaks every hash after it, which
``verify_chain`` finds. The hash covers what the event says (type, time, actor, states,
reason, data), in a canonical JSON form.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from contracts.lifecycle import CaseLifecycleEvent

GENESIS = "0" * 64


def event_hash(event: CaseLifecycleEvent, previous: str) -> str:
    body: dict[str, Any] = {
        "previous": previous,
        "event_id": event.event_id,
        "case_id": event.case_id,
        "seq": event.seq,
        "event_type": event.event_type.value,
        # UTC with microseconds: the same text whatever zone the clock or database gave.
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": [event.actor.id, event.actor.role],
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason": event.reason,
        "data": event.data,
    }
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    intact: bool
    events: int
    broken_at_seq: int | None = None
    reason: str | None = None


def verify_chain(events: Iterable[tuple[CaseLifecycleEvent, str, str]]) -> ChainCheck:
    """Check (event, previous hash, hash) triples in seq order.

    A case opened before events were hashed has a first event with no hash at all; the chain
    then starts after it (the events since are still checked).
    """
    previous, count = GENESIS, 0
    for event, stored_previous, stored_hash in events:
        count += 1
        if event.seq != count:
            return ChainCheck(False, count, event.seq, f"expected event {count}, found {event.seq}")
        if count == 1 and not stored_hash and not stored_previous:
            continue  # unhashed first event of an older case
        if stored_previous != previous:
            return ChainCheck(False, count, event.seq, "does not point to the event before it")
        if event_hash(event, previous) != stored_hash:
            return ChainCheck(False, count, event.seq, "its content does not match its hash")
        previous = stored_hash
    return ChainCheck(True, count)
