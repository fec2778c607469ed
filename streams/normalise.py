"""Grid adapters: decode a grid's native message and normalise it into an IncidentReport.

Pure functions, no I/O. Adding a grid means adding its native model in contracts/, an
adapter function here and an entry in ADAPTERS; the stream picks it up from there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from contracts.common import GridCode
from contracts.deadletter import MAX_FIELD_ERRORS, FailedStage, FieldError
from contracts.native import (
    NATIVE_MODELS,
    EnvironmentEvent,
    EnvironmentEventType,
    HotlineTicket,
    MarketEvent,
    MarketEventType,
    NativeEvent,
    PoliticalLegalEvent,
    RiskLevel,
    UrbanEvent,
)
from contracts.placement import PlacedReport
from contracts.report import Channel, GeoPoint, IncidentReport, Priority, Reporter, ReportSource
from dispatch.identity import report_id_for
from dispatch.privacy import mask_phones_in_text
from grid.categories import category_label, hotline_category, urban_category

M = TypeVar("M", bound=BaseModel)

# The grids' systems run on Beijing time; a timestamp sent without an offset means that.
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


class UnprocessableMessage(Exception):
    """A message that cannot become a report; it goes to the dead-letter topic."""

    def __init__(self, stage: FailedStage, reason: str, errors: list[FieldError] | None = None):
        super().__init__(reason)
        self.stage = stage
        self.reason = reason
        self.errors = errors or []


def field_errors(exc: ValidationError) -> list[FieldError]:
    return [
        # Masked before FieldError cuts it: a number split by the cut escapes the mask.
        FieldError.of(
            ".".join(str(p) for p in err["loc"]) or "(message)", mask_phones_in_text(err["msg"])
        )
        for err in exc.errors(include_url=False)[:MAX_FIELD_ERRORS]
    ]


def decode_native(grid: GridCode, raw: bytes | None) -> NativeEvent:
    """Bytes from a grid topic -> the grid's native model, or UnprocessableMessage."""
    if not raw:
        raise UnprocessableMessage(FailedStage.DECODE, "empty message")
    try:
        document = json.loads(raw)
    except RecursionError as exc:
        raise UnprocessableMessage(FailedStage.DECODE, "JSON nested too deeply") from exc
    except ValueError as exc:  # not UTF-8, not JSON, or an integer of thousands of digits
        raise UnprocessableMessage(FailedStage.DECODE, f"not UTF-8 JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise UnprocessableMessage(FailedStage.DECODE, "JSON value is not an object")
    version = document.get("schema_version")
    models = NATIVE_MODELS[grid]
    # The number itself: true == 1 in Python, and a list or an object cannot be looked up.
    if type(version) is not int or version not in models:
        known = ", ".join(str(v) for v in sorted(models))
        raise UnprocessableMessage(
            FailedStage.VERSION,
            f"unknown schema_version {_shown(version)} for grid {grid.value} (known: {known})",
            [FieldError(field="schema_version", reason=f"expected one of: {known}")],
        )
    try:
        return models[version].model_validate(document)
    except ValidationError as exc:
        errors = field_errors(exc)
        summary = "; ".join(f"{e.field}: {e.reason}" for e in errors[:5])
        raise UnprocessableMessage(
            FailedStage.VALIDATE, f"invalid {grid.value} event: {summary}", errors
        ) from exc


def _shown(value: object) -> str:
    """A value the message held, for a reason: short whatever it was."""
    if isinstance(value, list | dict):
        return "(a JSON array)" if isinstance(value, list) else "(a JSON object)"
    text = mask_phones_in_text(repr(value))  # before the cut: a cut number escapes the mask
    return text if len(text) <= 80 else f"{text[:77]}..."


def as_aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=CHINA_STANDARD_TIME) if moment.tzinfo is None else moment


def _title(category: str, place: str) -> str:
    return f"{category_label(category)} · {place}"[:200]


