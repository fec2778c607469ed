"""The poison corpus mixed with valid events on several grids' topics, through a running hub.

A real embedded broker, a real `gridhub worker` process, PostgreSQL. Every valid event must
become a report exactly once, every poison must be on the dead-letter topic with its stage
and a reason, and the worker must go on working (a last batch sent after everything else is
processed too). Before the stream core was made total, one poison lost every valid event of
its batch (150 valid + 1 poison + 150 valid -> 100 to 155 of 300 stored).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from kafka import KafkaProducer

from bench.accounting import account, stored_count
from bench.poison import Events, Poison, Valid, interleaved
from contracts.common import GridCode
from contracts.deadletter import DeadLetter, FailedStage
from contracts.topics import DEAD_LETTERS
from tests.kafka_helpers import read_all
from tests.processes import HubProcess, fault_env, prepare_hub, run_cli, wait_for
from tests.services import free_port, fresh_database

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

VALID_PER_GRID = 40


def send(bootstrap: str, prefix: str, messages: list[Valid | Poison]) -> None:
    # The broker decides what is too large, not the client: the corpus has 1 MB messages.
    producer = KafkaProducer(
        bootstrap_servers=bootstrap.split(","), max_request_size=4 * 1024 * 1024
    )
    for message in messages:
        producer.send(
            f"{prefix}{message.topic}",
            key=message.key.encode("utf-8", "surrogatepass"),
            value=message.value,
        )
    producer.flush()
    producer.close()


def test_poison_mixed_with_valid_events_on_every_grid(
    postgres_server_url: str, hub_template: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    prefix = f"poison{free_port()}."
    order, valid, poisons = interleaved(prefix.rstrip("."), VALID_PER_GRID)
    later = [Events(f"{prefix}after").valid(grid) for grid in GridCode]
    with fresh_database(postgres_server_url, hub_template) as database_url:
        env = fault_env(database_url, kafka_bootstrap, prefix, tmp_path)
        prepare_hub(env, database=False)
        worker = HubProcess(["worker"], env, tmp_path / "worker.log")
        engine = sa.create_engine(database_url)
        try:
            send(kafka_bootstrap, prefix, order)
            ids = [v.report_id for v in valid]
            wait_for(
                lambda: stored_count(engine, ids) == len(ids),
                120,
                f"{len(ids)} valid reports in cases",
                (worker,),
            )
            records = read_all(kafka_bootstrap, f"{prefix}{DEAD_LETTERS.name}", expect=len(poisons))
            # The worker goes on: events sent after every poison are processed too.
            send(kafka_bootstrap, prefix, list(later))
            everything = ids + [v.report_id for v in later]
            wait_for(
                lambda: stored_count(engine, everything) == len(everything),
                60,
                "the events sent after the poisons",
                (worker,),
            )
            assert worker.process.poll() is None, worker.log_tail()
            ledger = account(engine, everything)
            listed = run_cli(["dead-letters", "--stage", "version"], env)
        finally:
            engine.dispose()
            worker.stop()

    assert ledger.whole, ledger.line()
    letters = [DeadLetter.model_validate_json(r.value) for r in records]
    assert len(letters) == len(poisons), [letter.reason for letter in letters]
    by_digest = {letter.payload_sha256: letter for letter in letters}
    for poison in poisons:
        letter = by_digest.get(hashlib.sha256(poison.value).hexdigest())
        assert letter is not None, f"no dead letter for {poison.name}"
        assert letter.source_topic == f"{prefix}{poison.topic}", poison.name
        assert letter.stage is poison.stage, (poison.name, letter.stage, letter.reason)
        assert letter.reason, poison.name
        assert letter.payload_size == len(poison.value)
        assert letter.payload_truncated == (len(poison.value) > 256 * 1024), poison.name
    # `gridhub dead-letters` lists them by stage, with the reasons.
    versions = [p for p in poisons if p.stage is FailedStage.VERSION]
    assert f"{len(versions)} dead letters" in listed
    assert listed.count("unknown schema_version") == len(versions)
    # Each poison once: a redelivered batch would dead-letter its poison again.
    assert max(Counter(letter.payload_sha256 for letter in letters).values()) == 1
