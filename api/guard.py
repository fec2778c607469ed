"""The first thing every request meets, before routing and before authentication.

- A body larger than its endpoint allows is refused with 413: at once when Content-Length says
  so (nothing is read), else as soon as the bytes received pass the limit. Uploads have larger
  limits of their own (``BodyLimits``).
- A NUL character is refused with 422 naming where it is (a path, a query parameter, a field
  of a JSON, form or multipart body, a file name): PostgreSQL cannot store it in text, and no
  field of the hub needs it. So is a lone UTF-16 surrogate escaped in JSON, and a form field
  whose bytes are not text in the body's charset (UTF-8 unless it says otherwise): Starlette
  would otherwise turn them into U+FFFD or Latin-1 mojibake and store that.

JSON and form bodies are small (the default limit is 1 MiB) and read here once, then handed on
unchanged; other bodies (files, zips) are counted as the endpoint reads them. A multipart body
is checked as it streams past (``MultipartText``): the names, the file names and the values of
the fields that are not files; a file's own bytes are the endpoint's to judge.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NUL_REASON = "must not contain NUL characters"
SURROGATE_REASON = "must be valid Unicode text (a lone surrogate is not)"
# What a form field's bytes may hold that is not text: a NUL escaped or raw, a byte >= 0x80.
_FORM_SUSPECT = re.compile(rb"%(?:00|[89a-fA-F])|[\x00\x80-\xff]")
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


class BadFormText(HTTPException):
    """Raised while a multipart body streams to its endpoint and a field of it is not text
    (answered with ``problem`` 422 by api/errors.py); an HTTPException so that FastAPI's body
    parsing passes it through unchanged."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(422, detail=f"{field_name}: {reason}")
        self.field_name, self.reason = field_name, reason


def not_charset(charset: str) -> str:
    return f"must be {'UTF-8' if charset == 'utf-8' else charset} text"


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


def _shown(name: bytes) -> str:
    """A field name as an error can print it, whatever its bytes."""
    text = name.decode("utf-8", "backslashreplace")
    return text.replace("\x00", "\\0") or "(unnamed)"


def bad_text_in_form(raw: bytes) -> tuple[str, str] | None:
    """The first name or value of a form-encoded body that is not UTF-8 text without NUL (its
    name as given), and why."""
    for pair in raw.split(b"&"):
        name, _, value = pair.partition(b"=")
        name, value = (unquote_to_bytes(x.replace(b"+", b" ")) for x in (name, value))
        for part in (name, value):
            try:
                reason = _bad_text(part.decode("utf-8"))
            except UnicodeDecodeError:
                reason = not_charset("utf-8")
            if reason:
                return _shown(name), reason
    return None


