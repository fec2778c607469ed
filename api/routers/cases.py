"""Cases: read them (scoped to who asks) and drive them around the closed loop.

Every command is a POST on the case, answered with the case as it is afterwards:
  409 with the current state and the allowed commands for a move the loop does not allow,
  403 for a role that may not give the command, 404 for a case outside the caller's scope,
  422 naming the field for a missing or wrong argument. A retried command with the same
  request_id acts once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from api.deps import EngineDep, ReadConnDep, SealerDep, SlaDep, TopicsDep, UserDep
from api.errors import Conflict, field_error
from api.routers.reports import attachment_read, attachment_ref, own_uploads, report_read
from api.schemas import (
    CaseEventRead,
    CasePage,
    CaseQuery,
    CaseRead,
    CaseSort,
    CaseSummary,
    CommandBody,
    DispatchBody,
    EscalateBody,
    MergeBody,
    PostponementBody,
    RateBody,
    ResolveBody,
    SatisfactionRead,
    SplitBody,
    StepTimes,
    VerifyBody,
)
from contracts.common import CoordinateSystem, Latitude, Longitude
from contracts.lifecycle import Actor
from dispatch.adapters import views
from dispatch.adapters.attachments import AttachmentRepository
from dispatch.adapters.pii import Sealer
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.domain import Case
from dispatch.kpi import BEIJING
from dispatch.lifecycle import CaseState, Command, usable_commands
from dispatch.privacy import (
    FREE_TEXT_COLUMNS,
    searches_masked_digits,
    shown_case_text,
    shown_event_row,
    shown_text,
)
from dispatch.roles import Role, User, can_see, holds, may_issue
from dispatch.satisfaction import RATING_LABELS, rating_of
from dispatch.services import TopicNames, run_command, split_report
from dispatch.sla import SlaPolicy
from grid.adapters.active import ActiveRegistry, LoadedRegistry, NoRegistry
from grid.categories import FAMILY_OF, category_family, is_category_code
from grid.coords import distance_m, to_wgs84

router = APIRouter(prefix="/cases", tags=["cases"])
COMMAND_ERRORS = {
    403: {
        "description": "The caller's role may not give this command, or the case is not held "
        "by the caller's department."
    },
    409: {
        "model": Conflict,
        "description": "Not allowed in the case's state (state and allowed say which is), or "
        "the case changed meanwhile (read it again and retry).",
    },
}


def list_filters(query: CaseQuery) -> dict[str, Any]:
    """The query as arguments of views.list_cases (days as Beijing-time bounds)."""
    start = datetime.combine(query.reported_from, time(), BEIJING) if query.reported_from else None
    end = (
        datetime.combine(query.reported_to + timedelta(days=1), time(), BEIJING)
        if query.reported_to
        else None
    )
    if start is not None and end is not None and start >= end:
        raise field_error("reported_to", "the period ends before it starts", "query")
    return {
        "states": [s.value for s in query.state] or None,
        "grid": query.grid.value if query.grid else None,
        "category": query.category,
        "priority": query.priority.value if query.priority else None,
        "source": query.source.value if query.source else None,
        "place_status": query.place_status.value if query.place_status else None,
        "department_id": query.department,
        "area": query.area,
        "reported_from": start,
        "reported_before": end,
        "text": query.q,
        "overdue_at": datetime.now(UTC) if query.overdue else None,
    }


def case_page(
    conn: Any, user: User, query: CaseQuery, default_sort: CaseSort, **fixed: Any
) -> CasePage:
    if query.q and searches_masked_digits(query.q, user.role):
        raise field_error(
            "q",
            "five or more digits in a row may be part of a phone number you see masked: "
            "search by words, or ask a dispatcher",
            "query",
        )
    filters = list_filters(query) | fixed
    page = views.list_cases(
        conn,
        visible_to=user,
        sort=(query.sort or default_sort).value,
        limit=query.limit,
        offset=query.offset,
        **filters,
    )
    return CasePage(
        items=[summary(row, user.role) for row in page.items],
        total=page.total,
        limit=query.limit,
        offset=query.offset,
    )


def summary(row: dict[str, Any], role: Role) -> CaseSummary:
    """A case in a list, its free text as ``role`` may see it (dispatch/privacy.py)."""
    suggested = (row.get("route") or {}).get("department_id")
    shown = shown_text(row, role, FREE_TEXT_COLUMNS)
    return CaseSummary.model_validate(shown | {"suggested_department_id": suggested})


@router.get("", response_model=CasePage)
def list_cases(conn: ReadConnDep, user: UserDep, query: Annotated[CaseQuery, Query()]) -> CasePage:
    """The cases the caller may see: filtered, searched (``q``) and sorted (newest first by
    default; ``sort=deadline`` puts the most pressing first)."""
    return case_page(conn, user, query, CaseSort.NEWEST)


class AreaCount(BaseModel):
    code: str
    open: int
    overdue: int


@router.get("/areas", response_model=list[AreaCount], summary="Open cases per cell or township")
def open_by_area(
    conn: ReadConnDep,
    user: UserDep,
    level: Annotated[Literal["cell", "township"], Query(description="cell or township")] = "cell",
) -> list[AreaCount]:
    """Open and overdue cases the caller may see, per grid cell or township (for the map)."""
    return [AreaCount(**row) for row in views.area_counts(conn, user, level, datetime.now(UTC))]


class NearbyCase(CaseSummary):
    distance_m: float | None = Field(None, description="From the given point, when both have one.")


@router.get(
    "/nearby",
    response_model=list[NearbyCase],
    summary="Possible duplicates nearby",
    responses={409: {"description": "No address registry is loaded yet."}},
)
def nearby(
    request: Request,
    conn: ReadConnDep,
    user: UserDep,
    category: Annotated[str, Query(max_length=100, description="the new report's category")],
    lon: Longitude | None = None,
    lat: Latitude | None = None,
    crs: CoordinateSystem = CoordinateSystem.WGS84,
    text: Annotated[str | None, Query(max_length=500, description="address text")] = None,
    radius_m: Annotated[float, Query(gt=0, le=2000)] = 300.0,
) -> list[NearbyCase]:
    """Open cases of the same kind (category family) within ``radius_m`` of a place, that the
    caller may see, nearest first: what a grid worker checks before sending a report."""
    if (lon is None) != (lat is None):
        raise field_error(
            "lat" if lat is None else "lon", "a point needs both lon and lat", "query"
        )
    if lon is None and not (text and text.strip()):
        raise field_error("text", "give a point (lon, lat) or address text", "query")
    if not is_category_code(category):
        raise field_error("category", "not a '<grid>.<type>' category code", "query")
    try:
        loaded = request.app.state.registry.get()
    except NoRegistry as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc)) from exc
    placement = loaded.placer.resolver.resolve(text, lon, lat, crs)
    if not placement.nearby_cells:
        return []
    family = category_family(category)
    kin = [code for code, fam in FAMILY_OF.items() if fam == family] or [category]
    here = (placement.point.lon, placement.point.lat) if placement.point else None
    found = []
    for row in views.open_cases_in_cells(conn, user, placement.nearby_cells, kin):
        there = _wgs84(row)
        metres = distance_m(here, there) if here and there else None
        if metres is not None and metres > radius_m:
            continue
        suggested = (row.get("route") or {}).get("department_id")
        found.append(
            NearbyCase.model_validate(
                row | {"distance_m": metres, "suggested_department_id": suggested}
            )
        )
    return sorted(found, key=lambda c: (c.distance_m is None, c.distance_m or 0.0))


def _wgs84(row: dict[str, Any]) -> tuple[float, float] | None:
    placement = row.get("placement") or {}
    point = placement.get("point")
    if point:
        return float(point["lon"]), float(point["lat"])
    if row.get("lon") is None or row.get("lat") is None:
        return None
    return to_wgs84(row["lon"], row["lat"], row.get("crs") or "wgs84")


def _visible(conn: Any, case_id: str, user: User) -> None:
    scope = views.case_scope(conn, case_id)
    if scope is None or not can_see(user, scope):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no case {case_id} for you")


def case_read(
    conn: Any, case_id: str, user: User, sealer: Sealer, *, check_scope: bool = True
) -> CaseRead:
    if check_scope:
        _visible(conn, case_id, user)
    detail = views.case_detail(conn, case_id)
    assert detail is not None
    report_rows, event_rows = detail.pop("reports"), detail.pop("events")
    reports = [report_read(r, user, sealer) for r in report_rows]
    events = [shown_event(e, user.role, sealer) for e in event_rows]
    detail = shown_case_text(detail, report_rows, event_rows, user.role, sealer.open_or_none)
    state = CaseState(detail["state"])
    return CaseRead(
        **detail,
        steps=StepTimes.model_validate(detail),
        allowed_commands=[
            c.value
            for c in usable_commands(
                state, postponement_waiting=detail["pending_postponement_hours"] is not None
            )
            if may_issue(user, c) and holds(user, detail["department_id"], c)
        ],
        report_count=len(reports),
        grids=sorted({r.grid for r in reports}),
        reports=reports,
        events=events,
        satisfaction=latest_rating(events),
    )


def shown_event(row: dict[str, Any], role: Role, sealer: Sealer) -> CaseEventRead:
    """A stored lifecycle event as ``role`` may see it: phone numbers in its reason and its
    data (notes, comments) in clear for those who see contacts, else masked
    (dispatch/privacy.py)."""
    return CaseEventRead.model_validate(shown_event_row(row, role, sealer.open_or_none))


def latest_rating(events: list[CaseEventRead]) -> SatisfactionRead | None:
    """The case's latest rating, from its timeline (a later one replaces an earlier)."""
    for event in reversed(events):
        if event.event_type == "rated":
            rating = rating_of(event.data["rating"])
            return SatisfactionRead(
                rating=rating,
                label=RATING_LABELS[rating],
                comment=event.data.get("comment"),
                rated_at=event.occurred_at,
                rated_by=event.actor_id,
            )
    return None