def _political_legal(event: PoliticalLegalEvent) -> IncidentReport:
    grid = GridCode.POLITICAL_LEGAL
    category = f"{grid.value}.{event.event_type.value}"
    location = None
    if event.longitude is not None and event.latitude is not None:
        location = GeoPoint(lon=event.longitude, lat=event.latitude, crs=event.coordinate_system)
    urgent = event.risk_level in (RiskLevel.HIGH, RiskLevel.CRITICAL)
    return IncidentReport(
        report_id=report_id_for(grid.value, event.event_id),
        source=ReportSource(grid=grid, channel=Channel.GRID_SYSTEM, source_event_id=event.event_id),
        category=category,
        priority=Priority.URGENT if urgent else Priority.NORMAL,
        title=_title(category, event.location_text),
        description=event.summary,
        address_text=event.location_text,
        location=location,
        reporter=Reporter(id=event.grid_worker_id, role="grid_worker"),
        occurred_at=as_aware(event.occurred_at),
        reported_at=as_aware(event.reported_at),
        attributes={
            "dispute_type": event.dispute_type.value if event.dispute_type else None,
            "risk_level": event.risk_level.value,
            "parties": [p.model_dump() for p in event.parties],
        },
    )


def _environment(event: EnvironmentEvent) -> IncidentReport:
    grid = GridCode.ENVIRONMENT
    category = f"{grid.value}.{event.kind.value}"
    location = None
    if event.lng is not None and event.lat is not None:
        location = GeoPoint(lon=event.lng, lat=event.lat, crs=event.crs)
    exceedance = None
    if event.reading is not None and event.threshold:
        exceedance = round(event.reading / event.threshold, 3)
    urgent = event.kind is EnvironmentEventType.ILLEGAL_DISCHARGE or (
        exceedance is not None and exceedance >= 2
    )
    reporter = (
        Reporter(id=event.sensor_id or "sensor", role="sensor")
        if event.source == "sensor"
        else Reporter(id=event.patrol_officer or "hotline", role="inspector")
    )
    detected = as_aware(event.detected_time)
    return IncidentReport(
        report_id=report_id_for(grid.value, event.alert_id),
        source=ReportSource(grid=grid, channel=Channel.GRID_SYSTEM, source_event_id=event.alert_id),
        category=category,
        priority=Priority.URGENT if urgent else Priority.NORMAL,
        title=_title(category, event.site),
        description=event.description,
        address_text=event.site,
        location=location,
        reporter=reporter,
        occurred_at=detected,
        occurred_at_stated=event.source != "hotline",  # a 12369 call's time, not the event's
        reported_at=detected,
        attributes={
            "source": event.source,
            "sensor_id": event.sensor_id,
            "pollutant": event.pollutant,
            "reading": event.reading,
            "unit": event.unit,
            "threshold": event.threshold,
            "exceedance_ratio": exceedance,
        },
    )


def _market(event: MarketEvent) -> IncidentReport:
    grid = GridCode.MARKET
    category = f"{grid.value}.{event.violation.value}"
    location = None
    if event.gps is not None:
        # The market grid's terminals report phone-map (GCJ-02) coordinates.
        location = GeoPoint(lon=event.gps[0], lat=event.gps[1], crs="gcj02")
    found = as_aware(event.found_at)
    return IncidentReport(
        report_id=report_id_for(grid.value, event.case_ref),
        source=ReportSource(grid=grid, channel=Channel.GRID_SYSTEM, source_event_id=event.case_ref),
        category=category,
        priority=(
            Priority.URGENT if event.violation is MarketEventType.FOOD_SAFETY else Priority.NORMAL
        ),
        title=_title(category, event.business_name),
        description=event.details,
        address_text=event.premises_address,
        location=location,
        reporter=Reporter(id=event.inspector_no, role="inspector"),
        occurred_at=found,
        reported_at=found,
        attributes={
            "business_name": event.business_name,
            "uscc": event.uscc,
            "license_no": event.license_no,
        },
    )


def _urban(event: UrbanEvent) -> IncidentReport:
    grid = GridCode.URBAN
    category = urban_category(event.case_kind.value, event.major_class, event.minor_class)
    location = None
    if event.x is not None and event.y is not None:
        location = GeoPoint(lon=event.x, lat=event.y, crs="wgs84")
    reported = as_aware(event.report_time)
    # 突发事件 (event class 04) is urgent by definition in 数字城管 practice.
    urgent = event.case_kind.value == "event" and event.major_class == "04"
    return IncidentReport(
        report_id=report_id_for(grid.value, event.task_no),
        source=ReportSource(grid=grid, channel=Channel.GRID_SYSTEM, source_event_id=event.task_no),
        category=category,
        priority=Priority.URGENT if urgent else Priority.NORMAL,
        title=_title(category, event.address),
        description=event.description,
        address_text=event.address,
        location=location,
        reporter=Reporter(id=event.supervisor_id, role="supervisor"),
        occurred_at=reported,
        reported_at=reported,
        attributes={
            "case_kind": event.case_kind.value,
            "major_class": event.major_class,
            "minor_class": event.minor_class,
            "component_code": event.component_code,
            "photo_urls": list(event.photo_urls),
        },
    )


