"""The dead-letter envelope: a message the hub could not process, the reason, the original bytes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from contracts.common import ShortText, WireModel


class FailedStage(StrEnum):
    DECODE = "decode"  # not JSON, not UTF-8, not an object
    VERSION = "version"  # schema_version missing or unknown
    VALIDATE = "validate"  # JSON, but not a valid event of its grid
    NORMALISE = "normalise"  # valid, but could not be turned into a unified report
    PLACE = "place"  # a unified report the address registry could not process (a bug)
    PERSIST = "persist"  # a unified report the database refused (after the batch was split)


class FieldError(WireModel):
    field: str
    reason: str


class DeadLetter(WireModel):
    schema_version: Literal[1] = 1
    source_topic: ShortText
    partition: int
    offset: int
    stage: FailedStage
    reason: str = Field(min_length=1)
    errors: list[FieldError] = Field(default_factory=list)
    key_b64: str | None = None
    payload_b64: str = Field(
        description="The original message value, base64, byte for byte (its first bytes only "
        "when payload_truncated); when payload_sealed, a Fernet token of those bytes instead."
    )
    payload_sealed: bool = Field(
        False,
        description="The value is sealed with the hub's HUB_PII_KEYS (it may hold personal "
        "data): `gridhub pii open-dead-letter` shows it.",
    )
    payload_size: int | None = Field(None, description="Bytes in the original value.")
    payload_sha256: str | None = Field(None, description="SHA-256 of the original value, hex.")
    payload_truncated: bool = Field(
        False, description="The value was too large to keep whole; its digest identifies it."
    )
    failed_at: datetime
