"""Every topic of the hub, in one place: name, key, value schema, purpose.

Names are base names; a deployment may prepend a prefix (HUB_TOPIC_PREFIX) to all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from contracts.common import GridCode
from contracts.deadletter import DeadLetter
from contracts.lifecycle import CaseLifecycleEvent
from contracts.native import (
    EnvironmentEvent,
    HotlineTicket,
    MarketEvent,
    PoliticalLegalEvent,
    UrbanEvent,
)
from contracts.placement import PlacedBatch
from contracts.report import IncidentReport


@dataclass(frozen=True)
class TopicSpec:
    name: str
    key: str
    value_model: type[BaseModel]
    description: str


NATIVE_TOPICS: dict[GridCode, TopicSpec] = {
    GridCode.POLITICAL_LEGAL: TopicSpec(
        "grid.political_legal.events",
        "event_id",
        PoliticalLegalEvent,
        "政法综治 grid: disputes, petition risks, security hazards, special populations.",
    ),
    GridCode.ENVIRONMENT: TopicSpec(
        "grid.environment.events",
        "alert_id",
        EnvironmentEvent,
        "生态环境 grid: patrol findings and online-monitoring threshold alerts.",
    ),
    GridCode.MARKET: TopicSpec(
        "grid.market.events",
        "case_ref",
        MarketEvent,
        "市场监管 grid: unlicensed business, food safety, price, counterfeit goods.",
    ),
    GridCode.URBAN: TopicSpec(
        "grid.urban.events",
        "task_no",
        UrbanEvent,
        "城市管理 grid: GB/T 30428.2 component (部件) and event (事件) reports.",
    ),
    GridCode.HOTLINE: TopicSpec(
        "grid.hotline.tickets",
        "ticket_no",
        HotlineTicket,
        "12345 hotline: work orders (转办工单) the hotline's operators hand on, classified in "
        "the hotline's own taxonomy, with the caller's place as spoken.",
    ),
}

REPORTS = TopicSpec(
    "hub.reports",
    "report_id",
    IncidentReport,
    "Unified incident reports made through POST /reports (relayed from the outbox), waiting to "
    "be placed with the native grid events.",
)
PLACED_REPORTS = TopicSpec(
    "hub.placed-reports",
    "township code (or 'unplaced')",
    PlacedBatch,
    "Unified reports with their place (standard address, grid cell, levels, confidence, "
    "reasons) and route (department, team, time-limit profile), and the registry version; "
    "one envelope per township per intake batch.",
)
CASE_EVENTS = TopicSpec(
    "hub.case-events",
    "case_id",
    CaseLifecycleEvent,
    "Case lifecycle events, relayed from the database outbox (at least once; dedupe by event_id).",
)
DEAD_LETTERS = TopicSpec(
    "hub.dead-letters",
    "source_topic",
    DeadLetter,
    "Messages that could not be processed, with the reason and the original bytes.",
)

ALL_TOPICS: tuple[TopicSpec, ...] = (
    *NATIVE_TOPICS.values(),
    REPORTS,
    PLACED_REPORTS,
    CASE_EVENTS,
    DEAD_LETTERS,
)

GRID_BY_NATIVE_TOPIC: dict[str, GridCode] = {
    spec.name: grid for grid, spec in NATIVE_TOPICS.items()
}
