"""Error bodies a client can act on: every validation error names its field and the reason."""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError

from dispatch.adapters.repository import StaleCase
from dispatch.domain import InvalidCommand
from dispatch.lifecycle import IllegalTransition
from dispatch.services import CaseNotFound
from streams.failures import is_transient


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


def install(app: FastAPI) -> None:
    app.add_exception_handler(IllegalTransition, illegal_transition)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidCommand, invalid_command)  # type: ignore[arg-type]
    app.add_exception_handler(StaleCase, stale_case)  # type: ignore[arg-type]
    app.add_exception_handler(CaseNotFound, case_not_found)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidField, invalid_field)  # type: ignore[arg-type]
    app.add_exception_handler(DBAPIError, database_busy)  # type: ignore[arg-type]
