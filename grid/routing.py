"""Routing: (resolved place, category) -> responsible department, team and time-limit profile.

Pure, over one registry version. The responsibility list (权责清单) decides, in this order:
1. a line for the exact category beats a line for the category's family ('urban.*'): the
   list names the items a district keeps for itself (违法建设 goes to the district's
   enforcement brigade wherever it happens);
2. among lines of the same kind, the one for the smallest area that contains the place wins
   (the township's office before the county's bureau);
3. still tied: the line listed first.
No line covers the place and category: unrouted, with the reason; there is no default.
"""

from __future__ import annotations

from collections.abc import Iterable

from contracts.placement import Placement, Route, RouteStatus
from grid.model import Department, Registry, Responsibility, Team
from grid.places import PlaceIndex


def grid_wildcard(category: str) -> str:
    return category.split(".", 1)[0] + ".*"


class Router:
    def __init__(self, registry: Registry, places: PlaceIndex | None = None) -> None:
        self.places = places or PlaceIndex(registry)
        self.version = registry.version
        self.departments: dict[str, Department] = {d.id: d for d in registry.departments}
        self.teams: dict[str, Team] = {t.id: t for t in registry.teams}
        self._rules: dict[str, dict[str, Responsibility]] = {}  # category -> area -> first line
        for rule in registry.responsibilities:
            self._rules.setdefault(rule.category, {}).setdefault(rule.area, rule)

    def rule_for(self, category: str, area_chain: Iterable[str]) -> Responsibility | None:
        chain = tuple(area_chain)
        for key in (category, grid_wildcard(category)):
            by_area = self._rules.get(key)
            if not by_area:
                continue
            for area in reversed(chain):  # smallest area first
                rule = by_area.get(area)
                if rule is not None:
                    return rule
        return None

    def route(self, placement: Placement, category: str) -> Route:
        place = placement.cell or placement.community or placement.township
        if place is None:
            return self._unrouted("the report is not placed, so no area decides who handles it")
        return self.route_place(place, category)

    def route_place(self, place: str, category: str) -> Route:
        """Who handles ``category`` in the place (a division or grid cell code)."""
        rule = self.rule_for(category, self.places.area_chain(place))
        if rule is None:
            return self._unrouted(f"no line of the responsibility list covers {category} here")
        department = self.departments[rule.department]
        team = self.teams.get(rule.team)
        return Route(
            status=RouteStatus.ROUTED,
            department_id=department.id,
            department=department.name,
            team_id=team.id if team else None,
            team=team.name if team else None,
            time_limit_profile=rule.time_limit_profile,
            auto_dispatch=rule.auto_dispatch,
            rule_id=rule.id,
            reason=f"{rule.category} in {self.places.divisions[rule.area].name}",
            registry_version=self.version,
        )

    def _unrouted(self, reason: str) -> Route:
        return Route(status=RouteStatus.UNROUTED, reason=reason, registry_version=self.version)
