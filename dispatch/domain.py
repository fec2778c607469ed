"""The Case aggregate. Pure: no database, no broker, no clock of its own.

For now a case knows its first state, ``reported`` (信息收集), with its timestamp and the
reports that make it up. The full closed loop (accept, dispatch, resolve, verify, close and
the side paths) extends the transition table here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from contracts.lifecycle import Actor, CaseEventType, CaseLifecycleEvent
from contracts.placement import PlacedReport, Placement, Route
from contracts.report import Priority
from dispatch.identity import case_event_id_for, case_id_for

SYSTEM = Actor(id="gridhub", role="system")


class CaseState(StrEnum):
    REPORTED = "reported"  # 信息收集: reported, waiting for 立案


@dataclass
class Case:
    id: str
    state: CaseState
    category: str
    origin_grid: str
    priority: Priority
    title: str
    description: str
    address_text: str
    lon: float | None
    lat: float | None
    crs: str | None
    reported_at: datetime
    created_at: datetime
    report_ids: list[str] = field(default_factory=list)
    placement: Placement | None = None  # where, as the registry placed the first report
    route: Route | None = None  # who must handle it, by the responsibility list
    # Lifecycle events raised by this aggregate and not yet stored.
    pending_events: list[CaseLifecycleEvent] = field(default_factory=list, repr=False)

    @classmethod
    def open_for(cls, placed: PlacedReport, now: datetime) -> Case:
        """Open a new case for a report nobody has reported before (信息收集).

        The case takes the report's place and route; an unplaced or unrouted one is still
        opened, and its placement says why, for the dispatcher to settle.
        """
        report, placement, route = placed.report, placed.placement, placed.route
        case_id = case_id_for(report.report_id)
        location = report.location
        case = cls(
            id=case_id,
            state=CaseState.REPORTED,
            category=report.category,
            origin_grid=report.source.grid.value,
            priority=report.priority,
            title=report.title,
            description=report.description,
            address_text=report.address_text,
            lon=location.lon if location else None,
            lat=location.lat if location else None,
            crs=location.crs.value if location else None,
            reported_at=report.reported_at,
            created_at=now,
            report_ids=[report.report_id],
            placement=placement,
            route=route,
        )
        case.pending_events.append(
            CaseLifecycleEvent(
                event_id=case_event_id_for(case_id, 1),
                case_id=case_id,
                seq=1,
                event_type=CaseEventType.REPORTED,
                occurred_at=now,
                actor=SYSTEM,
                from_state=None,
                to_state=CaseState.REPORTED.value,
                data={
                    "report_id": report.report_id,
                    "grid": report.source.grid.value,
                    "channel": report.source.channel.value,
                    "category": report.category,
                    "place_status": placement.status.value,
                    "cell": placement.cell,
                    "route_status": route.status.value,
                    "department_id": route.department_id,
                    "registry_version": placement.registry_version,
                },
            )
        )
        return case