class MultipartText:
    """Checks a multipart/form-data body chunk by chunk as it passes, holding no more than
    the headers of the current part: each part's name and file name, and the value of each
    field that is not a file, must be text in the body's charset without NUL (what Starlette
    stores is that text decoded). ``feed`` raises ``BadFormText`` for the first that is not;
    a body it cannot parse is left to the endpoint's parser (a 400)."""

    def __init__(self, boundary: bytes, charset: str) -> None:
        self.charset = charset
        self._headers: list[tuple[bytes, bytes]] = []
        self._field, self._value = b"", b""
        self._name = b""
        self._decoder: codecs.IncrementalDecoder | None = None
        self._found: tuple[str, str] | None = None
        self._broken = False
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._data,
                "on_part_end": self._end,
            },
        )

    @classmethod
    def for_content_type(cls, value: str) -> MultipartText | None:
        _, params = parse_options_header(value)
        boundary = params.get(b"boundary")
        if not boundary:
            return None  # the endpoint's parser answers "missing boundary"
        try:
            charset = codecs.lookup(params.get(b"charset", b"utf-8").decode("latin-1")).name
        except LookupError:
            charset = "latin-1"  # as Starlette does: every byte is a character
        return cls(boundary, charset)

    def feed(self, chunk: bytes) -> None:
        if self._broken or not chunk:
            return
        try:
            self._parser.write(chunk)
        except Exception:  # not multipart as it claims: the endpoint's parser says so
            self._broken = True
        if self._found is not None:
            field_name, reason = self._found
            self._broken = True  # said once
            raise BadFormText(field_name, reason)

    def _text(self, raw: bytes) -> str | None:
        """Why ``raw`` is not storable text in the body's charset, or None."""
        try:
            return _bad_text(raw.decode(self.charset))
        except UnicodeDecodeError:
            return not_charset(self.charset)

    def _refuse(self, field_name: str, reason: str) -> None:
        if self._found is None:
            self._found = (field_name, reason)

    def _begin(self) -> None:
        self._headers, self._name, self._decoder = [], b"", None

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers.append((self._field.lower(), self._value))
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        disposition = next((v for k, v in self._headers if k == b"content-disposition"), b"")
        _, options = parse_options_header(disposition)
        self._name = options.get(b"name", b"")
        reason = self._text(self._name)
        if reason:
            self._refuse(_shown(self._name), f"its name {reason}")
            return
        shown = self._name.decode(self.charset)
        if b"filename" in options:
            reason = self._text(options[b"filename"])
            if reason:
                self._refuse(shown or "file", f"its file name {reason}")
        else:
            self._decoder = codecs.getincrementaldecoder(self.charset)("strict")
        for header, value in self._headers:
            if b"\x00" in value:
                self._refuse(shown or "body", f"its {header.decode('latin-1')} header {NUL_REASON}")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._decoder is not None:
            self._decode(data[start:end], final=False)

    def _end(self) -> None:
        if self._decoder is not None:
            self._decode(b"", final=True)
        self._decoder = None

    def _decode(self, raw: bytes, final: bool) -> None:
        assert self._decoder is not None
        shown = self._name.decode(self.charset) or "(unnamed)"
        try:
            reason = _bad_text(self._decoder.decode(raw, final))
        except UnicodeDecodeError:
            reason = not_charset(self.charset)
        if reason:
            self._refuse(shown, reason)
            self._decoder = None


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
        given = headers.get(b"content-type", b"").decode("latin-1")
        kind = given.lower()
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
        checker = (
            MultipartText.for_content_type(given)
            if kind.startswith("multipart/form-data")
            else None
        )
        plan = _Streamed(limit, checker.feed if checker else None)
        scope[_STREAMED] = plan
        await self.app(scope, _counted(receive, plan, inner=False), send)

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
            if _FORM_SUSPECT.search(body):
                found = bad_text_in_form(body)
                if found is not None:
                    return problem(422, found[0], found[1], "body")
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


_STREAMED = "gridhub.streamed_body"


@dataclass
class _Streamed:
    """How a streamed body is judged as it is read: its limit, the check of each chunk, and
    whether ``StreamedBodyGuard`` (inside the other middleware) does it."""

    limit: int
    check: Callable[[bytes], None] | None
    size: int = 0
    inside: bool = False


def _counted(receive: Receive, plan: _Streamed, inner: bool) -> Receive:
    """``receive``, refusing the request (413) once its body passes the plan's limit, and
    handing each chunk to its check (which raises to refuse it) before the endpoint sees it.
    The outer one steps aside when an inner one took the plan."""

    async def counted() -> Message:
        message = await receive()
        if message["type"] == "http.request" and inner == plan.inside:
            chunk = message.get("body", b"")
            plan.size += len(chunk)
            if plan.size > plan.limit:
                raise BodyTooLarge(plan.limit)
            if plan.check is not None:
                plan.check(chunk)
        return message

    return counted


class StreamedBodyGuard:
    """The request guard's judgement of a streamed body (its size, a multipart form's text),
    applied where the endpoint reads it: add it before any other middleware, so it is the
    innermost. An exception raised while reading through Starlette's ``BaseHTTPMiddleware``
    (``@app.middleware("http")``) reaches FastAPI wrapped in an ExceptionGroup and is answered
    400 "error parsing the body" instead of its own 413 or 422; raised here, it is not."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        plan = scope.get(_STREAMED) if scope["type"] == "http" else None
        if isinstance(plan, _Streamed):
            plan.inside = True
            receive = _counted(receive, plan, inner=True)
        await self.app(scope, receive, send)
