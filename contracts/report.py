"""The unified incident report: what every grid's native event is normalised into."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from contracts.common import (
    Attributes,
    Code,
    CoordinateSystem,
    EventTime,
    GridCode,
    Latitude,
    Longitude,
    NonEmptyText,
    PersonalName,
    PersonalPhone,
    SchemaVersion,
    ShortText,
    WireModel,
)

# The hub's report ids are UUIDs derived from (grid, source event id).
REPORT_ID_MAX = 36


class Channel(StrEnum):
    GRID_SYSTEM = "grid_system"  # a grid's own system, through its native topic
    API = "api"  # POST /reports (a worker's phone, a citizen app)
    OPEN311 = "open311"  # a citizen app speaking Open311 GeoReport v2 (POST requests)


class Priority(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class GeoPoint(WireModel):
    lon: Longitude
    lat: Latitude
    crs: CoordinateSystem = CoordinateSystem.WGS84


class Reporter(WireModel):
    id: ShortText
    role: Literal["grid_worker", "inspector", "supervisor", "sensor", "citizen"]
    # Personal: given in clear to the API, sealed by the hub before it stores or publishes them.
    name: PersonalName | None = None
    phone: PersonalPhone | None = None


class ReportSource(WireModel):
    grid: GridCode
    channel: Channel
    source_event_id: ShortText = Field(
        description="The id the source system gave the event; (grid, source_event_id) is unique."
    )


class IncidentReport(WireModel):
    """One report of one incident by one source, in the hub's own vocabulary."""

    schema_version: SchemaVersion[Literal[1]] = 1
    report_id: ShortText = Field(
        max_length=REPORT_ID_MAX, description="Derived from (grid, source_event_id): stable."
    )
    source: ReportSource
    category: Code = Field(description="Unified category code, '<grid>.<type>'.")
    priority: Priority = Priority.NORMAL
    title: ShortText
    description: NonEmptyText
    address_text: NonEmptyText
    location: GeoPoint | None = None
    reporter: Reporter
    occurred_at: EventTime
    occurred_at_stated: bool = Field(
        default=True,
        description=(
            "False when the source said only when the incident was reported, not when it "
            "happened (an API report without occurred_at, an Open311 request, a hotline "
            "call): occurred_at is then that moment, and the incident happened then or earlier."
        ),
    )
    reported_at: EventTime
    attributes: Attributes = Field(
        default_factory=dict, description="Grid-specific facts kept for the handlers."
    )
