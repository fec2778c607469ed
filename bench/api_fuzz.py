"""Fuzz the API with schemathesis as each role, and count what it answered.

Every operation of the OpenAPI document gets generated requests (valid ones, and ones the
document says are invalid), sent in-process to the ASGI app with the role's token; each answer
is checked: no server error, a status the operation documents, the documented content type,
and a body that matches the documented schema. The test (tests/integration/
test_api_fuzz.py) runs a few hundred requests per role; this bench runs 10,000 per role and
writes the figures to docs/api-robustness.md.

    .venv/bin/python -m bench.api_fuzz                     # 10,000 requests per role, SQLite
    .venv/bin/python -m bench.api_fuzz --requests 2000 --database postgresql://...
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI

# A live stream (server-sent events) ends only when its client goes: nothing to fuzz in-process.
SKIPPED = frozenset({("GET", "/events/cases")})
ROLES = ("grid_worker", "dispatcher", "handler", "supervisor", "admin")


@dataclass(frozen=True)
class Finding:
    role: str
    operation: str
    status: int | None
    problem: str


@dataclass
class RoleRun:
    role: str
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: int = 0
    violations: int = 0
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0


def _checks() -> tuple[list[Any], list[Any]]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    conformance = [status_code_conformance, content_type_conformance, response_schema_conformance]
    return [not_a_server_error], conformance


def fuzz_role(
    app: FastAPI,
    role: str,
    headers: dict[str, str],
    requests: int,
    *,
    keep: int = 50,
    include: Callable[[str, str], bool] | None = None,
) -> RoleRun:
    """About ``requests`` generated requests spread over every operation, as one role."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, seed
    from hypothesis import settings as hypothesis_settings
    from schemathesis import GenerationMode

    server, conformance = _checks()
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = []
    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        if key in SKIPPED or (include is not None and not include(*key)):
            continue
        operations.append(operation)
    run = RoleRun(role)
    started = time.perf_counter()
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    per_operation = max(1, requests // (len(operations) * len(modes)))
    for operation in operations:
        name = f"{operation.method.upper()} {operation.path}"
        for mode in modes:
            strategy = operation.as_strategy(generation_mode=mode)

            @seed(len(name) * 7919 + len(role))
            @hypothesis_settings(
                max_examples=per_operation,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def send(case: Any, name: str = name) -> None:
                response = case.call(headers=headers)
                run.requests += 1
                run.statuses[response.status_code] += 1
                for checks, kind in ((server, "server error"), (conformance, "schema")):
                    try:
                        case.validate_response(response, checks=checks)
                    except AssertionError as exc:  # schemathesis raises AssertionError kinds
                        if kind == "server error":
                            run.server_errors += 1
                        else:
                            run.violations += 1
                        if len(run.findings) < keep:
                            text = str(exc).strip().splitlines()
                            run.findings.append(
                                Finding(role, name, response.status_code, " | ".join(text[:6]))
                            )

            try:
                send()
            except Exception as exc:  # an operation hypothesis cannot generate for
                if len(run.findings) < keep:
                    run.findings.append(Finding(role, name, None, f"generation: {exc!r}"[:300]))
    run.seconds = time.perf_counter() - started
    return run


# -- the bench ----------------------------------------------------------------------------------
@contextmanager
def hub_app(database_url: str | None, data_dir: Path) -> Iterator[tuple[FastAPI, dict[str, Any]]]:
    """An API over a fresh database with the small registry, a few cases and one user per
    role; yields the app and each role's Authorization header."""
    from datetime import UTC, datetime

    from fastapi.testclient import TestClient

    from api.app import create_app
    from config import HubSettings
    from dispatch.adapters.db import make_engine
    from dispatch.migrate import upgrade
    from dispatch.roles import Role, User
    from grid.adapters import store
    from grid.placing import Placer
    from tests.auth_helpers import add_user, login
    from tests.factories import small_registry
    from tests.services import free_port

    url = database_url or f"sqlite:///{data_dir / 'hub.db'}"
    upgrade(url)
    engine = make_engine(url)
    registry = small_registry()
    now = datetime.now(UTC)
    with engine.begin() as conn:
        store.save(conn, registry, now)
    cell = registry.addresses[0].cell
    worker_id = next(w.id for w in registry.workers if w.cell == cell)
    street = cell[:9]
    users = {
        "grid_worker": User("worker", Role.GRID_WORKER, "w", area_code=cell, worker_id=worker_id),
        "dispatcher": User("dispatcher", Role.DISPATCHER, "d", area_code=street),
        "handler": User("handler", Role.HANDLER, "h", department_id=f"{street}-urban"),
        "supervisor": User("supervisor", Role.SUPERVISOR, "s", area_code=street[:6]),
        "admin": User("admin", Role.ADMIN, "a"),
    }
    settings = HubSettings(
        data_dir=data_dir, kafka_bootstrap=f"127.0.0.1:{free_port()}", auth_scrypt_n=2**14
    )
    app = create_app(settings, engine, run_relay=False)
    with TestClient(app) as client:
        headers = {}
        for role, user in users.items():
            add_user(engine, user)
            headers[role] = login(client, user.username)
        seed_cases(engine, Placer(registry), worker_id, now)
        yield app, headers
    engine.dispose()


def seed_cases(engine: Any, placer: Any, worker_id: str, now: Any) -> None:
    """A few placed reports recorded into cases, so lists and reads have something to show."""
    from contracts.common import GridCode
    from contracts.report import Channel, IncidentReport, Reporter, ReportSource
    from dispatch.identity import report_id_for
    from tests.recording import record

    addresses = [a for a in placer.registry.addresses if a.number][:5]
    batch = []
    for number, address in enumerate(addresses):
        source = f"fuzz-{number}"
        report = IncidentReport(
            report_id=report_id_for("urban", source),
            source=ReportSource(grid=GridCode.URBAN, channel=Channel.API, source_event_id=source),
            category="urban.road_damage",
            title="路面坑洼",
            description="路面坑洼，雨天积水",
            address_text=placer.places.address_text(address),
            reporter=Reporter(id=worker_id, role="grid_worker", phone="13912345678"),
            occurred_at=now,
            reported_at=now,
        )
        batch.append(placer.place(report, now))
    record(engine, batch, now)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000, help="per role")
    parser.add_argument("--database", default=None, help="a database URL (default: SQLite)")
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args(argv)
    runs = []
    with tempfile.TemporaryDirectory() as tmp, hub_app(args.database, Path(tmp)) as (app, headers):
        for role in args.roles.split(","):
            run = fuzz_role(app, role, headers[role], args.requests)
            runs.append(run)
            print(
                f"{role:<12} {run.requests:>6} requests  {run.seconds:6.1f} s  "
                f"server errors {run.server_errors}  schema violations {run.violations}  "
                f"statuses {dict(sorted(run.statuses.items()))}",
                flush=True,
            )
            for finding in run.findings[:20]:
                print(f"    {finding.operation} -> {finding.status}: {finding.problem}")
    failed = sum(r.server_errors + r.violations for r in runs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
