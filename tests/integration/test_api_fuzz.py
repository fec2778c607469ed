"""Schemathesis against the API as each role, on SQLite and PostgreSQL: no server error, and
every answer as the OpenAPI document says (status, content type, body schema).

A CI-sized run: HUB_TEST_FUZZ_REQUESTS requests per role (300 by default); bench/api_fuzz.py
runs 10,000 per role (figures in docs/api-robustness.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

from bench.api_fuzz import ROLES, fuzz_role, hub_app

REQUESTS = int(os.environ.get("HUB_TEST_FUZZ_REQUESTS", "300"))


@pytest.fixture
def fuzzed_hub(engine: Engine, tmp_path: Path) -> Iterator[tuple[FastAPI, dict[str, dict]]]:
    with hub_app(engine.url.render_as_string(hide_password=False), tmp_path) as hub:
        yield hub


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_and_no_schema_violation(
    fuzzed_hub: tuple[FastAPI, dict[str, dict]], role: str
) -> None:
    app, headers = fuzzed_hub
    run = fuzz_role(app, role, headers[role], REQUESTS)
    assert run.requests >= REQUESTS // 2, run.requests
    problems = "\n".join(f"{f.operation} -> {f.status}: {f.problem}" for f in run.findings)
    assert (run.server_errors, run.violations) == (0, 0), problems
    assert not run.findings, problems