@router.get("/{case_id}", response_model=CaseRead)
def get_case(case_id: str, conn: ReadConnDep, user: UserDep, sealer: SealerDep) -> CaseRead:
    return case_read(conn, case_id, user, sealer)


# -- commands ----------------------------------------------------------------------------
COMMAND_TEXT_ARGS = ("note", "comment", "evidence")
"""A command's free-text arguments besides its reason: resolve's note and its photos'
captions, rate's comment."""


@dataclass(frozen=True)
class Caller:
    """Who gives a command, and what running one needs."""

    user: User
    engine: Engine
    topics: TopicNames
    sla: SlaPolicy
    registry: ActiveRegistry
    sealer: Sealer

    def active_registry(self) -> LoadedRegistry:
        try:
            return self.registry.get()
        except NoRegistry as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc)) from exc

    def visible(self, case_id: str) -> None:
        with self.engine.connect() as conn:
            _visible(conn, case_id, self.user)

    def may(self, command: Command) -> None:
        if not may_issue(self.user, command):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"a {self.user.role} may not {command.value} a case",
            )

    def actor(self) -> Actor:
        return Actor(id=self.user.username, role=self.user.role.value)

    def read(self, case_id: str) -> CaseRead:
        with self.engine.connect() as conn:
            # The case as the command left it, even when it left the caller's scope (a
            # handler returning a case no longer holds it).
            return case_read(conn, case_id, self.user, self.sealer, check_scope=False)

    def run(self, case_id: str, command: Command, body: CommandBody, **args: Any) -> CaseRead:
        self.visible(case_id)
        self.may(command)
        user = self.user

        def held_by_caller(case: Case) -> None:  # checked on the locked row
            if not holds(user, case.department_id, command):
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN, detail="this case is not held by your department"
                )

        # Phone numbers typed into the reason or a note are stored and published masked,
        # and kept sealed beside the event (dispatch/privacy.py).
        texts, typed_phones = self.sealer.lift_text(
            {"reason": body.reason} | {k: args[k] for k in COMMAND_TEXT_ARGS if k in args}
        )
        reason = texts.pop("reason")
        run_command(
            case_id,
            command,
            self.actor(),
            SqlUnitOfWork(self.engine),
            self.topics,
            datetime.now(UTC),
            self.sla,
            reason=reason,
            request_id=body.request_id,
            check=held_by_caller,
            typed_phones=typed_phones,
            **(args | texts),
        )
        return self.read(case_id)


