"""The poison corpus: messages that once stopped or emptied a stream batch, and valid events
to mix them with.

Each poison is what a faulty or hostile producer can put on a topic the hub reads: JSON
nested 100,000 deep, ``schema_version`` as a list or an object, 20 photo URLs of 52 KB, a
1 MB message that is not JSON, event times in the year 9999 or the year 1, NUL characters,
wrong types, JSON that is not an object, an empty message, bytes that are not UTF-8, fields
over their bound, NaN, an integer of 5,000 digits, a lone UTF-16 surrogate, a report whose
attributes nest 50 deep. Every one must end on the dead-letter topic with a reason, at the
stage named here, while every valid event around it becomes a report.

Used by the end-to-end poison test, the fault tests and bench/faults.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from contracts.common import GridCode
from contracts.deadletter import FailedStage
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from contracts.topics import NATIVE_TOPICS, PLACED_REPORTS, REPORTS
from dispatch.identity import report_id_for
from gridhub.simulator import TrafficGenerator

ID_FIELD: dict[GridCode, str] = {
    GridCode.POLITICAL_LEGAL: "event_id",
    GridCode.ENVIRONMENT: "alert_id",
    GridCode.MARKET: "case_ref",
    GridCode.URBAN: "task_no",
    GridCode.HOTLINE: "ticket_no",
}
TIME_FIELD: dict[GridCode, str] = {
    GridCode.POLITICAL_LEGAL: "occurred_at",
    GridCode.ENVIRONMENT: "detected_time",
    GridCode.MARKET: "found_at",
    GridCode.URBAN: "report_time",
    GridCode.HOTLINE: "call_time",
}
TEXT_FIELD: dict[GridCode, str] = {
    GridCode.POLITICAL_LEGAL: "summary",
    GridCode.ENVIRONMENT: "description",
    GridCode.MARKET: "details",
    GridCode.URBAN: "description",
    GridCode.HOTLINE: "summary",
}


@dataclass(frozen=True)
class Valid:
    """A valid native event and the report id it must become."""

    topic: str  # base name, without a deployment prefix
    key: str
    value: bytes
    report_id: str


@dataclass(frozen=True)
class Poison:
    name: str
    topic: str  # base name, without a deployment prefix
    key: str
    value: bytes
    stage: FailedStage  # where the hub must refuse it
    broke: str  # what it did before the contracts bounded it ("-": refused all along)


class Events:
    """Valid native documents of every grid, deterministic for a seed, ids under a tag."""

    def __init__(self, tag: str, seed: int = 15) -> None:
        self.tag = tag
        self._generator = TrafficGenerator(seed=seed, run_id=tag, duplicate_rate=0.0)
        self._n = 0

    def document(self, grid: GridCode, event_id: str | None = None) -> dict[str, Any]:
        document = getattr(self._generator, grid.value)()
        if event_id is None:
            self._n += 1
            event_id = f"{self.tag}-{grid.value}-{self._n:06d}"
        document[ID_FIELD[grid]] = event_id
        return document

    def valid(self, grid: GridCode) -> Valid:
        document = self.document(grid)
        event_id = document[ID_FIELD[grid]]
        return Valid(
            NATIVE_TOPICS[grid].name,
            event_id,
            _json(document),
            report_id_for(grid.value, event_id),
        )


def _json(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def unified_report(tag: str, **changes: Any) -> dict[str, Any]:
    """A unified report as hub.reports carries it (what the API's outbox relays)."""
    now = datetime.now(UTC)
    source_id = f"{tag}-api"
    report = IncidentReport(
        report_id=report_id_for("urban", source_id),
        source=ReportSource(grid=GridCode.URBAN, channel=Channel.API, source_event_id=source_id),
        category="urban.road_damage",
        title="路面破损 · 乳山市城区街道胜利街12号",
        description="路面坑洼，雨天积水",
        address_text="乳山市城区街道胜利街12号",
        reporter=Reporter(id="WG0001", role="grid_worker"),
        occurred_at=now,
        reported_at=now,
    )
    document = json.loads(report.model_dump_json())
    document.update(changes)
    return document


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def corpus(tag: str, seed: int = 15) -> list[Poison]:
    """Every poison, with ids under ``tag`` (so runs and tests do not meet)."""
    events = Events(f"{tag}-p", seed)
    pl, env, market, urban, hotline = (
        GridCode.POLITICAL_LEGAL,
        GridCode.ENVIRONMENT,
        GridCode.MARKET,
        GridCode.URBAN,
        GridCode.HOTLINE,
    )
    poisons: list[Poison] = []

    def add(name: str, grid: GridCode, stage: FailedStage, broke: str, **changes: Any) -> None:
        document = events.document(grid)
        document.update(changes)
        key = str(document[ID_FIELD[grid]])[:100]
        poisons.append(Poison(name, NATIVE_TOPICS[grid].name, key, _json(document), stage, broke))

    def raw(name: str, grid: GridCode, value: bytes, stage: FailedStage, broke: str) -> None:
        topic = NATIVE_TOPICS[grid].name
        poisons.append(Poison(name, topic, f"{tag}-{name}", value, stage, broke))

    raw(
        "json nested 100,000 deep",
        pl,
        b'{"schema_version": 1, "event_id": "deep", "summary": ' + _nested(100_000) + b"}",
        FailedStage.DECODE,
        "RecursionError escaped the agent: its whole batch was acknowledged and lost",
    )
    unhashable = "TypeError (unhashable) outside the decoder's catch"
    add("schema_version a list", urban, FailedStage.VERSION, unhashable, schema_version=[1])
    add("schema_version an object", market, FailedStage.VERSION, unhashable, schema_version={})
    add("schema_version true", env, FailedStage.VERSION, "taken for 1", schema_version=True)
    add("schema_version a string", hotline, FailedStage.VERSION, "-", schema_version="1")
    add("schema_version unknown", pl, FailedStage.VERSION, "-", schema_version=9)
    add(
        "20 photo URLs of 52 KB",
        urban,
        FailedStage.VALIDATE,
        "the placed report exceeded the broker's 1 MB limit (MessageSizeTooLargeError)",
        photo_urls=[f"https://files.example/{i}/" + "p" * 52_000 for i in range(20)],
    )
    raw(
        "1 MB that is not JSON",
        env,
        b'{"schema_version": 1, "alert_id": "' + b"x" * 1_000_000,
        FailedStage.DECODE,
        "its dead letter (1.33 MB) exceeded the broker's limit",
    )
    add(
        "time 9999-12-31T23:59:59-05:00",
        pl,
        FailedStage.VALIDATE,
        "OverflowError at the database write: up to 500 reports of any grid lost",
        occurred_at="9999-12-31T23:59:59-05:00",
    )
    add(
        "time 0001-01-01T00:00:00",
        market,
        FailedStage.VALIDATE,
        "OverflowError at the database write (UTC+8 of year 1)",
        found_at="0001-01-01T00:00:00",
    )
    add(
        "NUL in a text",
        urban,
        FailedStage.VALIDATE,
        "accepted by the decoder; PostgreSQL refused it at the write",
        description="路面\u0000坑洼",
    )
    add(
        "NUL in an id",
        hotline,
        FailedStage.VALIDATE,
        "accepted by the decoder; PostgreSQL refused it at the write",
        ticket_no=f"{tag}-nul-\u0000",
    )
    add(
        "wrong types",
        pl,
        FailedStage.VALIDATE,
        "-",
        summary=12345,
        latitude="north",
        parties={"name": "x"},
    )
    raw("a JSON array", market, b"[1, 2, 3]", FailedStage.DECODE, "-")
    raw("a JSON string", env, b'"just text"', FailedStage.DECODE, "-")
    raw("JSON null", hotline, b"null", FailedStage.DECODE, "-")
    raw("an empty message", urban, b"", FailedStage.DECODE, "-")
    raw(
        "bytes that are not UTF-8",
        urban,
        b'{"schema_version": 1, "task_no": "\xc3\x28\xff"}',
        FailedStage.DECODE,
        "-",
    )
    add(
        "a text over its bound",
        hotline,
        FailedStage.VALIDATE,
        "-",
        summary="很长的描述" * 1000,
    )
    add("an id over its bound", market, FailedStage.VALIDATE, "-", case_ref="S" * 300)
    raw(
        "NaN",
        env,
        _json(events.document(env))[:-1] + b', "reading": NaN}',
        FailedStage.VALIDATE,
        "accepted by the decoder",
    )
    raw(
        "an integer of 5,000 digits",
        env,
        _json(events.document(env))[:-1] + b', "reading": 1' + b"0" * 5000 + b"}",
        FailedStage.DECODE,
        "ValueError (Python's integer digit limit) outside the decoder's catch",
    )
    raw(
        "a lone surrogate",
        market,
        _json(events.document(market))[:-1] + b', "license_no": "\\udc80"}',
        FailedStage.VALIDATE,
        "-",
    )
    # On the unified topic (what the API's outbox relays; anyone may write there).
    accepted = "accepted by the decoder"
    for name, value, stage, broke in [
        ("a unified report nested 100,000 deep", _nested(100_000), FailedStage.DECODE, "-"),
        (
            "a unified report with attributes nested 50 deep",
            _json(unified_report(f"{tag}-deep-attributes"))[:-1]
            + b', "attributes": {"a": '
            + _nested(50)
            + b"}}",
            FailedStage.VALIDATE,
            accepted,
        ),
        (
            "a unified report of the year 9999",
            _json(unified_report(f"{tag}-y9999", occurred_at="9999-12-31T23:59:59-05:00")),
            FailedStage.VALIDATE,
            f"{accepted}; OverflowError at the database write",
        ),
        (
            "a unified report with schema_version a list",
            _json(unified_report(f"{tag}-sv", schema_version=[1])),
            FailedStage.VALIDATE,
            "-",
        ),
    ]:
        poisons.append(Poison(name, REPORTS.name, f"{tag}-{name}", value, stage, broke))
    # On the hub's internal topic, between its two stages.
    poisons.append(
        Poison(
            "an envelope that is not JSON",
            PLACED_REPORTS.name,
            "unplaced",
            b'{"schema_version": 2, "township": "x", "reports": [',
            FailedStage.DECODE,
            "-",
        )
    )
    return poisons


def interleaved(
    tag: str, valid_per_grid: int, seed: int = 15
) -> tuple[list[Valid | Poison], list[Valid], list[Poison]]:
    """Valid events of every grid and the corpus, in the order to send them (every poison
    among valid events, so a batch lost with it would show), then each on its own."""
    events = Events(f"{tag}-v", seed)
    valid = [events.valid(grid) for _ in range(valid_per_grid) for grid in GridCode]
    poisons = corpus(tag, seed)
    order: list[Valid | Poison] = []
    step = max(1, len(valid) // (len(poisons) + 1))
    for i, poison in enumerate(poisons):
        order += valid[i * step : (i + 1) * step]
        order.append(poison)
    order += valid[len(poisons) * step :]
    return order, valid, poisons
