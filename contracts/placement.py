"""Where a report is (placement) and who must handle it (route), as the routing stage says."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from contracts.common import (
    NO_NUL,
    TEXT_MAX,
    EventTime,
    OptionalText,
    SchemaVersion,
    ShortText,
    WireModel,
)
from contracts.report import GeoPoint, IncidentReport


class PlacementStatus(StrEnum):
    PLACED = "placed"  # down to a grid cell (or a standard address in it)
    PARTIAL = "partial"  # a community or township only: routable, but a dispatcher must look
    UNPLACED = "unplaced"  # nowhere: goes to the dispatcher queue, never to a default


class Precision(StrEnum):
    ADDRESS = "address"
    CELL = "cell"
    COMMUNITY = "community"
    TOWNSHIP = "township"


class PlacementMethod(StrEnum):
    TEXT = "text"
    INTERSECTION = "intersection"  # two roads' crossing, plus any offset phrase
    POINT = "point"
    TEXT_AND_POINT = "text+point"
    NONE = "none"


# What the hub's own stages write: bounded well above what they write, so a legitimate report
# is never refused here, while a forged or corrupted envelope cannot grow without end.
Reason = Annotated[str, Field(max_length=2 * TEXT_MAX, pattern=NO_NUL)]
RegistryVersion = Annotated[str, Field(min_length=1, max_length=40, pattern=NO_NUL)]


class PlaceLevelRef(WireModel):
    level: ShortText
    code: ShortText
    name: ShortText


class Placement(WireModel):
    status: PlacementStatus
    precision: Precision | None = None
    address_id: ShortText | None = None
    address: OptionalText | None = Field(
        None, description="Canonical text of the standard address."
    )
    cell: ShortText | None = None
    nearby_cells: list[ShortText] = Field(
        default_factory=list,
        max_length=200,
        description="The cell and the cells touching it (for de-duplication).",
    )
    community: ShortText | None = None
    township: ShortText | None = None
    levels: list[PlaceLevelRef] = Field(
        default_factory=list, max_length=12, description="Province down."
    )
    confidence: float = Field(ge=0.0, le=1.0)
    method: PlacementMethod
    reasons: list[Reason] = Field(default_factory=list, max_length=100)
    disagreement: Reason | None = Field(None, description="Set when text and point disagree.")
    point: GeoPoint | None = Field(None, description="The WGS-84 point used, if any.")
    address_point: GeoPoint | None = Field(
        None,
        description=(
            "Where the standard address is (WGS-84), when placed to one; where two roads "
            "named cross (moved by any offset given), when placed to a crossing."
        ),
    )
    registry_version: RegistryVersion


class RouteStatus(StrEnum):
    ROUTED = "routed"
    UNROUTED = "unrouted"


class Route(WireModel):
    status: RouteStatus
    department_id: ShortText | None = None
    department: ShortText | None = None
    team_id: ShortText | None = None
    team: ShortText | None = None
    time_limit_profile: ShortText | None = None
    auto_dispatch: bool = False
    rule_id: ShortText | None = Field(None, description="The 权责清单 line that decided it.")
    reason: Reason
    registry_version: RegistryVersion


class PlacedReport(WireModel):
    """A unified report with its place and route: what the routing stage hands on."""

    schema_version: SchemaVersion[Literal[1]] = 1
    report: IncidentReport
    placement: Placement
    route: Route
    placed_at: EventTime
    received_at: EventTime | None = Field(
        None, description="When the report's message reached the hub's input topic."
    )


class PlacedBatch(WireModel):
    """Placed reports of one township from one intake batch: the value of
    hub.placed-reports. One message per township per batch instead of one per report keeps
    the hop between the hub's two stages cheap."""

    schema_version: SchemaVersion[Literal[2]] = 2
    township: ShortText = Field(description="The key: township code, or 'unplaced'.")
    reports: list[PlacedReport] = Field(
        max_length=5000, description="Split so that an envelope stays under 512 KiB."
    )