def get_caller(
    request: Request,
    engine: EngineDep,
    topics: TopicsDep,
    sla: SlaDep,
    user: UserDep,
    sealer: SealerDep,
) -> Caller:
    return Caller(user, engine, topics, sla, request.app.state.registry, sealer)


CallerDep = Annotated[Caller, Depends(get_caller)]


def _command_route(command: Command, summary: str) -> None:
    def endpoint(case_id: str, body: CommandBody, caller: CallerDep) -> CaseRead:
        return caller.run(case_id, command, body)

    endpoint.__name__ = command.value
    router.post(
        f"/{{case_id}}/{command.value.replace('_', '-')}",
        response_model=CaseRead,
        responses=COMMAND_ERRORS,
        summary=summary,
    )(endpoint)


for _command, _summary in (
    (Command.ACCEPT, "立案: accept the case (dispatcher)"),
    (Command.REJECT, "不予立案: reject it, with the reason (dispatcher)"),
    (Command.SIGN, "签收: the department takes it on (handler)"),
    (Command.RETURN, "退回: wrong department, back to the dispatcher (handler)"),
    (Command.CLOSE, "结案: close a verified case (dispatcher)"),
    (Command.REOPEN, "reopen a closed case: back to the department (dispatcher, supervisor)"),
    (Command.SUSPEND, "挂账: park it, with the reason (dispatcher)"),
    (Command.RESUME, "resume a suspended case where it was (dispatcher)"),
    (Command.APPROVE_POSTPONEMENT, "延期批准: grant the requested extra time (dispatcher)"),
    (Command.DENY_POSTPONEMENT, "refuse a postponement request (dispatcher)"),
):
    _command_route(_command, _summary)


