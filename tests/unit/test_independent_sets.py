"""The independent labelled sets are well formed, and their scoring counts what it says.

These tests check the sets' plumbing (every message is one the hub accepts, every label names
something the registry has); they never run the hub's matchers.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from api.schemas import ReportCreate
from bench.independent.addresses import AddressItem, Expected, build_address_set
from bench.independent.evaluate import evaluate_dedupe, judge, key_of
from bench.independent.geo import as_crs, distance_m
from bench.independent.places import atlas
from bench.independent.stream import build_stream, default_base, summary
from bench.independent.writing import chinese_number
from contracts.common import GridCode
from streams.normalise import normalise

BASE = default_base()  # the hub refuses reports over 30 days old: stay near today


@pytest.fixture(scope="module")
def stream():
    return build_stream(BASE)


@pytest.fixture(scope="module")
def address_set():
    return build_address_set()


def test_every_native_message_is_one_the_hub_accepts(stream) -> None:
    natives = [r for r in stream.reports if r.native is not None]
    assert len(natives) > 1000
    for report in natives:
        unified = normalise(GridCode(report.grid), report.wire())
        assert unified.source.source_event_id == report.source_event_id
        assert unified.category == report.category


def test_every_api_report_passes_the_request_schema(stream) -> None:
    now = stream.reports[-1].sent_at + timedelta(days=1)
    api = [r for r in stream.reports if r.api_body is not None]
    assert len(api) > 800
    for report in api:
        body = dict(report.api_body)
        body.setdefault("occurred_at", report.sent_at.isoformat())
        parsed = ReportCreate.model_validate(body)
        assert parsed.category == report.category
        assert parsed.occurred_at is not None and parsed.occurred_at <= now


def test_the_stream_has_what_the_check_needs(stream) -> None:
    facts = summary(stream)
    assert 2000 <= facts["reports"] <= 4000
    assert {"sparse", "dense"} == set(facts["densities"])
    assert set(facts["lookalikes"]) == {"days_later", "another_door", "other_kind", "same_words"}
    assert facts["cross_grid_incidents"] > 150
    assert facts["sent_late"] > 200 and facts["api_without_occurred_at"] > 200
    # The four governance grids; the independent set has no hotline tickets yet.
    assert {r.grid for r in stream.reports} == {g.value for g in GridCode} - {GridCode.HOTLINE}
    assert {r.channel for r in stream.reports} == {"native", "api_worker", "api_citizen"}
    ids = Counter((r.grid, r.source_event_id) for r in stream.reports)
    assert max(ids.values()) == 1
    sent = [r.sent_at for r in stream.reports]
    assert sent == sorted(sent)
    assert all(r.observed_at <= r.sent_at for r in stream.reports)


def test_lookalikes_are_what_their_rules_say(stream) -> None:
    incidents = {i.incident_id: i for i in stream.incidents}
    for incident in stream.incidents:
        if incident.partner is None:
            continue
        base = incidents[incident.partner]
        apart = distance_m(incident.point, base.point)
        if incident.lookalike == "days_later":
            assert incident.start - base.start >= timedelta(days=2, hours=22) and apart < 20
        elif incident.lookalike == "another_door":
            assert apart >= 140 and incident.kind is base.kind
        elif incident.lookalike == "other_kind":
            assert incident.kind is not base.kind and apart < 20
        elif incident.lookalike == "same_words":
            assert apart >= 1500 and incident.kind is base.kind


def test_the_same_seed_gives_the_same_sets(stream, address_set) -> None:
    again = build_stream(BASE)
    assert [(r.source_event_id, r.description, r.address_text) for r in again.reports] == [
        (r.source_event_id, r.description, r.address_text) for r in stream.reports
    ]
    assert build_address_set() == address_set


def test_every_address_label_names_something_the_registry_has(address_set) -> None:
    a = atlas()
    addresses = {x.id for x in a.registry.addresses}
    assert len(address_set) >= 2000
    for item in address_set:
        code = item.expected.code
        if item.expected.kind == "address":
            assert code in addresses, item
        elif item.expected.kind == "cell":
            assert code in a.cell_boxes, item
        elif item.expected.kind == "community":
            assert code in a.community_name, item
        elif item.expected.kind == "township":
            assert code in a.township_name, item
        else:
            assert code is None
    kinds = Counter(item.writing for item in address_set)
    assert len(kinds) >= 20 and min(kinds.values()) >= 50


def test_phone_points_are_near_what_they_show(address_set) -> None:
    a = atlas()
    cells = [i for i in address_set if i.writing == "point_only"]
    assert {i.crs for i in cells} == {"gcj02", "wgs84", "bd09"}
    assert all(a.cell_of(i.point) == i.expected.code for i in cells if i.crs == "wgs84")
    # GCJ-02 moves points here by a few hundred metres: the label is the WGS-84 cell.
    shifted = [i for i in cells if i.crs != "wgs84" and a.cell_of(i.point) != i.expected.code]
    assert shifted
    assert distance_m(as_crs((121.5, 36.9), "gcj02"), (121.5, 36.9)) > 100


def test_numbers_are_written_as_people_write_them() -> None:
    assert [chinese_number(n) for n in (7, 10, 12, 20, 105, 110, 160)] == [
        "七",
        "十",
        "十二",
        "二十",
        "一百零五",
        "一百一十",
        "一百六十",
    ]


def test_pairs_are_counted_as_the_docs_say(stream) -> None:
    reports = stream.reports[:300]
    perfect = {key_of(r): r.incident_id for r in reports}
    result = evaluate_dedupe(reports, stream.incidents, perfect, {})
    assert result.overall.precision == 1.0 and result.overall.recall == 1.0
    alone = {key_of(r): None for r in reports}
    result = evaluate_dedupe(reports, stream.incidents, alone, {})
    assert result.overall.recall == 0.0 and result.overall.predicted == 0
    assert result.missing == len(reports)
    one_case = {key_of(r): "everything" for r in reports}
    outcome = {key_of(reports[0]): "suggested"}
    result = evaluate_dedupe(reports, stream.incidents, one_case, outcome)
    assert result.overall.recall == 1.0 and result.overall.precision < 0.1
    assert result.suggested == 1 and len(result.wrong_pairs) > 0


def _item(kind: str, code: str | None) -> AddressItem:
    return AddressItem("A1", "test", "text", Expected(kind, code))


def test_address_answers_are_judged_by_the_labelling_rules() -> None:
    placed = {
        "status": "placed",
        "precision": "address",
        "address_id": "R1-00120000",
        "cell": "C1",
        "community": "M1",
        "township": "T1",
        "confidence": 0.95,
    }
    assert judge(_item("address", "R1-00120000"), placed).correct
    wrong = judge(_item("address", "R1-00140000"), placed)
    assert not wrong.correct and wrong.confidently_wrong
    assert judge(_item("cell", "C1"), placed).correct
    assert not judge(_item("community", "M1"), placed).correct  # a door where none was named
    partial = {"status": "partial", "precision": "township", "township": "T1", "confidence": 0.5}
    assert judge(_item("township", "T1"), partial).correct
    assert judge(_item("not_placed", None), partial).correct
    assert not judge(_item("unplaced", None), partial).correct
    assert not judge(_item("unplaced", None), partial).confidently_wrong
    assert judge(_item("unplaced", None), {"status": "unplaced", "confidence": 0}).correct
