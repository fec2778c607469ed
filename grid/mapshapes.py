"""The registry as map shapes (GeoJSON): grid cells, townships and roads. Pure.

The console draws its maps from these, with no tiles and no map server: a city on a closed
network sees its own cells. Townships are the union of their cells; coordinates are WGS-84,
rounded to about 10 cm.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import Polygon, mapping
from shapely.ops import unary_union

from grid.model import Level, Registry

LAYERS = ("cells", "townships", "roads")
DIGITS = 6


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates, (float, int)):
        return round(float(coordinates), DIGITS)
    return [_rounded(c) for c in coordinates]


def _feature(name: str, geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"name": name, **properties},
        "geometry": {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"])},
    }


def township_of_cell(registry: Registry) -> dict[str, str]:
    """Each cell's township code (the cell's community's parent)."""
    parent = {d.code: d.parent for d in registry.divisions}
    return {c.code: parent.get(c.community) or "" for c in registry.cells}


def cells_layer(registry: Registry) -> dict[str, Any]:
    names = {d.code: d.name for d in registry.divisions}
    townships = township_of_cell(registry)
    features = [
        _feature(
            cell.code,
            {"type": "Polygon", "coordinates": [list(cell.ring)]},
            label=cell.name,
            community=cell.community,
            community_name=names.get(cell.community, ""),
            township=townships[cell.code],
            township_name=names.get(townships[cell.code], ""),
        )
        for cell in registry.cells
    ]
    return {"type": "FeatureCollection", "features": features}


def townships_layer(registry: Registry) -> dict[str, Any]:
    townships = township_of_cell(registry)
    shapes: dict[str, list[Polygon]] = {}
    for cell in registry.cells:
        shapes.setdefault(townships[cell.code], []).append(Polygon(cell.ring))
    features = []
    for division in registry.divisions:
        if division.level is not Level.TOWNSHIP or division.code not in shapes:
            continue
        outline = unary_union(shapes[division.code]).buffer(0)
        features.append(_feature(division.code, mapping(outline), label=division.name))
    return {"type": "FeatureCollection", "features": features}


def roads_layer(registry: Registry) -> dict[str, Any]:
    features = [
        _feature(
            unit.id,
            {"type": "LineString", "coordinates": [list(p) for p in unit.line]},
            label=unit.name,
            township=unit.township,
        )
        for unit in registry.units
        if len(unit.line) >= 2
    ]
    return {"type": "FeatureCollection", "features": features}


def layer(registry: Registry, name: str) -> dict[str, Any]:
    if name == "cells":
        return cells_layer(registry)
    if name == "townships":
        return townships_layer(registry)
    if name == "roads":
        return roads_layer(registry)
    raise ValueError(f"no map layer {name!r}; one of {', '.join(LAYERS)}")
