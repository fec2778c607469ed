"""The dead-letter envelope: a message the hub could not process, the reason, the original bytes."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from contracts.common import NO_NUL, EventTime, SchemaVersion, Sha256Hex, ShortText, WireModel

# Bounds of a dead letter, so that it always fits on the broker (about 1 MB a message).
MAX_KEPT_PAYLOAD = 256 * 1024  # bytes of the original value kept; larger ones are truncated
MAX_KEPT_KEY = 1024
MAX_REASON = 4000
MAX_FIELD_ERRORS = 50
MAX_FIELD_NAME = 200
MAX_FIELD_REASON = 500


class FailedStage(StrEnum):
    DECODE = "decode"  # not JSON, not UTF-8, not an object
    VERSION = "version"  # schema_version missing or unknown
    VALIDATE = "validate"  # JSON, but not a valid event of its grid
    NORMALISE = "normalise"  # valid, but could not be turned into a unified report
    PLACE = "place"  # a unified report the address registry could not process (a bug)
    PERSIST = "persist"  # a unified report the database refused (after the batch was split)


def printable(text: str, limit: int) -> str:
    """Text for a dead letter, whatever the message held: NUL and lone surrogates (which no
    database and no JSON encoder takes) written out as escapes, cut at ``limit``."""
    if "\x00" in text:
        text = text.replace("\x00", "\\x00")
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text[:limit]


class FieldError(WireModel):
    field: str = Field(max_length=MAX_FIELD_NAME, pattern=NO_NUL)
    reason: str = Field(max_length=MAX_FIELD_REASON, pattern=NO_NUL)

    @classmethod
    def of(cls, field: str, reason: str) -> FieldError:
        """A field error from anything a message held (a field named with 10 KB or a NUL)."""
        return cls(
            field=printable(field, MAX_FIELD_NAME) or "(message)",
            reason=printable(reason, MAX_FIELD_REASON) or "invalid",
        )


class DeadLetter(WireModel):
    schema_version: SchemaVersion[Literal[1]] = 1
    source_topic: ShortText
    partition: int = Field(ge=0, le=2**31 - 1)
    offset: int = Field(ge=0, le=2**63 - 1)
    stage: FailedStage
    reason: str = Field(min_length=1, max_length=MAX_REASON, pattern=NO_NUL)
    errors: list[FieldError] = Field(default_factory=list, max_length=MAX_FIELD_ERRORS)
    key_b64: str | None = Field(None, max_length=(MAX_KEPT_KEY + 2) // 3 * 4)
    payload_b64: str = Field(
        # room for a sealed value: a Fernet token adds 57 bytes and up to 16 of padding
        max_length=(MAX_KEPT_PAYLOAD + 73 + 2) // 3 * 4,
        description="The original message value, base64, byte for byte (its first bytes only "
        "when payload_truncated); when payload_sealed, a Fernet token of those bytes instead.",
    )
    payload_sealed: bool = Field(
        False,
        description="The value is sealed with the hub's HUB_PII_KEYS (it may hold personal "
        "data): `gridhub pii open-dead-letter` shows it.",
    )
    payload_size: int | None = Field(
        None, ge=0, le=2**31 - 1, description="Bytes in the original value."
    )
    payload_sha256: Sha256Hex | None = Field(
        None, description="SHA-256 of the original value, hex."
    )
    payload_truncated: bool = Field(
        False, description="The value was too large to keep whole; its digest identifies it."
    )
    failed_at: EventTime
