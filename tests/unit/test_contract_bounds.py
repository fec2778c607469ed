"""Every field of every wire model is bounded, and a value out of bounds is refused with the
field and the reason: the poison corpus (bench/poison.py) against the decoders, the dead
letter that must always fit on the broker, the JSON Schemas producers read, the API body."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from api.schemas import ReportCreate, ResolveBody
from bench.poison import Events, corpus, unified_report
from contracts.common import GridCode
from contracts.deadletter import FailedStage
from contracts.export import build_schemas
from contracts.lifecycle import CaseLifecycleEvent
from contracts.native import PoliticalLegalEvent
from contracts.report import IncidentReport
from contracts.topics import NATIVE_TOPICS, PLACED_REPORTS, REPORTS
from streams.deadletter import dead_letter
from streams.envelopes import BadEnvelope, decode_envelope
from streams.normalise import UnprocessableMessage, decode_report, normalise

BROKER_MESSAGE_LIMIT = 1_000_000  # Kafka's default is 1 MiB; stay clearly under it
GRID_OF_TOPIC = {spec.name: grid for grid, spec in NATIVE_TOPICS.items()}
NOW = datetime.now(UTC)


def refusal(topic: str, value: bytes) -> UnprocessableMessage:
    """What the intake stage's decoder of ``topic`` says about ``value``."""
    with pytest.raises(UnprocessableMessage) as refused:
        if topic == REPORTS.name:
            decode_report(value)
        else:
            normalise(GRID_OF_TOPIC[topic], value)
    return refused.value


@pytest.mark.parametrize("poison", corpus("unit"), ids=lambda p: p.name)
def test_every_poison_is_refused_at_its_stage_and_its_dead_letter_fits(poison: Any) -> None:
    if poison.topic == PLACED_REPORTS.name:
        with pytest.raises(BadEnvelope) as bad:
            decode_envelope(poison.value)
        error = UnprocessableMessage(FailedStage.DECODE, str(bad.value))
    else:
        error = refusal(poison.topic, poison.value)
        assert error.stage is poison.stage, error.reason
    assert error.reason
    if error.stage is FailedStage.VALIDATE:
        assert error.errors and all(e.field and e.reason for e in error.errors)
    letter = dead_letter(
        topic=poison.topic,
        partition=0,
        offset=7,
        key=poison.key.encode("utf-8", "surrogatepass"),
        value=poison.value,
        error=error,
        now=NOW,
    )
    assert len(letter.model_dump_json().encode()) < BROKER_MESSAGE_LIMIT
    assert letter.payload_size == len(poison.value)
    assert letter.payload_truncated == (len(poison.value) > 256 * 1024)


def test_the_valid_events_the_corpus_is_mixed_with_are_valid() -> None:
    events = Events("unit-valid")
    for grid in GridCode:
        valid = events.valid(grid)
        assert normalise(grid, valid.value).report_id == valid.report_id
    decode_report(json.dumps(unified_report("unit-valid")).encode())


def political(**changes: Any) -> dict[str, Any]:
    document = Events("unit-pl").document(GridCode.POLITICAL_LEGAL)
    document.update(changes)
    return document


def fields_refused(model: type, document: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(document)
    errors = refused.value.errors(include_url=False)
    return {".".join(str(p) for p in e["loc"]): e["msg"] for e in errors}


@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T23:59:59-05:00",  # its UTC is in the year 10000
        "0001-01-01T00:00:00",  # Beijing time: its UTC is in the year 0
        "0001-01-01T00:00:00+14:00",
        "1999-12-31T23:59:59+00:00",
        "2100-01-01T00:00:00+00:00",
    ],
)
def test_times_out_of_range_are_refused_with_the_field(moment: str) -> None:
    refused = fields_refused(PoliticalLegalEvent, political(occurred_at=moment))
    assert list(refused) == ["occurred_at"]
    assert "from 2000-01-01 to before 2100-01-01" in refused["occurred_at"]


