"""Start the parts of the hub: worker, API, the whole hub (`up`), the traffic simulator."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kafka import KafkaProducer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from config import HubSettings
from contracts.topics import NATIVE_TOPICS
from dispatch.adapters.db import make_engine
from dispatch.adapters.users import UserRepository
from dispatch.migrate import is_current, upgrade
from dispatch.roles import User
from grid.adapters import store as registry_store
from grid.adapters.files import RegistryFileError, read_registry, write_registry
from grid.demo import attribution_for, build_demo_registry
from grid.model import Registry
from grid.validate import check_registry
from gridhub.simulator import TrafficGenerator
from gridhub.users import DEMO_PASSWORD, add_users, demo_users
from streams.embedded_broker import EmbeddedBroker
from streams.kafka_admin import ensure_topics, hub_topic_names

if TYPE_CHECKING:
    from streams.projector import Projector

log = logging.getLogger("gridhub")
console = Console(stderr=True)


class SchemaNotCurrent(RuntimeError):
    pass


class RegistryInvalid(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problems in the registry")
        self.problems = problems


def read_registry_source(source: Path | None) -> Registry:
    """The demo registry, or one from a folder or zip of CSV/GeoJSON; checked before use."""
    if source is None:
        registry = build_demo_registry()
    else:
        try:
            registry = read_registry(source)
        except RegistryFileError as exc:
            raise RegistryInvalid(exc.problems) from exc
    problems = check_registry(registry)
    if problems:
        raise RegistryInvalid([str(p) for p in problems])
    return registry


def load_registry(
    settings: HubSettings, source: Path | None = None, show_progress: bool = True
) -> tuple[Registry, bool]:
    """Store a registry version in the database and make it the active one."""
    registry = read_registry_source(source)
    require_current_schema(settings)
    engine = make_engine(settings.effective_database_url)
    total = sum(len(items) for items in registry.entities().values())
    with Progress(
        TextColumn("loading registry {task.fields[table]:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("load", total=total, table="")

        def advance(table: str, rows: int) -> None:
            progress.update(task, advance=rows, table=table)

        with engine.begin() as conn:
            new = registry_store.save(conn, registry, datetime.now(UTC), progress=advance)
    engine.dispose()
    return registry, new


def has_users(settings: HubSettings) -> bool:
    engine = make_engine(settings.effective_database_url)
    try:
        with engine.connect() as conn:
            return bool(UserRepository(conn).all())
    finally:
        engine.dispose()


def seed_demo_users(settings: HubSettings) -> list[User]:
    """The demo users, created if missing (for `gridhub up` and `gridhub users demo`)."""
    engine = make_engine(settings.effective_database_url)
    try:
        with engine.connect() as conn:
            registry = registry_store.load(conn)
    finally:
        engine.dispose()
    if registry is None:
        raise LookupError("no registry is active: run `gridhub registry load` first")
    users = demo_users(registry)
    add_users(
        settings.effective_database_url,
        [(u, DEMO_PASSWORD) for u in users],
        settings.auth_scrypt_n,
    )
    return users


def print_demo_logins(users: list[User], url: str) -> None:
    console.print(f"demo users (password [bold]{DEMO_PASSWORD}[/]):")
    per_department = [u for u in users if u.username == f"handler.{u.department_id}"]
    for user in users:
        if user in per_department:
            continue
        scope = user.area_code or user.department_id or "everything"
        console.print(f"  {user.username:<20} {user.role.value:<12} {scope}")
    if per_department:
        example = per_department[-1].username
        console.print(
            f"  handler.<department>  handler      one for each of the {len(per_department)} "
            f"departments of the grids, e.g. {example}"
        )
    console.print(
        f"log in to the console at {url}/ with any of them; the API: curl -s -X POST "
        f"{url}/auth/token -d username=dispatcher -d password={DEMO_PASSWORD}  (or the "
        f"Authorize button at {url}/docs)"
    )


def active_registry(settings: HubSettings) -> str | None:
    engine = make_engine(settings.effective_database_url)
    try:
        with engine.connect() as conn:
            return registry_store.active_version(conn)
    finally:
        engine.dispose()


def ensure_registry(settings: HubSettings) -> str:
    """Load the demo registry when the database has none active; returns the active version."""
    version = active_registry(settings)
    if version is not None:
        return version
    registry, _ = load_registry(settings, None, show_progress=False)
    return registry.version


def export_registry(settings: HubSettings, target: Path, version: str | None = None) -> Registry:
    engine = make_engine(settings.effective_database_url)
    try:
        with engine.connect() as conn:
            registry = registry_store.load(conn, version)
    finally:
        engine.dispose()
    if registry is None:
        raise LookupError(f"no registry {version or 'is active'} in the database")
    write_registry(registry, target, attribution_for(registry))
    return registry


def require_current_schema(settings: HubSettings) -> None:
    engine = make_engine(settings.effective_database_url)
    try:
        if not is_current(engine):
            raise SchemaNotCurrent(
                "the database schema is not current: run `gridhub db upgrade` first"
            )
    finally:
        engine.dispose()


def create_topics(settings: HubSettings) -> list[str]:
    return ensure_topics(
        settings.bootstrap_servers,
        hub_topic_names(settings.topic_prefix),
        settings.topic_partitions,
        settings.topic_replication,
    )


def _projector(
    settings: HubSettings, engine: Engine, on_projected: Callable[[], None] | None = None
) -> Projector:
    from contracts.topics import CASE_EVENTS, REPORTS
    from dispatch.services import TopicNames
    from streams.policies import sla_policy
    from streams.projector import Projector

    topics = TopicNames(
        reports=settings.topic(REPORTS.name), case_events=settings.topic(CASE_EVENTS.name)
    )
    return Projector.from_settings(engine, settings, topics, sla_policy(settings), on_projected)


WORKER_FAILED = 70  # EX_SOFTWARE: an agent failed; everything unacked is delivered again


FAILED_STOP_SECONDS = 60.0


def _exit_failed() -> None:
    # Straight to stderr, no logging: a stop stuck inside a log handler would hold this too.
    message = f"the failed worker did not stop in {FAILED_STOP_SECONDS:.0f} s; exiting now\n"
    os.write(2, message.encode())
    os._exit(WORKER_FAILED)


def run_worker(settings: HubSettings) -> None:
    import faust

    from streams.app import create_stream_app
    from streams.relay import OutboxRelay
    from streams.status import StatusReporter

    require_current_schema(settings)
    warning = unsealed_reports(settings)
    if warning:
        log.warning(warning)
    create_topics(settings)
    engine = make_engine(settings.effective_database_url)
    relay = projector = None
    if settings.worker_projector:
        relay = OutboxRelay.from_settings(engine, settings)
        relay.start()
        projector = _projector(settings, engine, relay.wake).start()
    failures: list[BaseException] = []

    def stop_failed(exc: BaseException) -> None:
        # Stop as on SIGTERM (commit what was acked, leave the rest for the next start) and
        # exit non-zero, so the process supervisor starts the worker again.
        failures.append(exc)
        os.kill(os.getpid(), signal.SIGTERM)
        # Should the stop itself hang, leave as a kill would: nothing acked is lost, since
        # what was not committed is delivered again.
        watchdog = threading.Timer(FAILED_STOP_SECONDS, _exit_failed)
        watchdog.daemon = True
        watchdog.start()

    app = create_stream_app(
        settings, engine, projector.wake if projector else None, on_failure=stop_failed
    )
    status = StatusReporter(engine, settings.stream_stages).start()
    # Faust's level names differ from logging's ('warn'); a number means the same to both.
    level = logging.getLevelName(settings.log_level.upper())
    worker = faust.Worker(app, loglevel=level if isinstance(level, int) else "info", quiet=True)
    try:
        worker.execute_from_commandline()
    except BaseException:
        # After a failure Faust may re-raise whatever it last recorded (even a cancellation).
        if failures:
            raise SystemExit(WORKER_FAILED) from failures[0]
        raise
    finally:
        status.stop()
        writer = getattr(app, "state_writer", None)
        if writer is not None:
            writer.stop()
        if projector is not None:
            projector.stop()
            projector.drain(timeout=10)
        if relay is not None:
            relay.stop()
            relay.publish_pending()
        engine.dispose()


def run_projector(settings: HubSettings) -> None:
    """The projector, the overdue sweep and the outbox relay, until Ctrl-C or SIGTERM."""
    from streams import collector
    from streams.relay import OutboxRelay

    require_current_schema(settings)
    collector.set_thresholds(settings.stream_gc_gen0)
    engine = make_engine(settings.effective_database_url)
    relay = OutboxRelay.from_settings(engine, settings)
    relay.start()
    projector = _projector(settings, engine, relay.wake).start()
    stopping = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        stopping.wait()
    finally:
        projector.stop()
        projector.drain(timeout=10)
        relay.stop()
        engine.dispose()


def run_api(settings: HubSettings) -> None:
    import uvicorn

    from api.app import create_app

    require_current_schema(settings)
    uvicorn.run(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_level=settings.log_level.lower(),
    )


def simulate(
    settings: HubSettings,
    rate: float,
    duration: float,
    *,
    seed: int = 7,
    malformed_rate: float = 0.0,
    run_id: str | None = None,
    show_progress: bool = True,
    paused: Callable[[], bool] | None = None,
) -> int:
    """Publish native events of the four grids and the hotline at `rate`/s for `duration` s
    (0: until Ctrl-C). ``paused`` (asked every two seconds) holds the traffic while it answers
    True. Event ids carry ``run_id``, new for each run unless given: a second run with the same
    seed sends new incidents, not replays of the first run's."""
    producer = KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers.split(","),
        client_id="gridhub-simulator",
        linger_ms=10,
    )
    topics = {grid: settings.topic(spec.name) for grid, spec in NATIVE_TOPICS.items()}
    generator = TrafficGenerator(
        seed=seed, malformed_rate=malformed_rate, run_id=run_id or new_run_id()
    )
    total = int(rate * duration) if duration > 0 else None
    sent = 0
    started = time.monotonic()
    asked_at, holding = 0.0, False
    columns = [
        TextColumn("[bold]simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.0f} ev/s"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console, disable=not show_progress) as progress:
        task = progress.add_task("events", total=total, rate=0.0)
        try:
            while total is None or sent < total:
                if paused is not None and time.monotonic() - asked_at >= 2.0:
                    asked_at = time.monotonic()
                    was_holding, holding = holding, paused()
                    if was_holding and not holding:  # go on at the rate, not in a burst
                        started = time.monotonic() - sent / rate
                if holding:
                    time.sleep(0.2)
                    continue
                due = int((time.monotonic() - started) * rate) + 1
                if total is not None:
                    due = min(due, total)
                while sent < due:
                    message = generator.next_message()
                    producer.send(
                        topics[message.grid], key=message.key.encode(), value=message.value
                    )
                    sent += 1
                elapsed = max(time.monotonic() - started, 1e-6)
                progress.update(task, completed=sent, rate=sent / elapsed)
                time.sleep(min(0.05, 1.0 / max(rate, 1.0)))
        except KeyboardInterrupt:
            pass
        finally:
            producer.flush(timeout=30)
            producer.close(timeout=10)
    return sent


def new_run_id() -> str:
    """Short, unique per run: the start time in base 36 and a random part."""
    stamp, alphabet = int(time.time()), "0123456789abcdefghijklmnopqrstuvwxyz"
    digits = ""
    while stamp:
        stamp, digit = divmod(stamp, 36)
        digits = alphabet[digit] + digits
    return f"{digits}{secrets.token_hex(2)}"


def _spawn(args: Iterable[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    # A process group of its own, so Ctrl-C in the terminal reaches `up` first and `up`
    # shuts the children down in order.
    return subprocess.Popen(
        [sys.executable, "-m", "gridhub.cli", *args], env=env, start_new_session=True
    )


def personal_data_keys(settings: HubSettings) -> str:
    """Make sure every process finds the same key (generated before they start), and say
    which keys seal personal data."""
    from dispatch.adapters.pii import KEY_FILE, sealer_from_settings

    sealer = sealer_from_settings(settings)
    if settings.pii_keys:
        return f"personal data sealed with HUB_PII_KEYS ({sealer.key_count} keys)"
    return (
        f"[yellow]HUB_PII_KEYS is not set[/]: personal data is sealed with the key in "
        f"{settings.data_dir / KEY_FILE} (keep it with the database; set HUB_PII_KEYS in "
        "production)"
    )


def unsealed_reports(settings: HubSettings) -> str | None:
    """A warning when stored reports keep personal data in clear (dispatch/adapters/reseal.py);
    never a reason not to start."""
    from dispatch.adapters.reseal import unsealed_warning

    engine = make_engine(settings.effective_database_url)
    try:
        return unsealed_warning(engine)
    except SQLAlchemyError as exc:  # a start must not fail on a warning
        log.warning("could not count unsealed reports: %s", exc)
        return None
    finally:
        engine.dispose()


def up(settings: HubSettings, simulate_rate: float = 0.0, drain_seconds: float = 30.0) -> int:
    """Broker (unless external), migrations, topics, stream worker, projector, API, optional
    simulator; Ctrl-C stops them in order (see ``_stop_in_order``)."""
    broker: EmbeddedBroker | None = None
    children: dict[str, subprocess.Popen[bytes]] = {}
    stop = False

    def request_stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per plugin otherwise
    try:
        if settings.uses_embedded_broker:
            broker = EmbeddedBroker(
                settings.embedded_broker_port, log_path=settings.data_dir / "broker.log"
            ).start()
            console.print(
                f"embedded broker listening on {broker.bootstrap} [dim](keeps topics in "
                "memory: events not yet consumed, dead letters and case events are lost when "
                "it stops; production uses Kafka)[/]"
            )
        else:
            console.print(f"using Kafka at {settings.bootstrap_servers}")
        created = create_topics(settings)
        console.print(f"topics ready ({len(created)} created)")
        upgrade(settings.effective_database_url)
        console.print(f"database ready: {settings.effective_database_url}")
        console.print(f"address registry {ensure_registry(settings)} active")
        console.print(personal_data_keys(settings))
        warning = unsealed_reports(settings)
        if warning:
            console.print(f"[yellow]{warning}[/]")
        # Demo users only in a database without users: `up` never adds a known password
        # to a database that has real ones.
        demo_logins = [] if has_users(settings) else seed_demo_users(settings)

        env = {
            **os.environ,
            "HUB_KAFKA_BOOTSTRAP": settings.bootstrap_servers,
            "HUB_DATABASE_URL": settings.effective_database_url,
            "HUB_DATA_DIR": str(settings.data_dir),
            "HUB_WORKER_PROJECTOR": "false",  # the projector runs as its own process
            "HUB_LOG_LEVEL": os.environ.get("HUB_LOG_LEVEL", "WARNING"),
        }
        children["worker"] = _spawn(["worker"], env)
        children["projector"] = _spawn(["projector"], env)
        children["api"] = _spawn(["api"], env)
        url = f"http://{settings.api_host}:{settings.api_port}"
        if demo_logins:
            print_demo_logins(demo_logins, url)
        else:
            console.print("users exist: no demo users added (`gridhub users demo` adds them)")
        console.print(
            f"[bold green]GridHub is up[/]: console {url}/  (API docs {url}/docs, "
            f"metrics {url}/metrics). Ctrl-C stops everything."
        )
        if simulate_rate > 0:
            # Traffic sent before a worker consumes only queues up: the first reports would
            # wait for the group to form and /health would say "degraded" for a minute.
            console.print("waiting for the stream worker to take its topics ...")
            if wait_for_consuming_worker(settings, children["worker"], 90.0, lambda: stop):
                console.print(f"demo traffic: {simulate_rate:g} events/s")
            elif not stop:
                console.print("[yellow]the worker has not reported consuming yet; traffic starts")
        if simulate_rate > 0 and not stop:
            children["simulator"] = _spawn(
                [
                    "simulate",
                    "--rate",
                    str(simulate_rate),
                    "--duration",
                    "0",
                    "--no-progress",
                    "--obey-switch",
                ],
                env,
            )
        restarts: list[float] = []
        while not stop:
            for name, child in children.items():
                if child.poll() is None:
                    continue
                if name == "worker" and _may_restart(child.returncode, restarts, time.monotonic()):
                    console.print(
                        "[yellow]the stream worker failed (its log says why); starting it again: "
                        "what it had not committed is delivered again"
                    )
                    children[name] = _spawn(["worker"], env)
                    continue
                console.print(f"[red]{name} exited with code {child.returncode}; stopping")
                stop = True
            time.sleep(0.3)
        return 0 if all(c.poll() in (None, 0) for c in children.values()) else 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the stop
        _stop_in_order(settings, children, drain_seconds)
        if broker is not None:
            broker.stop()
        console.print("stopped")


WORKER_RESTARTS = 3  # a worker failing more often than this within RESTART_WINDOW stops `up`
RESTART_WINDOW = 600.0


def _may_restart(returncode: int, restarts: list[float], now: float) -> bool:
    """A worker that failed the way a restart mends (WORKER_FAILED), not too often."""
    restarts[:] = [t for t in restarts if now - t < RESTART_WINDOW]
    if returncode != WORKER_FAILED or len(restarts) >= WORKER_RESTARTS:
        return False
    restarts.append(now)
    return True


def wait_for_consuming_worker(
    settings: HubSettings,
    worker: subprocess.Popen[bytes],
    timeout: float,
    stopping: Callable[[], bool] = lambda: False,
) -> bool:
    """Until a live worker reports partitions assigned (its status row, written every few
    seconds), the worker exits, ``stopping`` says so or ``timeout`` passes. True when one
    consumes."""
    from api.stream_health import live_workers

    engine = make_engine(settings.effective_database_url)
    silence = timedelta(seconds=settings.health_worker_silence_seconds)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and worker.poll() is None and not stopping():
            try:
                workers = live_workers(engine, silence)
            except SQLAlchemyError:
                workers = []
            if any(
                (w.snapshot.get("gauges") or {}).get("stream_assigned_partitions", 0) > 0
                for w in workers
            ):
                return True
            time.sleep(0.5)
        return False
    finally:
        engine.dispose()


def _stop_in_order(
    settings: HubSettings, children: dict[str, subprocess.Popen[bytes]], drain_seconds: float
) -> None:
    """Intake first (simulator, API), then let the worker take what is still in the topics
    (up to ``drain_seconds``), then the worker (it commits what it holds), then the projector
    (it writes what the worker committed); the broker last, by the caller."""
    from streams.lag import consumer_lag, total_lag

    console.print("stopping: no new reports ...")
    _interrupt(children, ["simulator", "api"])
    worker = children.get("worker")
    waiting = _unconsumed(settings, consumer_lag, total_lag)
    if worker is not None and worker.poll() is None and waiting:
        console.print(f"letting the worker take the {waiting:,} events still waiting ...")
        deadline = time.monotonic() + drain_seconds
        while waiting and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.5)
            waiting = _unconsumed(settings, consumer_lag, total_lag)
    _interrupt(children, ["worker"])
    _interrupt(children, ["projector"])
    waiting = _unconsumed(settings, consumer_lag, total_lag)
    if waiting and settings.uses_embedded_broker:
        console.print(
            f"[yellow]{waiting:,} events were not consumed; the embedded broker keeps topics "
            "in memory, so they are lost when it stops[/]"
        )
    elif waiting:
        console.print(f"{waiting:,} events wait in Kafka for the next start")
    else:
        console.print("every event was consumed")
    if settings.uses_embedded_broker:
        console.print(
            "[dim]the embedded broker's topics go with it: read hub.dead-letters and "
            "hub.case-events before the next start if they matter[/]"
        )


def _unconsumed(settings: HubSettings, consumer_lag: Any, total_lag: Any) -> int:
    try:
        return int(total_lag(consumer_lag(settings, timeout_ms=3_000)))
    except Exception:  # the broker is gone or busy: nothing more to learn
        return 0


def _interrupt(children: dict[str, subprocess.Popen[bytes]], names: list[str]) -> None:
    running = [(n, children[n]) for n in names if n in children and children[n].poll() is None]
    for _name, child in running:
        child.send_signal(signal.SIGINT)
    for name, child in running:
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            console.print(f"[yellow]{name} did not stop within 30 s; killed")
            child.kill()
            child.wait(5)


def demo_traffic_paused(settings: HubSettings) -> Callable[[], bool]:
    """Whether an admin paused the demo traffic (the console's demo data switch)."""
    from dispatch.adapters import switches

    engine = make_engine(settings.effective_database_url)

    def paused() -> bool:
        try:
            with engine.connect() as conn:
                row = switches.read(conn, switches.DEMO_TRAFFIC)
        except Exception:  # no database (yet): keep going
            return False
        return row is not None and not row["value"].get("on", True)

    return paused
