"""Request and response bodies, named <Entity>Create / <Entity>Read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from contracts.common import GridCode, NonEmptyText, ShortText
from contracts.placement import Placement, Route
from contracts.report import GeoPoint, Priority, Reporter
from grid.categories import CATEGORIES, is_known_category

# A phone's clock may run a little fast; further ahead than this is a wrong timestamp.
CLOCK_SKEW = timedelta(minutes=5)


class ReportCreate(BaseModel):
    """A report made from a worker's phone or a citizen app."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    grid: GridCode
    category: ShortText = Field(
        description="Unified category code of the grid, e.g. 'urban.road_damage'."
    )
    description: NonEmptyText
    address_text: NonEmptyText
    location: GeoPoint | None = None
    reporter: Reporter
    title: ShortText | None = None
    priority: Priority = Priority.NORMAL
    occurred_at: AwareDatetime | None = Field(
        None, description="With a UTC offset. Default: now. Not in the future."
    )
    client_request_id: ShortText | None = Field(
        None,
        description="Idempotency key chosen by the client: retries with one key are one report.",
    )

    @field_validator("category")
    @classmethod
    def _category_belongs_to_grid(cls, category: str, info: ValidationInfo) -> str:
        grid = info.data.get("grid")
        if grid is not None and not is_known_category(category, grid):
            known = sorted(c.code for c in CATEGORIES.values() if c.grid is grid)
            raise ValueError(
                f"{category!r} is not a category of grid {grid.value}; known: {', '.join(known)}"
            )
        return category

    @field_validator("occurred_at")
    @classmethod
    def _not_in_the_future(cls, moment: datetime | None) -> datetime | None:
        if moment is not None and moment > datetime.now(UTC) + CLOCK_SKEW:
            raise ValueError("is in the future")
        return moment


class ReportAccepted(BaseModel):
    report_id: str
    status: Literal["received", "already_received"]
    links: dict[str, str]


class ReportRead(BaseModel):
    id: str
    grid: str
    source_event_id: str
    channel: str
    category: str
    priority: str
    title: str
    description: str
    address_text: str
    lon: float | None
    lat: float | None
    crs: str | None
    reporter_id: str
    reporter_role: str
    reporter_phone: str | None = Field(description="Masked: only the last four digits.")
    occurred_at: datetime
    reported_at: datetime
    received_at: datetime
    attributes: dict[str, Any]
    case_id: str | None
    status: Literal["queued", "in_case"]
    placement: Placement | None = Field(None, description="Set once the routing stage ran.")
    route: Route | None = None


class CaseEventRead(BaseModel):
    seq: int
    event_type: str
    occurred_at: datetime
    actor_id: str
    actor_role: str
    from_state: str | None
    to_state: str
    reason: str | None
    data: dict[str, Any]


class CaseSummary(BaseModel):
    id: str
    state: str
    category: str
    origin_grid: str
    priority: str
    title: str
    address_text: str
    reported_at: datetime
    created_at: datetime
    report_count: int
    place_status: str | None = Field(None, description="placed, partial or unplaced")
    township_code: str | None = None
    cell_code: str | None = None
    department_id: str | None = None


class CaseRead(CaseSummary):
    description: str
    lon: float | None
    lat: float | None
    crs: str | None
    updated_at: datetime
    placement: Placement | None
    route: Route | None
    grids: list[str]
    reports: list[ReportRead]
    events: list[CaseEventRead]


class CasePage(BaseModel):
    items: list[CaseSummary]
    total: int
    limit: int
    offset: int


# -- registry ---------------------------------------------------------------------------
class RegistryVersionRead(BaseModel):
    version: str
    source: str
    loaded_at: datetime
    active: bool
    counts: dict[str, int]


class RegistryRead(BaseModel):
    active: RegistryVersionRead
    versions: list[RegistryVersionRead]


class ResolveRead(BaseModel):
    placement: Placement
    route: Route | None = Field(None, description="Given when a category was asked for.")


class PlaceRef(BaseModel):
    code: str
    name: str
    level: str


class DepartmentRef(BaseModel):
    id: str
    name: str
    grid: str | None
    area: str


class PlaceRead(PlaceRef):
    levels: list[PlaceRef] = Field(description="From the province down to this place.")
    children: list[PlaceRef]
    departments: list[DepartmentRef] = Field(description="Who covers it, smallest area first.")
    geometry: dict[str, Any] | None = Field(None, description="GeoJSON, for a grid cell.")
    workers: list[str] = Field(default_factory=list, description="Grid workers of a cell.")


class TeamRead(BaseModel):
    id: str
    name: str


class ResponsibilityRead(BaseModel):
    id: str
    category: str
    area: str
    team: str
    time_limit_profile: str
    auto_dispatch: bool


class DepartmentRead(DepartmentRef):
    area_name: str
    teams: list[TeamRead]
    escalation: list[DepartmentRef] = Field(description="Who is above it, nearest first.")
    responsibilities: list[ResponsibilityRead]


class HandlerRead(BaseModel):
    category: str
    place: PlaceRef
    route: Route
    escalation: list[DepartmentRef]


class RegistryImported(BaseModel):
    version: str
    new: bool = Field(description="False: this exact content was stored before; re-activated.")
    counts: dict[str, int]
