"""The fresh de-duplication stream's scoring (bench/fresh_dedupe/run.py): pairs counted right,
and every item of a stream becomes a report the hub would accept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bench.fresh_dedupe.run import START, Result, incident_report, score
from bench.fresh_dedupe.stream import DEVELOPMENT_SEED, Item, build_stream

AT = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def item(ident: str, incident: str, *, story: str = "incident", late: bool = False) -> Item:
    return Item(
        id=ident, incident=incident, kind="pothole", story=story, grid="urban",
        channel="native", voice="urban_supervisor", payload={}, sent_at=AT,
        occurred_at=AT - timedelta(minutes=5), late=late,
    )  # fmt: skip


def test_pairs_are_counted_once_and_a_wrong_merge_names_its_look_alike() -> None:
    items = [item("a", "i1"), item("b", "i1", late=True), item("c", "i1"),
             item("d", "i2", story="other_door")]  # fmt: skip
    # a and b merged, c alone (two missed pairs), d wrongly merged with a and b.
    result = score(Result(items, {"a": "k", "b": "k", "c": "m", "d": "k"}, {}, {}))
    assert (result.overall.true, result.overall.predicted, result.overall.hits) == (3, 3, 1)
    assert len(result.missed) == 2 and len(result.wrong) == 2
    assert result.lookalikes == {"other_door": 2}
    sending = result.tables["sending"]
    assert sending["a report sent late"].true == 2 and sending["both sent at once"].true == 1


def test_every_item_becomes_a_unified_report() -> None:
    items = build_stream(DEVELOPMENT_SEED, START)[:300]
    reports = [incident_report(i) for i in items]
    assert len({r.report_id for r in reports}) == len(items)
    api = [r for i, r in zip(items, reports, strict=True) if i.channel == "api"]
    assert api and any(not r.occurred_at_stated for r in api)
