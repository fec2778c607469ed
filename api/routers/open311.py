"""Open311 GeoReport v2, as a facade over the hub's own use cases.

Base path ``/open311/v2`` (discovery at ``/discovery.{json,xml}`` and
``/open311/discovery.{json,xml}``). Every resource answers in XML and JSON (the extension of
the path chooses); errors are the spec's ``[{code, description}]`` with 400, 403 or 404.
Reads are public, as the spec has them, and show only the offered services' cases, without
any reporter's name or number; posting a request needs an ``api_key`` an admin issued to the
client application (``/admin/open311-clients``).

A posted request is a report like any other: stored with its outbox row in one transaction
(channel ``open311``), placed, de-duplicated and driven round the loop by the stream; until the
stream has put it into a case the client holds a token (``tokens/{token}``). Rules (services,
attributes, the status mapping, limits): dispatch/open311.py.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import require
from api.guard import BadFormText, BodyTooLarge
from api.open311_format import answer, errors
from contracts.lifecycle import Actor
from contracts.report import Channel, GeoPoint, IncidentReport, Reporter, ReportSource
from dispatch.adapters.open311 import (
    Open311Client,
    Open311Clients,
    reported_by,
    service_requests,
    token_case,
)
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.domain import InvalidCommand
from dispatch.identity import report_id_for
from dispatch.lifecycle import Command, IllegalTransition
from dispatch.open311 import (
    FORMATS,
    MAX_REQUESTS,
    MAX_SPAN,
    SERVICES,
    SPEC_URL,
    STATE_LABELS,
    Service,
    open311_status,
    states_for,
)
from dispatch.privacy import FREE_TEXT_COLUMNS, shown_text
from dispatch.roles import Role, User
from dispatch.satisfaction import MAX_COMMENT, rating_of
from dispatch.services import CaseNotFound, run_command, submit_report
from grid.adapters.active import LoadedRegistry
from grid.categories import CATEGORIES
from grid.coords import to_wgs84

BASE = "/open311/v2"
BEIJING = timezone(timedelta(hours=8))
router = APIRouter(prefix=BASE, tags=["open311"])
discovery_router = APIRouter(tags=["open311"])
clients = APIRouter(prefix="/admin/open311-clients", tags=["admin"])
PHONE = re.compile(r"^\+?[0-9-]{5,20}$")
EMAIL = re.compile(r"^[^@\s]{1,100}@[^@\s]{1,100}\.[^@\s]{1,50}$")
POINT_ONLY_TEXT = "现场（按坐标定位）"


class Open311Error(Exception):
    """Answered in the spec's error format, in the format the client asked for."""

    def __init__(self, fmt: str, status_code: int, description: str) -> None:
        super().__init__(description)
        self.fmt, self.status_code, self.description = fmt, status_code, description


async def open311_error(request: Request, exc: Open311Error) -> Response:
    return errors(exc.fmt, exc.status_code, exc.description)


def install(app: FastAPI) -> None:
    app.add_exception_handler(Open311Error, open311_error)  # type: ignore[arg-type]


def _format(name: str, resource: str) -> tuple[str, str]:
    """'services.xml' -> ('services', 'xml'); a missing or unknown format is a 404."""
    stem, dot, fmt = name.rpartition(".")
    if not dot or fmt not in FORMATS:
        raise Open311Error("json", 404, f"no {resource} {name}: add .json or .xml")
    return stem, fmt


def _registry(request: Request, fmt: str) -> LoadedRegistry:
    loaded = request.app.state.registry.current or request.app.state.registry.refresh()
    if loaded is None:
        raise Open311Error(fmt, 404, "no address registry is loaded here yet")
    return loaded


def _jurisdictions(loaded: LoadedRegistry) -> set[str]:
    return {d.code for d in loaded.placer.places.divisions.values() if d.level.value == "county"}


def _check_jurisdiction(request: Request, fmt: str, given: str | None) -> LoadedRegistry:
    loaded = _registry(request, fmt)
    if given is not None and given.strip() and given.strip() not in _jurisdictions(loaded):
        served = ", ".join(sorted(_jurisdictions(loaded)))
        raise Open311Error(fmt, 404, f"jurisdiction_id {given} is not served here ({served})")
    return loaded


