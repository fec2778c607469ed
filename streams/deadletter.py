"""Build the dead-letter envelope for a message the hub could not process."""

from __future__ import annotations

import base64
from datetime import datetime

from contracts.deadletter import DeadLetter
from streams.normalise import UnprocessableMessage


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
    return DeadLetter(
        source_topic=topic,
        partition=partition,
        offset=offset,
        stage=error.stage,
        reason=error.reason[:4000],
        errors=error.errors[:50],
        key_b64=base64.b64encode(key).decode() if key is not None else None,
        payload_b64=base64.b64encode(value or b"").decode(),
        failed_at=now,
    )
