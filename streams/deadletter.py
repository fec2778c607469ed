"""Build the dead-letter envelope for a message the hub could not process.

It never fails, whatever the message held: the reason and field names are made printable
and cut to the contract's bounds, and a value too large to keep whole keeps its first
bytes, its size and its SHA-256, so the letter always fits on the broker. A phone number in
the reason (an error's text may quote what it refused) is masked: the letter's readable parts
carry no number in clear, its payload is sealed.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import datetime

from contracts.deadletter import (
    MAX_FIELD_ERRORS,
    MAX_KEPT_KEY,
    MAX_KEPT_PAYLOAD,
    MAX_REASON,
    DeadLetter,
    FieldError,
    printable,
)
from dispatch.privacy import mask_phones_in_text
from streams.normalise import UnprocessableMessage

__all__ = ["MAX_KEPT_PAYLOAD", "dead_letter"]


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
        source_topic=printable(topic, 200) or "(unknown)",
        partition=max(partition, 0),
        offset=max(offset, 0),
        stage=error.stage,
        reason=printable(mask_phones_in_text(error.reason), MAX_REASON).strip()
        or error.stage.value,
        errors=[
            FieldError.of(mask_phones_in_text(e.field), mask_phones_in_text(e.reason))
            for e in error.errors[:MAX_FIELD_ERRORS]
        ],
        key_b64=base64.b64encode(key[:MAX_KEPT_KEY]).decode() if key is not None else None,
        payload_b64=seal(kept) if seal else base64.b64encode(kept).decode(),
        payload_sealed=seal is not None,
        payload_size=len(payload),
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        payload_truncated=len(kept) < len(payload),
        failed_at=now,
    )
