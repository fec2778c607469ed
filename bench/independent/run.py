"""The independent check: the hub's de-duplication and address resolution on labelled data
written separately from the matchers.

    python -m bench.independent.run                  # both parts; writes docs/benchmarks.md
    python -m bench.independent.run --no-write       # print only
    python -m bench.independent.run --part addresses # only the address set (no services;
                                                     # prints, does not rewrite the docs)
    python -m bench.independent.run --plumbing 40    # send 40 reports, check they reach cases

De-duplication: the labelled stream (bench/independent/stream.py) is sent to a running hub as
a deployment receives it: native messages on the four grids' Kafka topics, grid workers' and
citizens' reports to POST /reports (each grid worker with a login of their own, citizen apps
through the desk's), in sending order. A real broker (the embedded one unless
HUB_KAFKA_BOOTSTRAP is set), a real `gridhub worker`, a real `gridhub api`, and a fresh
PostgreSQL database (HUB_BENCH_DATABASE_URL, default 127.0.0.1:5432). Once every report is
in a case, the grouping is read from the database and scored on pairs.

Addresses: the labelled address set (bench/independent/addresses.py) is placed with
grid.placing.Placer on the demo registry the hub loads, in this process and in two more with
different PYTHONHASHSEED values (answers must not depend on the process).

Nothing here changes the hub: no setting is passed but the connections, ports and topic prefix.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.independent.addresses import AddressItem, build_address_set  # noqa: E402
from bench.independent.evaluate import (  # noqa: E402
    AddressResult,
    DedupeResult,
    ReportKey,
    evaluate_addresses,
    evaluate_dedupe,
    fmt,
    key_of,
    pair_table,
    spread,
)
from bench.independent.geo import distance_m  # noqa: E402
from bench.independent.stream import Incident, LabelledReport, Stream, build_stream, summary  # noqa: E402
from bench.results import RESULTS, write_section  # noqa: E402

LOGS = ROOT / "var" / "bench"
MISSES = ROOT / "var" / "independent" / "misses.md"
SECTION = "independent-check"


# ------------------------------------------------------------------ addresses


def resolve_all(items: list[AddressItem]) -> dict[str, dict[str, Any]]:
    """item id -> the Placement the hub's placer gives (as a dict)."""
    from contracts.report import GeoPoint, IncidentReport, Reporter, ReportSource
    from grid.demo import build_demo_registry
    from grid.placing import Placer

    placer = Placer(build_demo_registry())
    now = datetime.now(UTC)
    answers = {}
    for item in items:
        location = (
            GeoPoint(lon=item.point[0], lat=item.point[1], crs=item.crs) if item.point else None
        )
        report = IncidentReport(
            report_id=f"address-check-{item.item_id}",
            source=ReportSource(grid="urban", channel="api", source_event_id=item.item_id),
            category="urban.road_damage",
            title="address check",
            description="address check",
            address_text=item.text,
            location=location,
            reporter=Reporter(id="address-check", role="citizen"),
            occurred_at=now,
            reported_at=now,
        )
        placed = placer.place(report, now)
        answers[item.item_id] = placed.placement.model_dump(mode="json")
    return answers


def check_addresses() -> tuple[AddressResult, int, float]:
    items = build_address_set()
    began = time.perf_counter()
    answers = resolve_all(items)
    seconds = time.perf_counter() - began
    result = evaluate_addresses(items, lambda item: answers[item.item_id])
    differing = 0
    with tempfile.TemporaryDirectory() as tmp:
        outputs = []
        for seed in ("1", "4242"):
            out = Path(tmp) / f"answers-{seed}.json"
            env = {**os.environ, "PYTHONHASHSEED": seed}
            subprocess.run(
                [sys.executable, "-m", "bench.independent.run", "--resolve-to", str(out)],
                cwd=ROOT,
                env=env,
                check=True,
            )
            outputs.append(json.loads(out.read_text(encoding="utf-8")))
        for item in items:
            seen = {_answer(answers[item.item_id])} | {_answer(o[item.item_id]) for o in outputs}
            differing += len(seen) > 1
    return result, differing, seconds


