"""The demo registry (grid/demo.py), its checks (grid/validate.py) and its files
(grid/adapters/files.py)."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from importlib import resources
from typing import Any

import pytest

from grid.adapters.files import (
    RegistryFileError,
    registry_files,
    registry_from_files,
    registry_from_zip,
    zip_files,
)
from grid.demo import build_demo_registry
from grid.geometry import CellLocator
from grid.model import Level, Registry
from grid.validate import check_registry
from gridhub.simulator import demo_registry

COUNTY = "371083"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def extract() -> dict[str, Any]:
    text = resources.files("grid").joinpath("data/rushan_divisions.json").read_text("utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def small(registry: Registry) -> Registry:
    """The demo registry with a few addresses only, so its files parse quickly."""
    return dataclasses.replace(registry, addresses=registry.addresses[:40], version="")


def test_the_demo_registry_is_deterministic(registry: Registry) -> None:
    again = build_demo_registry()
    assert again.version == registry.version
    assert again == registry
    assert registry.version.startswith("r") and len(registry.version) == 13


def test_the_demo_registry_has_no_problems(registry: Registry) -> None:
    assert check_registry(registry) == []


def test_every_community_has_a_cell(registry: Registry) -> None:
    communities = {d.code for d in registry.divisions if d.level is Level.COMMUNITY}
    with_cells = {c.community for c in registry.cells}
    assert communities - with_cells == set()
    assert with_cells <= communities


def test_every_address_lies_in_its_cell(registry: Registry) -> None:
    locator = CellLocator(registry.cells)
    found = locator.locate_many([(a.lon, a.lat) for a in registry.addresses])
    wrong = [(a.id, a.cell, cell) for a, cell in zip(registry.addresses, found, strict=True)
             if cell != a.cell]  # fmt: skip
    assert wrong == []
    assert len(registry.addresses) > 1000


def test_codes_follow_the_division_code_scheme(registry: Registry) -> None:
    by_code = {d.code: d for d in registry.divisions}
    townships = [d for d in registry.divisions if d.level is Level.TOWNSHIP]
    communities = [d for d in registry.divisions if d.level is Level.COMMUNITY]
    assert by_code[COUNTY].level is Level.COUNTY
    for township in townships:
        assert len(township.code) == 9 and township.code.isdigit()
        assert township.parent == COUNTY and township.code.startswith(COUNTY)
    for community in communities:
        assert len(community.code) == 12 and community.code.isdigit()
        assert community.parent is not None
        assert by_code[community.parent].level is Level.TOWNSHIP
        assert community.code.startswith(community.parent)
    for cell in registry.cells:
        assert len(cell.code) == 14 and cell.code.isdigit(), cell.code
        assert cell.code.startswith(cell.community)
        assert by_code[cell.community].level is Level.COMMUNITY
    for address in registry.addresses[::101]:
        assert address.cell in {c.code for c in registry.cells}


def test_the_townships_are_the_real_ones(registry: Registry, extract: dict[str, Any]) -> None:
    townships = {d.code: d.name for d in registry.divisions if d.level is Level.TOWNSHIP}
    assert len(townships) == 15
    assert townships["371083001"] == "城区街道"
    assert townships["371083100"] == "夏村镇"
    assert townships["371083113"] == "徐家镇"
    assert townships == {t["code"]: t["name"] for t in extract["townships"]}
    top = {d.level: (d.code, d.name) for d in registry.divisions if d.level in (
        Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)}  # fmt: skip
    assert top == {
        Level.PROVINCE: ("370000", "山东省"),
        Level.PREFECTURE: ("371000", "威海市"),
        Level.COUNTY: (COUNTY, "乳山市"),
    }


def test_the_community_names_are_the_real_ones(registry: Registry, extract: dict[str, Any]) -> None:
    communities = [d for d in registry.divisions if d.level is Level.COMMUNITY]
    assert len(communities) == 628
    assert sum(len(t["communities"]) for t in extract["townships"]) == 628
    for township in extract["townships"]:
        ours = Counter(d.name for d in communities if d.parent == township["code"])
        assert ours == Counter(township["communities"]), township["name"]
    assert all(not d.generated for d in communities)
    assert "车门口村" in {d.name for d in communities}


def test_files_round_trip_through_a_zip(registry: Registry) -> None:
    files = registry_files(registry)
    assert set(files) == {
        "manifest.json", "divisions.csv", "cells.geojson", "units.geojson", "addresses.csv",
        "departments.csv", "teams.csv", "responsibilities.csv", "workers.csv",
    }  # fmt: skip
    manifest = json.loads(files["manifest.json"])
    assert manifest["version"] == registry.version
    assert manifest["counts"]["addresses"] == len(registry.addresses)
    back = registry_from_zip(zip_files(files))
    assert back.version == registry.version
    assert back == registry
    assert back.source == registry.source


def test_files_round_trip_without_a_zip(small: Registry) -> None:
    back = registry_from_files(registry_files(small))
    assert back.version == small.version
    assert back == small


def _replace_field(csv_text: str, line: int, column: str, value: str) -> str:
    """Set one field of one CSV line (numbered from 1, the header being line 1)."""
    rows = csv_text.splitlines()
    header = rows[0].split(",")
    fields = rows[line - 1].split(",")
    fields[header.index(column)] = value
    rows[line - 1] = ",".join(fields)
    return "\n".join(rows) + "\n"


def _problems(files: dict[str, bytes]) -> list[str]:
    with pytest.raises(RegistryFileError) as raised:
        registry_from_files(files)
    assert raised.value.problems
    return raised.value.problems


def test_a_bad_number_is_reported_with_file_line_and_field(small: Registry) -> None:
    files = registry_files(small)
    text = files["addresses.csv"].decode()
    files["addresses.csv"] = _replace_field(text, 4, "number", "abc").encode()
    problems = _problems(files)
    assert len(problems) == 1
    assert problems[0].startswith("addresses.csv line 4: number: 'abc'")


def test_a_bad_coordinate_and_a_bad_flag_are_both_reported(small: Registry) -> None:
    files = registry_files(small)
    text = _replace_field(files["addresses.csv"].decode(), 2, "lon", "east")
    files["addresses.csv"] = _replace_field(text, 7, "generated", "maybe").encode()
    problems = _problems(files)
    assert any(p.startswith("addresses.csv line 2: lon: 'east'") for p in problems)
    assert any(p.startswith("addresses.csv line 7: generated: 'maybe'") for p in problems)


def test_a_missing_required_field_is_reported(small: Registry) -> None:
    files = registry_files(small)
    files["teams.csv"] = _replace_field(files["teams.csv"].decode(), 3, "name", "").encode()
    problems = _problems(files)
    assert problems == ["teams.csv line 3: name: required"]


def test_a_bad_level_is_reported(small: Registry) -> None:
    files = registry_files(small)
    text = files["divisions.csv"].decode()
    files["divisions.csv"] = _replace_field(text, 5, "level", "galaxy").encode()
    problems = _problems(files)
    assert len(problems) == 1
    assert problems[0].startswith("divisions.csv line 5: level: 'galaxy'")


@pytest.mark.parametrize("missing", ["teams.csv", "cells.geojson", "addresses.csv"])
def test_a_missing_file_is_reported(missing: str, small: Registry) -> None:
    files = registry_files(small)
    del files[missing]
    assert _problems(files) == [f"{missing}: missing"]


def test_a_missing_column_is_reported(small: Registry) -> None:
    files = registry_files(small)
    rows = files["workers.csv"].decode().splitlines()
    rows = [",".join(row.split(",")[:-1]) for row in rows]  # drop the last column, 'generated'
    files["workers.csv"] = ("\n".join(rows) + "\n").encode()
    problems = _problems(files)
    assert len(problems) == 1
    assert problems[0].startswith("workers.csv: columns missing: generated")


def test_a_wrong_format_is_reported(small: Registry) -> None:
    files = registry_files(small)
    manifest = json.loads(files["manifest.json"])
    manifest["format"] = "something-else/9"
    files["manifest.json"] = json.dumps(manifest).encode()
    assert any(p.startswith("manifest.json: format") for p in _problems(files))


def test_not_a_zip_is_reported() -> None:
    with pytest.raises(RegistryFileError, match="not a zip file"):
        registry_from_zip(b"this is not a zip")


def test_a_dangling_cell_reference_is_reported(registry: Registry) -> None:
    first = registry.addresses[0]
    broken = dataclasses.replace(
        registry,
        addresses=(dataclasses.replace(first, cell="99999999999999"), *registry.addresses[1:3]),
        version="",
    )
    problems = check_registry(broken)
    assert len(problems) == 1
    (problem,) = problems
    assert (problem.entity, problem.id, problem.field) == ("addresses", first.id, "cell")
    assert "99999999999999" in problem.reason
    assert str(problem).startswith(f"addresses {first.id}: cell:")


def test_dangling_references_of_several_kinds_are_all_reported(small: Registry) -> None:
    team = small.teams[0]
    worker = small.workers[0]
    unit = small.units[0]
    broken = dataclasses.replace(
        small,
        teams=(dataclasses.replace(team, department="nobody"), *small.teams[1:]),
        workers=(dataclasses.replace(worker, cell="0"), *small.workers[1:]),
        units=(dataclasses.replace(unit, township="371083999"), *small.units[1:]),
        version="",
    )
    found = {(p.entity, p.id, p.field) for p in check_registry(broken)}
    assert ("teams", team.id, "department") in found
    assert ("workers", worker.id, "cell") in found
    assert ("units", unit.id, "township") in found


def test_a_duplicate_code_is_reported(small: Registry) -> None:
    broken = dataclasses.replace(small, cells=(*small.cells, small.cells[0]), version="")
    problems = check_registry(broken)
    assert [(p.entity, p.id, p.field) for p in problems] == [("cells", small.cells[0].code, "code")]
    assert problems[0].reason == "appears twice"
