"""The registry as files a city can edit and bring back: CSV per entity, GeoJSON for shapes.

    manifest.json        format, source, version, attribution
    divisions.csv        code,name,level,parent,aliases,generated
    cells.geojson        Polygon features; properties code,name,community,generated
    units.geojson        roads as LineString features, villages/compounds with no geometry
    addresses.csv        id,standard_address,unit,number,building,entrance,cell,lon,lat,
                         generated; standard_address is the address's canonical text
                         (乳山市城区街道黄河路12号), written for people and other systems and
                         ignored when files are read
    departments.csv  teams.csv  responsibilities.csv  workers.csv

List fields (aliases) are joined with '|'. A zip of the same files works as well as a folder.
Reading reports every malformed row with its file, line, field and reason; columns it does not
know (standard_address) are left alone.
"""

from __future__ import annotations

import csv
import io
import json
import typing
import zipfile
import zlib
from dataclasses import asdict, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from grid.model import ENTITY_TYPES, Address, Cell, Registry
from grid.places import PlaceIndex

FORMAT = "gridhub-registry/1"
GEOJSON_ENTITIES = {"cells": "ring", "units": "line"}
LIST_SEPARATOR = "|"
# Written with each address, derived from the registry: not read back.
STANDARD_ADDRESS = "standard_address"


class RegistryFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:20]))
        self.problems = problems


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, StrEnum):
        return value.value
    return str(value)


def registry_files(
    registry: Registry, attribution: list[dict[str, Any]] | None = None
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    manifest = {
        "format": FORMAT,
        "source": registry.source,
        "version": registry.version,
        "counts": {name: len(items) for name, items in registry.entities().items()},
        "attribution": attribution or [],
    }
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    for name, items in registry.entities().items():
        entity_type = ENTITY_TYPES[name]
        names = [f.name for f in fields(entity_type)]
        if name in GEOJSON_ENTITIES:
            shape = GEOJSON_ENTITIES[name]
            features = []
            for item in items:
                props = {k: v.value if isinstance(v, StrEnum) else v
                         for k, v in asdict(item).items() if k != shape}  # fmt: skip
                coords = getattr(item, shape)
                geometry = None
                if coords and isinstance(item, Cell):
                    geometry = {"type": "Polygon", "coordinates": [[list(p) for p in coords]]}
                elif coords:
                    geometry = {"type": "LineString", "coordinates": [list(p) for p in coords]}
                props = {k: list(v) if isinstance(v, tuple) else v for k, v in props.items()}
                features.append({"type": "Feature", "geometry": geometry, "properties": props})
            collection = {"type": "FeatureCollection", "features": features}
            files[f"{name}.geojson"] = json.dumps(collection, ensure_ascii=False).encode()
            continue
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if name == "addresses":
            places = PlaceIndex(registry)
            # Second, beside the id, where a person reading the file looks for it.
            writer.writerow([names[0], STANDARD_ADDRESS, *names[1:]])
            for item in items:
                row = [_csv_value(getattr(item, n)) for n in names]
                writer.writerow([row[0], _standard_text(places, item), *row[1:]])
        else:
            writer.writerow(names)
            for item in items:
                writer.writerow([_csv_value(getattr(item, n)) for n in names])
        files[f"{name}.csv"] = out.getvalue().encode()
    return files


def _standard_text(places: PlaceIndex, address: Address) -> str:
    """The canonical text of an address, or nothing if its unit is missing (a registry
    being checked can be exported before it is valid)."""
    if address.unit not in places.units:
        return ""
    return places.address_text(address)


def _parse(hint: object, raw: Any, where: str, problems: list[str]) -> Any:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    optional = type(None) in typing.get_args(hint)
    target = args[0] if args and typing.get_origin(hint) is not tuple else hint
    if raw is None or raw == "":
        if optional:
            return None
        if typing.get_origin(target) is tuple:
            return ()
        problems.append(f"{where}: required")
        return None
    try:
        if target is bool:
            if isinstance(raw, bool):
                return raw
            if raw.lower() not in ("true", "false", "1", "0"):
                raise ValueError("not true or false")
            return raw.lower() in ("true", "1")
        if target is int:
            return int(raw)
        if target is float:
            return float(raw)
        if typing.get_origin(target) is tuple:
            if isinstance(raw, list):
                return tuple(tuple(v) if isinstance(v, list) else v for v in raw)
            return tuple(part for part in str(raw).split(LIST_SEPARATOR) if part)
        if isinstance(target, type) and issubclass(target, StrEnum):
            return target(raw)
        return str(raw)
    except ValueError as exc:
        problems.append(f"{where}: {raw!r}: {exc}")
        return None


def registry_from_files(files: dict[str, bytes]) -> Registry:
    problems: list[str] = []
    manifest: dict[str, Any] = {}
    if "manifest.json" in files:
        try:
            manifest = json.loads(files["manifest.json"])
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise RegistryFileError([f"manifest.json: not JSON: {exc}"]) from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            problems.append(f"manifest.json: format: expected {FORMAT!r}")
            manifest = {}
    entities: dict[str, tuple[Any, ...]] = {}
    for name, entity_type in ENTITY_TYPES.items():
        hints = typing.get_type_hints(entity_type)
        names = [f.name for f in fields(entity_type)]
        records: list[tuple[str, dict[str, Any]]] = []
        if name in GEOJSON_ENTITIES:
            file = f"{name}.geojson"
            if file not in files:
                problems.append(f"{file}: missing")
                continue
            shape = GEOJSON_ENTITIES[name]
            try:
                collection = json.loads(files[file])
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                problems.append(f"{file}: not JSON: {exc}")
                continue
            features = collection.get("features") if isinstance(collection, dict) else None
            if not isinstance(features, list):
                problems.append(f"{file}: not a GeoJSON FeatureCollection")
                continue
            for i, feature in enumerate(features, start=1):
                where = f"{file} feature {i}"
                if not isinstance(feature, dict) or not isinstance(
                    feature.get("properties") or {}, dict
                ):
                    problems.append(f"{where}: not a GeoJSON Feature with properties")
                    continue
                props = dict(feature.get("properties") or {})
                geometry = feature.get("geometry") or {}
                coords = geometry.get("coordinates") or [] if isinstance(geometry, dict) else []
                if isinstance(geometry, dict) and geometry.get("type") == "Polygon":
                    coords = coords[0] if coords else []
                if not _is_coordinate_list(coords) or (shape == "ring" and not coords):
                    problems.append(f"{where}: geometry: coordinates must be [lon, lat] numbers")
                    continue
                props[shape] = coords
                records.append((where, props))
        else:
            file = f"{name}.csv"
            if file not in files:
                problems.append(f"{file}: missing")
                continue
            try:
                content = files[file].decode("utf-8-sig")
            except UnicodeDecodeError:
                problems.append(f"{file}: not UTF-8 (save it as UTF-8 CSV)")
                continue
            reader = csv.DictReader(io.StringIO(content))
            missing = set(names) - set(reader.fieldnames or [])
            if missing:
                problems.append(f"{file}: columns missing: {', '.join(sorted(missing))}")
                continue
            records = [(f"{file} line {i}", row) for i, row in enumerate(reader, start=2)]
        items = []
        for where, record in records:
            values = {n: _parse(hints[n], record.get(n), f"{where}: {n}", problems) for n in names}
            items.append(entity_type(**values))
        entities[name] = tuple(items)
    if problems:
        raise RegistryFileError(problems)
    return Registry(**entities, source=str(manifest.get("source") or "import"))


def _is_coordinate_list(coords: object) -> bool:
    return isinstance(coords, list) and all(
        isinstance(p, list)
        and len(p) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in p)
        for p in coords
    )


