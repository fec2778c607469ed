"""De-duplication rules: blocking, scoring, the three outcomes, and the quality measure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dispatch.dedupe import Candidate, DedupePolicy, Outcome, Sighting, blocks, decide, score
from dispatch.dedupe_scenarios import ScenarioGenerator, pairwise_scores
from grid.categories import FAMILY_OF, category_family
from grid.coords import offset
from gridhub.simulator import demo_registry

AT = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
POLICY = DedupePolicy()
HERE = (121.52, 36.91)


def sighting(category: str = "environment.illegal_discharge", **changes: object) -> Sighting:
    values: dict[str, object] = {
        "category": category,
        "at": AT,
        "text": "河道排污口有黑色污水排出",
        "point": HERE,
        "cell": "37108300100101",
        "address_id": None,
        "nearby_cells": frozenset({"37108300100101", "37108300100102"}),
    }
    values.update(changes)
    return Sighting(**values)  # type: ignore[arg-type]


def test_families_span_the_grids() -> None:
    assert category_family("environment.illegal_discharge") == category_family(
        "urban.sewer_overflow"
    )
    assert category_family("environment.dumping") == category_family("urban.exposed_garbage")
    assert category_family("urban.street_light") != category_family("urban.road_damage")
    assert category_family("urban.event.9999") == "urban.event.9999"  # unknown: its own family
    assert len(FAMILY_OF) == len(set(FAMILY_OF))


def test_blocking_needs_family_time_and_place() -> None:
    base = sighting()
    assert blocks(sighting("urban.sewer_overflow"), base, POLICY)
    assert not blocks(sighting("urban.street_light"), base, POLICY)
    assert not blocks(sighting(at=AT + timedelta(hours=49)), base, POLICY)
    far = offset(*HERE, 400, 0)
    assert not blocks(sighting(point=far), base, POLICY)
    # Without points, the cells decide: the same or a neighbouring cell.
    no_point = sighting(point=None)
    assert blocks(sighting(point=None, cell="37108300100102"), no_point, POLICY)
    elsewhere = sighting(
        point=None, cell="37108310000101", nearby_cells=frozenset({"37108310000101"})
    )
    assert not blocks(elsewhere, no_point, POLICY)


def test_a_cross_grid_report_of_one_spot_merges() -> None:
    case = Candidate("case-1", sighting())
    report = sighting(
        "urban.sewer_overflow",
        at=AT + timedelta(minutes=40),
        text="污水井冒溢，路面污水横流",
        point=offset(*HERE, 15, -10),
    )
    decision = decide(report, [case], POLICY)
    assert decision.outcome is Outcome.MERGED and decision.case_id == "case-1"
    assert decision.candidates[0].parts["category"] == 0.8  # same family, not same category
    assert "merge threshold" in decision.rule
    assert decision.as_data()["candidates"][0]["case_id"] == "case-1"


def test_another_door_counts_half_and_does_not_merge() -> None:
    case = sighting(address_id="R1-00120000", point=None)
    neighbour = sighting(address_id="R1-00160000", point=None, at=AT + timedelta(hours=1))
    parts = score(neighbour, case, POLICY)
    assert parts["place"] == 0.35
    assert decide(neighbour, [Candidate("c", case)], POLICY).outcome is not Outcome.MERGED


def test_a_weak_match_is_suggested_and_nothing_nearby_is_new() -> None:
    case = Candidate("c", sighting())
    grey = sighting(
        "urban.sewage_manhole_cover",
        at=AT + timedelta(hours=10),
        text="井盖破损",
        point=offset(*HERE, 120, 0),
    )
    decision = decide(grey, [case], POLICY)
    assert decision.outcome is Outcome.SUGGESTED and decision.case_id == "c"
    alone = decide(sighting(), [], POLICY)
    assert alone.outcome is Outcome.NEW and alone.case_id is None and alone.candidates == []


def test_the_best_candidate_wins_and_ties_break_by_id() -> None:
    near = Candidate("b-near", sighting(point=offset(*HERE, 5, 0)))
    farther = Candidate("a-far", sighting(point=offset(*HERE, 150, 0)))
    decision = decide(sighting(), [farther, near], POLICY)
    assert decision.case_id == "b-near"
    assert [c.case_id for c in decision.candidates] == ["b-near", "a-far"]


def test_pairwise_scores() -> None:
    truth = {"r1": 1, "r2": 1, "r3": 1, "r4": 2}
    assert pairwise_scores(truth, {"r1": "A", "r2": "A", "r3": "A", "r4": "B"})[:3] == (1, 1, 1)
    precision, recall, _, true_pairs, predicted = pairwise_scores(
        truth, {"r1": "A", "r2": "A", "r3": "B", "r4": "B"}
    )
    assert (true_pairs, predicted) == (3, 2)
    assert precision == 0.5 and recall == 1 / 3


def test_scenarios_are_deterministic_and_labelled() -> None:
    first = list(ScenarioGenerator(demo_registry(), seed=5).generate(30))
    again = list(ScenarioGenerator(demo_registry(), seed=5).generate(30))
    assert [x.report for x in first] == [x.report for x in again]
    kinds = {x.kind for x in first}
    assert "cluster" in kinds and kinds <= {"cluster", "other_door", "days_later", "other_family"}
    lookalikes = [x for x in first if x.kind != "cluster"]
    assert all(x.incident >= 30 for x in lookalikes)
