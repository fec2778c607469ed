"""A message waiting in the transactional outbox for the relay to publish."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutboxMessage:
    message_id: str  # unique: adding the same message twice stores it once
    topic: str
    key: str | None
    value: bytes
    id: int | None = None  # assigned by the database