def write_registry(
    registry: Registry, target: Path, attribution: list[dict[str, Any]] | None = None
) -> None:
    files = registry_files(registry, attribution)
    if target.suffix == ".zip":
        target.write_bytes(zip_files(files))
        return
    target.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (target / name).write_bytes(content)


def read_registry(source: Path) -> Registry:
    if source.is_dir():
        return registry_from_files(
            {p.name: p.read_bytes() for p in source.iterdir() if p.is_file()}
        )
    return registry_from_zip(source.read_bytes())


def zip_files(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


MAX_ZIP_MEMBERS = 64  # the registry is a dozen files
DEFAULT_MAX_INFLATED = 1024 * 1024 * 1024


class RegistryTooLarge(RegistryFileError):
    """The zip's files inflate to more than allowed (a zip bomb, or the wrong file)."""


def registry_from_zip(data: bytes, max_inflated: int = DEFAULT_MAX_INFLATED) -> Registry:
    return registry_from_zip_file(io.BytesIO(data), max_inflated)


def registry_from_zip_file(source: BinaryIO, max_inflated: int) -> Registry:
    """The registry in a zip read from ``source`` (a file: not held in memory), inflating at
    most ``max_inflated`` bytes in all, whatever the zip's headers claim."""
    try:
        files = _inflate(source, max_inflated)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise RegistryFileError([f"not a zip file: {exc}"]) from exc
    return registry_from_files(files)


def _inflate(source: BinaryIO, max_inflated: int) -> dict[str, bytes]:
    too_large = f"the files inflate to more than {max_inflated} bytes"
    with zipfile.ZipFile(source) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise RegistryFileError([f"more than {MAX_ZIP_MEMBERS} files in the zip"])
        if sum(info.file_size for info in members) > max_inflated:
            raise RegistryTooLarge([too_large])
        files: dict[str, bytes] = {}
        budget = max_inflated
        for info in members:
            # Headers can lie: read at most what is left of the budget, and one byte more.
            with archive.open(info) as member:
                content = member.read(budget + 1)
            if len(content) > budget:
                raise RegistryTooLarge([too_large])
            budget -= len(content)
            files[Path(info.filename).name] = content
    return files
