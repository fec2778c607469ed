"""Two stream workers in one consumer group give the same cases as one worker.

The same labelled reports (clusters of one incident from several grids, and look-alikes) go
to hub.reports twice: once for a hub with one worker, once for a hub with two. Placed
reports are keyed by township, so the reports of one place are decided in order by one
worker; neighbouring cells across a township border are serialised by locks on their cells.
The grouping of reports into cases must come out the same.

Online de-duplication depends on arrival order where a report bridges two others that do
not match each other (A~B and B~C above the merge threshold, A and C below it): with one
worker or with two, the order reports reach the record stage is not fixed upstream. The
test therefore uses incidents whose reports all match each other and look-alikes that match
nothing: for those the grouping cannot depend on order, so any difference is a concurrency
fault (a lost lock, a double case, a dropped report).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from kafka import KafkaProducer

from bench.scenarios import build_stream, incident_report, start_for, wire
from contracts.report import IncidentReport
from contracts.topics import REPORTS
from dispatch.dedupe import DedupePolicy, blocks, score, sighting_of, total
from grid.placing import Placer
from gridhub.simulator import demo_registry
from tests.processes import HubProcess, hub_env, run_cli, wait_for
from tests.services import free_port, fresh_database

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def grouping(
    postgres_server_url: str,
    hub_template: str,
    kafka_bootstrap: str,
    work: Path,
    workers: int,
    payloads: list[bytes],
) -> set[frozenset[str]]:
    prefix = f"w{workers}x{free_port()}."
    with fresh_database(postgres_server_url, hub_template) as database_url:
        env = hub_env(
            database_url=database_url,
            kafka_bootstrap=kafka_bootstrap,
            topic_prefix=prefix,
            data_dir=str(work),
            topic_partitions="4",
        )
        run_cli(["broker"], env)  # creates the topics (nothing spawned: a broker is given)
        processes = [
            HubProcess(["worker"], env, work / f"worker-{workers}-{i}.log") for i in range(workers)
        ]
        engine = sa.create_engine(database_url)
        try:
            producer = KafkaProducer(bootstrap_servers=kafka_bootstrap.split(","))
            for payload in payloads:
                producer.send(f"{prefix}{REPORTS.name}", value=payload)
            producer.flush()
            producer.close()

            def all_in_cases() -> bool:
                with engine.connect() as conn:
                    done = conn.scalar(
                        sa.text("SELECT count(*) FROM reports WHERE case_id IS NOT NULL")
                    )
                return done == len(payloads)

            wait_for(all_in_cases, 120, f"{len(payloads)} reports in cases", tuple(processes))
            with engine.connect() as conn:
                rows = conn.execute(sa.text("SELECT id, case_id FROM reports")).all()
        finally:
            engine.dispose()
            for process in processes:
                process.stop()
    cases: dict[str, set[str]] = {}
    for report_id, case_id in rows:
        cases.setdefault(case_id, set()).add(report_id)
    return {frozenset(members) for members in cases.values()}


@dataclass(frozen=True)
class Labelled:
    report: IncidentReport
    incident: str


def labelled_reports(incidents: int) -> list[Labelled]:
    """Reports of the labelled scenarios (tuning part) as the unified topic carries them."""
    stream = build_stream("tuning", seed=21, incidents=incidents)
    return [
        Labelled(incident_report(sent), sent.report.incident)
        for sent in wire(stream, start_for(stream))
    ]


def order_free(labelled: list[Labelled]) -> list[Labelled]:
    """Incidents whose reports all merge with each other and nothing else."""
    placer = Placer(demo_registry())
    policy = DedupePolicy()
    now = datetime.now(UTC)
    sightings = {
        item.report.report_id: sighting_of(placer.place(item.report, now)) for item in labelled
    }

    def merges(a: Labelled, b: Labelled) -> bool:
        sa_, sb = sightings[a.report.report_id], sightings[b.report.report_id]
        return blocks(sa_, sb, policy) and total(score(sa_, sb, policy)) >= policy.merge_at

    by_incident: dict[str, list[Labelled]] = {}
    for item in labelled:
        by_incident.setdefault(item.incident, []).append(item)
    kept = []
    for members in by_incident.values():
        inside = all(merges(a, b) for a, b in itertools.combinations(members, 2))
        outside = not any(
            merges(a, b) for a in members for b in labelled if b.incident != a.incident
        )
        if inside and outside:
            kept += members
    return kept


def test_two_workers_make_the_same_cases_as_one(
    postgres_server_url: str, hub_template: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    labelled = order_free(labelled_reports(90))
    payloads = [item.report.model_dump_json().encode() for item in labelled]
    one = grouping(postgres_server_url, hub_template, kafka_bootstrap, tmp_path, 1, payloads)
    two = grouping(postgres_server_url, hub_template, kafka_bootstrap, tmp_path, 2, payloads)
    assert sum(len(group) for group in one) == len(payloads) > 150
    assert sum(1 for group in one if len(group) > 1) > 20  # there were duplicates to merge
    truth: dict[str, set[str]] = {}
    for item in labelled:
        truth.setdefault(item.incident, set()).add(item.report.report_id)
    assert one == {frozenset(members) for members in truth.values()}
    assert two == one
