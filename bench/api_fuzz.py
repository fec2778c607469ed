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
import socket
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from dispatch.sla import SlaPolicy
from grid.model import Registry

# Left out: a live stream (server-sent events) ends only when its client goes; /health asks
# the broker for its lag, and the fuzz runs without one (each call waits for its timeout).
SKIPPED = frozenset({("GET", "/events/cases"), ("GET", "/health")})
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
    seconds_by_operation: Counter[str] = field(default_factory=Counter)


def _checks() -> tuple[list[Any], list[Any]]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    conformance = [status_code_conformance, content_type_conformance, response_schema_conformance]
    return [not_a_server_error], conformance


def _sender(
    run: RoleRun,
    name: str,
    headers: dict[str, str],
    server: list[Any],
    conformance: list[Any],
    keep: int,
) -> Callable[[Any], None]:
    def send(case: Any) -> None:
        started = time.perf_counter()
        response = case.call(headers=headers)
        run.seconds_by_operation[name] += time.perf_counter() - started
        run.requests += 1
        run.statuses[response.status_code] += 1
        for checks, is_server in ((server, True), (conformance, False)):
            try:
                case.validate_response(response, checks=checks)
            except (AssertionError, BaseExceptionGroup) as exc:  # a failure, or several
                if is_server:
                    run.server_errors += 1
                else:
                    run.violations += 1
                if len(run.findings) < keep:
                    text = " | ".join(str(exc).strip().splitlines()[:8])
                    run.findings.append(Finding(run.role, name, response.status_code, text))

    return send


_FREE_TEXT = {"type", "title", "description"}


def _negatable(operation: dict[str, Any]) -> bool:
    """Whether an operation has anything to send wrong: a body, or a parameter that is more
    than free text (for the others hypothesis searches long for what cannot exist)."""
    if "requestBody" in operation:
        return True
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if set(schema) - _FREE_TEXT or schema.get("type") != "string":
            return True
    return False


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
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode

    server, conformance = _checks()
    # A registry zip is sent as the bytes generated for it.
    schemathesis.serializer.alias("application/zip", "application/octet-stream")
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
    per_operation = max(1, -(-requests // (len(operations) * len(modes))))
    document = app.openapi()
    for operation in operations:
        name = f"{operation.method.upper()} {operation.path}"
        raw = document["paths"][operation.path][operation.method.lower()]
        for mode in modes if _negatable(raw) else modes[:1]:
            send = _sender(run, name, headers, server, conformance, keep)
            fuzz = given(case=operation.as_strategy(generation_mode=mode))(send)
            fuzz = hypothesis_settings(
                max_examples=per_operation,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )(fuzz)
            try:
                seed(sum(map(ord, f"{role} {name} {mode.value}")))(fuzz)()
            except Unsatisfiable:
                pass  # nothing invalid to send (no parameters, or free-form strings only)
            except Exception as exc:  # an operation hypothesis cannot generate for
                if len(run.findings) < keep:
                    run.findings.append(Finding(role, name, None, f"generation: {exc!r}"[:300]))
    run.seconds = time.perf_counter() - started
    return run


# -- the bench ----------------------------------------------------------------------------------
@contextmanager
def hub_app(
    database_url: str, data_dir: Path, registry: Registry, scrypt_n: int = 2**14
) -> Iterator[tuple[FastAPI, dict[str, dict[str, str]]]]:
    """The API over ``database_url`` with ``registry`` loaded, five cases and one user per
    role; yields the app and each role's Authorization header. Hashes at a low scrypt cost:
    logins are not what is measured."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.security import hash_password
    from config import HubSettings
    from dispatch.adapters.db import make_engine
    from dispatch.adapters.users import UserRepository
    from dispatch.migrate import upgrade
    from dispatch.roles import Role, User
    from grid.adapters import store

    upgrade(database_url)
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        store.save(conn, registry, now)
    worker = next(w for w in registry.workers if w.cell == registry.addresses[0].cell)
    street = worker.cell[:9]
    users = {
        "grid_worker": User("worker", Role.GRID_WORKER, "w", area_code=worker.cell,
                            worker_id=worker.id),
        "dispatcher": User("dispatcher", Role.DISPATCHER, "d", area_code=street),
        "handler": User("handler", Role.HANDLER, "h", department_id=f"{street}-urban"),
        "supervisor": User("supervisor", Role.SUPERVISOR, "s", area_code=street[:6]),
        "admin": User("admin", Role.ADMIN, "a"),
    }  # fmt: skip
    with engine.begin() as conn:
        for user in users.values():
            UserRepository(conn).add(user, hash_password(PASSWORD, scrypt_n), now)
    with socket.socket() as probe:  # a broker address nobody listens on: reports still go in
        probe.bind(("127.0.0.1", 0))
        nowhere = f"127.0.0.1:{probe.getsockname()[1]}"
    settings = HubSettings(data_dir=data_dir, kafka_bootstrap=nowhere, auth_scrypt_n=scrypt_n)
    app = create_app(settings, engine, run_relay=False)
    try:
        with TestClient(app) as client:
            headers = {}
            for role, user in users.items():
                form = {"username": user.username, "password": PASSWORD}
                token = client.post("/auth/token", data=form).json()["access_token"]
                headers[role] = {"Authorization": f"Bearer {token}"}
            seed_cases(engine, registry, worker.id, now)
            app.state.registry.get()  # loaded now, not by the first request that needs it
            yield app, headers
    finally:
        engine.dispose()


PASSWORD = "fuzzing the hub"


def seed_cases(engine: Any, registry: Registry, worker_id: str, now: datetime) -> None:
    """Five placed reports recorded into cases, so that lists and reads have something to
    show (the record stage and the projector, as the running hub does)."""
    from contracts.common import GridCode
    from contracts.report import Channel, IncidentReport, Reporter, ReportSource
    from dispatch.adapters.uow import SqlUnitOfWork
    from dispatch.identity import report_id_for
    from dispatch.services import TopicNames, project_cases, record_reports
    from grid.placing import Placer

    placer = Placer(registry)
    batch = []
    for number, address in enumerate([a for a in registry.addresses if a.number][:5]):
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
    record_reports(batch, SqlUnitOfWork(engine), now)
    topics = TopicNames(reports="hub.reports", case_events="hub.case-events")
    while project_cases(SqlUnitOfWork(engine), topics, SlaPolicy(), now).cases:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000, help="per role")
    parser.add_argument("--database", default=None, help="a database URL (default: SQLite)")
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args(argv)
    from gridhub.simulator import demo_registry

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        database = args.database or f"sqlite:///{Path(tmp) / 'hub.db'}"
        hub = hub_app(database, Path(tmp), demo_registry())
        with hub as (app, headers):
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
