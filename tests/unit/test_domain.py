from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from contracts.common import GridCode
from contracts.lifecycle import CaseEventType
from dispatch.domain import Case, CaseState
from dispatch.identity import case_id_for, report_id_for
from gridhub.simulator import TrafficGenerator
from streams.deadletter import dead_letter
from streams.normalise import UnprocessableMessage, normalise
from tests.factories import placed

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def a_report():
    message = TrafficGenerator(seed=1).next_message()
    return normalise(message.grid, message.value)


def test_opening_a_case_records_the_reported_step() -> None:
    report = a_report()
    case = Case.open_for(placed(report), NOW)
    assert case.state is CaseState.REPORTED
    assert case.id == case_id_for(report.report_id)
    assert case.reported_at == report.reported_at
    assert case.created_at == NOW
    assert case.report_ids == [report.report_id]
    (event,) = case.pending_events
    assert event.event_type is CaseEventType.REPORTED
    assert (event.seq, event.to_state, event.from_state) == (1, "reported", None)
    assert event.data["report_id"] == report.report_id
    assert case.placement is not None and case.route is not None
    assert event.data["registry_version"] == case.placement.registry_version


def test_identities_are_derived_and_distinct() -> None:
    assert report_id_for("urban", "CG-1") == report_id_for("urban", "CG-1")
    assert report_id_for("urban", "CG-1") != report_id_for("market", "CG-1")
    assert case_id_for("r1") != case_id_for("r2")


def test_dead_letter_keeps_the_original_bytes() -> None:
    original = b'{"schema_version": 1, "event_id": \xff'
    letter = dead_letter(
        topic="grid.urban.events",
        partition=3,
        offset=17,
        key=b"k",
        value=original,
        error=UnprocessableMessage("decode", "not UTF-8 JSON"),
        now=NOW,
    )
    assert base64.b64decode(letter.payload_b64) == original
    assert base64.b64decode(letter.key_b64 or "") == b"k"
    assert (letter.source_topic, letter.partition, letter.offset) == ("grid.urban.events", 3, 17)
    assert json.loads(letter.model_dump_json())["reason"] == "not UTF-8 JSON"
    assert GridCode.URBAN.value in letter.source_topic