def _answer(placement: dict[str, Any]) -> str:
    keys = ("status", "precision", "address_id", "cell", "community", "township")
    return json.dumps([placement.get(k) for k in keys])


# ------------------------------------------------------------------ de-duplication through the hub


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(args: list[str], env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    LOGS.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "gridhub.cli", *args],
        env=env,
        cwd=ROOT,
        stdout=(LOGS / f"{name}.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def send_stream(stream: Stream, limit: int | None, partitions: int) -> dict[str, Any]:
    """Send the stream through a running hub; returns the database's view of every report."""
    import httpx
    import sqlalchemy as sa
    from kafka import KafkaProducer

    from config import HubSettings
    from contracts.common import GridCode
    from contracts.topics import NATIVE_TOPICS
    from dispatch.migrate import upgrade
    from dispatch.roles import Role, User
    from grid.demo import build_demo_registry
    from gridhub.runtime import ensure_registry
    from gridhub.users import DEMO_PASSWORD, add_users, demo_users
    from streams.embedded_broker import EmbeddedBroker
    from streams.kafka_admin import ensure_topics, hub_topic_names

    reports = stream.reports[:limit] if limit else stream.reports
    broker = None
    bootstrap = os.environ.get("HUB_KAFKA_BOOTSTRAP")
    if not bootstrap:
        broker = EmbeddedBroker(free_port()).start()
        bootstrap = broker.bootstrap
    prefix = f"indep{uuid.uuid4().hex[:6]}."
    admin_url = os.environ.get(
        "HUB_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    db_name = f"gridhub_independent_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{db_name}"'))
    database_url = (
        sa.make_url(admin_url).set(database=db_name).render_as_string(hide_password=False)
    )
    worker = api = None
    try:
        upgrade(database_url)
        ensure_registry(HubSettings(database_url=database_url))
        registry = build_demo_registry()
        cells = {w.id: w.cell for w in registry.workers}
        users = demo_users(registry)
        users += [
            User(name, Role.GRID_WORKER, f"网格员 {wid}", area_code=cells.get(wid), worker_id=wid)
            for name, wid in stream.worker_users.items()
        ]
        add_users(database_url, [(user, DEMO_PASSWORD) for user in users])
        ensure_topics(bootstrap, hub_topic_names(prefix), partitions, 1)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
        env |= {
            "HUB_KAFKA_BOOTSTRAP": bootstrap,
            "HUB_TOPIC_PREFIX": prefix,
            "HUB_DATABASE_URL": database_url,
            "HUB_TOPIC_PARTITIONS": str(partitions),
            "HUB_DATA_DIR": str(LOGS),
            "HUB_API_PORT": str(port),
            "HUB_LOG_LEVEL": "WARNING",
        }
        worker = start(["worker"], env, "independent-worker")
        api = start(["api"], env, "independent-api")
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or api.poll() is not None:
                raise RuntimeError(f"the API did not start; see {LOGS / 'independent-api.log'}")
            time.sleep(0.3)
        topics = {grid: f"{prefix}{spec.name}" for grid, spec in NATIVE_TOPICS.items()}
        producer = KafkaProducer(bootstrap_servers=bootstrap.split(","), linger_ms=5)
        engine = sa.create_engine(database_url)
        tokens: dict[str, dict[str, str]] = {}
        began = time.perf_counter()
        with httpx.Client(base_url=base_url, timeout=30) as http:

            def auth(username: str) -> dict[str, str]:
                if username not in tokens:
                    response = http.post(
                        "/auth/token", data={"username": username, "password": DEMO_PASSWORD}
                    )
                    response.raise_for_status()
                    tokens[username] = {
                        "Authorization": f"Bearer {response.json()['access_token']}"
                    }
                return tokens[username]

            for i, report in enumerate(reports, 1):
                if report.native is not None:
                    producer.send(
                        topics[GridCode(report.grid)],
                        key=(report.key or "").encode(),
                        value=report.wire(),
                    )
                else:
                    producer.flush()  # keep the sending order across the two channels
                    body = dict(report.api_body or {})
                    # Without occurred_at a live hub stamps the report when it arrives; the
                    # replay sends a fortnight in minutes, so it carries that arrival moment.
                    body.setdefault("occurred_at", report.sent_at.isoformat())
                    response = http.post(
                        "/reports", json=body, headers=auth(report.api_user or "dispatcher")
                    )
                    if response.status_code not in (200, 202):
                        raise RuntimeError(f"POST /reports {response.status_code}: {response.text}")
                if i % 250 == 0:
                    print(f"  sent {i:,} of {len(reports):,}", flush=True)
            producer.flush()
            producer.close()
        sent_seconds = time.perf_counter() - began
        deadline = time.monotonic() + 900
        done = 0
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                done = conn.scalar(
                    sa.text("SELECT count(*) FROM reports WHERE case_id IS NOT NULL")
                )
            if done >= len(reports):
                break
            if worker.poll() is not None:
                break
            time.sleep(1)
        seconds = time.perf_counter() - began
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT grid, source_event_id, case_id, dedupe, place_status, placement "
                    "FROM reports"
                )
            ).all()
            dead = conn.scalar(sa.text("SELECT count(*) FROM reports WHERE case_id IS NULL"))
        engine.dispose()
    finally:
        stop(worker)
        stop(api)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()
        if broker is not None:
            broker.stop()
    return {
        "rows": rows,
        "reports": reports,
        "seconds": seconds,
        "sent_seconds": sent_seconds,
        "without_case": dead,
        "broker": "external Kafka" if broker is None else "embedded (Tansu, memory)",
    }


