"""The `gridhub` command."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path
from typing import BinaryIO

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
            f"embedded broker on {b.bootstrap}; {len(created)} topics created; Ctrl-C stops it "
            "(it keeps topics in memory: unconsumed events, dead letters and case events are "
            "lost when it stops; production uses Kafka)"
        )
        done = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: done.set())
        try:
            while not done.wait(0.5):
                if b.wait_nonblocking() is not None:
                    raise click.ClickException("the embedded broker exited")
        except KeyboardInterrupt:
            pass


@main.command("dead-letters")
@click.option("--stage", "stages", multiple=True, help="Only letters of this stage (repeatable).")
@click.option("--topic", default=None, help="Only letters from this source topic (base name).")
@click.option("--replay", "do_replay", is_flag=True, help="Send the listed letters' messages back.")
@click.option("--limit", type=int, default=50, show_default=True, help="Letters listed at most.")
@click.pass_context
def dead_letters(
    ctx: click.Context, stages: tuple[str, ...], topic: str | None, do_replay: bool, limit: int
) -> None:
    """List the dead-letter topic (why each message was refused), and replay it once fixed."""
    from contracts.topics import DEAD_LETTERS, PLACED_REPORTS, REPORTS
    from streams.replay import read_letters, replay, resend_of

    settings = _settings(ctx)
    letters = [
        found.letter
        for found in read_letters(settings.bootstrap_servers, settings.topic(DEAD_LETTERS.name))
        if (not stages or found.letter.stage.value in stages)
        and (topic is None or found.letter.source_topic == settings.topic(topic))
    ]
    for letter in letters[-limit:]:
        size = f"{letter.payload_size or 0:,} B"
        if letter.payload_truncated:
            size += " (truncated)"
        where = f"{letter.source_topic}[{letter.partition}]@{letter.offset}"
        click.echo(
            f"{letter.failed_at:%Y-%m-%d %H:%M:%S} {letter.stage.value:<9} {where} {size}: "
            f"{letter.reason[:160]}"
        )
    click.echo(f"{len(letters)} dead letters", err=True)
    if do_replay:
        placed, reports = settings.topic(PLACED_REPORTS.name), settings.topic(REPORTS.name)
        from dispatch.adapters.pii import sealer_from_settings

        opener = sealer_from_settings(settings).open_bytes
        resends = [
            r for r in (resend_of(x, placed, reports, opener) for x in letters) if r is not None
        ]
        sent = replay(settings.bootstrap_servers, resends)
        click.echo(f"replayed {sent}; {len(letters) - sent} could not be (truncated or no report)")


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


@main.group()
def pii() -> None:
    """Personal data: keys, re-sealing, reading a sealed dead letter (docs/privacy.md)."""


@pii.command("new-key")
def pii_new_key() -> None:
    """Print a new key for HUB_PII_KEYS (put it first to seal with it from now on)."""
    from dispatch.adapters.pii import Sealer

    click.echo(Sealer.new_key())


@pii.command("reseal")
@click.option("--batch", type=int, default=500, show_default=True, help="Rows per transaction.")
@click.pass_context
def pii_reseal(ctx: click.Context, batch: int) -> None:
    """Seal every stored name and phone with the first of HUB_PII_KEYS: after rotating keys,
    and once after upgrading a database that kept them in clear. Safe to run again."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from dispatch.adapters.db import make_engine
    from dispatch.adapters.pii import PiiKeyError, sealer_from_settings
    from dispatch.adapters.reseal import reseal_all
    from gridhub.runtime import SchemaNotCurrent, require_current_schema

    settings = _settings(ctx)
    try:
        require_current_schema(settings)
        sealer = sealer_from_settings(settings)
    except (SchemaNotCurrent, PiiKeyError) as exc:
        raise click.ClickException(str(exc)) from exc
    engine = make_engine(settings.effective_database_url)
    columns = ("rows", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns) as bar:
            task = bar.add_task("rows", total=None)
            done = reseal_all(
                engine,
                sealer,
                lambda looked_at, total: bar.update(task, completed=looked_at, total=total),
                batch,
            )
    except PiiKeyError as exc:
        raise click.ClickException(
            f"{exc}: list the key it was sealed with in HUB_PII_KEYS"
        ) from exc
    finally:
        engine.dispose()
    click.echo(
        f"{done.looked_at} rows looked at: {done.reports} reports, {done.outbox} outbox "
        f"messages and {done.events} case events re-sealed with the first key"
    )


@pii.command("open-dead-letter")
@click.argument("source", type=click.File("rb"), default="-")
@click.pass_context
def pii_open_dead_letter(ctx: click.Context, source: BinaryIO) -> None:
    """Write the original message of a dead letter (its JSON from hub.dead-letters, on SOURCE
    or standard input) to standard output, opened with HUB_PII_KEYS."""
    import base64

    from contracts.deadletter import DeadLetter
    from dispatch.adapters.pii import PiiKeyError, sealer_from_settings

    letter = DeadLetter.model_validate_json(source.read())
    try:
        payload = (
            sealer_from_settings(_settings(ctx)).open_bytes(letter.payload_b64)
            if letter.payload_sealed
            else base64.b64decode(letter.payload_b64)
        )
    except PiiKeyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.get_binary_stream("stdout").write(payload)


if __name__ == "__main__":  # last: every command above is registered by now
    main()
