"""The first thing every request meets, before routing and before authentication.

- A body larger than its endpoint allows is refused with 413: at once when Content-Length says
  so (nothing is read), else as soon as the bytes received pass the limit. Uploads have larger
  limits of their own (``BodyLimits``).
- A NUL character is refused with 422 naming where it is (a path, a query parameter, a field
  of a JSON or form body): PostgreSQL cannot store it in text, and no field of the hub needs it.
  So is a lone UTF-16 surrogate escaped in JSON: it is not text, and no database encodes it.

JSON and form bodies are small (the default limit is 1 MiB) and read here once, then handed on
unchanged; other bodies (files, zips) are counted as the endpoint reads them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NUL_REASON = "must not contain NUL characters"
SURROGATE_REASON = "must be valid Unicode text (a lone surrogate is not)"
# How JSON writes a NUL or a UTF-16 surrogate (a raw NUL is not JSON at all).
_JSON_SUSPECT = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
# Bodies read here whole (small by their limit); anything else is streamed to the endpoint.
_BUFFERED = ("application/json", "application/x-www-form-urlencoded")


@dataclass(frozen=True)
class BodyLimits:
    """Largest request body in bytes: ``default`` for every endpoint but those ``by_route``
    names as (method, path)."""

    default: int
    by_route: dict[tuple[str, str], int] = field(default_factory=dict)

    def for_request(self, method: str, path: str) -> int:
        return self.by_route.get((method, path.rstrip("/") or "/"), self.default)


def problem(status_code: int, field_name: str, reason: str, where: str) -> JSONResponse:
    """The body every field error has (api/errors.py ValidationProblem)."""
    return JSONResponse(
        status_code=status_code,
        content={
            "detail": "request is not valid",
            "errors": [{"field": field_name, "reason": reason, "in": where}],
        },
    )


def too_large(limit: int) -> JSONResponse:
    return problem(413, "body", f"larger than {limit} bytes", "body")


class BodyTooLarge(HTTPException):
    """Raised while an endpoint reads a body past its limit (answered by ``too_large``):
    FastAPI passes an HTTPException raised during its read through unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, detail=f"larger than {limit} bytes")
        self.limit = limit


def _bad_text(text: str) -> str | None:
    if "\x00" in text:
        return NUL_REASON
    if any("\ud800" <= c <= "\udfff" for c in text):
        return SURROGATE_REASON
    return None


def bad_text_in_json(value: Any, path: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The dotted path of the first string (or key) that is not storable text, and why."""
    if isinstance(value, str):
        reason = _bad_text(value)
        return (".".join(path) or "body", reason) if reason else None
    if isinstance(value, dict):
        for key, item in value.items():
            reason = _bad_text(str(key))
            if reason:
                shown = str(key).encode("unicode_escape", "backslashreplace").decode("ascii")
                return ".".join((*path, shown)), reason
            found = bad_text_in_json(item, (*path, str(key)))
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = bad_text_in_json(item, (*path, str(index)))
            if found:
                return found
    return None


def nul_in_json(value: Any) -> str | None:
    found = bad_text_in_json(value)
    return found[0] if found else None


def nul_in_pairs(pairs: Iterator[tuple[str, str]] | list[tuple[str, str]]) -> str | None:
    for name, value in pairs:
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "\\0") or "(unnamed)"
    return None


def _decoded_pairs(raw: bytes) -> list[tuple[str, str]]:
    return parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8")


def _may_hold_nul(raw: bytes) -> bool:
    return b"\x00" in raw or b"%00" in raw


class RequestGuard:
    """Pure ASGI middleware: body limits and NUL characters, before anything else runs."""

    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self._check_target(scope)
        if refused is not None:
            await refused(scope, receive, send)
            return
        limit = self.limits.for_request(scope["method"], scope["path"])
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size > limit:
                await too_large(limit)(scope, receive, send)
                return
        kind = headers.get(b"content-type", b"").decode("latin-1").lower()
        if kind.startswith(_BUFFERED) or kind.endswith("+json"):
            body = await self._read(receive, limit)
            if body is None:
                await too_large(limit)(scope, receive, send)
                return
            refused = self._check_body(body, kind)
            if refused is not None:
                await refused(scope, receive, send)
                return
            await self.app(scope, _replay(body, receive), send)
            return
        await self.app(scope, _counted(receive, limit), send)

    @staticmethod
    def _check_target(scope: Scope) -> JSONResponse | None:
        if "\x00" in scope["path"]:
            return problem(422, "path", NUL_REASON, "path")
        query: bytes = scope.get("query_string") or b""
        if _may_hold_nul(query):
            name = nul_in_pairs(_decoded_pairs(query))
            if name is not None:
                return problem(422, name, NUL_REASON, "query")
        return None

    @staticmethod
    def _check_body(body: bytes, kind: str) -> JSONResponse | None:
        if kind.startswith("application/x-www-form-urlencoded"):
            if _may_hold_nul(body):
                name = nul_in_pairs(_decoded_pairs(body))
                if name is not None:
                    return problem(422, name, NUL_REASON, "body")
            return None
        if not _JSON_SUSPECT.search(body):
            return None
        try:
            found = bad_text_in_json(json.loads(body))
        except (ValueError, RecursionError):
            return None  # not JSON: the endpoint says so
        return problem(422, found[0], found[1], "body") if found else None

    @staticmethod
    async def _read(receive: Receive, limit: int) -> bytes | None:
        """The whole body, or None once it passes ``limit``."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _counted(receive: Receive, limit: int) -> Receive:
    """``receive``, refusing the request (413) once its body passes ``limit`` bytes."""
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLarge(limit)
        return message

    return counted
