"""The category affinity table: every pair of the four taxonomies graded, with a reason."""

from __future__ import annotations

from itertools import combinations

from grid.affinity import (
    LINKS,
    URBAN_GROUPS,
    affinity,
    extent,
    extent_of,
    group_of,
    link,
    table,
)
from grid.categories import CATEGORIES


def test_every_pair_of_known_categories_has_an_affinity_and_a_reason() -> None:
    codes = sorted(CATEGORIES)
    pairs = table()
    assert len(pairs) == len(codes) + len(codes) * (len(codes) - 1) // 2
    for a, b, found in pairs:
        assert 0.0 <= found.affinity <= 1.0
        assert found.reason, (a, b)
        assert link(b, a) == found  # symmetric


def test_links_name_real_categories_or_urban_class_groups() -> None:
    for key, found in LINKS.items():
        assert len(key) == 2 and 0 < found.affinity <= 1 and found.reason
        for code in key:
            assert code in CATEGORIES or code in URBAN_GROUPS, code


def test_the_cross_grid_incidents_are_related() -> None:
    # a missing cover: 综治 security hazard and 城管 cover
    assert affinity("political_legal.security_hazard", "urban.rain_manhole_cover") >= 0.5
    # polluted water: 环保 discharge and 城管 overflow
    assert affinity("environment.illegal_discharge", "urban.sewer_overflow") >= 0.7
    # night construction noise: 环保 noise, 城管 施工管理 class outside the table, 综治 dispute
    assert affinity("environment.noise", "urban.event.0305") >= 0.6
    assert affinity("environment.noise", "political_legal.dispute") > 0
    # open burning: 环保 smoke and a 城管 市容环境 event outside the table
    assert affinity("environment.smoke", "urban.event.0112") >= 0.4
    # never one incident
    assert affinity("urban.street_light", "market.price") == 0


def test_an_urban_class_outside_the_table_is_never_a_family_of_its_own() -> None:
    assert group_of("urban.event.0305") == "urban.event.03"
    assert group_of("urban.component.0106") == "urban.component.01"
    assert group_of("urban.road_damage") is None and group_of("environment.noise") is None
    for code in ("urban.event.0999", "urban.component.0799", "urban.event.0305"):
        related = [c for c in CATEGORIES if affinity(code, c) > 0]
        assert len(related) == len(CATEGORIES), code  # compared with everything
    assert affinity("urban.event.0103", "urban.event.0112") == 0.5  # one group
    assert affinity("urban.event.0305", "urban.event.0305") == 0.8  # the same class


def test_broad_categories_need_more_than_their_name() -> None:
    assert affinity("political_legal.dispute", "political_legal.dispute") < 0.6
    assert affinity("urban.road_damage", "urban.road_damage") == 1.0


def test_extents_take_the_wider_place_and_the_shorter_time() -> None:
    noise_and_dispute = extent("environment.noise", "political_legal.dispute")
    assert noise_and_dispute.metres == extent_of("environment.noise").metres
    assert noise_and_dispute.hours == extent_of("environment.noise").hours  # one night
    # ... but the quarrel over it is written up by the next morning (AFTERMATH).
    assert noise_and_dispute.follows == "political_legal.dispute"
    assert extent_of("environment.noise").hours < noise_and_dispute.follow_hours <= 12
    smoke_and_hazard = extent("environment.smoke", "political_legal.security_hazard")
    assert smoke_and_hazard.hours == extent_of("environment.smoke").hours  # one afternoon
    assert extent_of("urban.event.0305").metres >= 200  # 施工管理: heard from afar
    assert extent("urban.road_damage", "urban.road_damage").metres < 100


def test_every_category_pair_in_the_table_is_listed_once() -> None:
    seen = {frozenset((a, b)) for a, b, _ in table()}
    assert all(frozenset((a, b)) in seen for a, b in combinations(sorted(CATEGORIES), 2))


def test_the_documented_table_is_the_table_in_use() -> None:
    """docs/dedupe.md lists every link with its affinity; it must not drift from the code."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "dedupe.md").read_text("utf-8")
    rows = [line for line in doc.splitlines() if line.startswith("| ") and "`" in line]
    for key, found in LINKS.items():
        a, b = sorted(key)
        assert any(
            f"`{a}" in row and f"`{b}" in row and f"| {found.affinity} |" in row for row in rows
        ), (a, b)
