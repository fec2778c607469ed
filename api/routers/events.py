"""GET /events/cases: the caller's case changes as they happen (server-sent events)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from api.deps import UserDep
from api.live import CaseFeed
from dispatch.privacy import FREE_TEXT_COLUMNS, shown_text

router = APIRouter(prefix="/events", tags=["events"])
HEARTBEAT_SECONDS = 15.0
MAX_CATCH_UP = timedelta(hours=24)


def _message(change: dict[str, Any]) -> str:
    # The id is when the case changed: a client that reconnects asks for what came after it.
    data = json.dumps(change, ensure_ascii=False, separators=(",", ":"))
    return f"event: case\nid: {change['updated_at']}\ndata: {data}\n\n"


@router.get(
    "/cases",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
    summary="Case changes the caller may see, live (server-sent events)",
)
async def case_events(
    request: Request,
    user: UserDep,
    since: Annotated[
        datetime | None,
        Query(description="Also send what changed after this moment (at most a day back)."),
    ] = None,
    timeout: Annotated[
        float,
        Query(ge=0, le=3600, description="End the stream after this many seconds (0: never)."),
    ] = 0,
) -> StreamingResponse:
    """One ``case`` event per change of a case the caller may see (opened, moved, merged,
    overdue ...), its data the case summary as JSON, its id the moment of the change; a
    comment line every 15 s keeps proxies from closing the connection. Browsers' EventSource
    cannot send a header: read it with fetch() and the Authorization header."""
    feed: CaseFeed = request.app.state.case_feed
    last_event_id = request.headers.get("last-event-id")
    if since is None and last_event_id:
        try:
            since = datetime.fromisoformat(last_event_id)
        except ValueError:
            since = None
    if since is not None:
        earliest = datetime.now(UTC) - MAX_CATCH_UP
        try:
            since = max(
                (since if since.tzinfo else since.replace(tzinfo=UTC)).astimezone(UTC), earliest
            )
        except OverflowError:  # a moment before year 1 in UTC: as far back as allowed
            since = earliest
    ends = asyncio.get_running_loop().time() + timeout if timeout else None

    async def stream() -> AsyncIterator[str]:
        # Subscribed once the response streams: a client gone before that leaves nothing.
        listener = feed.subscribe(user)
        try:
            yield "retry: 3000\n\n"
            if since is not None:
                backlog = await asyncio.to_thread(feed.backlog, user, since)
                for change in backlog:
                    yield _message(shown_text(change, user.role, FREE_TEXT_COLUMNS))
            while not listener.overflowed:
                wait = HEARTBEAT_SECONDS
                if ends is not None:
                    wait = min(wait, ends - asyncio.get_running_loop().time())
                    if wait <= 0:
                        return
                try:
                    change = await asyncio.wait_for(listener.queue.get(), wait)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    yield ": keep-alive\n\n"
                    continue
                yield _message(shown_text(change, user.role, FREE_TEXT_COLUMNS))
        finally:
            feed.unsubscribe(listener)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
