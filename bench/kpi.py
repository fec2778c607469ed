"""KPI API latency on a large history, on PostgreSQL.

Generate the history first (about 20 minutes for a million cases on two cores):

    createdb gridhub_kpi_bench
    HUB_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/gridhub_kpi_bench \\
        gridhub history generate --cases 1000000 --processes 2

then run

    python bench/kpi.py --database postgresql+psycopg://postgres@127.0.0.1:5432/gridhub_kpi_bench

The API runs as its own process (`gridhub api`), as in production. The bench logs in as an
admin (the whole city) and as a street supervisor (城区街道), times how long the API takes to
load the facts, then sends each request of the mix ``--requests`` times, one after another,
and writes p50 / p95 / max per request, the process's memory and the case count to
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.security import hash_password  # noqa: E402
from bench.results import write_section  # noqa: E402
from dispatch.adapters.db import make_engine  # noqa: E402
from dispatch.adapters.tables import case_events, case_facts  # noqa: E402
from dispatch.adapters.users import UserRepository  # noqa: E402
from dispatch.roles import Role, User  # noqa: E402

PASSWORD = "bench-password"
STREET = "371083001"  # 城区街道
USERS = {
    "admin": User("bench-admin", Role.ADMIN, "bench admin"),
    "street": User("bench-street", Role.SUPERVISOR, "bench street supervisor", area_code=STREET),
}


def mix(today: date) -> list[tuple[str, str, str, dict[str, str]]]:
    """(label, who, path, params): what supervisors ask."""
    year_ago = str(today - timedelta(days=365))
    return [
        ("summary, city, all time", "admin", "/kpi/summary", {}),
        ("summary, city, this month", "admin", "/kpi/summary", {"period": "month"}),
        ("summary, city, this quarter", "admin", "/kpi/summary", {"period": "quarter"}),
        ("summary, city, last 365 days", "admin", "/kpi/summary", {"start": year_ago}),
        ("summary, city, urban grid", "admin", "/kpi/summary", {"grid": "urban"}),
        ("summary, street supervisor, all time", "street", "/kpi/summary", {}),
        ("breakdown by department, all time", "admin", "/kpi/breakdown", {"by": "department"}),
        (
            "breakdown by township, quarter",
            "admin",
            "/kpi/breakdown",
            {"by": "township", "period": "quarter"},
        ),
        ("series by month, all time", "admin", "/kpi/series", {"interval": "month"}),
        ("cases behind: open overdue", "admin", "/kpi/cases", {"measure": "open_overdue"}),
        ("integration level (L2P3), all time", "admin", "/kpi/integration", {}),
        ("closure-time audit, this month", "admin", "/kpi/audit", {"period": "month"}),
    ]


def ensure_users(database: str) -> None:
    engine = make_engine(database)
    with engine.begin() as conn:
        repo = UserRepository(conn)
        for user in USERS.values():
            if repo.get(user.username) is None:
                repo.add(user, hash_password(PASSWORD), datetime.now(UTC))
    engine.dispose()


def counts(database: str) -> tuple[int, int]:
    engine = make_engine(database)
    with engine.connect() as conn:
        cases = conn.scalar(select(func.count()).select_from(case_facts)) or 0
        events = conn.scalar(select(func.count()).select_from(case_events)) or 0
    engine.dispose()
    return cases, events


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]  # nearest rank


def run(database: str, requests: int, port: int) -> list[str]:
    ensure_users(database)
    cases, events = counts(database)
    env = os.environ | {
        "HUB_DATABASE_URL": database,
        "HUB_API_PORT": str(port),
        "HUB_LOG_LEVEL": "warning",
    }
    started = time.perf_counter()
    api = subprocess.Popen([sys.executable, "-m", "gridhub.cli", "api"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            while True:
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if api.poll() is not None:
                    raise SystemExit("the API exited")
                time.sleep(0.2)
            headers = {}
            for key, user in USERS.items():
                token = client.post(
                    "/auth/token", data={"username": user.username, "password": PASSWORD}
                ).json()["access_token"]
                headers[key] = {"Authorization": f"Bearer {token}"}
            first = client.get("/kpi/summary", headers=headers["admin"])
            first.raise_for_status()
            loaded = time.perf_counter() - started
            memory = rss_mib(api.pid)
            results = []
            for label, who, path, params in mix(datetime.now(UTC).date()):
                client.get(path, params=params, headers=headers[who]).raise_for_status()
                timings = []
                for _ in range(requests):
                    t0 = time.perf_counter()
                    response = client.get(path, params=params, headers=headers[who])
                    timings.append((time.perf_counter() - t0) * 1000)
                    response.raise_for_status()
                results.append((label, timings))
                print(f"{label:<42} p50 {statistics.median(timings):7.1f} ms  "
                      f"p95 {percentile(timings, 0.95):7.1f} ms")  # fmt: skip
            memory_after = rss_mib(api.pid)
    finally:
        api.terminate()
        api.wait(timeout=30)
    summaries = [t for label, timings in results if label.startswith("summary") for t in timings]
    lines = [
        "## KPI API on a large history (PostgreSQL)",
        "",
        f"`python bench/kpi.py --requests {requests}` against a database filled by "
        "`gridhub history generate --cases 1000000 --processes 2` "
        f"({cases:,} cases, {events:,} lifecycle events, all grids, all paths of the loop), "
        f"run {datetime.now(UTC):%Y-%m-%d}. The API is its own process; requests are sent "
        "one after another over HTTP, each figure over "
        f"{requests} requests after one warm-up.",
        "",
        f"- start-up to the first summary (facts loaded into memory): {loaded:.1f} s",
        f"- API process memory: {memory:.0f} MiB after loading, {memory_after:.0f} MiB at the end",
        f"- **every summary request together: p95 {percentile(summaries, 0.95):.1f} ms** "
        f"(target < 150 ms)",
        "",
        "| request | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {label} | {statistics.median(t):.1f} | {percentile(t, 0.95):.1f} | {max(t):.1f} |"
            for label, t in results
        ),
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/gridhub_kpi_bench",
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--port", type=int, default=18087)
    args = parser.parse_args()
    lines = run(args.database, args.requests, args.port)
    print("\n".join(lines))
    write_section("kpi", lines)


if __name__ == "__main__":
    main()
