"""POST /auth/token (OAuth2 password flow) and GET /auth/me."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.deps import EngineDep, SettingsDep, UserDep
from api.security import check_password, hash_password, issue_token
from dispatch.adapters.users import UserRepository

router = APIRouter(prefix="/auth", tags=["auth"])
UNKNOWN_USER_HASH = hash_password("no user has this password")


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


@router.post("/token", response_model=TokenRead)
def login(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    engine: EngineDep,
    settings: SettingsDep,
) -> TokenRead:
    with engine.connect() as conn:
        found = UserRepository(conn).credentials(form.username)
    # The same answer, after the same work, for an unknown user and a wrong password:
    # names are not disclosed, not even by the time the answer takes.
    stored = found[1] if found else UNKNOWN_USER_HASH
    if not check_password(form.password, stored) or found is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="wrong username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = issue_token(
        found[0].username, request.app.state.auth_secret, settings.auth_token_minutes
    )
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
