"""Cases: read them (scoped to who asks) and drive them around the closed loop.

Every command is a POST on the case, answered with the case as it is afterwards:
  409 with the current state and the allowed commands for a move the loop does not allow,
  403 for a role that may not give the command, 404 for a case outside the caller's scope,
  422 naming the field for a missing or wrong argument. A retried command with the same
  request_id acts once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from sqlalchemy import Engine

from api.deps import EngineDep, ReadConnDep, SlaDep, TopicsDep, UserDep
from api.errors import field_error
from api.routers.reports import report_read
from api.schemas import (
    CaseEventRead,
    CasePage,
    CaseRead,
    CaseSummary,
    CommandBody,
    CommandConflict,
    DispatchBody,
    EscalateBody,
    MergeBody,
    PostponementBody,
    ResolveBody,
    SplitBody,
    StepTimes,
    VerifyBody,
)
from contracts.common import GridCode
from contracts.lifecycle import Actor
from contracts.placement import PlacementStatus
from dispatch.adapters import views
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.domain import Case
from dispatch.lifecycle import CaseState, Command, allowed_commands
from dispatch.roles import User, can_see, holds, may_issue
from dispatch.services import TopicNames, run_command, split_report
from dispatch.sla import SlaPolicy
from grid.adapters.active import ActiveRegistry, LoadedRegistry, NoRegistry

router = APIRouter(prefix="/cases", tags=["cases"])
CONFLICT = {409: {"model": CommandConflict, "description": "not allowed in the case's state"}}


@router.get("", response_model=CasePage)
def list_cases(
    conn: ReadConnDep,
    user: UserDep,
    state: CaseState | None = None,
    grid: GridCode | None = None,
    category: str | None = None,
    place_status: Annotated[
        PlacementStatus | None,
        Query(description="partial and unplaced cases wait for a dispatcher to place them"),
    ] = None,
    department: Annotated[str | None, Query(description="responsible department id")] = None,
    area: Annotated[
        str | None, Query(description="any division or grid cell code", max_length=200)
    ] = None,
    overdue: Annotated[bool, Query(description="only open cases past a deadline")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CasePage:
    page = views.list_cases(
        conn,
        state=state.value if state else None,
        grid=grid.value if grid else None,
        category=category,
        place_status=place_status.value if place_status else None,
        department_id=department,
        area=area,
        overdue=overdue,
        visible_to=user,
        limit=limit,
        offset=offset,
    )
    return CasePage(
        items=[CaseSummary.model_validate(row) for row in page.items],
        total=page.total,
        limit=limit,
        offset=offset,
    )


def _visible(conn: Any, case_id: str, user: User) -> None:
    scope = views.case_scope(conn, case_id)
    if scope is None or not can_see(user, scope):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no case {case_id} for you")


def case_read(conn: Any, case_id: str, user: User, *, check_scope: bool = True) -> CaseRead:
    if check_scope:
        _visible(conn, case_id, user)
    detail = views.case_detail(conn, case_id)
    assert detail is not None
    reports = [report_read(r, user) for r in detail.pop("reports")]
    events = [CaseEventRead.model_validate(e) for e in detail.pop("events")]
    state = CaseState(detail["state"])
    return CaseRead(
        **detail,
        steps=StepTimes.model_validate(detail),
        allowed_commands=[
            c.value
            for c in allowed_commands(state)
            if may_issue(user, c) and holds(user, detail["department_id"], c)
        ],
        report_count=len(reports),
        grids=sorted({r.grid for r in reports}),
        reports=reports,
        events=events,
    )


@router.get("/{case_id}", response_model=CaseRead)
def get_case(case_id: str, conn: ReadConnDep, user: UserDep) -> CaseRead:
    return case_read(conn, case_id, user)


# -- commands ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Caller:
    """Who gives a command, and what running one needs."""

    user: User
    engine: Engine
    topics: TopicNames
    sla: SlaPolicy
    registry: ActiveRegistry

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
            return case_read(conn, case_id, self.user, check_scope=False)

    def run(self, case_id: str, command: Command, body: CommandBody, **args: Any) -> CaseRead:
        self.visible(case_id)
        self.may(command)
        user = self.user

        def held_by_caller(case: Case) -> None:  # checked on the locked row
            if not holds(user, case.department_id, command):
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN, detail="this case is not held by your department"
                )

        run_command(
            case_id,
            command,
            self.actor(),
            SqlUnitOfWork(self.engine),
            self.topics,
            datetime.now(UTC),
            self.sla,
            reason=body.reason,
            request_id=body.request_id,
            check=held_by_caller,
            **args,
        )
        return self.read(case_id)


def get_caller(
    request: Request, engine: EngineDep, topics: TopicsDep, sla: SlaDep, user: UserDep
) -> Caller:
    return Caller(user, engine, topics, sla, request.app.state.registry)


CallerDep = Annotated[Caller, Depends(get_caller)]


def _command_route(command: Command, summary: str) -> None:
    def endpoint(case_id: str, body: CommandBody, caller: CallerDep) -> CaseRead:
        return caller.run(case_id, command, body)

    endpoint.__name__ = command.value
    router.post(
        f"/{{case_id}}/{command.value.replace('_', '-')}",
        response_model=CaseRead,
        responses=CONFLICT,
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
    "/{case_id}/dispatch", response_model=CaseRead, responses=CONFLICT, summary="派遣 (dispatcher)"
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


@router.post("/{case_id}/merge", response_model=CaseRead, responses=CONFLICT)
def merge(case_id: str, body: MergeBody, caller: CallerDep) -> CaseRead:
    """Mark the case a duplicate of another; its reports move to that case (dispatcher)."""
    caller.visible(body.into)
    return caller.run(case_id, Command.MERGE, body, into=body.into)


@router.post("/{case_id}/split", response_model=CaseRead, responses=CONFLICT)
def split(case_id: str, body: SplitBody, caller: CallerDep) -> CaseRead:
    """Take a report that is another incident out of the case into a new case (dispatcher).
    Answers with the new case."""
    caller.visible(case_id)
    caller.may(Command.MERGE)  # the same people who merge
    new_case = split_report(
        case_id,
        body.report_id,
        caller.actor(),
        SqlUnitOfWork(caller.engine),
        caller.topics,
        datetime.now(UTC),
        caller.sla,
        body.reason,
    )
    return caller.read(new_case.id)


@router.post(
    "/{case_id}/resolve", response_model=CaseRead, responses=CONFLICT, summary="处置反馈 (handler)"
)
def resolve(case_id: str, body: ResolveBody, caller: CallerDep) -> CaseRead:
    """Report what was done, with photos or documents as evidence (their URLs)."""
    evidence = [e.model_dump(mode="json") for e in body.evidence]
    return caller.run(case_id, Command.RESOLVE, body, note=body.note, evidence=evidence)


@router.post(
    "/{case_id}/verify", response_model=CaseRead, responses=CONFLICT, summary="核查 (grid worker)"
)
def verify(case_id: str, body: VerifyBody, caller: CallerDep) -> CaseRead:
    """Check on site: passed closes the way to 结案; failed sends it back for 返工."""
    command = Command.VERIFY if body.passed else Command.FAIL_VERIFICATION
    return caller.run(case_id, command, body)


@router.post("/{case_id}/postponement", response_model=CaseRead, responses=CONFLICT)
def request_postponement(case_id: str, body: PostponementBody, caller: CallerDep) -> CaseRead:
    """延期申请: ask for more resolving time, with the reason (handler)."""
    return caller.run(case_id, Command.REQUEST_POSTPONEMENT, body, hours=body.hours)


@router.post("/{case_id}/escalate", response_model=CaseRead, responses=CONFLICT)
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