def _doc(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return json.loads(value)
    return value or {}


def save_rows(
    stream: Stream,
    case_of: dict[ReportKey, str | None],
    dedupe_of: dict[ReportKey, dict[str, Any]],
    placement_of: dict[ReportKey, dict[str, Any]],
) -> Path:
    """Every labelled report with what the hub did with it, for reading misses later
    (var/bench, not committed: it holds the labels)."""
    out = LOGS / "independent-reports.json"
    LOGS.mkdir(parents=True, exist_ok=True)
    records = []
    for r in stream.reports:
        key = key_of(r)
        records.append(
            {
                "incident": r.incident_id,
                "kind": r.kind,
                "density": r.density,
                "voice": r.voice,
                "grid": r.grid,
                "category": r.category,
                "source_event_id": r.source_event_id,
                "address_text": r.address_text,
                "description": r.description,
                "observed_at": r.observed_at.isoformat(),
                "sent_at": r.sent_at.isoformat(),
                "occurred_given": r.occurred_given,
                "case": case_of.get(key),
                "dedupe": dedupe_of.get(key),
                "placement": placement_of.get(key),
            }
        )
    out.write_text(json.dumps(records, ensure_ascii=False, default=str), encoding="utf-8")
    return out


# ------------------------------------------------------------------ reading misses


def _when(report: LabelledReport) -> str:
    late = report.sent_at - report.observed_at
    text = f"seen {report.observed_at:%m-%d %H:%M}"
    if late.total_seconds() > 3600:
        text += f", sent {late.total_seconds() / 3600:.1f} h later"
    if not report.occurred_given:
        text += ", no occurred_at"
    return text


def _line(report: LabelledReport, extra: str) -> str:
    return (
        f"  - {report.voice} `{report.category}` {extra}: 「{report.address_text}」 "
        f"「{report.description}」 ({_when(report)})"
    )


def _placed(placement: dict[str, Any]) -> str:
    """Where the hub placed a report, in a few words."""
    if not placement:
        return "not placed"
    where = placement.get("address") or placement.get("cell") or placement.get("township") or ""
    return f"{placement.get('status')} {placement.get('precision') or ''} {where}".strip()


def missed_merges(
    result: DedupeResult,
    incidents: dict[str, Incident],
    case_of: dict[ReportKey, str | None],
    dedupe_of: dict[ReportKey, dict[str, Any]],
    placement_of: dict[ReportKey, dict[str, Any]],
    limit: int = 10,
) -> list[str]:
    split: dict[str, int] = defaultdict(int)
    for a, _ in result.missed_pairs:
        split[a.incident_id] += 1
    members: dict[str, list[LabelledReport]] = defaultdict(list)
    for a, b in result.missed_pairs:
        for r in (a, b):
            if r not in members[r.incident_id]:
                members[r.incident_id].append(r)
    ordered = sorted(split, key=lambda i: (-split[i], i))
    chosen = spread(ordered, lambda i: incidents[i].kind.code, limit)
    lines: list[str] = []
    for n, incident_id in enumerate(chosen, 1):
        incident = incidents[incident_id]
        reports = sorted(members[incident_id], key=lambda r: r.sent_at)
        cases = {case_of.get(key_of(r)) for r in reports}
        lines.append(
            f"{n}. **{incident.kind.label}** ({incident.kind.code}, {incident.density}): "
            f"{len(reports)} reports of one incident in {len(cases)} cases, "
            f"{split[incident_id]} pairs missed."
        )
        names = {c: chr(ord("A") + i) for i, c in enumerate(sorted(cases, key=str))}
        for r in reports:
            decision = dedupe_of.get(key_of(r), {})
            score = decision.get("score")
            extra = f"-> case {names[case_of.get(key_of(r))]}, {decision.get('outcome')}"
            if isinstance(score, int | float):
                extra += f" (score {score:.3f})"
            extra += f", placed: {_placed(placement_of.get(key_of(r), {}))}"
            lines.append(_line(r, extra))
    return lines


def wrong_merges(
    result: DedupeResult,
    incidents: dict[str, Incident],
    case_of: dict[ReportKey, str | None],
    dedupe_of: dict[ReportKey, dict[str, Any]],
    limit: int = 10,
) -> list[str]:
    cases: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for a, b in result.wrong_pairs:
        cases[case_of.get(key_of(a)) or "?"].add(tuple(sorted((a.incident_id, b.incident_id))))  # type: ignore[arg-type]

    def relation(x: Incident, y: Incident) -> str:
        if x.partner == y.incident_id:
            return x.lookalike or "?"
        if y.partner == x.incident_id:
            return y.lookalike or "?"
        return "unrelated"

    entries = []
    for case, pairs in cases.items():
        for x_id, y_id in sorted(pairs):
            entries.append((case, incidents[x_id], incidents[y_id]))
    entries.sort(key=lambda e: (relation(e[1], e[2]) == "unrelated", e[0]))
    chosen = spread(entries, lambda e: (relation(e[1], e[2]), e[1].kind.code), limit)
    by_incident: dict[str, list[LabelledReport]] = defaultdict(list)
    for a, b in result.wrong_pairs:
        for r in (a, b):
            if r not in by_incident[r.incident_id]:
                by_incident[r.incident_id].append(r)
    lines: list[str] = []
    for n, (case, x, y) in enumerate(chosen, 1):
        gap = abs((y.start - x.start).total_seconds()) / 3600
        lines.append(
            f"{n}. **{x.kind.label} / {y.kind.label}** merged into one case "
            f"({relation(x, y)}; {distance_m(x.point, y.point):.0f} m apart, starts "
            f"{gap:.1f} h apart)."
        )
        for incident in (x, y):
            for r in by_incident[incident.incident_id]:
                if case_of.get(key_of(r)) == case:
                    decision = dedupe_of.get(key_of(r), {})
                    score = decision.get("score")
                    extra = f"[incident {incident.incident_id}] {decision.get('outcome')}"
                    if isinstance(score, int | float):
                        extra += f" (score {score:.3f})"
                    lines.append(_line(r, extra))
    return lines


def address_misses(result: AddressResult, limit: int = 10) -> list[str]:
    ordered = sorted(result.misses, key=lambda m: (not m[2].confidently_wrong, m[0].item_id))
    chosen = spread(ordered, lambda m: m[0].writing, limit)
    lines = []
    for n, (item, placement, verdict) in enumerate(chosen, 1):
        point = f" + {item.crs} point {item.point}" if item.point else ""
        where = next(
            (
                placement[k]
                for k in ("address", "address_id", "cell", "township")
                if placement.get(k)
            ),
            "",
        )
        got = (
            f"{placement.get('status')} {placement.get('precision') or ''} {where}"
            f" (confidence {float(placement.get('confidence') or 0):.2f})"
        )
        reasons = "; ".join(placement.get("reasons") or [])[:160]
        lines.append(
            f"{n}. [{item.writing}] 「{item.text}」{point}: meant {item.meaning} "
            f"(expected {item.expected.kind} {item.expected.code or ''}); got {got}"
            + (" **confidently wrong**" if verdict.confidently_wrong else "")
            + (f"; reasons: {reasons}" if reasons else "")
        )
    return lines


# ------------------------------------------------------------------ the report


def dedupe_lines(result: DedupeResult, facts: dict[str, Any], run: dict[str, Any]) -> list[str]:
    o = result.overall
    outcomes = ", ".join(f"{k}: {v:,}" for k, v in result.outcomes.most_common())
    looks = ", ".join(
        f"{kind}: {merged} of {offered} pairs merged"
        for kind, (merged, offered) in result.lookalike_merges.items()
    )
    return [
        "### De-duplication through the running hub",
        "",
        f"{facts['reports']:,} labelled reports of {facts['incidents']:,} incidents over "
        f"{facts['span_days']} days of event time: {facts['native']:,} native messages on the "
        f"four grids' topics, {facts['api_worker']:,} POST /reports from grid workers' phones "
        f"and {facts['api_citizen']:,} from citizens ({facts['sent_late']:,} reports sent more "
        f"than an hour after they were seen; {facts['api_without_occurred_at']:,} citizen "
        f"reports without occurred_at). {facts['cross_grid_incidents']:,} incidents are "
        f"reported by two or more grids. Sent in {run['sent_seconds']:.0f} s; the last report "
        f"was in a case after {run['seconds']:.0f} s; {run['without_case']} reports were "
        f"never put in a case. Broker: {run['broker']}.",
        "",
        f"- **Pairwise precision {fmt(o.precision)}**, **recall {fmt(o.recall)}** "
        f"({o.hits:,} of {o.true:,} true pairs merged; {o.predicted - o.hits:,} wrong pairs "
        f"merged). Targets: precision >= 0.97, recall >= 0.95.",
        f"- **Suggestions: {result.suggested:,} reports ({result.suggested_share:.1%})**; "
        "target < 5%. Outcomes recorded: " + outcomes + ".",
        f"- Look-alikes (pairs across an incident and its look-alike): {looks}.",
        "",
        *pair_table("incident kind", result.by_kind),
        "",
        *pair_table("grid pair", result.by_grid_pair),
        "",
        *pair_table("channel pair", result.by_channel_pair),
        "",
        *pair_table("density", result.by_density),
        "",
        *pair_table("sending", result.late),
    ]


def address_lines(result: AddressResult, differing: int, seconds: float) -> list[str]:
    rows = [
        "| writing kind | items | top-1 | confidently wrong |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, (n, ok, bad) in sorted(result.by_writing.items(), key=lambda kv: kv[1][1] / kv[1][0]):
        rows.append(f"| {name} | {n} | {ok / n:.1%} | {bad} |")
    expected = [
        "| expected answer | items | top-1 | confidently wrong |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, (n, ok, bad) in sorted(result.by_expected.items()):
        expected.append(f"| {name} | {n} | {ok / n:.1%} | {bad} |")
    return [
        "### Address resolution",
        "",
        f"{result.items:,} labelled address texts (some with a phone's point), placed with "
        f"`grid.placing.Placer` on the demo registry in {seconds:.1f} s.",
        "",
        f"- **Top-1 {result.accuracy:.2%}** ({result.correct:,} of {result.items:,}); target "
        ">= 99%.",
        f"- **Confidently wrong: {result.confidently_wrong}** (wrong, status placed, confidence "
        f">= 0.9); target 0. Of these, {_building_only(result)} named the right building but "
        "not the entrance the text gave.",
        f"- Answers that differ between three processes (PYTHONHASHSEED unset, 1, 4242): "
        f"{differing}.",
        "",
        *rows,
        "",
        *expected,
    ]


def _building_only(result: AddressResult) -> int:
    """Confidently wrong answers that are the expected entrance's building."""
    count = 0
    for item, placement, verdict in result.misses:
        code = item.expected.code or ""
        got = placement.get("address_id") or ""
        if verdict.confidently_wrong and code[-2:] != "00" and got == code[:-2] + "00":
            count += 1
    return count


def write_misses(blocks: dict[str, list[str]]) -> None:
    """The individual misses go to var/ (not kept in the repository): whoever works on the
    matchers reads the repository, and these items must not become their test cases."""
    body = ["# Independent check: individual misses (never a source of rules)", ""]
    for title, lines in blocks.items():
        body += [f"## {title}", "", *(lines or ["(none)"]), ""]
    MISSES.parent.mkdir(parents=True, exist_ok=True)
    MISSES.write_text("\n".join(body), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("both", "dedupe", "addresses"), default="both")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--plumbing",
        type=int,
        metavar="N",
        help="send only the first N reports and check they reach cases (no scores)",
    )
    parser.add_argument("--resolve-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.resolve_to:  # a child process of the determinism check
        answers = resolve_all(build_address_set())
        args.resolve_to.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
        return
    if args.plumbing:
        run = send_stream(build_stream(), args.plumbing, args.partitions)
        print(f"{len(run['rows'])} reports in the database, {run['without_case']} without a case")
        return
    command = " ".join(
        ["python -m bench.independent.run", *(a for a in sys.argv[1:] if a != "--no-write")]
    )
    lines = [
        "## Independent check: labelled data the matchers were never tuned on",
        "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores, {args.partitions} partitions, "
        "one `gridhub worker` and one `gridhub api` process, PostgreSQL. The sets and their "
        "rules: bench/independent/README.md; no tuning step may read them.",
        "",
    ]
    blocks: dict[str, list[str]] = {}
    if args.part in ("both", "dedupe"):
        stream = build_stream()
        run = send_stream(stream, None, args.partitions)
        rows = run["rows"]
        case_of = {(r.grid, r.source_event_id): r.case_id for r in rows}
        dedupe_of = {(r.grid, r.source_event_id): _doc(r.dedupe) for r in rows}
        placement_of = {(r.grid, r.source_event_id): _doc(r.placement) for r in rows}
        save_rows(stream, case_of, dedupe_of, placement_of)
        outcome_of = {k: v.get("outcome") for k, v in dedupe_of.items()}
        result = evaluate_dedupe(stream.reports, stream.incidents, case_of, outcome_of)
        lines += [*dedupe_lines(result, summary(stream), run), ""]
        incidents = {i.incident_id: i for i in stream.incidents}
        blocks["Reports of one incident left in separate cases"] = missed_merges(
            result, incidents, case_of, dedupe_of, placement_of
        )
        blocks["Different incidents merged into one case"] = wrong_merges(
            result, incidents, case_of, dedupe_of
        )
    if args.part in ("both", "addresses"):
        addresses, differing, seconds = check_addresses()
        lines += [*address_lines(addresses, differing, seconds), ""]
        blocks["Addresses answered wrongly"] = address_misses(addresses)
    lines.append(
        "Targets, for comparison only (nothing was tuned toward them): de-duplication precision "
        ">= 0.97, recall >= 0.95, suggestions < 5% of reports; addresses >= 99% top-1 and "
        "never confidently wrong."
    )
    print("\n".join(lines))
    # The individual misses are not shown: whoever runs the check is often whoever changes
    # the matchers, and the set is spent once its items are read.
    write_misses(blocks)
    print(f"\nindividual misses written to {MISSES.relative_to(ROOT)} (not shown)")
    if args.no_write:
        return
    if args.part != "both":
        print(f"a run of one part does not rewrite {RESULTS.relative_to(ROOT)}: its section holds "
              "both parts; run without --part to refresh it")  # fmt: skip
        return
    write_section(SECTION, lines)
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
