"""What a city's own registry can get wrong, and how it is told."""

from __future__ import annotations

import dataclasses
import json

import pytest

from grid.adapters.files import RegistryFileError, registry_files, registry_from_files
from grid.address import normalise_address
from grid.model import Registry
from grid.orggraph import OrgGraph
from grid.places import PlaceIndex
from grid.validate import check_registry
from tests.factories import small_registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return small_registry()


def problems_of(registry: Registry) -> list[tuple[str, str, str]]:
    return [(p.entity, p.id, p.field) for p in check_registry(registry)]


def test_the_small_registry_is_itself_valid(registry: Registry) -> None:
    assert check_registry(registry) == []


def test_escalation_in_a_circle_is_refused_and_never_hangs(registry: Registry) -> None:
    county_urban = next(d for d in registry.departments if d.id == "371083-urban")
    street_urban = next(d for d in registry.departments if d.id == "371083001-urban")
    departments = tuple(
        dataclasses.replace(county_urban, parent=street_urban.id) if d is county_urban else d
        for d in registry.departments
    )
    looping = dataclasses.replace(registry, departments=departments, version="")
    found = problems_of(looping)
    assert ("departments", "371083-urban", "parent") in found
    assert ("departments", "371083001-urban", "parent") in found
    chain = OrgGraph(looping).chain_above("371083001-urban")  # returns, does not spin
    assert [d.id for d in chain] == ["371083-urban"]


def test_divisions_in_a_circle_are_refused_and_never_hang(registry: Registry) -> None:
    divisions = tuple(
        dataclasses.replace(d, parent="371083001") if d.code == "371083" else d
        for d in registry.divisions
    )
    looping = dataclasses.replace(registry, divisions=divisions, version="")
    assert ("divisions", "371083", "parent") in problems_of(looping)
    chain = PlaceIndex(looping).division_chain("371083001001")
    assert len(chain) == len({d.code for d in chain})


def test_blank_long_duplicate_and_unknown_values_are_refused(registry: Registry) -> None:
    first, second = registry.addresses[0], registry.addresses[1]
    broken = dataclasses.replace(
        registry,
        divisions=(
            *registry.divisions[:-1],
            dataclasses.replace(registry.divisions[-1], name="  "),
        ),
        units=(dataclasses.replace(registry.units[0], name="路" * 201), *registry.units[1:]),
        addresses=(
            first,
            dataclasses.replace(
                second,
                unit=first.unit,
                number=first.number,
                building=first.building,
                entrance=first.entrance,
            ),
            *registry.addresses[2:],
        ),
        departments=(
            dataclasses.replace(registry.departments[1], grid="fire_brigade"),
            *registry.departments[:1],
            *registry.departments[2:],
        ),
        version="",
    )
    found = problems_of(broken)
    assert ("divisions", registry.divisions[-1].code, "name") in found
    assert ("units", registry.units[0].id, "name") in found
    assert ("addresses", second.id, "number") in found
    assert ("departments", registry.departments[1].id, "grid") in found


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        ("addresses.csv", "id,unit\n".encode("gbk") + "甲".encode("gbk"), "not UTF-8"),
        ("manifest.json", b"{not json", "not JSON"),
        ("cells.geojson", b"[]", "not a GeoJSON FeatureCollection"),
        (
            "cells.geojson",
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": {"type": "Polygon", "coordinates": []},
                            "properties": {"code": "1", "name": "x", "community": "y"},
                        },
                    ],
                }
            ).encode(),
            "feature 1: geometry",
        ),
        (
            "units.geojson",
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": {"type": "LineString", "coordinates": [["a", "b"]]},
                            "properties": {"id": "R1"},
                        },
                    ],
                }
            ).encode(),
            "feature 1: geometry",
        ),
    ],
)
def test_malformed_files_are_problems_not_crashes(
    registry: Registry, file: str, content: bytes, expected: str
) -> None:
    files = registry_files(registry)
    files[file] = content
    with pytest.raises(RegistryFileError) as raised:
        registry_from_files(files)
    assert any(file in p and expected in p for p in raised.value.problems), raised.value.problems


@pytest.mark.parametrize(
    ("text", "normalised", "note"),
    [
        ("翠竹路12-1号", "翠竹路12号", "read as door 12号"),
        ("翠竹路12—14号", "翠竹路12号", "door 12号 is the reference"),
        ("东里小区3-2-501", "东里小区3号楼2单元501室", "building, entrance and room"),
    ],
)
def test_dashed_numbers_are_read_not_glued_together(text: str, normalised: str, note: str) -> None:
    result = normalise_address(text)
    assert result.text == normalised
    assert any(note in n for n in result.notes)
