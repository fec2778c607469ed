"""The registry export carries each standard address's canonical text (issue 13)."""

from __future__ import annotations

import csv
import dataclasses
import io

from grid.adapters.files import STANDARD_ADDRESS, registry_files, registry_from_files
from grid.places import PlaceIndex
from gridhub.simulator import demo_registry


def test_addresses_csv_has_the_standard_address_text_and_reads_back_the_same() -> None:
    registry = demo_registry()
    small = dataclasses.replace(registry, addresses=registry.addresses[::500], version="")
    files = registry_files(small)
    rows = list(csv.DictReader(io.StringIO(files["addresses.csv"].decode())))
    places = PlaceIndex(small)
    assert len(rows) == len(small.addresses)
    for row, address in zip(rows, small.addresses, strict=True):
        assert row["id"] == address.id
        assert row[STANDARD_ADDRESS] == places.address_text(address)
        assert row[STANDARD_ADDRESS].startswith("乳山市")
    compound = next(r for r in rows if r["building"])
    assert "号楼" in compound[STANDARD_ADDRESS]
    # The text is derived, not data: reading the files back gives the same registry.
    assert registry_from_files(files).version == small.version


def test_an_edited_standard_address_text_does_not_change_the_registry() -> None:
    registry = demo_registry()
    small = dataclasses.replace(registry, addresses=registry.addresses[:5], version="")
    files = registry_files(small)
    edited = files["addresses.csv"].decode().replace("乳山市", "某市")
    assert edited != files["addresses.csv"].decode()
    files["addresses.csv"] = edited.encode()
    assert registry_from_files(files).version == small.version
