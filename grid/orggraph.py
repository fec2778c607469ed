"""The organisation as a graph (networkx): places, departments, teams, workers, and who covers
what. It answers "who handles category C in cell X", "who is above department D" (the
escalation chain) and "who covers this cell".

Node ids are prefixed by kind ('place:', 'dept:', 'team:', 'worker:'); edge kinds:
  contains     place -> place      (county -> township -> community -> cell)
  covers       dept  -> place      (the area a department is responsible for)
  reports_to   dept  -> dept       (escalation: street office -> district bureau -> centre)
  part_of      team  -> dept
  looks_after  worker -> cell
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from grid.model import Registry
from grid.places import PlaceIndex
from grid.routing import Router


@dataclass(frozen=True)
class DepartmentRef:
    id: str
    name: str
    grid: str | None
    area: str


def place(code: str) -> str:
    return f"place:{code}"


def dept(department_id: str) -> str:
    return f"dept:{department_id}"


class OrgGraph:
    def __init__(self, registry: Registry, places: PlaceIndex | None = None) -> None:
        self.places = places or PlaceIndex(registry)
        self.router = Router(registry, self.places)
        graph = nx.DiGraph()
        for d in registry.divisions:
            graph.add_node(place(d.code), kind="place", level=d.level.value, name=d.name)
            if d.parent and d.parent in self.places.divisions:
                graph.add_edge(place(d.parent), place(d.code), kind="contains")
        for c in registry.cells:
            graph.add_node(place(c.code), kind="place", level="cell", name=c.name)
            graph.add_edge(place(c.community), place(c.code), kind="contains")
        for department in registry.departments:
            graph.add_node(
                dept(department.id),
                kind="department",
                name=department.name,
                grid=department.grid,
                area=department.area,
            )
            graph.add_edge(dept(department.id), place(department.area), kind="covers")
        for department in registry.departments:
            if department.parent:
                graph.add_edge(dept(department.id), dept(department.parent), kind="reports_to")
        for team in registry.teams:
            graph.add_node(f"team:{team.id}", kind="team", name=team.name)
            graph.add_edge(f"team:{team.id}", dept(team.department), kind="part_of")
        for worker in registry.workers:
            graph.add_node(f"worker:{worker.id}", kind="worker", name=worker.name, grid=worker.grid)
            graph.add_edge(f"worker:{worker.id}", place(worker.cell), kind="looks_after")
        self.graph = graph

    def _department(self, node: str) -> DepartmentRef:
        data = self.graph.nodes[node]
        return DepartmentRef(node.removeprefix("dept:"), data["name"], data["grid"], data["area"])

    def chain_above(self, department_id: str) -> list[DepartmentRef]:
        """The escalation chain: the departments above ``department_id``, nearest first."""
        node = dept(department_id)
        if node not in self.graph:
            raise KeyError(department_id)
        chain = []
        while True:
            parents = [
                target
                for _, target, kind in self.graph.out_edges(node, data="kind")
                if kind == "reports_to"
            ]
            if not parents:
                return chain
            node = parents[0]
            if any(d.id == node.removeprefix("dept:") for d in chain) or node == dept(
                department_id
            ):
                return chain  # a circle in the data: stop where it closes
            chain.append(self._department(node))

    def escalates_to(self, department_id: str | None) -> str | None:
        """The department a case held by ``department_id`` escalates to (督办): the next one
        up; None at the top, for no holder, or for a department the registry does not know."""
        if department_id is None or dept(department_id) not in self.graph:
            return None
        chain = self.chain_above(department_id)
        return chain[0].id if chain else None

    def covering(self, code: str) -> list[DepartmentRef]:
        """Every department whose area contains the place, smallest area first."""
        node = place(code)
        if node not in self.graph:
            raise KeyError(code)
        areas = [node, *nx.ancestors(self._containment, node)]
        found = []
        for area in areas:
            for source, _, kind in self.graph.in_edges(area, data="kind"):
                if kind == "covers":
                    found.append(self._department(source))
        depth = {c: i for i, c in enumerate(self.places.area_chain(code))}
        return sorted(found, key=lambda d: (-depth.get(d.area, -1), d.grid or "", d.id))

    def handler(self, category: str, code: str) -> DepartmentRef | None:
        """Who handles ``category`` in the place ``code``: the responsibility list decides."""
        chain = [
            n.removeprefix("place:")
            for n in nx.shortest_path(self._containment, self._root(code), place(code))
        ]
        rule = self.router.rule_for(category, chain)
        return self._department(dept(rule.department)) if rule else None

    def workers_of(self, cell: str) -> list[str]:
        return sorted(
            source.removeprefix("worker:")
            for source, _, kind in self.graph.in_edges(place(cell), data="kind")
            if kind == "looks_after"
        )

    @property
    def _containment(self) -> nx.DiGraph:
        view = getattr(self, "_containment_view", None)
        if view is None:
            view = nx.subgraph_view(
                self.graph,
                filter_node=lambda n: n.startswith("place:"),
                filter_edge=lambda a, b: self.graph.edges[a, b]["kind"] == "contains",
            )
            self._containment_view = view
        return view

    def _root(self, code: str) -> str:
        node = place(code)
        if node not in self.graph:
            raise KeyError(code)
        roots = [
            n for n in nx.ancestors(self._containment, node) if self._containment.in_degree(n) == 0
        ]
        return roots[0] if roots else node
