"""Lookups over one registry version: codes to places, the chain of levels above a place,
and the canonical text of a standard address. Built once per version; pure."""

from __future__ import annotations

from dataclasses import dataclass

from grid.model import Address, AddressUnit, Cell, Division, Level, Registry, UnitKind


@dataclass(frozen=True, slots=True)
class PlaceLevel:
    level: str
    code: str
    name: str


class PlaceIndex:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.version = registry.version
        self.divisions: dict[str, Division] = {d.code: d for d in registry.divisions}
        self.cells: dict[str, Cell] = {c.code: c for c in registry.cells}
        self.units: dict[str, AddressUnit] = {u.id: u for u in registry.units}
        self.addresses: dict[str, Address] = {a.id: a for a in registry.addresses}
        self.cells_of: dict[str, list[Cell]] = {}
        for cell in registry.cells:
            self.cells_of.setdefault(cell.community, []).append(cell)
        self.children: dict[str, list[Division]] = {}
        for division in registry.divisions:
            if division.parent:
                self.children.setdefault(division.parent, []).append(division)
        self._chains: dict[str, tuple[Division, ...]] = {}

    def division_chain(self, code: str) -> tuple[Division, ...]:
        """The division and every division above it, top first."""
        chain = self._chains.get(code)
        if chain is None:
            found: list[Division] = []
            current = self.divisions.get(code)
            while current is not None and current not in found:  # a circle ends the walk
                found.append(current)
                current = self.divisions.get(current.parent) if current.parent else None
            chain = tuple(reversed(found))
            self._chains[code] = chain
        return chain

    def area_chain(self, code: str) -> tuple[str, ...]:
        """Codes of a division or cell and everything above it, top first."""
        cell = self.cells.get(code)
        if cell is not None:
            return (*(d.code for d in self.division_chain(cell.community)), cell.code)
        return tuple(d.code for d in self.division_chain(code))

    def township_of(self, code: str) -> str | None:
        cell = self.cells.get(code)
        for division in self.division_chain(cell.community if cell else code):
            if division.level is Level.TOWNSHIP:
                return division.code
        return None

    def levels(
        self, *, cell: str | None = None, community: str | None = None, township: str | None = None
    ) -> list[PlaceLevel]:
        """Every level from the province down to the most specific one known."""
        if cell:
            community = self.cells[cell].community
        top = community or township
        found = [PlaceLevel(d.level.value, d.code, d.name) for d in self.division_chain(top or "")]
        if cell:
            found.append(PlaceLevel(Level.CELL.value, cell, self.cells[cell].name))
        return found

    def address_text(self, address: Address) -> str:
        """The canonical text of a standard address, from the county down."""
        unit = self.units[address.unit]
        chain = self.division_chain(unit.community or unit.township)
        parts = [d.name for d in chain if d.level not in (Level.PROVINCE, Level.PREFECTURE)]
        if unit.kind is UnitKind.VILLAGE:
            parts = parts[:-1]  # the village is the unit: 夏村镇西村12号, not 西村西村12号
        parts.append(unit.name)
        if address.number is not None:
            parts.append(f"{address.number}号")
        if address.building is not None:
            parts.append(f"{address.building}号楼")
        if address.entrance is not None:
            parts.append(f"{address.entrance}单元")
        return "".join(parts)
