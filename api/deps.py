"""Dependencies: settings, engine and a read connection, typed with Annotated."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import Connection, Engine

from api.security import read_token
from config import HubSettings
from dispatch.adapters.pii import Sealer
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.adapters.users import UserRepository
from dispatch.roles import Role, User
from dispatch.services import TopicNames
from dispatch.sla import SlaPolicy


def get_settings(request: Request) -> HubSettings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_topics(request: Request) -> TopicNames:
    return request.app.state.topics


def get_sealer(request: Request) -> Sealer:
    return request.app.state.sealer


def get_read_connection(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Connection]:
    with engine.connect() as conn:
        yield conn


def get_uow(engine: Annotated[Engine, Depends(get_engine)]) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine)


SettingsDep = Annotated[HubSettings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
TopicsDep = Annotated[TopicNames, Depends(get_topics)]
ReadConnDep = Annotated[Connection, Depends(get_read_connection)]
UowDep = Annotated[SqlUnitOfWork, Depends(get_uow)]
SealerDep = Annotated[Sealer, Depends(get_sealer)]


# -- who is asking ------------------------------------------------------------------------
oauth2 = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


def get_sla(request: Request) -> SlaPolicy:
    return request.app.state.sla


def get_current_user(
    request: Request,
    engine: Annotated[Engine, Depends(get_engine)],
    token: Annotated[str | None, Depends(oauth2)],
) -> User:
    unauthorised = HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail="log in first: POST /auth/token, then send 'Authorization: Bearer <token>'",
        headers={"WWW-Authenticate": "Bearer"},
    )
    if token is None:
        raise unauthorised
    try:
        username = read_token(token, request.app.state.auth_secret)
    except jwt.PyJWTError as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail=f"token not accepted: {exc}",
            headers={"WWW-Authenticate": "Bearer"},
        ) from exc
    with engine.connect() as conn:
        user = UserRepository(conn).get(username)
    if user is None:
        raise unauthorised
    return user


def require(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets only these roles through (403 for the others)."""

    def check(user: Annotated[User, Depends(get_current_user)]) -> User:
        if user.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, detail=f"only {allowed} may do this, not {user.role}"
            )
        return user

    check.roles = roles  # type: ignore[attr-defined]  # the OpenAPI document lists 403 for it
    return check


SlaDep = Annotated[SlaPolicy, Depends(get_sla)]
UserDep = Annotated[User, Depends(get_current_user)]
