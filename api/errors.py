"""Error bodies a client can act on, in two shapes, and an OpenAPI document that says so.

- ``ValidationProblem`` (422, and 413/415 about the body): ``{"detail", "errors": [{"field",
  "reason", "in"}]}``; every field error names its field and the reason.
- ``Problem`` (400, 401, 403, 404, 409, 429, 503): ``{"detail"}``; a 409 about a case's state
  adds ``state`` and ``allowed``.
The Open311 facade answers its errors in that standard's own shape (``[{code, description}]``,
JSON or XML). ``document_errors`` writes these into every operation of the OpenAPI document,
so that what it promises is what the API answers (tests/integration/test_api_fuzz.py checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastapi import FastAPI, Request, routing, status
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.openapi import utils as openapi_utils
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError

from api.guard import BadFormText, BodyTooLarge, problem, too_large
from dispatch.adapters.repository import StaleCase
from dispatch.domain import InvalidCommand
from dispatch.lifecycle import IllegalTransition
from dispatch.services import CaseNotFound
from streams.failures import is_transient


class FieldProblem(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    field: str = Field(description="Which field, dotted for nested ones (reporter.phone).")
    reason: str
    in_: str = Field(alias="in", description="body, query, path or header")


class ValidationProblem(BaseModel):
    """A request the API will not take as it is: each field that is wrong, and why."""

    detail: str
    errors: list[FieldProblem]


class Problem(BaseModel):
    """Any other error: what went wrong, in words a person can act on."""

    detail: str


class Conflict(Problem):
    """409: a command the case's state does not allow (``state`` and ``allowed`` say which
    would be), a case changed meanwhile, or something that already happened."""

    state: str | None = None
    allowed: list[str] | None = None


class Open311Error(BaseModel):
    code: int
    description: str


def _field(loc: tuple[object, ...]) -> str:
    # Drop FastAPI's "body"/"query" prefix and pydantic's model-validator marker.
    parts = [str(p) for p in loc[1:] if not str(p).startswith("function-")]
    return ".".join(parts) or str(loc[0] if loc else "body")


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {
            "field": _field(tuple(err.get("loc", ()))),
            "reason": err.get("msg", "invalid"),
            "in": str(err.get("loc", ("body",))[0]),
        }
        for err in exc.errors()
    ]
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={"detail": "request is not valid", "errors": errors},
    )


class InvalidField(Exception):
    """Raised by an endpoint for input that parses but makes no sense; same body as a 422."""

    def __init__(self, field: str, reasons: list[str], where: str, status_code: int) -> None:
        super().__init__(f"{field}: {'; '.join(reasons)}")
        self.field, self.reasons, self.where, self.status_code = field, reasons, where, status_code


def field_error(
    field: str,
    reason: str | list[str],
    where: str,
    status_code: int = status.HTTP_422_UNPROCESSABLE_CONTENT,
) -> InvalidField:
    return InvalidField(field, [reason] if isinstance(reason, str) else reason, where, status_code)


async def invalid_field(request: Request, exc: InvalidField) -> JSONResponse:
    errors = [{"field": exc.field, "reason": r, "in": exc.where} for r in exc.reasons]
    return JSONResponse(
        status_code=exc.status_code,
        content={"detail": "request is not valid", "errors": errors},
    )


async def illegal_transition(request: Request, exc: IllegalTransition) -> JSONResponse:
    return JSONResponse(
        status_code=status.HTTP_409_CONFLICT,
        content={
            "detail": str(exc),
            "state": exc.state.value,
            "allowed": [c.value for c in exc.allowed],
        },
    )


async def invalid_command(request: Request, exc: InvalidCommand) -> JSONResponse:
    errors = [{"field": exc.field, "reason": exc.reason, "in": "body"}]
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={"detail": "request is not valid", "errors": errors},
    )


async def stale_case(request: Request, exc: StaleCase) -> JSONResponse:
    return JSONResponse(
        status_code=status.HTTP_409_CONFLICT,
        content={"detail": "the case changed meanwhile: read it again and retry"},
    )


async def case_not_found(request: Request, exc: CaseNotFound) -> JSONResponse:
    return JSONResponse(status_code=status.HTTP_404_NOT_FOUND, content={"detail": f"no case {exc}"})


async def database_busy(request: Request, exc: DBAPIError) -> JSONResponse:
    """A database that is busy or briefly away is the client's "try again", not a crash."""
    if not is_transient(exc):
        raise exc
    return JSONResponse(
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": "1"},
        content={"detail": "the database is busy or unreachable; retry in a moment"},
    )


async def body_too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
    return too_large(exc.limit)


async def bad_form_text(request: Request, exc: BadFormText) -> JSONResponse:
    return problem(422, exc.field_name, exc.reason, "body")


def install(app: FastAPI) -> None:
    app.add_exception_handler(BodyTooLarge, body_too_large)  # type: ignore[arg-type]
    app.add_exception_handler(BadFormText, bad_form_text)  # type: ignore[arg-type]
    app.add_exception_handler(IllegalTransition, illegal_transition)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidCommand, invalid_command)  # type: ignore[arg-type]
    app.add_exception_handler(StaleCase, stale_case)  # type: ignore[arg-type]
    app.add_exception_handler(CaseNotFound, case_not_found)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidField, invalid_field)  # type: ignore[arg-type]
    app.add_exception_handler(DBAPIError, database_busy)  # type: ignore[arg-type]


