"""The registry's entities: places, addressing units, standard addresses, departments, roster.

Pure data. Coordinates are WGS-84 (lon, lat). Codes follow the civil-affairs division code:
county (6 digits) + township (3) + community (3) + grid cell (2). Anything the demo data
invents is marked ``generated``, so a real city's import can tell its own data from ours.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    PROVINCE = "province"  # 省
    PREFECTURE = "prefecture"  # 市
    COUNTY = "county"  # 区县
    TOWNSHIP = "township"  # 乡镇街道
    COMMUNITY = "community"  # 社区/村
    CELL = "cell"  # 网格


DIVISION_LEVELS = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY, Level.TOWNSHIP, Level.COMMUNITY)


class UnitKind(StrEnum):
    """What a door number is counted along (街路巷 / 村 / 小区)."""

    ROAD = "road"
    VILLAGE = "village"
    COMPOUND = "compound"


Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: Level
    parent: str | None
    aliases: tuple[str, ...] = ()
    generated: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A grid cell (网格): the smallest area a grid worker is responsible for."""

    code: str
    name: str
    community: str
    ring: tuple[Point, ...]  # exterior ring, closed (first point repeated last)
    generated: bool = True


@dataclass(frozen=True, slots=True)
class AddressUnit:
    """A road, a village or a compound: what door and building numbers are counted along."""

    id: str
    name: str
    kind: UnitKind
    township: str
    community: str | None  # villages and compounds lie in one community; roads cross many
    line: tuple[Point, ...] = ()  # a road's centre line, for intersections
    aliases: tuple[str, ...] = ()
    generated: bool = True


@dataclass(frozen=True, slots=True)
class Address:
    """A standard address (标准地址): a door, or a building or unit behind it."""

    id: str
    unit: str
    number: int | None  # 门牌号
    building: int | None  # 楼栋
    entrance: int | None  # 单元
    cell: str
    lon: float
    lat: float
    generated: bool = True


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    department: str
    name: str


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    grid: str | None  # None: the city's joint command centre, above the four grids
    area: str  # division code of the area it covers
    parent: str | None  # the department a case escalates to
    generated: bool = True


@dataclass(frozen=True, slots=True)
class Responsibility:
    """One line of the responsibility list (权责清单): category x area -> department and team.

    ``category`` is a unified category code or a family '<grid>.*'. ``area`` covers the
    division and everything inside it. An exact category wins over a family, then the
    smallest area (grid/routing.py).
    """

    id: str
    category: str
    area: str
    department: str
    team: str
    time_limit_profile: str
    auto_dispatch: bool = False


@dataclass(frozen=True, slots=True)
class Worker:
    """A grid worker on the unified roster (网格员), with the cell they look after."""

    id: str
    name: str
    grid: str
    cell: str
    phone: str | None = None
    generated: bool = True


ENTITY_TYPES: dict[str, type] = {
    "divisions": Division,
    "cells": Cell,
    "units": AddressUnit,
    "addresses": Address,
    "departments": Department,
    "teams": Team,
    "responsibilities": Responsibility,
    "workers": Worker,
}


@dataclass(frozen=True)
class Registry:
    """One immutable version of the whole registry."""

    divisions: tuple[Division, ...]
    cells: tuple[Cell, ...]
    units: tuple[AddressUnit, ...]
    addresses: tuple[Address, ...]
    departments: tuple[Department, ...]
    teams: tuple[Team, ...]
    responsibilities: tuple[Responsibility, ...]
    workers: tuple[Worker, ...]
    source: str = "demo"
    version: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.version:
            object.__setattr__(self, "version", content_version(self))

    def entities(self) -> dict[str, tuple[Any, ...]]:
        return {name: getattr(self, name) for name in ENTITY_TYPES}


def content_version(registry: Registry) -> str:
    """A stable version id from the content: the same data always gets the same version,
    in whatever order its rows were read."""
    digest = hashlib.sha256()
    for name, items in registry.entities().items():
        digest.update(name.encode())
        rows = sorted(
            json.dumps(asdict(item), ensure_ascii=False, sort_keys=True) for item in items
        )
        for row in rows:
            digest.update(row.encode())
    return "r" + digest.hexdigest()[:12]


def field_names(entity_type: type) -> list[str]:
    return [f.name for f in fields(entity_type)]