# -- discovery and services ------------------------------------------------------------------
def _discovery(request: Request, fmt: str) -> Response:
    settings = request.app.state.settings
    base = str(request.base_url).rstrip("/")
    changeset = "2026-12-04T00:00:00+08:00"
    body = {
        "changeset": changeset,
        "contact": settings.open311_contact,
        "key_service": "api_key: ask the hub's administrator (POST /admin/open311-clients)",
        "endpoints": [
            {
                "specification": SPEC_URL,
                "url": f"{base}{BASE}",
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return answer(fmt, "discovery", body)


@discovery_router.get("/discovery.{fmt}", summary="Open311 discovery (where the API is)")
def discovery_at_root(request: Request, fmt: str) -> Response:
    return _discovery(request, _format(f"discovery.{fmt}", "document")[1])


@discovery_router.get("/open311/discovery.{fmt}", summary="Open311 discovery")
def discovery(request: Request, fmt: str) -> Response:
    return _discovery(request, _format(f"discovery.{fmt}", "document")[1])


def _service_row(service: Service) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": service.metadata,
        "type": "realtime",
        "keywords": ",".join(service.keywords),
        "group": service.group,
    }


@router.get("/{name}", summary="services.{fmt} or requests.{fmt}: the lists")
def lists(request: Request, name: str) -> Response:
    """``services.{json,xml}``: every service (category) offered, with its group and
    keywords. ``requests.{json,xml}``: service requests, newest first; filters
    ``service_request_id`` (comma-separated, overrides the others), ``service_code``,
    ``start_date``/``end_date`` (W3C; at most 90 days; default the last 90 days), ``status``
    (open, closed); at most 1000."""
    stem, fmt = _format(name, "resource")
    params = request.query_params
    loaded = _check_jurisdiction(request, fmt, params.get("jurisdiction_id"))
    if stem == "services":
        return answer(fmt, "services", [_service_row(s) for s in SERVICES.values()])
    if stem == "requests":
        return answer(fmt, "service_requests", _find_requests(request, fmt, loaded))
    raise Open311Error(fmt, 404, f"no resource {name}")


@router.get("/services/{name}", summary="services/{code}.{fmt}: a service's attributes")
def service_definition(request: Request, name: str) -> Response:
    code, fmt = _format(name, "service")
    _check_jurisdiction(request, fmt, request.query_params.get("jurisdiction_id"))
    service = SERVICES.get(code)
    if service is None:
        raise Open311Error(fmt, 404, f"no service {code}")
    attributes = [
        {
            "variable": a.variable,
            "code": a.code,
            "datatype": a.datatype,
            "required": a.required,
            "datatype_description": a.datatype_description,
            "order": order,
            "description": a.description,
            **({"values": [{"key": v.key, "name": v.name} for v in a.values]} if a.values else {}),
        }
        for order, a in enumerate(service.attributes, start=1)
    ]
    return answer(fmt, "service_definition", {"service_code": code, "attributes": attributes})


# -- reading requests --------------------------------------------------------------------------
def _when(value: datetime | None) -> str | None:
    return value.astimezone(BEIJING).isoformat(timespec="seconds") if value else None


def _point(row: dict[str, Any]) -> tuple[float | None, float | None]:
    """(lat, long) in WGS-84: the point the registry used, else its standard address's
    point, else what the report gave."""
    placement = row.get("placement") or {}
    point = placement.get("point") or placement.get("address_point")
    if point:
        return float(point["lat"]), float(point["lon"])
    if row.get("lon") is None or row.get("lat") is None:
        return None, None
    lon, lat = to_wgs84(row["lon"], row["lat"], row.get("crs") or "wgs84")
    return round(lat, 7), round(lon, 7)


def request_of(row: dict[str, Any], loaded: LoadedRegistry | None) -> dict[str, Any]:
    """A case as a service request: the spec's fields and GridHub's extensions."""
    state = row["state"]
    service = SERVICES.get(row["category"])
    departments = loaded.placer.router.departments if loaded else {}
    department = departments.get(row["department_id"] or "")
    lat, lon = _point(row)
    status_open = open311_status(state) == "open"
    row = shown_text(row, None, (*FREE_TEXT_COLUMNS, "resolution"))  # public: masked
    resolution = row.get("resolution") or {}
    return {
        "service_request_id": row["id"],
        "status": open311_status(state),
        "status_notes": resolution.get("note"),
        "service_name": service.name if service else row["category"],
        "service_code": row["category"],
        "description": row["title"],
        "agency_responsible": department.name if department else None,
        "service_notice": None,
        "requested_datetime": _when(row["reported_at"]),
        "updated_datetime": _when(row["updated_at"]),
        "expected_datetime": _when(row["deadline_at"]) if status_open else None,
        "address": (row.get("placement") or {}).get("address") or row["address_text"],
        "address_id": row["address_id"],
        "zipcode": None,
        "lat": lat,
        "long": lon,
        "media_url": None,
        "gridhub_state": state,
        "gridhub_state_label": STATE_LABELS.get(state, state),
        "duplicate_of": row.get("merged_into"),
    }


def _moment(fmt: str, name: str, value: str | None) -> datetime | None:
    if value is None or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise Open311Error(
            fmt, 400, f"{name} is not a W3C date-time (e.g. 2026-12-01T00:00:00Z): {value}"
        ) from exc
    moment = moment.replace(tzinfo=BEIJING) if moment.tzinfo is None else moment
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:
        moment = None  # before year 1 in UTC
    if moment is None or not 1970 <= moment.year <= 2999:
        raise Open311Error(fmt, 400, f"{name} is out of range (years 1970 to 2999): {value}")
    return moment


def _find_requests(request: Request, fmt: str, loaded: LoadedRegistry) -> list[dict[str, Any]]:
    params = request.query_params
    ids = [x.strip() for x in (params.get("service_request_id") or "").split(",") if x.strip()]
    engine: Engine = request.app.state.engine
    if ids:
        if len(ids) > MAX_REQUESTS:
            raise Open311Error(fmt, 400, f"at most {MAX_REQUESTS} service_request_id at once")
        with engine.connect() as conn:
            rows = service_requests(conn, services=SERVICES, ids=ids)
        return [request_of(r, loaded) for r in rows]
    codes = [x.strip() for x in (params.get("service_code") or "").split(",") if x.strip()]
    unknown = [c for c in codes if c not in SERVICES]
    if unknown:
        raise Open311Error(fmt, 400, f"service_code {', '.join(unknown)} is not a service here")
    start = _moment(fmt, "start_date", params.get("start_date"))
    end = _moment(fmt, "end_date", params.get("end_date"))
    if start is None and end is None:
        end = datetime.now(UTC)
    if start is None and end is not None:
        start = end - MAX_SPAN
    if end is None and start is not None:
        end = start + MAX_SPAN
    assert start is not None and end is not None
    if end < start:
        raise Open311Error(fmt, 400, "end_date is before start_date")
    if end - start > MAX_SPAN:
        raise Open311Error(fmt, 400, f"a query may span at most {MAX_SPAN.days} days")
    states = None
    wanted = [x.strip() for x in (params.get("status") or "").split(",") if x.strip()]
    if wanted:
        if not set(wanted) <= {"open", "closed"}:
            raise Open311Error(fmt, 400, "status is open or closed (comma-separated)")
        states = set().union(*(states_for(s) for s in wanted))
    with engine.connect() as conn:
        rows = service_requests(
            conn,
            services=SERVICES,
            service_codes=codes or None,
            start=start,
            end=end,
            states=states,
            limit=MAX_REQUESTS,
        )
    return [request_of(r, loaded) for r in rows]


@router.get("/requests/{name}", summary="requests/{id}.{fmt}: one service request")
def one_request(request: Request, name: str) -> Response:
    request_id, fmt = _format(name, "service request")
    loaded = _check_jurisdiction(request, fmt, request.query_params.get("jurisdiction_id"))
    with request.app.state.engine.connect() as conn:
        rows = service_requests(conn, services=SERVICES, ids=[request_id])
    if not rows:
        raise Open311Error(fmt, 404, f"no service request {request_id}")
    return answer(fmt, "service_requests", [request_of(rows[0], loaded)])


@router.get("/tokens/{name}", summary="tokens/{token}.{fmt}: the request a token became")
def token(request: Request, name: str) -> Response:
    """A report posted moments ago is being placed; once it is in a case, its token answers
    with the service_request_id (empty until then)."""
    value, fmt = _format(name, "token")
    _check_jurisdiction(request, fmt, request.query_params.get("jurisdiction_id"))
    with request.app.state.engine.connect() as conn:
        known, case_id = token_case(conn, value)
    if not known:
        raise Open311Error(fmt, 404, f"no token {value}")
    return answer(fmt, "service_requests", [{"service_request_id": case_id, "token": value}])


# -- posting requests --------------------------------------------------------------------------
async def _form(request: Request, fmt: str) -> dict[str, str]:
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        raise Open311Error(
            fmt, 400, "send the fields form-encoded (application/x-www-form-urlencoded)"
        )
    try:
        form = await request.form()
    except StarletteHTTPException as exc:
        if isinstance(exc, BadFormText | BodyTooLarge):
            raise  # the request guard's own answers (422, 413)
        # Starlette's 400 for a body that is not the form it claims: the spec's error shape.
        raise Open311Error(fmt, 400, f"the body is not a readable form: {exc.detail}") from exc
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


def _client(request: Request, fmt: str, api_key: str | None) -> Open311Client:
    if not api_key:
        raise Open311Error(fmt, 403, "api_key is required to post (ask the hub's administrator)")
    with request.app.state.engine.connect() as conn:
        client = Open311Clients(conn).by_key(api_key)
    if client is None:
        raise Open311Error(fmt, 403, "api_key is not valid or was switched off")
    return client


def _text(fmt: str, form: dict[str, str], name: str, limit: int) -> str | None:
    value = (form.get(name) or "").strip()
    if "\x00" in value:
        raise Open311Error(fmt, 400, f"{name} contains a NUL character")
    if len(value) > limit:
        raise Open311Error(fmt, 400, f"{name} is longer than {limit} characters")
    return value or None


def _location(
    fmt: str, form: dict[str, str], loaded: LoadedRegistry
) -> tuple[str, GeoPoint | None]:
    """(address text, point) from lat/long, address_string or address_id."""
    lat, lon = form.get("lat", "").strip(), form.get("long", "").strip()
    point = None
    if lat or lon:
        try:
            point = GeoPoint(lon=float(lon), lat=float(lat), crs="wgs84")
        except ValueError as exc:  # not numbers, or out of range
            raise Open311Error(
                fmt, 400, "lat and long must both be WGS-84 degrees (lat -90..90, long -180..180)"
            ) from exc
    address = _text(fmt, form, "address_string", 500)
    address_id = _text(fmt, form, "address_id", 200)
    if address_id is not None:
        known = loaded.placer.places.addresses.get(address_id)
        if known is None:
            raise Open311Error(fmt, 400, f"address_id {address_id} is not in the registry")
        address = address or loaded.placer.places.address_text(known)
    if address is None and point is None:
        raise Open311Error(fmt, 400, "give lat and long, address_string or address_id")
    return address or POINT_ONLY_TEXT, point


def _attributes(fmt: str, form: dict[str, str], service: Service) -> dict[str, str]:
    given = {
        key[len("attribute[") : -1].removesuffix("]["): value.strip()
        for key, value in form.items()
        if key.startswith("attribute[") and key.endswith("]")
    }
    known = {a.code: a for a in service.attributes}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise Open311Error(
            fmt, 400, f"service {service.code} has no attribute {', '.join(unknown)}"
        )
    for attribute in service.attributes:
        problem = attribute.problem(given.get(attribute.code))
        if problem is not None:
            raise Open311Error(fmt, 400, problem)
    return {k: v for k, v in given.items() if v}


def _reporter(
    fmt: str, form: dict[str, str], client: Open311Client, digest: Callable[[str], str]
) -> Reporter:
    email = _text(fmt, form, "email", 200)
    if email is not None and not EMAIL.match(email):
        raise Open311Error(fmt, 400, "email is not an e-mail address")
    phone = _text(fmt, form, "phone", 20)
    if phone is not None and not PHONE.match(phone):
        raise Open311Error(fmt, 400, "phone must be 5-20 digits (with + or -)")
    who = (
        _text(fmt, form, "account_id", 100)
        or (digest(email.lower()) if email else None)  # keyed: an address is guessable
        or _text(fmt, form, "device_id", 100)
        or "anonymous"
    )
    name = "".join(
        part for part in (_text(fmt, form, "last_name", 50), _text(fmt, form, "first_name", 50))
        if part
    )  # fmt: skip
    return Reporter(
        id=f"{client.reporter_prefix}{who}"[:200], role="citizen", name=name or None, phone=phone
    )


# -- what the posts take and answer, for the OpenAPI document -------------------------------
class Open311RequestForm(BaseModel):
    """The fields of POST requests.{fmt}, form-encoded (or multipart) as the spec has them."""

    model_config = ConfigDict(
        title="Open311RequestForm",
        json_schema_extra={
            "additionalProperties": {
                "type": "string",
                "maxLength": 200,
                "description": "attribute[code]: the service's attributes (services/{code})",
            }
        },
    )

    api_key: str = Field(max_length=200, description="The client application's key")
    jurisdiction_id: str | None = Field(None, max_length=20, description="e.g. 371083")
    service_code: str = Field(max_length=100, description="e.g. urban.road_damage")
    lat: float | None = Field(None, ge=-90, le=90, description="WGS-84, with long")
    long: float | None = Field(None, ge=-180, le=180, description="WGS-84, with lat")
    address_string: str | None = Field(None, max_length=500)
    address_id: str | None = Field(None, max_length=200, description="a standard address id")
    description: str | None = Field(None, max_length=4000)
    media_url: str | None = Field(None, max_length=1000, description="http(s) URL")
    email: str | None = Field(None, max_length=200)
    device_id: str | None = Field(None, max_length=100)
    account_id: str | None = Field(None, max_length=100)
    first_name: str | None = Field(None, max_length=50)
    last_name: str | None = Field(None, max_length=50)
    phone: str | None = Field(None, max_length=20, pattern=r"^\+?[0-9-]{5,20}$")
    client_request_id: str | None = Field(
        None, max_length=100, description="GridHub: a retry with the same one is the same request"
    )


RATING_WORDS = ("satisfied", "basically_satisfied", "unsatisfied", "满意", "基本满意", "不满意")


class Open311RatingForm(BaseModel):
    """The fields of POST requests/{id}/rating.{fmt} (GridHub's extension)."""

    model_config = ConfigDict(title="Open311RatingForm")

    api_key: str = Field(max_length=200)
    jurisdiction_id: str | None = Field(None, max_length=20)
    rating: str = Field(
        description="satisfied, basically_satisfied, unsatisfied, or 满意, 基本满意, 不满意",
        json_schema_extra={"enum": [*RATING_WORDS]},
    )
    comment: str | None = Field(None, max_length=MAX_COMMENT)


class Open311Posted(BaseModel):
    """What a post answers: the token until the stream has put the report into a case, then
    the case's service_request_id."""

    token: str | None = None
    service_request_id: str | None = None
    service_notice: str
    account_id: str | None


class Open311Request(BaseModel):
    """A service request (a case), as the reads and the rating answer it."""

    service_request_id: str
    status: str = Field(json_schema_extra={"enum": ["open", "closed"]})
    status_notes: str | None
    service_name: str
    service_code: str
    description: str
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str | None
    updated_datetime: str | None
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None
    gridhub_state: str
    gridhub_state_label: str
    duplicate_of: str | None


def _form_body(model: type[BaseModel]) -> dict[str, Any]:
    """An OpenAPI requestBody of a form model: form-encoded as the spec has it, or multipart."""
    schema = model.model_json_schema()
    return {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": schema},
            "multipart/form-data": {"schema": schema},
        },
    }


def _answers(status_code: int, model: type[BaseModel], reason: str) -> dict[str, Any]:
    """The success answer of a post: a JSON list of ``model`` or the same as XML."""
    listed = {"type": "array", "items": model.model_json_schema()}
    return {
        str(status_code): {
            "description": reason,
            "content": {
                "application/json": {"schema": listed},
                "text/xml": {"schema": {}},
            },
        }
    }


@router.post(
    "/{name}",
    summary="requests.{fmt}: post a service request (form-encoded)",
    status_code=status.HTTP_201_CREATED,
    openapi_extra={
        "requestBody": _form_body(Open311RequestForm),
        "responses": _answers(201, Open311Posted, "The request is taken: its token"),
    },
)
async def post_request(request: Request, name: str) -> Response:
    """Fields as the spec names them: ``api_key``, ``service_code``, ``lat`` + ``long``
    (WGS-84) or ``address_string`` or ``address_id`` (the registry's standard address),
    ``description``, ``media_url``, ``email``, ``device_id``, ``account_id``,
    ``first_name``, ``last_name``, ``phone``, ``attribute[code]``; and the extension
    ``client_request_id`` (a retry with the same one is the same request). Answers the token
    of the report; ``tokens/{token}`` gives the service_request_id once it is placed."""
    stem, fmt = _format(name, "resource")
    if stem != "requests":
        raise Open311Error(fmt, 404, f"no resource {name} to post to")
    form = await _form(request, fmt)
    return await run_in_threadpool(_post_request, request, fmt, form)


def _post_request(request: Request, fmt: str, form: dict[str, str]) -> Response:
    client = _client(request, fmt, form.get("api_key"))
    loaded = _check_jurisdiction(request, fmt, form.get("jurisdiction_id"))
    code = (form.get("service_code") or "").strip()
    if not code:
        raise Open311Error(fmt, 400, "service_code is required")
    service = SERVICES.get(code)
    if service is None:
        raise Open311Error(fmt, 400, f"service_code {code} is not a service here")
    address, point = _location(fmt, form, loaded)
    attributes = _attributes(fmt, form, service)
    description = _text(fmt, form, "description", 4000)
    media_url = _text(fmt, form, "media_url", 1000)
    if media_url is not None and not media_url.startswith(("http://", "https://")):
        raise Open311Error(fmt, 400, "media_url must be an http(s) URL")
    retry_key = _text(fmt, form, "client_request_id", 100)
    reporter = _reporter(fmt, form, client, request.app.state.sealer.pseudonym)
    grid = CATEGORIES[code].grid
    source_id = f"open311-{client.id[:8]}-{retry_key or uuid.uuid4()}"
    now = datetime.now(UTC)
    report = IncidentReport(
        report_id=report_id_for(grid.value, source_id),
        source=ReportSource(grid=grid, channel=Channel.OPEN311, source_event_id=source_id),
        category=code,
        title=f"{service.name} · {address}"[:200],
        description=description or service.name,
        address_text=address,
        location=point,
        reporter=reporter,
        occurred_at=now,
        occurred_at_stated=False,
        reported_at=now,
        attributes={
            "open311": {
                "client_id": client.id,
                "client": client.name,
                "media_url": media_url,
                "attributes": attributes,
            }
        },
    )
    state = request.app.state
    report = state.sealer.seal_report(report)  # stored and published sealed (docs/privacy.md)
    result = submit_report(report, SqlUnitOfWork(state.engine), state.topics, now)
    if result.accepted_now and getattr(state, "relay", None) is not None:
        state.relay.wake()
    with state.engine.connect() as conn:
        _, case_id = token_case(conn, result.report_id)
    notice = "已受理，正在分派" if case_id is None else "已受理"
    item: dict[str, Any] = (
        {"service_request_id": case_id} if case_id is not None else {"token": result.report_id}
    )
    item |= {"service_notice": notice, "account_id": form.get("account_id") or None}
    return answer(fmt, "service_requests", [item], status.HTTP_201_CREATED)


@router.post(
    "/requests/{case_id}/{name}",
    summary="GridHub extension: requests/{id}/rating.{fmt} (满意度回访)",
    openapi_extra={
        "requestBody": _form_body(Open311RatingForm),
        "responses": _answers(200, Open311Request, "The request, rated"),
    },
)
async def rate_request(request: Request, case_id: str, name: str) -> Response:
    """``requests/{id}/rating.{fmt}``, form-encoded: ``api_key``, ``rating`` (satisfied,
    basically_satisfied, unsatisfied, or 满意, 基本满意, 不满意) and ``comment``. Only the
    application that posted a report of the request may rate it, and only once it is closed.
    Answers the request."""
    what, fmt = _format(name, "resource")
    if what != "rating":
        raise Open311Error(fmt, 404, f"no resource requests/{case_id}/{name} to post to")
    form = await _form(request, fmt)
    return await run_in_threadpool(_rate_request, request, fmt, case_id, form)


def _rate_request(request: Request, fmt: str, case_id: str, form: dict[str, str]) -> Response:
    client = _client(request, fmt, form.get("api_key"))
    loaded = _check_jurisdiction(request, fmt, form.get("jurisdiction_id"))
    engine: Engine = request.app.state.engine
    with engine.connect() as conn:
        shown = service_requests(conn, services=SERVICES, ids=[case_id])
        own = reported_by(conn, case_id, client) if shown else None
    if not shown:
        raise Open311Error(fmt, 404, f"no service request {case_id}")
    if own is None:
        raise Open311Error(fmt, 403, "only the application that posted this request may rate it")
    try:
        rating = rating_of((form.get("rating") or "").strip())
    except ValueError as exc:
        raise Open311Error(fmt, 400, f"rating: {exc}") from exc
    comment = _text(fmt, form, "comment", MAX_COMMENT)
    state = request.app.state
    texts, typed_phones = state.sealer.lift_text({"comment": comment})
    try:
        run_command(
            case_id,
            Command.RATE,
            Actor(id=f"open311:{client.name}"[:200], role="citizen"),
            SqlUnitOfWork(engine),
            state.topics,
            datetime.now(UTC),
            state.sla,
            rating=rating.value,
            comment=texts["comment"],
            report_id=own,
            via="open311",
            typed_phones=typed_phones,
        )
    except IllegalTransition as exc:
        raise Open311Error(
            fmt, 400, f"the request can be rated once it is closed (it is {exc.state.value})"
        ) from exc
    except InvalidCommand as exc:
        raise Open311Error(fmt, 400, f"{exc.field}: {exc.reason}") from exc
    except CaseNotFound as exc:
        raise Open311Error(fmt, 404, f"no service request {case_id}") from exc
    with engine.connect() as conn:
        rows = service_requests(conn, services=SERVICES, ids=[case_id])
    return answer(fmt, "service_requests", [request_of(rows[0], loaded)])


# -- client applications (admins) ----------------------------------------------------------
Admin = Annotated[User, Depends(require(Role.ADMIN))]


class Open311ClientCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200, description="The application, e.g. 乳山通 APP")
    contact: str | None = Field(None, max_length=200, description="Who runs it")


