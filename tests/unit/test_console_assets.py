"""The console's shipped files: every vendored file is the one its package shipped (by the
manifest's hashes), with its licence; no page or script of ours loads anything from another
host; every module the console imports exists."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "api" / "console" / "static"
VENDOR = STATIC / "vendor"


def test_every_vendored_file_matches_the_manifest_and_has_its_licence() -> None:
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text())
    listed = set()
    for package in manifest["packages"]:
        folder = VENDOR / package["folder"]
        assert "LICENSE" in package["files"], package["name"]
        for name, digest in package["files"].items():
            data = (folder / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest, f"{package['name']}: {name}"
            listed.add(folder / name)
    on_disk = {p for p in VENDOR.rglob("*") if p.is_file() and p.name != "MANIFEST.json"}
    assert on_disk == listed  # nothing unlisted, nothing missing


def test_our_pages_and_scripts_load_nothing_from_another_host() -> None:
    ours = [p for p in STATIC.rglob("*") if p.suffix in {".html", ".js", ".css"}]
    ours = [p for p in ours if VENDOR not in p.parents]
    assert len(ours) > 10
    for path in ours:
        text = path.read_text()
        assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", text), path.name
        assert 'fetch("http' not in text and "fetch(`http" not in text, path.name


def test_the_font_css_refers_only_to_shipped_font_files() -> None:
    css = (VENDOR / "noto-sans-sc" / "400.css").read_text()
    files = re.findall(r"url\(\./([^)]+)\)", css)
    assert len(files) > 50
    for name in files:
        assert (VENDOR / "noto-sans-sc" / name).exists(), name


def test_every_module_the_console_imports_exists() -> None:
    scripts = list((STATIC / "js").glob("*.js"))
    for script in scripts:
        for target in re.findall(r"""from\s+["'](\.{1,2}/[^"']+)["']""", script.read_text()):
            assert (script.parent / target).resolve().exists(), f"{script.name}: {target}"
