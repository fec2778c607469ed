"""De-duplication quality and speed on labelled scenarios.

Clusters of reports of one incident from different grids (noisy text, places and times) and
look-alikes that must stay apart (dispatch/dedupe_scenarios.py) go through the real code: the
registry places them, record_reports decides on each (in time order, in batches) and writes
to a database. Pairwise precision, recall and F1 of the resulting cases against the true
incidents, and reports/s of the record stage with de-duplication, go to docs/benchmarks.md.

    python bench/dedupe.py --incidents 1500

The database is a fresh SQLite file unless --postgres is given (a fresh database on the
local PostgreSQL).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402
from dispatch.adapters.db import make_engine  # noqa: E402
from dispatch.adapters.tables import reports  # noqa: E402
from dispatch.adapters.uow import SqlUnitOfWork  # noqa: E402
from dispatch.dedupe import DedupePolicy  # noqa: E402
from dispatch.dedupe_scenarios import ScenarioGenerator, pairwise_scores  # noqa: E402
from dispatch.migrate import upgrade  # noqa: E402
from dispatch.services import TopicNames, record_reports  # noqa: E402
from grid.demo import build_demo_registry  # noqa: E402
from grid.placing import Placer  # noqa: E402

TOPICS = TopicNames(reports="hub.reports", case_events="hub.case-events")
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def run(incidents: int, seed: int, batch: int, postgres: bool) -> dict[str, object]:
    registry = build_demo_registry()
    placer = Placer(registry)
    labelled = list(ScenarioGenerator(registry, seed).generate(incidents))
    labelled.sort(key=lambda item: item.report.reported_at)
    started = time.perf_counter()
    placed = [placer.place(item.report, item.report.reported_at) for item in labelled]
    place_rate = len(placed) / (time.perf_counter() - started)

    if postgres:
        name = f"dedupe_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/dedupe.db"
    try:
        upgrade(url)
        engine = make_engine(url)
        policy = DedupePolicy()
        started = time.perf_counter()
        for i in range(0, len(placed), batch):
            chunk = placed[i : i + batch]
            record_reports(chunk, SqlUnitOfWork(engine), datetime.now(UTC), None, policy)
        record_rate = len(placed) / (time.perf_counter() - started)
        with engine.connect() as conn:
            case_of = dict(conn.execute(sa.select(reports.c.id, reports.c.case_id)).all())
            outcomes = Counter(
                (d or {}).get("outcome") for d in conn.scalars(sa.select(reports.c.dedupe))
            )
        engine.dispose()
    finally:
        if postgres:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    truth = {item.report.report_id: item.incident for item in labelled}
    precision, recall, f1, true_pairs, predicted_pairs = pairwise_scores(truth, case_of)
    kinds = Counter(item.kind for item in labelled)
    wrongly_merged: Counter[str] = Counter()
    first_of = {}
    for item in labelled:
        if item.kind == "cluster":
            first_of.setdefault(item.incident, item.report.report_id)
    for item in labelled:
        if item.kind != "cluster":
            original = first_of.get(item.incident - incidents)
            if original and case_of[item.report.report_id] == case_of[original]:
                wrongly_merged[item.kind] += 1
    return {
        "reports": len(labelled),
        "incidents": incidents,
        "kinds": dict(kinds),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
        "outcomes": {str(k): v for k, v in outcomes.items()},
        "wrongly_merged": dict(wrongly_merged),
        "place_rate": place_rate,
        "record_rate": record_rate,
        "database": "PostgreSQL" if postgres else "SQLite",
        "batch": batch,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    r = run(args.incidents, args.seed, args.batch, args.postgres)
    kinds, wrong, outcomes = r["kinds"], r["wrongly_merged"], r["outcomes"]
    assert isinstance(kinds, dict) and isinstance(wrong, dict) and isinstance(outcomes, dict)
    lines = [
        "## Cross-grid de-duplication (labelled scenarios)",
        "",
        f"Command: `python bench/dedupe.py {' '.join(sys.argv[1:])}`",
        "",
        f"{r['reports']:,} reports of {r['incidents']:,} incidents (seed {args.seed}): "
        f"{kinds.get('cluster', 0):,} in clusters of 1-4 reports from different grids, and "
        f"look-alikes that must stay apart: {kinds.get('other_door', 0)} at another door of "
        f"the same street, {kinds.get('days_later', 0)} at the same place 3-10 days later, "
        f"{kinds.get('other_family', 0)} of another category family at the same place. "
        f"Placed by the demo registry, decided by `record_reports` in batches of "
        f"{r['batch']} into {r['database']}.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| **pairwise precision** | **{r['precision']:.3f}** |",
        f"| **pairwise recall** | **{r['recall']:.3f}** |",
        f"| F1 | {r['f1']:.3f} |",
        f"| same-incident pairs: true / predicted | {r['true_pairs']:,} / "
        f"{r['predicted_pairs']:,} |",
        f"| decisions (new / merged / suggested) | {outcomes.get('new', 0):,} / "
        f"{outcomes.get('merged', 0):,} / {outcomes.get('suggested', 0):,} |",
        f"| look-alikes wrongly merged (door / days / family) | {wrong.get('other_door', 0)} / "
        f"{wrong.get('days_later', 0)} / {wrong.get('other_family', 0)} |",
        f"| placing (registry), one core | {r['place_rate']:,.0f} reports/s |",
        f"| record stage with de-duplication ({r['database']}) | "
        f"{r['record_rate']:,.0f} reports/s |",
        "",
        "Targets: precision >= 0.97, recall >= 0.95. Suggested (grey-zone) decisions count as "
        "not merged: a dispatcher settles them.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("dedupe-bench", lines)


if __name__ == "__main__":
    main()
