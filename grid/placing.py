"""Place and route one report against one registry version: what the routing stage runs.

Pure: the registry is handed in, the clock too.
"""

from __future__ import annotations

from datetime import datetime

from contracts.placement import (
    PlacedReport,
    Placement,
    PlacementMethod,
    PlacementStatus,
    Route,
    RouteStatus,
)
from contracts.report import GeoPoint, IncidentReport
from grid.model import Registry
from grid.places import PlaceIndex
from grid.resolver import AddressResolver
from grid.routing import Router

NO_REGISTRY = "none"


class Placer:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.version = registry.version
        self.places = PlaceIndex(registry)
        self.resolver = AddressResolver(registry, self.places)
        self.router = Router(registry, self.places)

    def place(self, report: IncidentReport, now: datetime) -> PlacedReport:
        location = report.location
        placement = self.resolver.resolve(
            report.address_text,
            location.lon if location else None,
            location.lat if location else None,
            location.crs if location else "wgs84",
        )
        address = self.places.addresses.get(placement.address_id or "")
        if address is not None and placement.address_point is None:
            # Where the standard address is: reports without a point are measured from it.
            where = GeoPoint(lon=address.lon, lat=address.lat)
            placement = placement.model_copy(update={"address_point": where})
        route = self.router.route(placement, report.category)
        return PlacedReport(report=report, placement=placement, route=route, placed_at=now)


def without_registry(report: IncidentReport, now: datetime) -> PlacedReport:
    """No registry is loaded: the report goes on, unplaced, and says why."""
    reason = "no address registry is loaded (run `gridhub registry load`)"
    return PlacedReport(
        report=report,
        placement=Placement(
            status=PlacementStatus.UNPLACED,
            confidence=0.0,
            method=PlacementMethod.NONE,
            reasons=[reason],
            registry_version=NO_REGISTRY,
        ),
        route=Route(status=RouteStatus.UNROUTED, reason=reason, registry_version=NO_REGISTRY),
        placed_at=now,
    )
