"""The `gridhub` command."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path

import click

from config import HubSettings, load_settings
from dispatch.roles import Role, User, user_problem


def _settings(ctx: click.Context) -> HubSettings:
    return ctx.obj  # type: ignore[no-any-return]


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """GridHub: four governance grids in, one closed loop out."""
    settings = load_settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # The Kafka clients log every connection at INFO; their warnings are what matters here.
    for noisy in ("kafka", "aiokafka"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    ctx.obj = settings


@main.command()
@click.option(
    "--port", type=int, default=None, help="Listen port (default HUB_EMBEDDED_BROKER_PORT)."
)
@click.pass_context
def broker(ctx: click.Context, port: int | None) -> None:
    """Run the embedded Kafka-protocol broker and create the hub's topics."""
    from gridhub.runtime import create_topics
    from streams.embedded_broker import BrokerStartError, EmbeddedBroker

    settings = _settings(ctx)
    if port is not None:
        settings = settings.model_copy(update={"embedded_broker_port": port})
    if not settings.uses_embedded_broker:
        created = create_topics(settings)
        click.echo(
            f"HUB_KAFKA_BOOTSTRAP is set: using {settings.bootstrap_servers}, nothing "
            f"spawned; {len(created)} topics created"
        )
        return
    embedded = EmbeddedBroker(
        settings.embedded_broker_port, log_path=settings.data_dir / "broker.log"
    )
    try:
        embedded.start()
    except BrokerStartError as exc:
        raise click.ClickException(str(exc)) from exc
    with embedded as b:
        created = create_topics(settings)
        click.echo(
            f"embedded broker on {b.bootstrap}; {len(created)} topics created; Ctrl-C stops it"
        )
        done = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: done.set())
        try:
            while not done.wait(0.5):
                if b.wait_nonblocking() is not None:
                    raise click.ClickException("the embedded broker exited")
        except KeyboardInterrupt:
            pass


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Apply every migration the database lacks."""
    from dispatch.migrate import upgrade

    settings = _settings(ctx)
    upgrade(settings.effective_database_url)
    click.echo(f"database at head: {settings.effective_database_url}")


@main.command()
@click.pass_context
def worker(ctx: click.Context) -> None:
    """Run a stream worker (scale out by starting more; they share one consumer group)."""
    from gridhub.runtime import SchemaNotCurrent, run_worker

    try:
        run_worker(_settings(ctx))
    except SchemaNotCurrent as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.pass_context
def projector(ctx: click.Context) -> None:
    """Run the projector: lifecycle events, outbox relay, KPI facts and the overdue sweep for
    what the stream workers committed (start it when workers run with
    HUB_WORKER_PROJECTOR=false)."""
    from gridhub.runtime import SchemaNotCurrent, run_projector

    try:
        run_projector(_settings(ctx))
    except SchemaNotCurrent as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.pass_context
def api(ctx: click.Context) -> None:
    """Run the HTTP API (with the outbox relay)."""
    from gridhub.runtime import SchemaNotCurrent, run_api

    try:
        run_api(_settings(ctx))
    except SchemaNotCurrent as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.option(
    "--simulate",
    "simulate_rate",
    type=float,
    default=0.0,
    show_default=True,
    help="Also feed simulated traffic from the four grids and the hotline at this many events/s.",
)
@click.pass_context
def up(ctx: click.Context, simulate_rate: float) -> None:
    """Start the whole hub: broker (unless external), stream worker and API."""
    from gridhub.runtime import up as run_up
    from streams.embedded_broker import BrokerStartError

    try:
        sys.exit(run_up(_settings(ctx), simulate_rate=simulate_rate))
    except BrokerStartError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.option("--rate", type=float, default=50.0, show_default=True, help="Events per second.")
@click.option(
    "--duration", type=float, default=10.0, show_default=True, help="Seconds; 0 runs until Ctrl-C."
)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option(
    "--malformed-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of deliberately broken messages (they must end in the dead-letter topic).",
)
@click.option(
    "--run-id",
    default=None,
    help="Part of every event id (default: new for each run, so runs never repeat ids; "
    "give one to replay a run exactly).",
)
@click.option("--progress/--no-progress", default=True, show_default=True)
@click.option(
    "--obey-switch",
    is_flag=True,
    help="Pause while an admin has switched the demo data off in the console.",
)
@click.pass_context
def simulate(
    ctx: click.Context,
    rate: float,
    duration: float,
    seed: int,
    malformed_rate: float,
    run_id: str | None,
    progress: bool,
    obey_switch: bool,
) -> None:
    """Publish realistic native events of the four grids and 12345 tickets to their topics."""
    from gridhub.runtime import demo_traffic_paused
    from gridhub.runtime import simulate as run_simulation

    if rate <= 0:
        raise click.BadParameter("must be > 0", param_hint="--rate")
    sent = run_simulation(
        _settings(ctx),
        rate,
        duration,
        seed=seed,
        malformed_rate=malformed_rate,
        run_id=run_id,
        show_progress=progress,
        paused=demo_traffic_paused(_settings(ctx)) if obey_switch else None,
    )
    click.echo(f"published {sent} events", err=True)


@main.group()
def registry() -> None:
    """The unified address registry (统一地址库): places, departments, responsibilities."""


@registry.command("load")
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="A folder or .zip of CSV/GeoJSON (as `registry export` writes); default: the demo.",
)
@click.option(
    "--if-none-active",
    is_flag=True,
    help="Do nothing when a registry is already active (for start-up scripts).",
)
@click.option("--progress/--no-progress", default=True, show_default=True)
@click.pass_context
def registry_load(
    ctx: click.Context, source: Path | None, if_none_active: bool, progress: bool
) -> None:
    """Check a registry, store it in the database and make it the active version."""
    from gridhub.runtime import RegistryInvalid, SchemaNotCurrent, active_registry, load_registry

    if if_none_active:
        active = active_registry(_settings(ctx))
        if active is not None:
            click.echo(f"registry {active} is active; nothing loaded")
            return
    try:
        loaded, new = load_registry(_settings(ctx), source, show_progress=progress)
    except RegistryInvalid as exc:
        for problem in exc.problems[:50]:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(f"{exc}; nothing was loaded") from exc
    except SchemaNotCurrent as exc:
        raise click.ClickException(str(exc)) from exc
    counts = ", ".join(f"{len(v)} {k}" for k, v in loaded.entities().items())
    state = "loaded" if new else "already stored; re-activated"
    click.echo(f"registry {loaded.version} {state}: {counts}")


@registry.command("export")
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--version", default=None, help="A stored version (default: the active one).")
@click.pass_context
def registry_export(ctx: click.Context, target: Path, version: str | None) -> None:
    """Write the registry as CSV/GeoJSON into a folder, or a .zip if TARGET ends in .zip."""
    from gridhub.runtime import export_registry

    try:
        exported = export_registry(_settings(ctx), target, version)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"registry {exported.version} written to {target}")


@main.group()
def users() -> None:
    """Users of the API (roles: grid_worker, dispatcher, handler, supervisor, admin)."""


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", "display_name", default=None, help="Shown name (default: username).")
@click.option("--area", default=None, help="Scope: a division or grid cell code.")
@click.option("--department", default=None, help="Handlers: the department they act for.")
@click.option("--worker-id", default=None, help="Grid workers: their roster id.")
@click.password_option(help="Prompted for when not given.")
@click.pass_context
def users_add(
    ctx: click.Context,
    username: str,
    role: str,
    display_name: str | None,
    area: str | None,
    department: str | None,
    worker_id: str | None,
    password: str,
) -> None:
    """Create a user."""
    from api.security import password_problem
    from gridhub.users import add_users

    user = User(username, Role(role), display_name or username, area, department, worker_id)
    problem = user_problem(user)
    if problem:
        raise click.BadParameter(problem)
    settings = _settings(ctx)
    weak = password_problem(password, username, settings.auth_password_min_length)
    if weak:
        raise click.BadParameter(f"password: {weak}", param_hint="--password")
    created = add_users(settings.effective_database_url, [(user, password)], settings.auth_scrypt_n)
    if not created:
        raise click.ClickException(f"user {username} exists already")
    click.echo(f"user {username} ({role}) created")


@users.command("demo")
@click.pass_context
def users_demo(ctx: click.Context) -> None:
    """Create the demo users (one per role) for the active registry, and print them."""
    from gridhub.runtime import print_demo_logins, seed_demo_users

    users_made = seed_demo_users(_settings(ctx))
    print_demo_logins(users_made, f"http://{_settings(ctx).api_host}:{_settings(ctx).api_port}")


@main.group()
def kpi() -> None:
    """The KPI read model."""


@kpi.command("rebuild")
@click.pass_context
def kpi_rebuild(ctx: click.Context) -> None:
    """Recompute every case's KPI facts from its lifecycle events (after upgrading a database
    whose cases predate the read model, or to check it)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from dispatch.adapters.db import make_engine
    from dispatch.adapters.facts import rebuild_all
    from gridhub.runtime import SchemaNotCurrent, require_current_schema

    settings = _settings(ctx)
    try:
        require_current_schema(settings)
    except SchemaNotCurrent as exc:
        raise click.ClickException(str(exc)) from exc
    engine = make_engine(settings.effective_database_url)
    columns = ("cases", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns) as bar:
        task = bar.add_task("cases", total=None)
        written = rebuild_all(
            engine, lambda done, total: bar.update(task, completed=done, total=total)
        )
    engine.dispose()
    click.echo(f"KPI facts of {written} cases rebuilt from their events")


