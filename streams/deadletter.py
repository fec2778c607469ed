"""Build the dead-letter envelope for a message the hub could not process."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import datetime

from contracts.deadletter import DeadLetter
from streams.normalise import UnprocessableMessage

# A dead letter must always fit on the broker (about 1 MB per message): larger values keep
# their first bytes, their size and their digest.
MAX_KEPT_PAYLOAD = 256 * 1024


def dead_letter(
    *,
    topic: str,
    partition: int,
    offset: int,
    key: bytes | None,
    value: bytes | None,
    error: UnprocessableMessage,
    now: datetime,
    seal: Callable[[bytes], str] | None = None,
) -> DeadLetter:
    """``seal``: how the kept payload is encrypted (a message from a grid's topic may hold
    phone numbers in clear); without it the payload is kept as it is, base64."""
    payload = value or b""
    kept = payload[:MAX_KEPT_PAYLOAD]
    return DeadLetter(
        source_topic=topic,
        partition=partition,
        offset=offset,
        stage=error.stage,
        reason=error.reason[:4000],
        errors=[
            e.model_copy(update={"field": e.field[:200], "reason": e.reason[:500]})
            for e in error.errors[:50]
        ],
        key_b64=base64.b64encode(key[:1024]).decode() if key is not None else None,
        payload_b64=seal(kept) if seal else base64.b64encode(kept).decode(),
        payload_sealed=seal is not None,
        payload_size=len(payload),
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        payload_truncated=len(kept) < len(payload),
        failed_at=now,
    )
