"""Build the dead-letter envelope for a message the hub could not process."""

from __future__ import annotations

import base64
import hashlib
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
) -> DeadLetter:
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
        payload_b64=base64.b64encode(kept).decode(),
        payload_size=len(payload),
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        payload_truncated=len(kept) < len(payload),
        failed_at=now,
    )