@router.post(
    "/{case_id}/dispatch",
    response_model=CaseRead,
    responses=COMMAND_ERRORS,
    summary="派遣 (dispatcher)",
)
def dispatch(case_id: str, body: DispatchBody, caller: CallerDep) -> CaseRead:
    """Send the case to a department (and a team); also re-dispatch after a return."""
    known = caller.active_registry().placer.router
    department = known.departments.get(body.department_id)
    if department is None:
        raise _field("department_id", f"no department {body.department_id} in the registry")
    if body.team_id is not None:
        team = known.teams.get(body.team_id)
        if team is None or team.department != department.id:
            raise _field("team_id", f"{body.team_id} is not a team of {department.id}")
    return caller.run(
        case_id, Command.DISPATCH, body, department_id=body.department_id, team_id=body.team_id
    )


@router.post("/{case_id}/merge", response_model=CaseRead, responses=COMMAND_ERRORS)
def merge(case_id: str, body: MergeBody, caller: CallerDep) -> CaseRead:
    """Mark the case a duplicate of another; its reports move to that case (dispatcher)."""
    caller.visible(body.into)
    return caller.run(case_id, Command.MERGE, body, into=body.into)


@router.post("/{case_id}/split", response_model=CaseRead, responses=COMMAND_ERRORS)
def split(case_id: str, body: SplitBody, caller: CallerDep) -> CaseRead:
    """Take a report that is another incident out of the case into a new case (dispatcher).
    Answers with the new case."""
    caller.visible(case_id)
    caller.may(Command.MERGE)  # the same people who merge
    texts, typed_phones = caller.sealer.lift_text({"reason": body.reason})
    new_case = split_report(
        case_id,
        body.report_id,
        caller.actor(),
        SqlUnitOfWork(caller.engine),
        caller.topics,
        datetime.now(UTC),
        caller.sla,
        texts["reason"],
        typed_phones,
    )
    return caller.read(new_case.id)


