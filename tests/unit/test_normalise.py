from __future__ import annotations

import json
from datetime import timedelta

import pytest

from contracts.common import GridCode
from contracts.deadletter import FailedStage
from contracts.report import Channel, Priority
from dispatch.identity import report_id_for
from grid.categories import HOTLINE_CATEGORIES, HOTLINE_UNCLASSIFIED
from gridhub.simulator import TrafficGenerator
from streams.normalise import UnprocessableMessage, decode_report, normalise

POLITICAL = {
    "schema_version": 1,
    "event_id": "ZZ-42",
    "event_type": "dispute",
    "dispute_type": "neighbourhood",
    "risk_level": "high",
    "parties": [{"name": "王伟", "role": "applicant", "phone": "13800001111"}],
    "summary": "邻里因楼道堆放杂物发生争执",
    "location_text": "乳山市城区街道胜利街12号",
    "longitude": 121.54,
    "latitude": 36.92,
    "grid_worker_id": "WG0001",
    "occurred_at": "2026-11-21T09:00:00",
    "reported_at": "2026-11-21T09:05:00",
}


def raw(document: dict[str, object]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def test_political_legal_event_becomes_a_unified_report() -> None:
    report = normalise(GridCode.POLITICAL_LEGAL, raw(POLITICAL))
    assert report.report_id == report_id_for("political_legal", "ZZ-42")
    assert report.source.channel is Channel.GRID_SYSTEM
    assert report.category == "political_legal.dispute"
    assert report.priority is Priority.URGENT  # high risk
    assert report.location is not None and report.location.crs == "gcj02"
    assert report.attributes["parties"][0]["name"] == "王伟"
    # The 综治 platform sends local time without an offset: it is Beijing time.
    assert report.reported_at.utcoffset() == timedelta(hours=8)
    assert report.reported_at.isoformat() == "2026-11-21T09:05:00+08:00"


def test_every_grid_normalises_and_ids_are_stable() -> None:
    for message in (TrafficGenerator(seed=11).next_message() for _ in range(200)):
        first = normalise(message.grid, message.value)
        again = normalise(message.grid, message.value)
        assert first.report_id == again.report_id
        assert first.source.grid is message.grid
        if message.grid is GridCode.HOTLINE:  # the hotline's tickets carry the grids' kinds
            assert first.category in {*HOTLINE_CATEGORIES.values(), HOTLINE_UNCLASSIFIED}
        else:
            assert first.category.startswith(f"{message.grid.value}.")
        assert first.reported_at.tzinfo is not None


TICKET = {
    "schema_version": 1,
    "ticket_no": "RS12345-20261121-0007",
    "ticket_type": "complaint",
    "call_time": "2026-11-21T09:12:00",
    "caller_phone": "13906311234",
    "caller_name": "王女士",
    "summary": "来电人反映：胜利街12号门前路面塌陷，车辆经过很危险。",
    "operator_category": "城乡建设 / 市政设施／道路破损",
    "address_spoken": "城区胜利街十二号门口",
    "urgent": True,
    "operator_id": "HW007",
}


def test_a_hotline_ticket_becomes_a_citizen_report_of_the_grid_category_it_names() -> None:
    report = normalise(GridCode.HOTLINE, raw(TICKET))
    assert report.report_id == report_id_for("hotline", "RS12345-20261121-0007")
    assert report.source.grid is GridCode.HOTLINE
    assert report.source.channel is Channel.GRID_SYSTEM  # delivered by the hotline's system
    # The operator's class, typed with spaces and a full-width slash, maps to the urban kind.
    assert report.category == "urban.road_damage"
    assert report.priority is Priority.URGENT
    assert report.address_text == "城区胜利街十二号门口"
    assert report.location is None
    assert report.reporter.role == "citizen"
    # The caller's id does not spell the number; the number is kept for the call back.
    assert "13906311234" not in report.reporter.id and report.reporter.phone == "13906311234"
    assert normalise(GridCode.HOTLINE, raw(TICKET)).reporter.id == report.reporter.id
    assert report.reported_at.isoformat() == "2026-11-21T09:12:00+08:00"
    assert report.attributes["ticket_type"] == "complaint"
    # The call's time is not the incident's: it happened then or earlier.
    assert report.occurred_at == report.reported_at and not report.occurred_at_stated


def test_a_hotline_class_no_grid_covers_is_kept_for_a_dispatcher_not_dropped() -> None:
    ticket = TICKET | {"operator_category": "城乡建设/供暖/供暖不热", "caller_phone": None}
    report = normalise(GridCode.HOTLINE, raw(ticket))
    assert report.category == HOTLINE_UNCLASSIFIED
    assert report.reporter.id == "12345-caller-withheld"


def test_a_hotline_location_needs_both_coordinates() -> None:
    with pytest.raises(UnprocessableMessage) as caught:
        normalise(GridCode.HOTLINE, raw(TICKET | {"longitude": 121.5}))
    assert caught.value.stage is FailedStage.VALIDATE


def test_urban_classes_map_to_unified_categories() -> None:
    event = {
        "schema_version": 1,
        "task_no": "CG-7",
        "case_kind": "event",
        "major_class": "01",
        "minor_class": "08",
        "description": "污水井冒溢",
        "address": "乳山市城区街道府前路8号",
        "supervisor_id": "JD002",
        "report_time": "2026-11-21T08:00:00+08:00",
    }
    assert normalise(GridCode.URBAN, raw(event)).category == "urban.sewer_overflow"
    event |= {"major_class": "06", "minor_class": "99", "task_no": "CG-8"}
    assert normalise(GridCode.URBAN, raw(event)).category == "urban.event.0699"


def test_environment_exceedance_sets_priority() -> None:
    alert = {
        "schema_version": 1,
        "alert_id": "HB-9",
        "kind": "threshold_alert",
        "source": "sensor",
        "sensor_id": "RS-001",
        "pollutant": "COD",
        "reading": 120.0,
        "unit": "mg/L",
        "threshold": 50.0,
        "description": "COD 超标",
        "site": "乳山市夏村镇",
        "detected_time": "2026-11-21T08:00:00+08:00",
    }
    report = normalise(GridCode.ENVIRONMENT, raw(alert))
    assert report.priority is Priority.URGENT
    assert report.attributes["exceedance_ratio"] == 2.4
    assert report.reporter.role == "sensor"
    assert report.occurred_at_stated  # a sensor's reading is timed when it happened
    call = normalise(GridCode.ENVIRONMENT, raw(alert | {"source": "hotline", "alert_id": "HB-10"}))
    assert not call.occurred_at_stated  # a 12369 call's time is not the incident's


@pytest.mark.parametrize(
    "payload, stage, field",
    [
        (b"", FailedStage.DECODE, None),
        (b"{not json", FailedStage.DECODE, None),
        (b"\xff\xfe", FailedStage.DECODE, None),
        (b"[1, 2]", FailedStage.DECODE, None),
        (raw({**POLITICAL, "schema_version": 2}), FailedStage.VERSION, "schema_version"),
        (
            raw({k: v for k, v in POLITICAL.items() if k != "schema_version"}),
            FailedStage.VERSION,
            "schema_version",
        ),
        (raw({**POLITICAL, "risk_level": "extreme"}), FailedStage.VALIDATE, "risk_level"),
        (raw({**POLITICAL, "latitude": 123.0}), FailedStage.VALIDATE, "latitude"),
        (
            raw({k: v for k, v in POLITICAL.items() if k != "summary"}),
            FailedStage.VALIDATE,
            "summary",
        ),
    ],
)
def test_unprocessable_messages_say_why(
    payload: bytes, stage: FailedStage, field: str | None
) -> None:
    with pytest.raises(UnprocessableMessage) as caught:
        normalise(GridCode.POLITICAL_LEGAL, payload)
    assert caught.value.stage is stage
    assert caught.value.reason
    if field is not None:
        assert field in [e.field for e in caught.value.errors]


def test_simulated_malformed_messages_are_all_refused() -> None:
    generator = TrafficGenerator(seed=5, malformed_rate=1.0)
    for _ in range(50):
        message = generator.next_message()
        with pytest.raises(UnprocessableMessage):
            normalise(message.grid, message.value)


def test_unified_report_round_trips_and_garbage_is_refused() -> None:
    report = normalise(GridCode.POLITICAL_LEGAL, raw(POLITICAL))
    assert decode_report(report.model_dump_json().encode()) == report
    with pytest.raises(UnprocessableMessage) as caught:
        decode_report(b'{"schema_version": 1}')
    assert caught.value.stage is FailedStage.VALIDATE
    assert "report_id" in [e.field for e in caught.value.errors]
