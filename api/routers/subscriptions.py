"""Webhook subscriptions: who is told what (dispatch/notifications.py), and the delivery log.

An admin subscribes any department or user; a handler subscribes its own department; any
other user subscribes itself (notifications about the cases it may see). The secret that
signs the deliveries is shown when the subscription is made (give your own or let the hub
choose one) and never again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, UrlConstraints

from api.deps import EngineDep, UserDep
from api.errors import field_error
from dispatch.adapters.users import UserRepository
from dispatch.adapters.webhooks import Deliveries, SubscriptionRow, Subscriptions, case_views
from dispatch.notifications import (
    SUBSCRIBABLE,
    CaseView,
    Notice,
    NotificationKind,
    payload,
)
from dispatch.roles import CaseScope, Role, User, can_see

router = APIRouter(prefix="/subscriptions", tags=["notifications"])


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[AnyHttpUrl, UrlConstraints(max_length=1000)] = Field(
        description="Where to POST: your SMS, WeCom or DingTalk bridge (at most 1000 characters)"
    )
    kinds: list[NotificationKind] = Field(
        default_factory=lambda: list(SUBSCRIBABLE),
        min_length=1,
        description="Which notifications: " + ", ".join(k.value for k in SUBSCRIBABLE),
    )
    department_id: str | None = Field(
        None, max_length=200, description="A department's subscription (handlers: their own)"
    )
    username: str | None = Field(
        None, max_length=100, description="A user's subscription (default: the caller)"
    )
    hours_before: float = Field(2.0, gt=0, le=240, description="deadline_near: how early")
    secret: str | None = Field(
        None, min_length=16, max_length=200, description="Signs deliveries; default: made for you"
    )


class SubscriptionRead(BaseModel):
    id: str
    url: str
    department_id: str | None
    username: str | None
    kinds: list[str]
    hours_before: float
    active: bool
    created_by: str
    created_at: datetime


class SubscriptionCreated(SubscriptionRead):
    secret: str = Field(description="Shown this once: verify X-GridHub-Signature with it")


class DeliveryAttempt(BaseModel):
    attempt: int
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: float


class DeliveryRead(BaseModel):
    id: str
    kind: str
    case_id: str
    status: str = Field(description="pending, delivered or failed")
    attempts: int
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    attempt_log: list[DeliveryAttempt]


def _read(row: SubscriptionRow) -> SubscriptionRead:
    return SubscriptionRead.model_validate(row, from_attributes=True)


def _owner_of(user: User, row: SubscriptionRow) -> bool:
    return (
        user.role is Role.ADMIN
        or row.username == user.username
        or (row.department_id is not None and row.department_id == user.department_id)
    )


def _whose(request: Request, engine: Any, user: User, body: SubscriptionCreate) -> dict[str, Any]:
    """(department_id, username) the new subscription belongs to, as the caller may."""
    if body.department_id and body.username:
        raise field_error("username", "a subscription is a department's or a user's", "body")
    if body.department_id:
        if user.role is Role.HANDLER and body.department_id != user.department_id:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail="only your own department")
        if user.role not in (Role.ADMIN, Role.HANDLER):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, detail="only admins and handlers subscribe departments"
            )
        loaded = request.app.state.registry.current or request.app.state.registry.refresh()
        if loaded is not None and body.department_id not in loaded.placer.router.departments:
            raise field_error("department_id", f"no department {body.department_id}", "body")
        return {"department_id": body.department_id}
    username = body.username or user.username
    if username != user.username and user.role is not Role.ADMIN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="only admins subscribe others")
    with engine.connect() as conn:
        if UserRepository(conn).get(username) is None:
            raise field_error("username", f"no active user {username}", "body")
    return {"username": username}


@router.post(
    "",
    response_model=SubscriptionCreated,
    status_code=status.HTTP_201_CREATED,
    responses={403: {"description": "Not the caller's own department, or not the caller."}},
)
def subscribe(
    request: Request, body: SubscriptionCreate, user: UserDep, engine: EngineDep
) -> SubscriptionCreated:
    """Subscribe a webhook to notifications (signed with the secret answered here)."""
    whose = _whose(request, engine, user, body)
    with engine.begin() as conn:
        row = Subscriptions(conn).add(
            str(body.url),
            list(dict.fromkeys(body.kinds)),
            user.username,
            datetime.now(UTC),
            hours_before=body.hours_before,
            secret=body.secret,
            **whose,
        )
    return SubscriptionCreated(**_read(row).model_dump(), secret=row.secret)


@router.get("", response_model=list[SubscriptionRead])
def subscriptions(user: UserDep, engine: EngineDep) -> list[SubscriptionRead]:
    """Active subscriptions: all for an admin, else the caller's and its department's."""
    with engine.connect() as conn:
        repository = Subscriptions(conn)
        rows = (
            repository.listed()
            if user.role is Role.ADMIN
            else repository.listed(username=user.username, department_id=user.department_id)
        )
    return [_read(r) for r in rows]


def _own(engine: Any, user: User, subscription_id: str) -> SubscriptionRow:
    with engine.connect() as conn:
        row = Subscriptions(conn).get(subscription_id)
    if row is None or not row.active or not _owner_of(user, row):
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=f"no subscription {subscription_id} of yours"
        )
    return row


@router.delete("/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
def unsubscribe(subscription_id: str, user: UserDep, engine: EngineDep) -> Response:
    """Stop notifications (the delivery log is kept)."""
    _own(engine, user, subscription_id)
    with engine.begin() as conn:
        Subscriptions(conn).deactivate(subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{subscription_id}/deliveries", response_model=list[DeliveryRead])
def deliveries(
    subscription_id: str,
    user: UserDep,
    engine: EngineDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeliveryRead]:
    """The delivery log: the newest notifications with every attempt (status, error, time)."""
    _own(engine, user, subscription_id)
    with engine.connect() as conn:
        rows = Deliveries(conn).of_subscription(subscription_id, limit)
    return [DeliveryRead.model_validate(r) for r in rows]


class TestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str | None = Field(None, description="A case to describe (default: a made-up one)")


@router.post("/{subscription_id}/test", response_model=DeliveryRead, status_code=202)
def test_delivery(
    request: Request, subscription_id: str, body: TestBody, user: UserDep, engine: EngineDep
) -> DeliveryRead:
    """Queue a ``test`` notification now, to try the receiver; its attempts show in the log."""
    _own(engine, user, subscription_id)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        views = case_views(conn, [body.case_id]) if body.case_id else {}
        if body.case_id and (
            body.case_id not in views or not can_see(user, views[body.case_id].scope)
        ):
            raise field_error("case_id", f"no case {body.case_id} for you", "body")
        case = views.get(body.case_id or "") or CaseView(
            "test", "reported", "测试通知", "urban.road_damage", "乳山市", None, None, None,
            CaseScope("", None, frozenset()),
        )  # fmt: skip
        key = f"test:{now.isoformat()}"
        notice = Notice(subscription_id, NotificationKind.TEST, case.id, key,
                        payload(NotificationKind.TEST, case, now))  # fmt: skip
        Deliveries(conn).add([notice], now)
    notifier = getattr(request.app.state, "notifier", None)
    if notifier is not None:
        notifier.wake()
    with engine.connect() as conn:
        rows = Deliveries(conn).of_subscription(subscription_id, 1)
    return DeliveryRead.model_validate(rows[0])