@router.post(
    "/{case_id}/resolve",
    response_model=CaseRead,
    responses=COMMAND_ERRORS,
    summary="处置反馈 (handler)",
)
def resolve(case_id: str, body: ResolveBody, caller: CallerDep) -> CaseRead:
    """Report what was done, with photos or documents as evidence: files uploaded with
    POST /attachments (``attachment_id``) or kept elsewhere (``url``)."""
    ids = [e.attachment_id for e in body.evidence if e.attachment_id]
    uploads = own_uploads(caller.engine, ids, caller.user, "evidence") if ids else {}
    evidence = []
    for item in body.evidence:
        if item.attachment_id:
            ref = attachment_ref(uploads[item.attachment_id], item.caption)
            shown = attachment_read(ref).model_dump(mode="json", exclude_none=True)
            evidence.append({"attachment_id": item.attachment_id, **shown, "kind": ref["kind"]})
        else:
            evidence.append(item.model_dump(mode="json", exclude_none=True))
    read = caller.run(case_id, Command.RESOLVE, body, note=body.note, evidence=evidence)
    if ids:
        with caller.engine.begin() as conn:
            AttachmentRepository(conn).link_case(ids, case_id)
    return read


@router.post(
    "/{case_id}/verify",
    response_model=CaseRead,
    responses=COMMAND_ERRORS,
    summary="核查 (grid worker)",
)
def verify(case_id: str, body: VerifyBody, caller: CallerDep) -> CaseRead:
    """Check on site: passed closes the way to 结案; failed sends it back for 返工."""
    command = Command.VERIFY if body.passed else Command.FAIL_VERIFICATION
    return caller.run(case_id, command, body)


@router.post(
    "/{case_id}/rate",
    response_model=CaseRead,
    responses=COMMAND_ERRORS,
    summary="满意度回访: rate",
)
def rate(case_id: str, body: RateBody, caller: CallerDep) -> CaseRead:
    """Rate the outcome of a closed case: 满意, 基本满意 or 不满意, with a comment. A grid
    worker rates the cases of its own reports; a dispatcher records what a caller said when
    called back. 不满意 leaves the case closed: a dispatcher decides whether to reopen it."""
    caller.visible(case_id)
    caller.may(Command.RATE)
    user, via = caller.user, "api"
    if user.role is Role.GRID_WORKER:
        with caller.engine.connect() as conn:
            scope = views.case_scope(conn, case_id)
        if scope is None or user.worker_id not in scope.reporter_ids:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, detail="a grid worker rates only its own reports' cases"
            )
    elif user.role is Role.DISPATCHER:
        via = "call_back"  # 回访: the dispatcher rang the reporter
    return caller.run(
        case_id, Command.RATE, body, rating=body.rating.value, comment=body.comment, via=via
    )


@router.post("/{case_id}/postponement", response_model=CaseRead, responses=COMMAND_ERRORS)
def request_postponement(case_id: str, body: PostponementBody, caller: CallerDep) -> CaseRead:
    """延期申请: ask for more resolving time, with the reason (handler)."""
    return caller.run(case_id, Command.REQUEST_POSTPONEMENT, body, hours=body.hours)


@router.post("/{case_id}/escalate", response_model=CaseRead, responses=COMMAND_ERRORS)
def escalate(case_id: str, body: EscalateBody, caller: CallerDep) -> CaseRead:
    """督办: put the case under a higher department's supervision (supervisor)."""
    target = body.to_department_id
    if target is not None:
        if target not in caller.active_registry().placer.router.departments:
            raise _field("to_department_id", f"no department {target} in the registry")
    else:
        with caller.engine.connect() as conn:
            detail = views.case_detail(conn, case_id) or {}
        holder = detail.get("escalated_to") or detail.get("department_id")
        try:
            target = caller.registry.get().org.escalates_to(holder)
        except NoRegistry:
            target = None
    return caller.run(case_id, Command.ESCALATE, body, to_department_id=target)


def _field(name: str, reason: str) -> Exception:
    return field_error(name, reason, "body")
