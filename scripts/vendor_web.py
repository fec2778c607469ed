"""Fetch the console's third-party web files from the npm registry into the repository.

    python scripts/vendor_web.py            # needs `npm` (a developer's machine, not run time)

The console is served with no build step: the files below are copied as their packages ship
them, with two changes listed in PATCHES (the font's CSS loses its WOFF fallback lines, every
browser the console supports reads WOFF2; ReDoc's menu no longer loads a logo from its
maker's CDN), with each package's licence beside them, and recorded in
api/console/static/vendor/MANIFEST.json (package, version, licence, SHA-256 of every file).
tests/unit/test_console_assets.py checks the files against that manifest, so a changed or
missing file is noticed. Running the script again with the same versions gives the same files.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "api" / "console" / "static" / "vendor"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    folder: str  # under vendor/
    files: tuple[str, ...]  # paths inside the package; a trailing * matches by prefix
    licence: str


PACKAGES = (
    Package(
        "htm",
        "3.1.1",
        "htm-preact",
        ("preact/standalone.module.js", "LICENSE"),
        "Apache-2.0 (htm; the bundled Preact is MIT)",
    ),
    Package(
        "echarts",
        "6.1.0",
        "echarts",
        ("dist/echarts.min.js", "LICENSE", "NOTICE"),
        "Apache-2.0",
    ),
    Package(
        "swagger-ui-dist",
        "5.35.0",
        "swagger-ui",
        (
            "swagger-ui-bundle.js",
            "swagger-ui-bundle.js.LICENSE.txt",
            "swagger-ui.css",
            "favicon-32x32.png",
            "LICENSE",
            "NOTICE",
        ),
        "Apache-2.0",
    ),
    Package(
        "redoc",
        "2.5.4",
        "redoc",
        ("bundles/redoc.standalone.js", "bundles/redoc.standalone.js.LICENSE.txt", "LICENSE"),
        "MIT",
    ),
    Package(
        "@fontsource/noto-sans-sc",
        "5.3.0",
        "noto-sans-sc",
        ("400.css", "files/noto-sans-sc-*-400-normal.woff2", "LICENSE"),
        "OFL-1.1",
    ),
)


def _pack(package: Package, work: Path) -> Path:
    done = subprocess.run(
        ["npm", "pack", f"{package.name}@{package.version}", "--silent"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = work / done.stdout.strip().splitlines()[-1]
    target = work / package.folder
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def _matches(root: Path, pattern: str) -> list[Path]:
    if "*" not in pattern:
        return [root / pattern]
    return sorted(root.glob(pattern))


def _without_woff_fallback(css: str) -> str:
    return re.sub(r", url\(\./files/[^)]+\.woff\) format\('woff'\)", "", css)


def _no_remote_logo(script: str) -> str:
    # An image that fails to load hides itself (the component's onError): no request leaves.
    remote = '"https://cdn.redoc.ly/redoc/logo-mini.svg"'
    if remote not in script:
        raise SystemExit("ReDoc no longer has the remote logo this script removes: check it")
    return script.replace(remote, '"data:,"')


# (folder, file name) -> what is changed in the file as shipped.
PATCHES = {
    ("noto-sans-sc", "400.css"): _without_woff_fallback,
    ("redoc", "redoc.standalone.js"): _no_remote_logo,
}


def vendor() -> dict[str, object]:
    if VENDOR.exists():
        for child in VENDOR.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, object] = {"packages": []}
    with tempfile.TemporaryDirectory() as tmp:
        for package in PACKAGES:
            source = _pack(package, Path(tmp))
            files: dict[str, str] = {}
            for pattern in package.files:
                found = _matches(source, pattern)
                if not found or not found[0].exists():
                    raise SystemExit(f"{package.name}@{package.version}: no {pattern}")
                for path in found:
                    inside = path.relative_to(source)
                    # Flat, except the font files, whose CSS refers to ./files/.
                    relative = inside if inside.parts[0] == "files" else Path(inside.name)
                    target = VENDOR / package.folder / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    data = path.read_bytes()
                    patch = PATCHES.get((package.folder, path.name))
                    if patch is not None:
                        data = patch(data.decode()).encode()
                    target.write_bytes(data)
                    files[str(relative)] = hashlib.sha256(data).hexdigest()
            manifest["packages"].append(  # type: ignore[union-attr]
                {
                    "name": package.name,
                    "version": package.version,
                    "licence": package.licence,
                    "folder": package.folder,
                    "files": dict(sorted(files.items())),
                }
            )
    (VENDOR / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


if __name__ == "__main__":
    written = vendor()
    count = sum(len(p["files"]) for p in written["packages"])  # type: ignore[index,union-attr]
    print(f"{count} files vendored into {VENDOR.relative_to(ROOT)}", file=sys.stderr)