Digest = Callable[[str], str]


def plain_digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:12]


def caller_id(phone: str | None, digest: Digest = plain_digest) -> str:
    """A stable id for a hotline caller that does not spell the number out (the number
    itself is kept as the reporter's phone, sealed). The hub passes a keyed digest
    (dispatch/adapters/pii.py ``pseudonym``): phone numbers are few enough that a plain hash
    of one is found by trying them all."""
    if not phone:
        return "12345-caller-withheld"
    digits = "".join(c for c in phone if c.isdigit())
    return f"12345-caller-{digest(digits)}"


def _hotline(ticket: HotlineTicket, digest: Digest = plain_digest) -> IncidentReport:
    grid = GridCode.HOTLINE
    category = hotline_category(ticket.operator_category)
    location = None
    if ticket.longitude is not None and ticket.latitude is not None:
        location = GeoPoint(lon=ticket.longitude, lat=ticket.latitude, crs=ticket.coordinate_system)
    called = as_aware(ticket.call_time)
    return IncidentReport(
        report_id=report_id_for(grid.value, ticket.ticket_no),
        source=ReportSource(
            grid=grid, channel=Channel.GRID_SYSTEM, source_event_id=ticket.ticket_no
        ),
        category=category,
        priority=Priority.URGENT if ticket.urgent else Priority.NORMAL,
        title=_title(category, ticket.address_spoken),
        description=ticket.summary,
        address_text=ticket.address_spoken,
        location=location,
        reporter=Reporter(
            id=caller_id(ticket.caller_phone, digest),
            role="citizen",
            name=ticket.caller_name,
            phone=ticket.caller_phone,
        ),
        occurred_at=called,
        occurred_at_stated=False,  # the call's time: the caller may be calling about last night
        reported_at=called,
        attributes={
            "ticket_no": ticket.ticket_no,
            "ticket_type": ticket.ticket_type.value,
            "operator_category": ticket.operator_category,
            "operator_id": ticket.operator_id,
            "reply_requested": ticket.reply_requested,
        },
    )


Adapter = Callable[[Any], IncidentReport]

ADAPTERS: dict[GridCode, Adapter] = {
    GridCode.POLITICAL_LEGAL: _political_legal,
    GridCode.ENVIRONMENT: _environment,
    GridCode.MARKET: _market,
    GridCode.URBAN: _urban,
    GridCode.HOTLINE: _hotline,
}


def normalise(grid: GridCode, raw: bytes | None, digest: Digest | None = None) -> IncidentReport:
    """Native bytes of `grid` -> IncidentReport, or UnprocessableMessage with the reason.
    ``digest`` makes the ids derived from personal data (a hotline caller's number)."""
    event = decode_native(grid, raw)
    try:
        if digest is not None and isinstance(event, HotlineTicket):
            return _hotline(event, digest)
        return ADAPTERS[grid](event)
    except ValidationError as exc:
        raise UnprocessableMessage(
            FailedStage.NORMALISE, "could not build a unified report", field_errors(exc)
        ) from exc


def decode_report(raw: bytes | None) -> IncidentReport:
    """Bytes from the unified reports topic -> IncidentReport, or UnprocessableMessage."""
    return _decode_unified(raw, IncidentReport, "unified report")


def decode_placed_report(raw: bytes | None) -> PlacedReport:
    """Bytes from the placed reports topic -> PlacedReport, or UnprocessableMessage."""
    return _decode_unified(raw, PlacedReport, "placed report")


def _decode_unified(raw: bytes | None, model: type[M], what: str) -> M:
    if not raw:
        raise UnprocessableMessage(FailedStage.DECODE, "empty message")
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = field_errors(exc)
        stage = (
            FailedStage.DECODE
            if errors and errors[0].field == "(message)"
            else FailedStage.VALIDATE
        )
        summary = "; ".join(f"{e.field}: {e.reason}" for e in errors[:5])
        raise UnprocessableMessage(stage, f"invalid {what}: {summary}", errors) from exc
