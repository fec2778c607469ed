"""Users (admin): list, add, change role, area, department or name, disable; and the demo
traffic switch."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import EngineDep, ReadConnDep, require
from api.errors import field_error
from api.security import MAX_PASSWORD, PasswordHasher, password_problem
from dispatch.adapters import switches
from dispatch.adapters.users import UserAdmin, UserRepository
from dispatch.roles import Role, User, user_problem
from grid.adapters.active import ActiveRegistry

AdminDep = Annotated[User, Depends(require(Role.ADMIN))]
router = APIRouter(prefix="/users", tags=["admin"])
admin = APIRouter(prefix="/admin", tags=["admin"])
Name = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._@-]+$")]
Text = Annotated[str, Field(min_length=1, max_length=200)]


class UserAccount(BaseModel):
    username: str
    role: Role
    display_name: str
    area_code: str | None
    department_id: str | None
    worker_id: str | None
    active: bool
    created_at: datetime


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: Name
    password: str = Field(
        min_length=8,
        max_length=MAX_PASSWORD,
        description="At least HUB_AUTH_PASSWORD_MIN_LENGTH characters (10 by default), not "
        "trivial: not the username, a run of keys or a common password.",
    )
    role: Role
    display_name: Text | None = None
    area_code: Text | None = Field(None, description="A division or grid cell code (scope).")
    department_id: Text | None = Field(None, description="Handlers: their department.")
    worker_id: Text | None = Field(None, description="Grid workers: their roster id.")


class UserChange(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    role: Role | None = None
    display_name: Text | None = None
    area_code: str | None = Field(None, max_length=200, description="Empty: none.")
    department_id: str | None = Field(None, max_length=200, description="Empty: none.")
    worker_id: str | None = Field(None, max_length=200, description="Empty: none.")
    active: bool | None = Field(None, description="false: the user can no longer log in.")
    password: str | None = Field(None, min_length=8, max_length=MAX_PASSWORD)


def _check_places(request: Request, user: User) -> None:
    """Area and department must exist in the active registry."""
    holder: ActiveRegistry = request.app.state.registry
    loaded = holder.current or holder.refresh()
    if loaded is None:
        return
    places = loaded.placer.places
    known = user.area_code in places.divisions or user.area_code in places.cells
    if user.area_code and not known:
        raise field_error("area_code", f"no place {user.area_code} in the registry", "body")
    if user.department_id and user.department_id not in loaded.placer.router.departments:
        raise field_error(
            "department_id", f"no department {user.department_id} in the registry", "body"
        )
    problem = user_problem(user)
    if problem:
        field = {
            Role.HANDLER: "department_id",
            Role.GRID_WORKER: "worker_id" if not user.worker_id else "area_code",
        }.get(user.role, "area_code")
        raise field_error(field, problem, "body")


def _new_password(request: Request, username: str, password: str) -> str:
    """The password's hash, once the policy allows it (a 422 naming the reason if not)."""
    settings = request.app.state.settings
    problem = password_problem(password, username, settings.auth_password_min_length)
    if problem:
        raise field_error("password", problem, "body")
    hasher: PasswordHasher = request.app.state.hasher
    return hasher.hash(password)


def _as_user(row: dict[str, Any]) -> User:
    return User(
        row["username"],
        Role(row["role"]),
        row["display_name"],
        row["area_code"],
        row["department_id"],
        row["worker_id"],
    )


@router.get("", response_model=list[UserAccount])
def list_users(conn: ReadConnDep, _: AdminDep) -> list[UserAccount]:
    return [UserAccount.model_validate(r) for r in UserAdmin(conn).all()]


@router.post(
    "",
    response_model=UserAccount,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "A user of that name exists."}},
)
def add_user(body: UserCreate, request: Request, engine: EngineDep, _: AdminDep) -> UserAccount:
    user = User(
        body.username,
        body.role,
        body.display_name or body.username,
        body.area_code,
        body.department_id,
        body.worker_id,
    )
    _check_places(request, user)
    hashed = _new_password(request, body.username, body.password)
    with engine.begin() as conn:
        created = UserRepository(conn).add(user, hashed, datetime.now(UTC))
        if not created:
            raise HTTPException(status.HTTP_409_CONFLICT, detail=f"user {user.username} exists")
        row = UserAdmin(conn).get(user.username)
    assert row is not None
    return UserAccount.model_validate(row)


@router.patch("/{username}", response_model=UserAccount)
def change_user(
    username: str, body: UserChange, request: Request, engine: EngineDep, me: AdminDep
) -> UserAccount:
    """Change what is given; an empty area, department or worker id clears it."""
    given = body.model_dump(exclude_unset=True)
    hashed = _new_password(request, username, given["password"]) if given.get("password") else None
    if username == me.username and (given.get("active") is False or "role" in given):
        raise field_error(
            "active" if "active" in given else "role",
            "you cannot demote or disable yourself",
            "body",
        )
    with engine.begin() as conn:
        admin_rows = UserAdmin(conn)
        row = admin_rows.get(username)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no user {username}")
        values: dict[str, Any] = {}
        for name in ("role", "display_name", "area_code", "department_id", "worker_id", "active"):
            if name in given:
                value = given[name]
                values[name] = (value or None) if isinstance(value, str) else value
        if "role" in values and values["role"] is not None:
            values["role"] = Role(values["role"]).value
        merged = row | values
        _check_places(request, _as_user(merged))
        if hashed is not None:
            values["password_hash"] = hashed
        admin_rows.change(username, values)
        changed = admin_rows.get(username)
    assert changed is not None
    return UserAccount.model_validate(changed)


class DemoSwitch(BaseModel):
    traffic: bool = Field(description="Whether `gridhub up --simulate` feeds simulated traffic.")
    updated_at: datetime | None = None
    updated_by: str | None = None


class DemoSwitchChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    traffic: bool


@admin.get("/demo", response_model=DemoSwitch, summary="The demo data switch")
def demo_switch(conn: ReadConnDep, _: AdminDep) -> DemoSwitch:
    row = switches.read(conn, switches.DEMO_TRAFFIC)
    if row is None:
        return DemoSwitch(traffic=True)
    return DemoSwitch(
        traffic=bool(row["value"].get("on", True)),
        updated_at=row["updated_at"],
        updated_by=row["updated_by"],
    )


@admin.put("/demo", response_model=DemoSwitch)
def set_demo_switch(
    body: DemoSwitchChange, engine: EngineDep, me: AdminDep, response: Response
) -> DemoSwitch:
    """Pause or resume the simulated traffic (the simulator looks every two seconds)."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        switches.write(conn, switches.DEMO_TRAFFIC, {"on": body.traffic}, me.username, now)
    response.headers["Cache-Control"] = "no-store"
    return DemoSwitch(traffic=body.traffic, updated_at=now, updated_by=me.username)
