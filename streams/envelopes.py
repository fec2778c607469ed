"""The batch envelope on hub.placed-reports: encode cheaply, decode each report on its own.

The intake stage already holds each placed report as JSON (pydantic writes it in Rust); an
envelope is those documents joined, so nothing is encoded twice. Envelopes stay under a size
bound (the broker refuses messages over ~1 MB): a township's reports are split across as many
envelopes as needed, and a single report above the bound is refused (dead-lettered).

Decoding validates each report of the envelope on its own, so one bad report is set aside
with its reason and the others go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from contracts.common import CoordinateSystem, GridCode
from contracts.placement import (
    PlacedReport,
    PlaceLevelRef,
    Placement,
    PlacementMethod,
    PlacementStatus,
    Precision,
    Route,
    RouteStatus,
)
from contracts.report import Channel, GeoPoint, IncidentReport, Priority, Reporter, ReportSource

MAX_ENVELOPE_BYTES = 512 * 1024


def envelopes(
    township: str, documents: Sequence[bytes], limit: int = MAX_ENVELOPE_BYTES
) -> Iterator[bytes]:
    """Envelopes holding these placed reports (JSON documents), each under ``limit`` bytes
    unless a single document is larger (the caller refuses those before)."""
    head = b'{"schema_version":2,"township":' + json.dumps(township).encode() + b',"reports":['
    chunk: list[bytes] = []
    size = len(head) + 2
    for document in documents:
        if chunk and size + len(document) + 1 > limit:
            yield head + b",".join(chunk) + b"]}"
            chunk, size = [], len(head) + 2
        chunk.append(document)
        size += len(document) + 1
    if chunk:
        yield head + b",".join(chunk) + b"]}"


@dataclass(frozen=True)
class BadItem:
    index: int
    document: bytes
    reason: str


class BadEnvelope(ValueError):
    """Not an envelope at all (not JSON, not an object with a list of reports)."""


def decode_envelope(raw: bytes | None) -> tuple[list[PlacedReport], list[BadItem]]:
    """The placed reports of an envelope, and the items that are not valid reports."""
    if not raw:
        raise BadEnvelope("empty message")
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BadEnvelope(f"not UTF-8 JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("reports"), list):
        raise BadEnvelope("not a placed-reports envelope (an object with a list 'reports')")
    if document.get("schema_version") != 2:
        raise BadEnvelope(f"unknown schema_version {document.get('schema_version')!r} (known: 2)")
    reports: list[PlacedReport] = []
    bad: list[BadItem] = []
    for index, item in enumerate(document["reports"]):
        try:
            reports.append(trusted_placed_report(item))
        except Exception:  # not as the hub writes it: validate, to say what is wrong
            pass
        else:
            continue
        try:
            reports.append(PlacedReport.model_validate(item))
        except ValidationError as exc:
            summary = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                for e in exc.errors(include_url=False)[:5]
            )
            bad.append(BadItem(index, _dump(item), f"invalid placed report: {summary}"))
        except Exception as exc:  # anything else about this one item
            bad.append(BadItem(index, _dump(item), f"invalid placed report: {exc!r}"))
    return reports, bad


def _dump(item: object) -> bytes:
    try:
        return json.dumps(item, ensure_ascii=False).encode()
    except (TypeError, ValueError, RecursionError):
        return repr(item).encode()[:65536]


def trusted_placed_report(item: dict[str, Any]) -> PlacedReport:
    """A placed report as the hub's intake wrote it, built without validating it again: the
    intake validated it at the edge, and only the hub writes this topic. Anything not shaped
    as the intake writes it raises, and the caller validates it instead (a test checks this
    gives the same objects as validation, report by report)."""
    r, p, t = item["report"], item["placement"], item["route"]
    source, reporter, location = r["source"], r["reporter"], r.get("location")
    for data, model in (
        (item, PlacedReport),
        (r, IncidentReport),
        (p, Placement),
        (t, Route),
        (reporter, Reporter),
        *((level, PlaceLevelRef) for level in p["levels"]),
    ):
        if data.keys() != _FIELDS[model]:  # not as the intake writes it
            raise ValueError(f"{model.__name__}: other fields than the model's")
    report = IncidentReport.model_construct(
        schema_version=r["schema_version"],
        report_id=r["report_id"],
        source=ReportSource.model_construct(
            grid=GridCode(source["grid"]),
            channel=Channel(source["channel"]),
            source_event_id=source["source_event_id"],
        ),
        category=r["category"],
        priority=Priority(r["priority"]),
        title=r["title"],
        description=r["description"],
        address_text=r["address_text"],
        location=_point(location),
        reporter=Reporter.model_construct(**reporter),
        occurred_at=datetime.fromisoformat(r["occurred_at"]),
        reported_at=datetime.fromisoformat(r["reported_at"]),
        attributes=r["attributes"],
    )
    placement = Placement.model_construct(
        **{
            **p,
            "status": PlacementStatus(p["status"]),
            "precision": Precision(p["precision"]) if p.get("precision") else None,
            "method": PlacementMethod(p["method"]),
            "levels": [PlaceLevelRef.model_construct(**level) for level in p["levels"]],
            "point": _point(p.get("point")),
            "address_point": _point(p.get("address_point")),
        }
    )
    route = Route.model_construct(**{**t, "status": RouteStatus(t["status"])})
    received = item.get("received_at")
    return PlacedReport.model_construct(
        schema_version=item["schema_version"],
        report=report,
        placement=placement,
        route=route,
        placed_at=datetime.fromisoformat(item["placed_at"]),
        received_at=datetime.fromisoformat(received) if received else None,
    )


_FIELDS = {
    model: frozenset(model.model_fields)
    for model in (PlacedReport, IncidentReport, Placement, Route, Reporter, PlaceLevelRef)
}


def _point(data: dict[str, Any] | None) -> GeoPoint | None:
    if data is None:
        return None
    return GeoPoint.model_construct(
        lon=float(data["lon"]), lat=float(data["lat"]), crs=CoordinateSystem(data["crs"])
    )
