"""Request and response bodies, named <Entity>Create / <Entity>Read."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AnyUrl,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    UrlConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from contracts.common import NO_NUL, URL_MAX, GridCode, NonEmptyText, ShortText
from contracts.placement import Placement, PlacementStatus, Route
from contracts.report import Channel, GeoPoint, Priority, Reporter
from dispatch.dedupe import CLOCK_SKEW, MAX_AGE
from dispatch.lifecycle import CaseState
from dispatch.satisfaction import MAX_COMMENT, Rating, rating_of
from grid.categories import CATEGORIES, is_known_category

# Paging: far beyond any real list, and inside every database's integer range.
MAX_OFFSET = 1_000_000_000
# Days a query may name: calendar arithmetic on them (the day after) stays in range.
EARLIEST_DAY, LATEST_DAY = date(1970, 1, 1), date(2999, 12, 31)
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="how many to skip")]
QueryDay = Annotated[date, Field(ge=EARLIEST_DAY, le=LATEST_DAY)]
# The reports table keeps a phone in 20 characters (E.164 numbers have at most 16).
MAX_PHONE = 20
MAX_REQUEST_ID = 100


# occurred_at: a phone's clock may run a little fast (CLOCK_SKEW); further ahead is a wrong
# timestamp. An incident more than MAX_AGE old is history, not a report (a grid's system
# backfills it). The same rule de-duplication applies to every report (dispatch/dedupe.py).


class ReporterCreate(Reporter):
    """The reporter as the API takes it: a phone that fits where reports keep it."""

    phone: str | None = Field(None, pattern=r"^\+?[0-9-]{5,20}$", max_length=MAX_PHONE)


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
    reporter: ReporterCreate
    title: ShortText | None = None
    priority: Priority = Priority.NORMAL
    occurred_at: AwareDatetime | None = Field(
        None,
        description="When the incident happened (it is matched with other reports on this), "
        "with a UTC offset. Default: now. Not in the future, not more than 30 days ago.",
    )
    client_request_id: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_REQUEST_ID,
        pattern=NO_NUL,
        description="Idempotency key chosen by the client: retries with one key are one report. "
        "Keys are the sender's own: another user's same key is another report.",
    )
    attachments: list[ShortText] = Field(
        default_factory=list,
        max_length=9,
        description="Ids of photos uploaded with POST /attachments by the same user.",
    )
    same_as: ShortText | None = Field(
        None,
        description="An open case the reporter says this is the same problem as: the report "
        "joins it (GET /cases/nearby lists the candidates).",
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
        now = datetime.now(UTC)
        if moment is not None:
            try:
                moment = moment.astimezone(UTC)
            except OverflowError:  # 0001-01-01T00:00:00+14:00 is before year 1 in UTC
                raise ValueError("is out of the range of dates") from None
        if moment is not None and moment > now + CLOCK_SKEW:
            raise ValueError(
                f"is in the future ({moment.isoformat()}, more than "
                f"{CLOCK_SKEW.total_seconds() / 60:.0f} minutes after the hub's clock)"
            )
        if moment is not None and now - moment > MAX_AGE:
            raise ValueError(
                f"is more than {MAX_AGE.days} days ago ({moment.isoformat()}): report an "
                "incident when it happens; older events come from a grid's own system"
            )
        return moment


class ReportAccepted(BaseModel):
    report_id: str
    status: Literal["received", "already_received"]
    links: dict[str, str]
    case_id: str | None = Field(None, description="Set when the report joined a case at once.")


class AttachmentRead(BaseModel):
    id: str
    kind: Literal["photo", "document"]
    content_type: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    url: str = Field(description="The file (send the same Authorization header).")
    thumbnail_url: str | None = Field(None, description="A small JPEG, for photos.")
    caption: str | None = None


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
    reporter_name: str | None = Field(
        None, description="In clear or masked by role (docs/privacy.md): 张** when masked."
    )
    reporter_phone: str | None = Field(
        description="In clear for dispatchers, handlers and admins; masked for the other "
        "roles: only the last four digits (docs/privacy.md)."
    )
    occurred_at: datetime
    reported_at: datetime
    received_at: datetime
    attributes: dict[str, Any]
    case_id: str | None
    status: Literal["queued", "in_case"]
    placement: Placement | None = Field(None, description="Set once the routing stage ran.")
    route: Route | None = None
    dedupe: dict[str, Any] | None = Field(
        None, description="Which case it joined or opened, the score, the rule, the candidates."
    )
    attachments: list[AttachmentRead] = Field(default_factory=list)
    case_state: str | None = Field(None, description="In /me/reports: the case's state now.")
    case_deadline_at: datetime | None = None


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
    previous_hash: str | None = None
    hash: str | None = None


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
    department_id: str | None = Field(None, description="The department holding the case.")
    team_id: str | None = None
    deadline_step: str | None = Field(None, description="The step the clock runs for.")
    deadline_at: datetime | None = None
    overdue_since: datetime | None = None
    escalation_level: int = 0
    escalated_to: str | None = None
    pending_postponement_hours: float | None = None
    suggested_department_id: str | None = Field(
        None, description="Who the responsibility list says should handle it."
    )


class StepTimes(BaseModel):
    accepted_at: datetime | None = None
    rejected_at: datetime | None = None
    merged_at: datetime | None = None
    dispatched_at: datetime | None = None
    signed_at: datetime | None = None
    returned_at: datetime | None = None
    resolved_at: datetime | None = None
    verified_at: datetime | None = None
    verification_failed_at: datetime | None = None
    closed_at: datetime | None = None
    reopened_at: datetime | None = None
    suspended_at: datetime | None = None
    resumed_at: datetime | None = None
    postponement_requested_at: datetime | None = None
    postponed_at: datetime | None = None
    escalated_at: datetime | None = None


class SatisfactionRead(BaseModel):
    """The latest rating of a closed case (满意度回访); every rating is in ``events``."""

    rating: Rating
    label: str = Field(description="满意, 基本满意 or 不满意")
    comment: str | None
    rated_at: datetime
    rated_by: str


class CaseRead(CaseSummary):
    description: str
    lon: float | None
    lat: float | None
    crs: str | None
    updated_at: datetime
    version: int
    placement: Placement | None
    route: Route | None
    steps: StepTimes
    suspended_from: str | None
    postponed_hours: float
    merged_into: str | None
    resolution: dict[str, Any] | None
    allowed_commands: list[str] = Field(
        description="What the caller may do to the case now (its state and their role)."
    )
    grids: list[str]
    reports: list[ReportRead]
    events: list[CaseEventRead]
    satisfaction: SatisfactionRead | None = Field(
        None, description="The reporter's latest rating after closure, if any."
    )


# -- commands on a case ----------------------------------------------------------------
class CommandBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    request_id: ShortText | None = Field(
        None, description="Your id for this command: a retry with the same id acts once."
    )
    reason: str | None = Field(None, max_length=2000)

    @field_validator("reason")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class DispatchBody(CommandBody):
    department_id: ShortText
    team_id: ShortText | None = None


class MergeBody(CommandBody):
    into: ShortText = Field(description="The case this one duplicates.")


class RateBody(CommandBody):
    """满意度回访: how the reporter rates the outcome of the closed case."""

    rating: Rating = Field(
        description="satisfied (满意), basically_satisfied (基本满意) or unsatisfied (不满意); "
        "the Chinese words are accepted too"
    )
    comment: str | None = Field(None, max_length=MAX_COMMENT)

    @field_validator("rating", mode="before")
    @classmethod
    def _chinese_words_too(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return rating_of(value.strip())
            except ValueError:
                return value  # the enum's own error names the three
        return value


class SplitBody(CommandBody):
    report_id: ShortText = Field(description="The report that is another incident.")


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[AnyUrl, UrlConstraints(max_length=URL_MAX)] | None = Field(
        None, description="Where the photo or document is kept elsewhere."
    )
    attachment_id: ShortText | None = Field(
        None, description="Or a file uploaded to the hub with POST /attachments."
    )
    kind: Literal["photo", "video", "document"] = "photo"
    caption: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def _one_source(self) -> Evidence:
        if (self.url is None) == (self.attachment_id is None):
            raise ValueError("give either url or attachment_id")
        return self


class ResolveBody(CommandBody):
    note: NonEmptyText = Field(description="What was done (处置反馈).")
    evidence: list[Evidence] = Field(default_factory=list, max_length=20)


class VerifyBody(CommandBody):
    passed: bool = Field(description="true: 核查通过; false: 返工, with the reason.")


class PostponementBody(CommandBody):
    hours: float = Field(gt=0, le=2000, description="Extra resolving time asked for.")


class EscalateBody(CommandBody):
    to_department_id: ShortText | None = Field(
        None, description="Who supervises it; default: the next department up."
    )


class CaseSort(StrEnum):
    DEADLINE = "deadline"  # the running deadline first (overdue first), urgent first
    PRIORITY = "priority"  # urgent first, then by deadline
    NEWEST = "newest"
    OLDEST = "oldest"
    UPDATED = "updated"  # the latest changed first


class CaseQuery(BaseModel):
    """Filters, search and order of a list of cases (GET /cases, GET /queue)."""

    state: list[CaseState] = Field(default_factory=list, description="one or more states")
    grid: GridCode | None = Field(None, description="the grid that first reported it")
    category: str | None = Field(None, max_length=100)
    priority: Priority | None = None
    source: Channel | None = Field(
        None, description="grid_system: a grid's own system; api: a phone or app"
    )
    place_status: PlacementStatus | None = Field(
        None, description="partial and unplaced cases wait for a dispatcher to place them"
    )
    department: str | None = Field(None, max_length=200, description="responsible department id")
    area: str | None = Field(
        None, max_length=200, description="a township, community or grid cell code"
    )
    reported_from: QueryDay | None = Field(None, description="first day, Beijing time, inclusive")
    reported_to: QueryDay | None = Field(None, description="last day, Beijing time, inclusive")
    q: str | None = Field(
        None, max_length=100, description="words in the title, description or an address"
    )
    overdue: bool = Field(
        False, description="only cases whose running step is past its deadline (超期)"
    )
    sort: CaseSort | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: Offset = 0


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