@main.group()
def history() -> None:
    """Historical cases for benchmarks and demos of the KPI API."""


@history.command("generate")
@click.option("--cases", "count", type=click.IntRange(min=1), default=100_000, show_default=True)
@click.option("--days", type=click.IntRange(min=1), default=730, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True)
@click.pass_context
def history_generate(ctx: click.Context, count: int, days: int, seed: int, processes: int) -> None:
    """Write COUNT past cases of all grids, driven through the real loop, reported over the
    last DAYS days (written in bulk, not through the stream; loads the demo registry if the
    database has none)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from dispatch.migrate import upgrade
    from dispatch.sla import configured_policy
    from gridhub.history import generate_in_processes
    from gridhub.runtime import ensure_registry

    settings = _settings(ctx)
    upgrade(settings.effective_database_url)
    ensure_registry(settings)
    sla = configured_policy(
        settings.sla_working_hours,
        settings.sla_holidays,
        settings.sla_extra_workdays,
        settings.sla_escalate_after_hours,
    )
    columns = ("cases", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns) as bar:
        task = bar.add_task("cases", total=count)
        written = generate_in_processes(
            settings.effective_database_url, sla, count, processes=processes, days=days,
            seed=seed, part_size=min(20_000, max(1_000, count // (4 * processes))),
            progress=lambda n: bar.advance(task, n),
        )  # fmt: skip
    click.echo(f"{written} cases written (and their reports, events and KPI facts)")


@main.group()
def contracts() -> None:
    """Wire contracts."""


@contracts.command("export")
def contracts_export() -> None:
    """Regenerate the JSON Schema files and the AsyncAPI document from the models."""
    from contracts.export import write_all

    for path in write_all():
        click.echo(path)


if __name__ == "__main__":
    main()
