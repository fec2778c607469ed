"""A registry zip is inflated within a budget, whatever its headers claim."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from grid.adapters.files import (
    MAX_ZIP_MEMBERS,
    RegistryFileError,
    RegistryTooLarge,
    registry_from_zip_file,
)

MIB = 1024 * 1024


def bomb(inflated: int, name: str = "addresses.csv") -> io.BytesIO:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w") as member,
    ):
        for _ in range(inflated // MIB):
            member.write(b"0" * MIB)
    buffer.seek(0)
    return buffer


def test_a_zip_bomb_stops_at_the_budget_with_memory_to_match() -> None:
    source = bomb(64 * MIB)
    assert len(source.getvalue()) < MIB
    tracemalloc.start()
    try:
        with pytest.raises(RegistryTooLarge, match="inflate to more than"):
            registry_from_zip_file(source, 4 * MIB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * MIB


def test_headers_that_lie_about_the_size_are_caught_while_inflating() -> None:
    source = bomb(16 * MIB)
    raw = bytearray(source.getvalue())
    # Claim 1 byte inflated in the central directory (the local header's size is not read).
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.infolist()[0]
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (1).to_bytes(4, "little")
    assert info.file_size == 16 * MIB
    with pytest.raises(RegistryFileError):
        registry_from_zip_file(io.BytesIO(bytes(raw)), 4 * MIB)


def test_too_many_files_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"f{number}.csv", b"x")
    buffer.seek(0)
    with pytest.raises(RegistryFileError, match="more than"):
        registry_from_zip_file(buffer, MIB)
