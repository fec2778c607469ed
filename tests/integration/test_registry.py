"""The registry in real databases, and its HTTP API."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from config import HubSettings
from contracts.placement import Placement
from dispatch.roles import Role, User
from grid.adapters import store
from grid.adapters.files import registry_files, registry_from_zip, zip_files
from grid.model import Registry
from grid.noise import NoisyAddresses, is_correct
from grid.places import PlaceIndex
from gridhub.simulator import demo_registry
from tests.auth_helpers import as_user
from tests.factories import small_registry
from tests.services import free_port

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def save(engine: Engine, registry: Registry) -> bool:
    with engine.begin() as conn:
        return store.save(conn, registry, NOW)


def test_the_whole_demo_registry_reads_back_as_the_same_version(engine: Engine) -> None:
    registry = demo_registry()
    assert save(engine, registry) is True
    with engine.connect() as conn:
        assert store.active_version(conn) == registry.version
        loaded = store.load(conn)
    assert loaded is not None
    assert loaded.version == registry.version  # content hash over every row: nothing lost
    assert {a.id: a for a in loaded.addresses} == {a.id: a for a in registry.addresses}


def test_versions_are_kept_and_one_is_active(engine: Engine) -> None:
    first = small_registry()
    second = dataclasses.replace(first, workers=first.workers[:-1], version="")
    assert first.version != second.version
    assert save(engine, first) and save(engine, second)
    assert save(engine, first) is False  # stored before: only re-activated
    with engine.connect() as conn:
        assert store.active_version(conn) == first.version
        assert [v["active"] for v in store.versions(conn)].count(True) == 1
        older = store.load(conn, second.version)
    assert older is not None and len(older.workers) == len(first.workers) - 1


@pytest.fixture
def client(engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    settings = HubSettings(data_dir=tmp_path, kafka_bootstrap=f"127.0.0.1:{free_port()}")
    with TestClient(create_app(settings, engine, run_relay=False)) as test_client:
        test_client.headers.update(
            as_user(test_client, engine, User("reader", Role.SUPERVISOR, "r", "371083"))
        )
        admin = as_user(test_client, engine, User("admin", Role.ADMIN, "admin"))
        ADMIN.clear()
        ADMIN.update(admin)
        yield test_client


@pytest.fixture
def loaded(engine: Engine) -> Registry:
    registry = small_registry()
    save(engine, registry)
    return registry


ADMIN: dict[str, str] = {}  # the admin's login, set by the client fixture


def test_without_a_registry_the_registry_endpoints_say_so(client: TestClient) -> None:
    for path in ("/registry", "/registry/resolve?text=x", "/registry/places/371083"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "registry" in response.json()["detail"]


def test_resolve_answers_for_text_point_and_both(client: TestClient, loaded: Registry) -> None:
    places = PlaceIndex(loaded)
    address = next(a for a in loaded.addresses if a.building and a.entrance)
    text = places.address_text(address).replace("乳山市", "乳山").replace("街道", "")
    body = client.get("/registry/resolve", params={"text": text}).json()
    assert body["placement"]["address_id"] == address.id
    assert body["placement"]["levels"][-1]["code"] == address.cell
    assert body["route"] is None
    by_point = client.get("/registry/resolve", params={"lon": address.lon, "lat": address.lat})
    assert by_point.json()["placement"]["cell"] == address.cell
    routed = client.get(
        "/registry/resolve", params={"text": text, "category": "urban.illegal_construction"}
    ).json()
    assert routed["route"]["department_id"] == "371083-urban"  # a county-kept item
    nowhere = client.get("/registry/resolve", params={"text": "不知道在哪"}).json()
    assert nowhere["placement"]["status"] == "unplaced" and nowhere["placement"]["reasons"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "text"),
        ({"lon": 121.5}, "lat"),
        ({"text": "x", "lat": 36.9}, "lon"),
        ({"text": "x", "category": "nonsense"}, "category"),
        ({"text": "x", "lon": 500, "lat": 36.9}, "lon"),
        ({"text": "x", "crs": "utm"}, "crs"),
    ],
)
def test_bad_resolve_requests_name_the_field(
    client: TestClient, loaded: Registry, params: dict[str, object], field: str
) -> None:
    response = client.get("/registry/resolve", params=params)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


def test_places_departments_and_who_handles_what(client: TestClient, loaded: Registry) -> None:
    cell = loaded.cells[0]
    shown = client.get(f"/registry/places/{cell.code}").json()
    assert shown["level"] == "cell" and shown["geometry"]["type"] == "Polygon"
    assert [lv["level"] for lv in shown["levels"]][-2:] == ["community", "cell"]
    assert shown["workers"] and shown["departments"][0]["area"] == "371083001"
    township = client.get("/registry/places/371083001").json()
    assert {c["code"] for c in township["children"]} >= {cell.community}
    assert client.get("/registry/places/999").status_code == 404

    department = client.get("/registry/departments/371083001-urban").json()
    assert [d["id"] for d in department["escalation"]] == ["371083-urban", "371083-CMD"]
    assert department["teams"] and department["responsibilities"]
    urban = client.get("/registry/departments", params={"grid": "urban"}).json()
    assert {d["id"] for d in urban} == {"371083-urban", "371083001-urban"}

    handler = client.get(
        "/registry/handler", params={"category": "market.food_safety", "place": cell.code}
    ).json()
    assert handler["route"]["department_id"] == "371083001-market"
    assert [d["id"] for d in handler["escalation"]] == ["371083-market", "371083-CMD"]
    bad = client.get("/registry/handler", params={"category": "urban.x", "place": "nope"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "place"


def test_admin_endpoints_are_for_admins_only(client: TestClient, loaded: Registry) -> None:
    assert client.get("/registry/export").status_code == 403  # a supervisor
    wrong = {"Authorization": "Bearer nope"}
    assert client.post("/registry/import", content=b"", headers=wrong).status_code == 401
    anonymous = client.get("/registry/resolve", params={"text": "x"}, headers={"Authorization": ""})
    assert anonymous.status_code == 401


def test_export_then_import_round_trips_and_bad_imports_are_refused(
    client: TestClient, loaded: Registry
) -> None:
    exported = client.get("/registry/export", headers=ADMIN)
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "application/zip"
    assert registry_from_zip(exported.content).version == loaded.version

    headers = {**ADMIN, "Content-Type": "application/zip"}
    again = client.post("/registry/import", content=exported.content, headers=headers)
    assert again.status_code == 200 and again.json()["new"] is False

    changed = dataclasses.replace(loaded, workers=loaded.workers[1:], version="")
    created = client.post(
        "/registry/import", content=zip_files(registry_files(changed)), headers=headers
    )
    assert created.status_code == 201 and created.json()["version"] == changed.version
    assert client.get("/registry").json()["active"]["version"] == changed.version

    not_zip = client.post("/registry/import", content=b"not a zip", headers=headers)
    assert not_zip.status_code == 422 and not_zip.json()["errors"][0]["field"] == "body"

    files = registry_files(loaded)
    files["addresses.csv"] = files["addresses.csv"].replace(b",true\n", b",maybe\n", 1)
    broken = client.post("/registry/import", content=zip_files(files), headers=headers)
    assert broken.status_code == 422
    assert "addresses.csv line 2: generated" in broken.json()["errors"][0]["reason"]

    dangling = dataclasses.replace(
        loaded,
        addresses=(dataclasses.replace(loaded.addresses[0], cell="00000000000000"),),
        version="",
    )
    refused = client.post(
        "/registry/import", content=zip_files(registry_files(dangling)), headers=headers
    )
    assert refused.status_code == 422
    assert any("no grid cell 00000000000000" in e["reason"] for e in refused.json()["errors"])
    assert client.get("/registry").json()["active"]["version"] == changed.version


def test_a_zip_with_folders_is_read_too(loaded: Registry) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in registry_files(loaded).items():
            archive.writestr(f"my-city/{name}", content)
    assert registry_from_zip(buffer.getvalue()).version == loaded.version


def test_the_resolve_api_answers_every_noise_kind(client: TestClient, engine: Engine) -> None:
    registry = demo_registry()
    save(engine, registry)
    wrong = []
    for case in NoisyAddresses(registry, seed=23).generate(per_kind=4):
        params = {"text": case.text, "lon": case.lon, "lat": case.lat, "crs": case.crs}
        response = client.get(
            "/registry/resolve", params={k: v for k, v in params.items() if v is not None}
        )
        assert response.status_code == 200, response.text
        placement = Placement.model_validate(response.json()["placement"])
        if not is_correct(case, placement):
            wrong.append((case, placement.reasons))
    assert wrong == []