def test_times_in_range_pass_whatever_their_offset() -> None:
    for moment in ("2000-01-01T00:00:00+00:00", "2099-12-31T23:59:59+08:00", "2026-12-03T09:00"):
        PoliticalLegalEvent.model_validate(political(occurred_at=moment))
    late = datetime(2099, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5)))  # 2100 in UTC
    assert "occurred_at" in fields_refused(PoliticalLegalEvent, political(occurred_at=late))


@pytest.mark.parametrize("version", [[1], {"v": 1}, True, "1", 1.0, None])
def test_schema_version_must_be_the_number_itself(version: object) -> None:
    refused = refusal(
        NATIVE_TOPICS[GridCode.POLITICAL_LEGAL].name,
        json.dumps(political(schema_version=version)).encode(),
    )
    assert refused.stage is FailedStage.VERSION
    assert [e.field for e in refused.errors] == ["schema_version"]
    assert "schema_version" in fields_refused(PoliticalLegalEvent, political(schema_version=True))
    unified = unified_report("unit-sv", schema_version="1")
    assert "schema_version" in fields_refused(IncidentReport, unified)


def test_text_lists_and_numbers_are_bounded_with_the_field_named() -> None:
    refused = fields_refused(
        PoliticalLegalEvent,
        political(
            summary="争执\x00",
            event_id="E" * 201,
            parties=[{"name": "王伟", "role": "applicant", "phone": "13800001111"}] * 51,
        ),
    )
    assert set(refused) == {"summary", "event_id", "parties"}
    assert "pattern" in refused["summary"] or "match" in refused["summary"]
    one_party = political(parties=[{"name": "王伟", "role": "applicant", "phone": "+" + "1" * 20}])
    assert list(fields_refused(PoliticalLegalEvent, one_party)) == ["parties.0.phone"]