# -- the OpenAPI document -----------------------------------------------------------------
_REASONS = {
    400: "The body could not be read (malformed form or multipart data).",
    401: "Not logged in, or the token is not valid (log in: POST /auth/token).",
    403: "The caller's role may not do this.",
    404: "No such resource for the caller (or outside its scope).",
    409: "Not possible in the current state.",
    413: "The body is larger than this endpoint takes.",
    422: "A field is missing or wrong: each one named, with the reason.",
    429: "Too many attempts: wait for Retry-After seconds.",
    503: "The database is busy or unreachable: retry after Retry-After seconds.",
}
_OPEN311_REASONS = {
    400: "A field is missing or wrong (the description names it), or the body is not a form.",
    403: "No api_key, or one not valid or switched off; rating another application's request.",
    404: "No such service, request, token, jurisdiction or format (.json or .xml).",
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}
OPEN311_PREFIXES = ("/open311/", "/discovery.")
NEEDS_REGISTRY = ("/registry", "/console/")


def _ref(model: type[BaseModel]) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _json(model: type[BaseModel], reason: str, retry: bool = False) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": reason,
        "content": {"application/json": {"schema": _ref(model)}},
    }
    if retry:
        answer["headers"] = _RETRY_AFTER
    return answer


def _open311(reason: str) -> dict[str, Any]:
    listed = {"type": "array", "items": _ref(Open311Error)}
    return {
        "description": reason,
        "content": {"application/json": {"schema": listed}, "text/xml": {"schema": {}}},
    }


def _calls(dependant: Dependant) -> Iterable[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _restricted(route: Any) -> bool:
    """Whether a dependency lets only some roles through (api/deps.py require)."""
    return any(getattr(call, "roles", None) for call in _calls(route.dependant))


def _api_routes(app: FastAPI) -> Iterator[Any]:
    """Every API route as it is served (routers included with their prefixes and
    dependencies): FastAPI 0.16x keeps included routers as such in ``app.routes``."""
    if hasattr(routing, "iter_route_contexts"):
        for context in routing.iter_route_contexts(app.routes):
            route = openapi_utils._get_api_route_for_openapi(context)
            if route is not None and getattr(route, "dependant", None) is not None:
                yield route
    else:
        yield from (route for route in app.routes if isinstance(route, APIRoute))


def document_errors(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """app.openapi: FastAPI's document with every error the operations can answer, in the
    shapes they are answered in."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            openapi_version=app.openapi_version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
            servers=app.servers,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for model in (FieldProblem, ValidationProblem, Problem, Conflict, Open311Error):
            schema = model.model_json_schema(
                by_alias=True, ref_template="#/components/schemas/{model}"
            )
            schema.pop("$defs", None)  # each is a component of its own
            schemas[model.__name__] = schema
        restricted = {
            (route.path_format, method.lower())
            for route in _api_routes(app)
            if _restricted(route)
            for method in route.methods
        }
        for path, operations in document.get("paths", {}).items():
            for method, operation in operations.items():
                _document_operation(path, method, operation, (path, method) in restricted)
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        app.openapi_schema = document
        return document

    return openapi


def _document_operation(
    path: str, method: str, operation: dict[str, Any], restricted: bool
) -> None:
    answers: dict[str, Any] = operation.setdefault("responses", {})
    open311 = path.startswith(OPEN311_PREFIXES)
    has_body = "requestBody" in operation
    if open311:  # the extension of the path chooses JSON or XML
        success = next((code for code in answers if code.startswith("2")), "200")
        answer = answers.setdefault(success, {"description": "Successful Response"})
        given = answer.get("content", {}).get("application/json", {}).get("schema")
        if not given:  # a route that documents its answer (the posts) keeps it
            answer["content"] = {"application/json": {"schema": {}}}
        answer["content"].setdefault("text/xml", {"schema": {}})

    def add(code: int, answer: dict[str, Any]) -> None:
        given = answers.get(str(code))
        if given is None or "content" not in given:
            answers[str(code)] = answer | (
                {"description": given["description"]} if given and given.get("description") else {}
            )

    if "422" in answers or operation.get("parameters") or has_body:
        answers["422"] = _json(ValidationProblem, _REASONS[422])
    if open311:
        for code in (400, 403, 404):
            add(code, _open311(_OPEN311_REASONS[code]))
    else:
        if operation.get("security"):
            add(401, _json(Problem, _REASONS[401]))
        if restricted:
            add(403, _json(Problem, _REASONS[403]))
        if "{" in path:
            add(404, _json(Problem, _REASONS[404]))
        if has_body:
            add(400, _json(Problem, _REASONS[400]))
    if "409" in answers:
        add(409, _json(Conflict, _REASONS[409]))
        answers["409"]["content"] = {"application/json": {"schema": _ref(Conflict)}}
    if has_body:
        add(413, _json(ValidationProblem, _REASONS[413]))
    if path.startswith(NEEDS_REGISTRY):
        add(404, _json(Problem, "No address registry is loaded yet, or no such entry."))
    add(503, _json(Problem, _REASONS[503], retry=True))
    for code, given in answers.items():  # an error a route names without saying its body
        if code.startswith("4") and "content" not in given:
            model = ValidationProblem if code in ("413", "415", "422") else Problem
            given["content"] = {"application/json": {"schema": _ref(model)}}
