"""The web console (工作台) and the API's own documentation pages, served by the API itself.

Everything a page loads comes from this process: the console's scripts and styles, the
charting library, the font, the map shapes (from the active registry), Swagger UI at /docs
and ReDoc at /redoc. No page refers to another host, and the Content-Security-Policy every
page is sent with forbids it, so the console works on a network with no internet.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import FileResponse, JSONResponse
from pypinyin import Style, lazy_pinyin

from api.deps import get_current_user
from contracts.common import GRID_LABELS
from grid.adapters.active import ActiveRegistry, LoadedRegistry, NoRegistry
from grid.categories import CATEGORIES, FAMILY_OF
from grid.mapshapes import LAYERS, layer
from grid.model import Level

STATIC = Path(__file__).resolve().parent.parent / "console" / "static"
# Styles: the charting library and ReDoc set element styles, ReDoc adds <style> elements.
# Workers: ReDoc searches in a worker it creates from a blob.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

pages = APIRouter(include_in_schema=False)
router = APIRouter(prefix="/console", tags=["console"], dependencies=[Depends(get_current_user)])


def _page(name: str) -> FileResponse:
    return FileResponse(
        STATIC / name, media_type="text/html", headers={"Cache-Control": "no-cache"}
    )


@pages.get("/")
def console() -> FileResponse:
    """The console: one page for every role (it shows what the signed-in user's role does)."""
    return _page("index.html")


@pages.get("/docs")
def swagger_ui() -> FileResponse:
    return _page("docs.html")


@pages.get("/redoc")
def redoc() -> FileResponse:
    return _page("redoc.html")


def _active(request: Request) -> LoadedRegistry:
    holder: ActiveRegistry = request.app.state.registry
    try:
        return holder.get()
    except NoRegistry as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(exc)) from exc


ActiveDep = Annotated[LoadedRegistry, Depends(_active)]
_cache: dict[tuple[str, str], Any] = {}
_cache_lock = threading.Lock()


def _cached(key: tuple[str, str], build: Any) -> Any:
    # One version of the registry never changes: what is built from it is kept.
    with _cache_lock:
        if key not in _cache:
            if len(_cache) > 32:
                _cache.clear()
            _cache[key] = build()
        return _cache[key]


def _pinyin(text: str) -> tuple[str, str]:
    syllables = lazy_pinyin(text)
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER)
    return "".join(syllables), "".join(initials)


def reference(active: LoadedRegistry) -> dict[str, Any]:
    registry = active.placer.registry
    categories = []
    for category in CATEGORIES.values():
        spelled, initials = _pinyin(category.label)
        categories.append(
            {
                "code": category.code,
                "label": category.label,
                "grid": category.grid.value,
                "family": FAMILY_OF.get(category.code, category.code),
                "pinyin": spelled,
                "initials": initials,
            }
        )
    return {
        "registry_version": active.version,
        "grids": [{"code": g.value, "label": label} for g, label in GRID_LABELS.items()],
        "categories": categories,
        "departments": [
            {"id": d.id, "name": d.name, "grid": d.grid, "area": d.area, "parent": d.parent}
            for d in registry.departments
        ],
        "teams": [{"id": t.id, "name": t.name, "department": t.department} for t in registry.teams],
        "places": {
            d.code: {"name": d.name, "level": d.level.value, "parent": d.parent}
            for d in registry.divisions
            if d.level not in (Level.PROVINCE, Level.PREFECTURE)
        },
        "cells": {c.code: {"name": c.name, "community": c.community} for c in registry.cells},
    }


@router.get("/reference", summary="Names and labels for the console, from the active registry")
def reference_data(active: ActiveDep) -> JSONResponse:
    """Grids, the category taxonomy (Chinese labels, with pinyin for searching), departments
    and teams, and the names of every township, community and grid cell."""
    body = _cached((active.version, "reference"), lambda: reference(active))
    return JSONResponse(body, headers={"Cache-Control": "private, max-age=300"})


@router.get(
    "/map/{name}.geojson",
    summary="The registry's cells, townships or roads (GeoJSON)",
    responses={200: {"content": {"application/geo+json": {"schema": {"type": "object"}}}}},
)
def map_layer(name: str, active: ActiveDep) -> JSONResponse:
    if name not in LAYERS:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=f"no map layer {name}; one of {', '.join(LAYERS)}"
        )
    registry = active.placer.registry
    body = _cached((active.version, name), lambda: layer(registry, name))
    return JSONResponse(
        body,
        media_type="application/geo+json",
        headers={"Cache-Control": "private, max-age=300", "X-Registry-Version": active.version},
    )
