"""POST /auth/token (OAuth2 password flow) and GET /auth/me."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.deps import EngineDep, SettingsDep, UserDep
from api.login_limits import LoginLimits, retry_after
from api.security import PasswordHasher, issue_token
from dispatch.adapters.users import LoginFailures, UserRepository

router = APIRouter(prefix="/auth", tags=["auth"])
LOGIN_ERRORS = {
    401: {"description": "Wrong username or password."},
    429: {
        "description": "Too many failed logins for this username or from this address: wait "
        "Retry-After seconds (the right password is refused too until then).",
    },
}


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class UserRead(BaseModel):
    username: str
    role: str
    display_name: str
    area_code: str | None
    department_id: str | None
    worker_id: str | None


def get_hasher(request: Request) -> PasswordHasher:
    return request.app.state.hasher  # type: ignore[no-any-return]


def client_address(request: Request) -> str:
    # The peer as the server saw it (behind a proxy, run uvicorn with --forwarded-allow-ips
    # so that it is the client's, not the proxy's).
    return request.client.host if request.client else "unknown"


@router.post("/token", response_model=TokenRead, responses=LOGIN_ERRORS)
def login(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    engine: EngineDep,
    settings: SettingsDep,
    hasher: Annotated[PasswordHasher, Depends(get_hasher)],
) -> TokenRead:
    limits: LoginLimits = request.app.state.login_limits
    keys = limits.keys(form.username, client_address(request))
    now = datetime.now(UTC)
    with engine.connect() as conn:
        counted = LoginFailures(conn).get(list(keys))
        found = UserRepository(conn).credentials(form.username)
    # A locked username or address is refused before any hashing: it costs nothing to ask.
    waits = [w for key, limit in keys.items() if (w := limit.wait(counted.get(key), now))]
    if waits:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail="too many failed logins for this username or from this address; "
            f"try again in {retry_after(max(waits))} s",
            headers={"Retry-After": retry_after(max(waits))},
        )
    # The same answer, after the same work, for an unknown user and a wrong password:
    # names are not disclosed, not even by the time the answer takes.
    stored = found[1] if found else hasher.unknown_user_hash()
    if not hasher.check(form.password, stored) or found is None:
        with engine.begin() as conn:
            failures = LoginFailures(conn)
            for key, limit in keys.items():
                failures.put(key, limit.after_failure(counted.get(key), now))
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="wrong username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = found[0]
    account_key = next(iter(keys))
    # A hash made at a lower cost than configured now is replaced (hashed before the write).
    rehashed = hasher.hash(form.password) if hasher.needs_rehash(stored) else None
    if account_key in counted or rehashed:
        with engine.begin() as conn:
            LoginFailures(conn).clear(account_key)
            if rehashed:
                UserRepository(conn).set_password(user.username, rehashed)
    token = issue_token(user.username, request.app.state.auth_secret, settings.auth_token_minutes)
    return TokenRead(access_token=token, expires_in=settings.auth_token_minutes * 60)


@router.get("/me", response_model=UserRead)
def me(user: UserDep) -> UserRead:
    return UserRead(
        username=user.username,
        role=user.role.value,
        display_name=user.display_name,
        area_code=user.area_code,
        department_id=user.department_id,
        worker_id=user.worker_id,
    )
