"""Case lifecycle events: one record per step of a case, published past tense."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from contracts.common import (
    NO_NUL,
    EventData,
    EventTime,
    SchemaVersion,
    Sha256Hex,
    ShortText,
    WireModel,
)


class CaseEventType(StrEnum):
    """Every step the closed loop can record (GB/T 30428 / CJJ/T 106 practice)."""

    REPORTED = "reported"  # 信息收集
    REPORT_LINKED = "report_linked"  # another report joined the case
    REPORT_SPLIT = "report_split"  # a report was taken out into a case of its own
    ACCEPTED = "accepted"  # 立案
    REJECTED = "rejected"  # 不予立案
    MERGED = "merged"  # merged into another case as duplicate
    DISPATCHED = "dispatched"  # 派遣
    SIGNED = "signed"  # 签收
    RETURNED = "returned"  # 退回
    RESOLVED = "resolved"  # 处置反馈
    VERIFIED = "verified"  # 核查通过
    VERIFICATION_FAILED = "verification_failed"  # 核查不通过 -> 返工
    CLOSED = "closed"  # 结案
    POSTPONEMENT_REQUESTED = "postponement_requested"  # 延期申请
    POSTPONED = "postponed"  # 延期批准
    POSTPONEMENT_DENIED = "postponement_denied"
    SUSPENDED = "suspended"  # 挂账
    RESUMED = "resumed"
    REOPENED = "reopened"
    ESCALATED = "escalated"  # 督办
    OVERDUE = "overdue"
    RATED = "rated"  # 满意度回访: the reporter rated the outcome of the closed case


class Actor(WireModel):
    id: ShortText
    # citizen: a member of the public acting through an Open311 client application.
    role: Literal[
        "system", "grid_worker", "dispatcher", "handler", "supervisor", "admin", "citizen"
    ]


class CaseLifecycleEvent(WireModel):
    schema_version: SchemaVersion[Literal[1]] = 1
    event_id: ShortText
    case_id: ShortText
    seq: int = Field(ge=1, le=1_000_000, description="Position in the case's own history, from 1.")
    event_type: CaseEventType
    occurred_at: EventTime
    actor: Actor
    from_state: ShortText | None = None
    to_state: ShortText
    reason: str | None = Field(None, max_length=2000, pattern=NO_NUL)
    data: EventData = Field(default_factory=dict)
    previous_hash: Sha256Hex | None = Field(
        None, description="SHA-256 of the case's previous event (64 zeros for the first)."
    )
    hash: Sha256Hex | None = Field(
        None, description="SHA-256 over previous_hash and this event's content: a chain."
    )
