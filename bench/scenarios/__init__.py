"""Labelled de-duplication scenarios, written from the problem: how the four grids and the
public report incidents (world.py), in their own words (phrases.py), as streams the hub
receives (generate.py). See README.md in this folder for how the set was built and how its
held-out part is kept out of every tuning step.

    stream = build_stream("tuning")           # tune on this
    stream = build_stream("development")      # check a change on this (it was seen once)
    stream = build_stream("heldout")          # report on this, and only at the end
    for sent in wire(stream, start): ...      # native bytes or POST /reports bodies
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

from api.schemas import ReportCreate
from bench.scenarios.generate import (
    ScenarioBuilder,
    ScenarioReport,
    Wire,
    api_source_id,
    span_seconds,
    wire,
)
from contracts.common import GridCode
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from dispatch.identity import report_id_for
from grid.categories import category_label
from grid.demo import build_demo_registry
from grid.model import Registry
from streams.normalise import normalise

__all__ = [
    "DEFAULT_INCIDENTS",
    "DEFAULT_SEEDS",
    "ScenarioReport",
    "Wire",
    "build_stream",
    "incident_report",
    "report_of_body",
    "scenario_registry",
    "start_for",
    "wire",
]

# The stream each part is measured on by default (seeds of their own, never shared).
DEFAULT_SEEDS = {"tuning": 11, "development": 71, "heldout": 97}
DEFAULT_INCIDENTS = {"tuning": 1200, "development": 700, "heldout": 700}


@lru_cache(maxsize=1)
def scenario_registry() -> Registry:
    return build_demo_registry()


def build_stream(
    part: str, seed: int | None = None, incidents: int | None = None
) -> list[ScenarioReport]:
    """The labelled stream of one part ("tuning", "development" or "heldout"), in sending
    order."""
    builder = ScenarioBuilder(
        scenario_registry(), part, DEFAULT_SEEDS[part] if seed is None else seed
    )
    return builder.build(DEFAULT_INCIDENTS[part] if incidents is None else incidents)


def start_for(reports: list[ScenarioReport], now: datetime | None = None) -> datetime:
    """A start time that puts the last report a minute before ``now``: the stream is a
    replay of the past fortnight, as a backfill would send it."""
    now = now or datetime.now(UTC)
    last = max(r.sent_s for r in reports)
    return (now - timedelta(seconds=last + 60)).replace(microsecond=0)


def incident_report(sent: Wire) -> IncidentReport:
    """The unified report the hub makes of a sent report: the grid's adapter for native
    messages, the same steps as POST /reports for API bodies (received at the sending
    time). Used by the offline benchmark; the hub benchmark sends the real thing."""
    if sent.native is not None:
        return normalise(GridCode(sent.report.grid), sent.native)
    assert sent.api_body is not None
    body = ReportCreate.model_validate(sent.api_body)
    source_id = (
        api_source_id(sent.report.voice, body.client_request_id)
        if body.client_request_id
        else sent.report.report_id
    )
    return report_of_body(body, source_id, sent.sent_at)


def report_of_body(body: ReportCreate, source_id: str, sent_at: datetime) -> IncidentReport:
    """What POST /reports makes of a body received at ``sent_at`` (api/routers/reports.py),
    without the sealing of personal data and the user checks."""
    return IncidentReport(
        report_id=report_id_for(body.grid.value, source_id),
        source=ReportSource(grid=body.grid, channel=Channel.API, source_event_id=source_id),
        category=body.category,
        priority=body.priority,
        title=f"{category_label(body.category)} · {body.address_text}"[:200],
        description=body.description,
        address_text=body.address_text,
        location=body.location,
        reporter=Reporter.model_validate(body.reporter.model_dump()),
        occurred_at=body.occurred_at or sent_at,
        occurred_at_stated=body.occurred_at is not None,
        reported_at=sent_at,
    )


def describe(reports: list[ScenarioReport]) -> dict[str, object]:
    """Counts of a stream, for the benchmark's write-up."""
    incidents = {r.incident for r in reports}
    return {
        "reports": len(reports),
        "incidents": len(incidents),
        "api_reports": sum(1 for r in reports if r.channel == "api"),
        "span_days": round(span_seconds(reports) / 86400, 1),
    }