@pytest.mark.parametrize(
    "attributes, why",
    [
        ({"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}, "nested deeper than 5"),
        ({"a": list(range(2500))}, "more than 2000 values"),
        ({"a": "字" * 70_000}, "characters of text"),
        ({"k" * 101: 1}, "a key of at most 100"),
        ({"a": ["ok", "no\x00"]}, "NUL character"),
        ({"a": float("nan")}, "finite"),
        ({"a": {1, 2}}, "not a JSON value"),
    ],
)
def test_attributes_are_bounded(attributes: dict[str, Any], why: str) -> None:
    refused = fields_refused(IncidentReport, unified_report("unit-attr", attributes=attributes))
    assert list(refused) == ["attributes"] and why in refused["attributes"]


def test_attributes_nested_far_beyond_the_bound_are_refused_without_recursion() -> None:
    deep: dict[str, Any] = {}
    inner = deep
    for _ in range(100_000):
        inner["x"] = {}
        inner = inner["x"]
    refused = fields_refused(IncidentReport, unified_report("unit-deep", attributes=deep))
    assert "nested deeper" in refused["attributes"]


def test_what_the_hub_itself_writes_stays_inside_the_bounds() -> None:
    """The grids' facts the adapters keep, a party list at its bound, a decision's data."""
    events = Events("unit-own")
    parties = [{"name": f"当事人{i}", "role": "witness", "phone": "13800001111"} for i in range(50)]
    report = normalise(GridCode.POLITICAL_LEGAL, json.dumps(political(parties=parties)).encode())
    assert len(report.attributes["parties"]) == 50
    urban = events.document(GridCode.URBAN)
    urban["photo_urls"] = [f"https://files.example/{i}/" + "p" * 2000 for i in range(20)]
    assert len(normalise(GridCode.URBAN, json.dumps(urban).encode()).attributes["photo_urls"]) == 20
    candidate = {"case_id": "c", "score": 0.8, "parts": {"place": 0.9}, "why": ["near"] * 5}
    decision = {"outcome": "merged", "candidates": [candidate] * 10, "notes": ["clock"]}
    CaseLifecycleEvent(
        event_id="e",
        case_id="c",
        seq=2,
        event_type="report_linked",
        occurred_at=NOW,
        actor={"id": "system", "role": "system"},
        to_state="reported",
        data={"report_id": "r", "grid": "urban", "dedupe": decision},
    )


def test_a_dead_letter_never_fails_whatever_the_message_held() -> None:
    error = UnprocessableMessage(
        FailedStage.VALIDATE,
        "bad \x00 value \udc80 " + "x" * 10_000,
        [],
    )
    from contracts.deadletter import FieldError

    many = [FieldError.of("f" * 10_000 + "\x00", "r\udc80" * 1000) for _ in range(80)]
    error.errors = many
    letter = dead_letter(
        topic="grid.urban.events",
        partition=0,
        offset=0,
        key=b"k" * 5000,
        value=b"\x00" * 3_000_000,
        error=error,
        now=NOW,
    )
    assert "\x00" not in letter.reason and len(letter.reason) == 4000
    assert len(letter.errors) == 50 and all(len(e.field) <= 200 for e in letter.errors)
    assert letter.payload_truncated and letter.payload_size == 3_000_000
    assert len(letter.model_dump_json().encode()) < BROKER_MESSAGE_LIMIT
    blank = dead_letter(
        topic="t",
        partition=0,
        offset=0,
        key=None,
        value=None,
        error=UnprocessableMessage(FailedStage.DECODE, "   "),
        now=NOW,
    )
    assert blank.reason == "decode"


def test_the_api_body_is_refused_with_the_field_and_the_reason() -> None:
    body = {
        "grid": "urban",
        "category": "urban.road_damage",
        "description": "路面\x00坑洼",
        "address_text": "地" * 4001,
        "reporter": {"id": "WG0001", "role": "grid_worker", "phone": "+" + "1" * 20},
        "client_request_id": "r\x00",
    }
    refused = fields_refused(ReportCreate, body)
    assert set(refused) == {
        "description",
        "address_text",
        "reporter.phone",
        "client_request_id",
    }


def test_evidence_urls_are_bounded_in_length_and_number() -> None:
    photo = {"url": "https://files.example/after.jpg"}
    ResolveBody.model_validate({"note": "已修复", "evidence": [photo] * 20})
    long = {"url": "https://files.example/" + "p" * 52_000}
    assert list(fields_refused(ResolveBody, {"note": "已修复", "evidence": [long]})) == [
        "evidence.0.url"
    ]
    assert list(fields_refused(ResolveBody, {"note": "已修复", "evidence": [photo] * 21})) == [
        "evidence"
    ]


# -- every field of every published schema has a bound -------------------------------------
def _unbounded(node: Any, where: str, found: list[str]) -> None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            _unbounded(item, f"{where}[{i}]", found)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    fixed = "enum" in node or "const" in node
    dated = node.get("format") == "date-time" and "formatMinimum" in node
    if kind == "string" and not fixed and "maxLength" not in node and not dated:
        found.append(f"{where}: a string without maxLength")
    if kind in ("integer", "number") and not fixed:
        low = "minimum" in node or "exclusiveMinimum" in node
        high = "maximum" in node or "exclusiveMaximum" in node
        if not (low and high):
            found.append(f"{where}: a number without both bounds")
    if kind == "array" and "maxItems" not in node:
        found.append(f"{where}: an array without maxItems")
    free_form = kind == "object" and node.get("additionalProperties") not in (None, False)
    if free_form and "x-maxDepth" not in node:
        found.append(f"{where}: a free-form object without a depth bound")
    for key, value in node.items():
        _unbounded(value, f"{where}.{key}", found)


def test_every_field_of_every_published_schema_is_bounded() -> None:
    found: list[str] = []
    for name, schema in build_schemas().items():
        _unbounded(schema, name, found)
    assert found == []
