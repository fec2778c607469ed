"""Dependencies: settings, engine and a read connection, typed with Annotated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection, Engine

from config import HubSettings
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.services import TopicNames


def get_settings(request: Request) -> HubSettings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_topics(request: Request) -> TopicNames:
    return request.app.state.topics


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
