"""The independent labelled sets (bench/independent) must stay out of every tuning step.

Nothing outside that package and its own tests may import it or name it, in code or in a
build file: a set the matchers could be fitted to would measure nothing.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "bench" / "independent"
NAMES = ("bench.independent", "bench/independent", "bench\\independent")
BUILD_FILES = {"Makefile", "pyproject.toml", "setup.cfg", "tox.ini", "Dockerfile", "noxfile.py"}
BUILD_SUFFIXES = {".yml", ".yaml", ".toml", ".cfg", ".ini", ".sh"}
SKIP_DIRS = {"var", "node_modules", "__pycache__", "docs"}


def own_test(path: Path) -> bool:
    return path.parent == ROOT / "tests" / "unit" and path.name.startswith("test_independent_")


def files_to_check() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS]
        here = Path(folder)
        if here == PACKAGE or PACKAGE in here.parents:
            dirs[:] = []
            continue
        for name in files:
            path = here / name
            python = path.suffix == ".py" and not own_test(path)
            if python or name in BUILD_FILES or path.suffix in BUILD_SUFFIXES:
                found.append(path)
    return found


def mentions(source: str, is_python: bool) -> list[str]:
    """What in this source reaches the independent package (empty: nothing)."""
    hits = [name for name in NAMES if name in source]
    if is_python:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return hits
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "bench":
                hits += [
                    f"from bench import {a.name}" for a in node.names if a.name == "independent"
                ]
    return hits


def test_the_check_sees_the_ways_a_module_reaches_the_package() -> None:
    assert mentions("from bench.independent.stream import build_stream\n", True)
    assert mentions("from bench import independent\n", True)
    assert mentions("import bench.independent.addresses as a\n", True)
    assert mentions("importlib.import_module('bench.independent.kinds')\n", True)
    assert mentions("bench:\n\tpython bench/independent/run.py\n", False)
    assert not mentions("from bench.results import write_section\n", True)


def test_nothing_outside_the_package_and_its_tests_reaches_it() -> None:
    checked = files_to_check()
    assert any(p.name == "dedupe_hub.py" for p in checked)  # the walk does reach bench/
    offenders = {
        str(path.relative_to(ROOT)): hits
        for path in checked
        if (
            hits := mentions(
                path.read_text(encoding="utf-8", errors="replace"), path.suffix == ".py"
            )
        )
    }
    assert not offenders, f"the independent sets must stay out of tuning: {offenders}"
