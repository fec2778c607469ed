"""The labelled scenario set (bench/scenarios): deterministic, labelled, broad, and with a
held-out part that shares no sentence and no stream with the tuning part."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from bench.scenarios import build_stream, incident_report, start_for, wire
from bench.scenarios.evaluate import evaluate
from bench.scenarios.phrases import DEVELOPMENT, HELD_OUT, TUNING
from bench.scenarios.world import KINDS


def test_the_pools_share_no_sentence_and_cover_the_same_voices() -> None:
    assert set(TUNING) == set(DEVELOPMENT) == set(HELD_OUT)
    tuning = {s for sentences in TUNING.values() for s in sentences}
    development = {s for sentences in DEVELOPMENT.values() for s in sentences}
    held_out = {s for sentences in HELD_OUT.values() for s in sentences}
    assert not tuning & held_out and not development & held_out and not tuning & development
    for kind in KINDS.values():
        for voice in kind.voices:
            assert (kind.name, voice.key) in TUNING, (kind.name, voice.key)


def test_streams_are_deterministic_and_parts_do_not_overlap() -> None:
    first = build_stream("tuning", incidents=40)
    again = build_stream("tuning", incidents=40)
    assert [r.report_id for r in first] == [r.report_id for r in again]
    held_out = build_stream("heldout", incidents=40)
    assert not {r.report_id for r in first} & {r.report_id for r in held_out}
    assert not {r.fields["description"] for r in held_out if "{" not in r.fields["template"]} & {
        s for sentences in TUNING.values() for s in sentences
    }


def test_a_stream_is_broad_and_labelled() -> None:
    stream = build_stream("tuning", incidents=300)
    assert {r.kind for r in stream} == set(KINDS)
    assert {r.grid for r in stream} == {"political_legal", "environment", "market", "urban"}
    assert {r.story for r in stream} >= {"incident", "other_door", "days_later", "other_kind"}
    assert {r.density for r in stream} == {"spread", "downtown", "storm"}
    api = [r for r in stream if r.channel == "api"]
    assert api and any(r.sent_s - r.occurred_s > 3600 for r in api)  # sent hours late
    urban_classes = Counter(r.fields["code"] for r in stream if r.grid == "urban")
    assert ("event", "03", "05") in urban_classes  # a class outside the hub's table
    multi = Counter(r.incident for r in stream)
    assert sum(1 for n in multi.values() if n > 1) > 50


def test_every_report_goes_through_the_hubs_own_adapters() -> None:
    stream = build_stream("heldout", incidents=30)
    for sent in wire(stream, start_for(stream, datetime(2026, 12, 1, tzinfo=UTC))):
        report = incident_report(sent)
        assert report.report_id == sent.report.report_id
        if sent.report.channel == "native":
            assert report.source.channel.value == "grid_system"


def test_pairwise_precision_and_recall() -> None:
    stream = build_stream("tuning", incidents=20)
    perfect = evaluate(stream, {r.report_id: r.incident for r in stream}, {})
    assert perfect.overall.precision == perfect.overall.recall == 1.0
    apart = evaluate(stream, {r.report_id: r.report_id for r in stream}, {})
    assert apart.overall.recall == 0.0 and apart.overall.predicted_pairs == 0
    one = evaluate(stream, {r.report_id: "all" for r in stream}, {})
    assert one.overall.recall == 1.0 and one.overall.precision < 0.5


def test_the_text_lexicon_learnt_nothing_from_the_held_out_sentences() -> None:
    """Every word the similarity knows comes from the category names, the synonyms named
    in the specification, the tuning and development sentences or the generator's own
    names (shops, pollutants); none is found only in the held-out sentences."""
    from dispatch.incident_text import FILLER, LEXICON
    from grid.categories import CATEGORIES

    named = "井盖 窨井盖 检查井 焚烧 烧 冒烟 噪音 噪声 扰民 cod 氨氮 总磷 烧烤"
    seen = [*TUNING.values(), *DEVELOPMENT.values()]
    sources = " ".join(
        [*(s for sentences in seen for s in sentences), named]
        + [c.label for c in CATEGORIES.values()]
    ).lower()
    held_out = " ".join(s for sentences in HELD_OUT.values() for s in sentences).lower()
    words = [w for _, group in LEXICON.values() for w in group] + list(FILLER)
    leaked = [w for w in words if w.lower() not in sources and w.lower() in held_out]
    assert not leaked
