"""GET /registry/...: resolve addresses, places and grid cells, departments, who handles what;
admin import and export of the whole registry as CSV/GeoJSON in a zip."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from typing import Annotated, BinaryIO

from fastapi import (
    APIRouter,
    Depends,
    HTTPException,
    Query,
    Request,
    Response,
    status,
)
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from api.deps import EngineDep, ReadConnDep, SettingsDep, get_current_user, require
from api.errors import field_error
from api.schemas import (
    DepartmentRead,
    DepartmentRef,
    HandlerRead,
    PlaceRead,
    PlaceRef,
    RegistryImported,
    RegistryRead,
    RegistryVersionRead,
    ResolveRead,
    ResponsibilityRead,
    TeamRead,
)
from contracts.common import CoordinateSystem, GridCode, Latitude, Longitude
from dispatch.roles import Role
from grid.adapters import store
from grid.adapters.active import ActiveRegistry, LoadedRegistry, NoRegistry
from grid.adapters.files import (
    RegistryFileError,
    RegistryTooLarge,
    registry_files,
    registry_from_zip_file,
    zip_files,
)
from grid.categories import is_category_code
from grid.demo import attribution_for
from grid.model import Level
from grid.orggraph import DepartmentRef as GraphDepartment
from grid.validate import check_registry

# Reference data for every signed-in user; import and export for admins.
router = APIRouter(prefix="/registry", tags=["registry"], dependencies=[Depends(get_current_user)])


def get_active(request: Request) -> LoadedRegistry:
    holder: ActiveRegistry = request.app.state.registry
    try:
        return holder.get()
    except NoRegistry as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(exc)) from exc


ActiveDep = Annotated[LoadedRegistry, Depends(get_active)]


AdminOnly = Depends(require(Role.ADMIN))


def _department(ref: GraphDepartment) -> DepartmentRef:
    return DepartmentRef(id=ref.id, name=ref.name, grid=ref.grid, area=ref.area)


@router.get("", response_model=RegistryRead)
def registry_versions(conn: ReadConnDep) -> RegistryRead:
    rows = [RegistryVersionRead.model_validate(r) for r in store.versions(conn)]
    active = next((r for r in rows if r.active), None)
    if active is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no address registry is loaded")
    return RegistryRead(active=active, versions=rows)


@router.get("/resolve", response_model=ResolveRead)
def resolve(
    active: ActiveDep,
    text: Annotated[
        str | None, Query(max_length=500, description="Address text as written")
    ] = None,
    lon: Longitude | None = None,
    lat: Latitude | None = None,
    crs: CoordinateSystem = CoordinateSystem.WGS84,
    category: Annotated[
        str | None, Query(max_length=100, description="Also route it: '<grid>.<type>'")
    ] = None,
) -> ResolveRead:
    if (lon is None) != (lat is None):
        missing = "lat" if lat is None else "lon"
        raise field_error(missing, "a point needs both lon and lat", "query")
    if not (text and text.strip()) and lon is None:
        raise field_error("text", "give address text, a point (lon, lat), or both", "query")
    if category is not None and not is_category_code(category):
        raise field_error("category", "not a '<grid>.<type>' category code", "query")
    placement = active.placer.resolver.resolve(text, lon, lat, crs)
    route = active.placer.router.route(placement, category) if category else None
    return ResolveRead(placement=placement, route=route)


@router.get("/places/{code}", response_model=PlaceRead)
def place(code: str, active: ActiveDep) -> PlaceRead:
    places = active.placer.places
    cell = places.cells.get(code)
    division = places.divisions.get(code)
    if cell is None and division is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no place {code}")
    chain = [
        PlaceRef(code=lv.code, name=lv.name, level=lv.level)
        for lv in places.levels(
            cell=cell.code if cell else None, township=code if division else None
        )
    ]
    departments = [_department(d) for d in active.org.covering(code)]
    if cell is not None:
        return PlaceRead(
            code=cell.code,
            name=cell.name,
            level=Level.CELL.value,
            levels=chain,
            children=[],
            departments=departments,
            geometry={"type": "Polygon", "coordinates": [[list(p) for p in cell.ring]]},
            workers=active.org.workers_of(cell.code),
        )
    assert division is not None
    children = [
        PlaceRef(code=c.code, name=c.name, level=c.level.value)
        for c in places.children.get(code, [])
    ] + [
        PlaceRef(code=c.code, name=c.name, level=Level.CELL.value)
        for c in places.cells_of.get(code, [])
    ]
    return PlaceRead(
        code=division.code,
        name=division.name,
        level=division.level.value,
        levels=chain,
        children=children,
        departments=departments,
    )


@router.get("/departments", response_model=list[DepartmentRef])
def departments(
    active: ActiveDep,
    grid: GridCode | None = None,
    area: Annotated[str | None, Query(max_length=200)] = None,
) -> list[DepartmentRef]:
    found = active.placer.registry.departments
    return [
        DepartmentRef(id=d.id, name=d.name, grid=d.grid, area=d.area)
        for d in found
        if (grid is None or d.grid == grid.value) and (area is None or d.area == area)
    ]


@router.get("/departments/{department_id}", response_model=DepartmentRead)
def department(department_id: str, active: ActiveDep) -> DepartmentRead:
    registry = active.placer.registry
    found = active.placer.router.departments.get(department_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no department {department_id}")
    return DepartmentRead(
        id=found.id,
        name=found.name,
        grid=found.grid,
        area=found.area,
        area_name=active.placer.places.divisions[found.area].name,
        teams=[TeamRead(id=t.id, name=t.name) for t in registry.teams if t.department == found.id],
        escalation=[_department(d) for d in active.org.chain_above(found.id)],
        responsibilities=[
            ResponsibilityRead(
                id=r.id,
                category=r.category,
                area=r.area,
                team=r.team,
                time_limit_profile=r.time_limit_profile,
                auto_dispatch=r.auto_dispatch,
            )
            for r in registry.responsibilities
            if r.department == found.id
        ],
    )


@router.get("/handler", response_model=HandlerRead)
def handler(
    active: ActiveDep,
    category: Annotated[str, Query(max_length=100, description="'<grid>.<type>'")],
    place: Annotated[str, Query(max_length=200, description="division or grid cell code")],
) -> HandlerRead:
    """Who handles category C in place X, and who is above them."""
    places = active.placer.places
    if place not in places.cells and place not in places.divisions:
        raise field_error("place", f"no place {place} in registry {active.version}", "query")
    if not is_category_code(category):
        raise field_error("category", "not a '<grid>.<type>' category code", "query")
    route = active.placer.router.route_place(place, category)
    name = places.cells[place].name if place in places.cells else places.divisions[place].name
    level = "cell" if place in places.cells else places.divisions[place].level.value
    escalation = (
        [_department(d) for d in active.org.chain_above(route.department_id)]
        if route.department_id
        else []
    )
    return HandlerRead(
        category=category,
        place=PlaceRef(code=place, name=name, level=level),
        route=route,
        escalation=escalation,
    )


@router.get(
    "/export",
    dependencies=[AdminOnly],
    responses={200: {"content": {"application/zip": {}}}},
    response_class=Response,
)
def export(active: ActiveDep) -> Response:
    registry = active.placer.registry
    content = zip_files(registry_files(registry, attribution_for(registry)))
    filename = f"gridhub-registry-{registry.version}.zip"
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
    }
}
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # larger uploads go to a temporary file


@router.post(
    "/import",
    dependencies=[AdminOnly],
    status_code=status.HTTP_201_CREATED,
    response_model=RegistryImported,
    openapi_extra=IMPORT_BODY,
    responses={
        413: {"description": "The zip, or what its files inflate to, is larger than allowed."}
    },
)
async def import_registry(
    request: Request, engine: EngineDep, settings: SettingsDep, response: Response
) -> RegistryImported:
    """Import a zip of the registry files (as /registry/export gives) and activate it. The
    zip is streamed to a temporary file, never held whole in memory, and its files may
    inflate to HUB_REGISTRY_IMPORT_MAX_INFLATED_BYTES at most."""
    limit = settings.registry_import_max_bytes
    with tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY) as upload:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise field_error("body", f"larger than {limit} bytes", "body", status_code=413)
            upload.write(chunk)
        upload.seek(0)
        return await run_in_threadpool(
            _import, upload, engine, settings.registry_import_max_inflated_bytes, response
        )


def _import(
    upload: BinaryIO, engine: Engine, max_inflated: int, response: Response
) -> RegistryImported:
    try:
        registry = registry_from_zip_file(upload, max_inflated)
    except RegistryTooLarge as exc:
        raise field_error("body", exc.problems, "body", status_code=413) from exc
    except RegistryFileError as exc:
        raise field_error("body", exc.problems, "body") from exc
    problems = check_registry(registry)
    if problems:
        raise field_error("body", [str(p) for p in problems], "body")
    with engine.begin() as conn:
        new = store.save(conn, registry, datetime.now(UTC))
    if not new:
        response.status_code = status.HTTP_200_OK
    return RegistryImported(
        version=registry.version,
        new=new,
        counts={name: len(items) for name, items in registry.entities().items()},
    )
