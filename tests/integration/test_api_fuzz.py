"""Schemathesis against the API as each role, on SQLite and PostgreSQL: no server error, and
every answer as the OpenAPI document says (status, content type, body schema).

A CI-sized run: HUB_TEST_FUZZ_REQUESTS requests per role (150 by default); bench/api_fuzz.py
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
from tests.factories import small_registry

REQUESTS = int(os.environ.get("HUB_TEST_FUZZ_REQUESTS", "150"))


@pytest.fixture
def fuzzed_hub(engine: Engine, tmp_path: Path) -> Iterator[tuple[FastAPI, dict[str, dict]]]:
    url = engine.url.render_as_string(hide_password=False)
    with hub_app(url, tmp_path, small_registry()) as hub:
        yield hub


def test_no_server_error_and_no_schema_violation_as_any_role(
    fuzzed_hub: tuple[FastAPI, dict[str, dict]],
) -> None:
    app, headers = fuzzed_hub
    problems = []
    for role in ROLES:  # the admin last: it may change what the others see
        run = fuzz_role(app, role, headers[role], REQUESTS)
        assert run.requests >= min(REQUESTS, 100), (role, run.requests)
        problems += [f"{f.role} {f.operation} -> {f.status}: {f.problem}" for f in run.findings]
        if run.server_errors or run.violations:
            problems.append(
                f"{role}: {run.server_errors} server errors, {run.violations} violations"
            )
    assert not problems, "\n".join(problems)
