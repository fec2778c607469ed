"""Who may do what, and see which cases. Pure.

Roles (each user has one): grid_worker (reports, verifies), dispatcher (立案, 派遣, 结案),
handler (a department's officer: 签收, 退回, 处置反馈), supervisor (督办, audits), admin.
Every user but an admin is scoped to an area of the org graph (a county, township, community
or grid cell): they see cases placed inside it. A handler sees the cases its department
holds; a grid worker sees its own reports' cases and the cases in its area. Cases the
registry could not place are seen by every dispatcher and supervisor, so one places them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dispatch.areas import in_area
from dispatch.lifecycle import Command


class Role(StrEnum):
    GRID_WORKER = "grid_worker"
    DISPATCHER = "dispatcher"
    HANDLER = "handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


R = Role
COMMAND_ROLES: dict[Command, frozenset[Role]] = {
    Command.ACCEPT: frozenset({R.DISPATCHER, R.ADMIN}),
    Command.REJECT: frozenset({R.DISPATCHER, R.ADMIN}),
    Command.MERGE: frozenset({R.DISPATCHER, R.ADMIN}),
    Command.DISPATCH: frozenset({R.DISPATCHER, R.ADMIN}),
    Command.SIGN: frozenset({R.HANDLER}),
    Command.RETURN: frozenset({R.HANDLER}),
    Command.RESOLVE: frozenset({R.HANDLER}),
    Command.REQUEST_POSTPONEMENT: frozenset({R.HANDLER}),
    Command.APPROVE_POSTPONEMENT: frozenset({R.DISPATCHER, R.ADMIN}),
    Command.DENY_POSTPONEMENT: frozenset({R.DISPATCHER, R.ADMIN}),
    Command.VERIFY: frozenset({R.GRID_WORKER, R.DISPATCHER}),
    Command.FAIL_VERIFICATION: frozenset({R.GRID_WORKER, R.DISPATCHER}),
    Command.CLOSE: frozenset({R.DISPATCHER, R.ADMIN}),
    Command.REOPEN: frozenset({R.DISPATCHER, R.SUPERVISOR, R.ADMIN}),
    Command.SUSPEND: frozenset({R.DISPATCHER, R.ADMIN}),
    Command.RESUME: frozenset({R.DISPATCHER, R.ADMIN}),
    Command.ESCALATE: frozenset({R.DISPATCHER, R.SUPERVISOR, R.ADMIN}),
    Command.MARK_OVERDUE: frozenset(),  # the system only
    # 满意度回访: a grid worker rates its own report's case (checked by the API); dispatchers
    # record what a caller said when called back. Open311 apps rate through the facade.
    Command.RATE: frozenset({R.GRID_WORKER, R.DISPATCHER, R.ADMIN}),
}
# Who sees personal data (phones, names) in clear: dispatch/privacy.py.


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    display_name: str
    area_code: str | None = None
    department_id: str | None = None
    worker_id: str | None = None


@dataclass(frozen=True)
class CaseScope:
    """What the access rules need to know about a case."""

    area_path: str  # "/371083/371083001/371083001001/37108300100101/" (empty: unplaced)
    department_id: str | None
    reporter_ids: frozenset[str]


def can_see(user: User, case: CaseScope) -> bool:
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.HANDLER:
        return user.department_id is not None and case.department_id == user.department_id
    if user.role is Role.GRID_WORKER and user.worker_id in case.reporter_ids:
        return True
    if not case.area_path:  # unplaced: every dispatcher and supervisor, to place it by hand
        return user.role in (Role.DISPATCHER, Role.SUPERVISOR)
    return user.area_code is not None and in_area(case.area_path, user.area_code)


def may_issue(user: User, command: Command) -> bool:
    return user.role in COMMAND_ROLES[command]


# Commands only handlers give: they act on the cases their own department holds.
HANDLER_COMMANDS = frozenset(c for c, roles in COMMAND_ROLES.items() if roles == {Role.HANDLER})


def holds(user: User, department_id: str | None, command: Command) -> bool:
    """Whether the user may give ``command`` to a case held by ``department_id``."""
    if command in HANDLER_COMMANDS:
        return user.department_id is not None and user.department_id == department_id
    return True


def user_problem(user: User) -> str | None:
    """What a user record lacks for its role, or None."""
    if user.role is Role.HANDLER and not user.department_id:
        return "a handler needs a department"
    if user.role is Role.GRID_WORKER and not (user.worker_id and user.area_code):
        return "a grid worker needs a worker id and an area (their grid cell)"
    if user.role in (Role.DISPATCHER, Role.SUPERVISOR) and not user.area_code:
        return f"a {user.role.value} needs an area"
    return None


@dataclass(frozen=True)
class KpiScope:
    """Whose figures a user sees: every case, an area's, or a department's."""

    everything: bool = False
    area_code: str | None = None
    department_id: str | None = None


KPI_ROLES = frozenset({Role.SUPERVISOR, Role.DISPATCHER, Role.HANDLER, Role.ADMIN})


def kpi_scope(user: User) -> KpiScope:
    """Supervisors and dispatchers see their area (a street supervisor, the street), handlers
    their department, admins everything; grid workers no figures."""
    if user.role is Role.ADMIN:
        return KpiScope(everything=True)
    if user.role is Role.HANDLER:
        return KpiScope(department_id=user.department_id or "")
    return KpiScope(area_code=user.area_code or "")