class Open311ClientRead(BaseModel):
    id: str
    name: str
    contact: str | None
    key_hint: str = Field(description="The api_key's first characters, to tell keys apart")
    active: bool
    created_by: str
    created_at: datetime


class Open311ClientIssued(Open311ClientRead):
    api_key: str = Field(description="Shown this once: only its hash is kept")


class Open311ClientChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    active: bool


def _client_read(client: Open311Client) -> Open311ClientRead:
    return Open311ClientRead.model_validate(client, from_attributes=True)


@clients.get("", response_model=list[Open311ClientRead], summary="Open311 client applications")
def list_clients(request: Request, user: Admin) -> list[Open311ClientRead]:
    with request.app.state.engine.connect() as conn:
        return [_client_read(c) for c in Open311Clients(conn).all()]


@clients.post(
    "",
    response_model=Open311ClientIssued,
    status_code=status.HTTP_201_CREATED,
    summary="Issue an api_key to an Open311 client application",
)
def add_client(request: Request, body: Open311ClientCreate, user: Admin) -> Open311ClientIssued:
    with request.app.state.engine.begin() as conn:
        client, api_key = Open311Clients(conn).add(
            body.name, body.contact, user.username, datetime.now(UTC)
        )
    return Open311ClientIssued(**_client_read(client).model_dump(), api_key=api_key)


@clients.patch("/{client_id}", response_model=Open311ClientRead, summary="Switch a key off or on")
def change_client(
    request: Request, client_id: str, body: Open311ClientChange, user: Admin
) -> Open311ClientRead:
    with request.app.state.engine.begin() as conn:
        repository = Open311Clients(conn)
        if not repository.set_active(client_id, body.active):
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no client {client_id}")
        found = repository.get(client_id)
    assert found is not None
    return _client_read(found)
