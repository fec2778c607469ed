"""Lasting problems, the aftermath of a night's noise, and shops that share only their trade:
de-duplication rules for traffic the hub was not tuned on. Pure."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from dispatch.dedupe import (
    DedupePolicy,
    Outcome,
    Sighting,
    blocks,
    decide,
    reach_m,
    window_hours,
)
from dispatch.dedupe_index import OpenCaseIndex
from dispatch.incident_text import marks, shared_marks
from grid.affinity import extent
from tests.unit.sightings import POLICY, outcome, sighting


# -- a lasting problem is one incident while its case is open ---------------------------------
def test_a_pothole_reported_again_days_later_joins_its_open_case() -> None:
    pothole = sighting("urban.road_damage", "路面坑洼破损")
    again = sighting("urban.road_damage", "这个坑还没修，天天有人摔", east_m=10, hours=4 * 24)
    assert blocks(again, pothole, POLICY)
    assert outcome(again, pothole) is Outcome.MERGED


def test_a_cover_still_missing_days_later_joins_across_grids() -> None:
    cover = sighting("urban.rain_manhole_cover", "雨水井盖缺失")
    citizen = sighting("urban.road_damage", "井盖还是没有盖上，太危险了", east_m=8, hours=3 * 24)
    assert outcome(citizen, cover) is Outcome.MERGED


def test_only_lasting_pairs_get_the_lasting_window() -> None:
    assert window_hours("urban.road_damage", "urban.rain_manhole_cover", POLICY) == 168
    assert window_hours("environment.dumping", "urban.exposed_garbage", POLICY) == 168
    # An episode keeps the ordinary window, alone or with a lasting category.
    assert window_hours("environment.smoke", "environment.smoke", POLICY) == 48
    assert window_hours("environment.smoke", "urban.exposed_garbage", POLICY) == 48
    assert window_hours("environment.noise", "environment.noise", POLICY) == 48
    # A broad category with itself: two hazards days apart at one place are often two.
    assert window_hours("political_legal.security_hazard", "urban.road_damage", POLICY) == 168
    hazard = "political_legal.security_hazard"
    assert window_hours(hazard, hazard, POLICY) == 48


def test_an_episode_at_the_same_place_days_later_is_another_incident() -> None:
    smoke = sighting("environment.smoke", "焚烧秸秆冒黑烟")
    assert not blocks(sighting("environment.smoke", "焚烧秸秆冒黑烟", hours=3 * 24), smoke, POLICY)
    noise = sighting("environment.noise", "工地夜间施工噪声扰民")
    assert outcome(sighting("environment.noise", "工地夜间施工噪声扰民", hours=24), noise) is (
        Outcome.NEW
    )


def test_a_lasting_problem_after_its_window_is_another_incident() -> None:
    pothole = sighting("urban.road_damage", "路面坑洼破损")
    later = sighting("urban.road_damage", "路面坑洼破损", hours=POLICY.lasting_window_hours + 2)
    assert not blocks(later, pothole, POLICY)
    shorter = DedupePolicy(lasting_window_hours=72)
    assert not blocks(sighting("urban.road_damage", "路面坑洼破损", hours=80), pothole, shorter)


def test_the_index_keeps_each_pair_to_its_own_window() -> None:
    index = OpenCaseIndex(partial(reach_m, policy=POLICY), partial(window_hours, policy=POLICY))
    index.add("pothole", sighting("urban.road_damage", "路面坑洼", hours=-100))
    index.add("smoke", sighting("environment.smoke", "冒黑烟", hours=-100))
    index.add("cover", sighting("urban.rain_manhole_cover", "井盖缺失", hours=-200))
    window = timedelta(hours=POLICY.longest_window_hours)
    found = {c.case_id for c in index.around(sighting("urban.road_damage", "坑"), window)}
    assert found == {"pothole"}  # the cover is older than the week; smoke is an episode
    found = {c.case_id for c in index.around(sighting("environment.smoke", "烟"), window)}
    assert found == set()


def test_a_lasting_problem_whose_case_was_closed_opens_a_new_case() -> None:
    """Fixed and closed, then broken again: only open cases are candidates."""
    index = OpenCaseIndex(partial(reach_m, policy=POLICY), partial(window_hours, policy=POLICY))
    index.add("fixed", sighting("urban.road_damage", "路面坑洼破损", hours=-72))
    window = timedelta(hours=POLICY.longest_window_hours)
    again = sighting("urban.road_damage", "路面又塌了一个坑")
    assert [c.case_id for c in index.around(again, window)] == ["fixed"]
    index.close(["fixed"])
    assert index.around(again, window) == []
    assert decide(again, index.around(again, window), POLICY).outcome is Outcome.NEW


# -- a 综治 record of the quarrel over last night's noise ---------------------------------------
def test_the_quarrel_over_last_nights_noise_joins_the_noise_case() -> None:
    noise = sighting("environment.noise", "工地夜间施工噪音扰民，居民无法休息", hours=0)
    quarrel = sighting(
        "political_legal.dispute",
        "居民因工地夜间施工噪音与施工方发生争执，已调解",
        east_m=120,
        hours=9,
    )
    assert extent("environment.noise", "political_legal.dispute").follow_hours == 12
    assert outcome(quarrel, noise) is Outcome.MERGED
    # The next night's noise is another night: a quarrel does not reach forward to it.
    next_night = sighting("environment.noise", "工地夜间施工噪音扰民", hours=9 + 14)
    assert outcome(next_night, quarrel) is not Outcome.MERGED


# -- shops that share only their trade are not one shop ---------------------------------------
def test_two_fast_food_shops_are_not_one_by_their_trade() -> None:
    first = marks("检查发现如意快餐店销售过期食品")
    second = marks("好运来快餐店疑似使用回收油")
    assert shared_marks(first, second).spot is None
    again = marks("投诉好运来快餐店后厨卫生脏乱")
    assert shared_marks(second, again).spot == "运来快餐店"
    far = sighting("market.food_safety", "销售过期食品", point=None, cell=None,
                   township="371083001", community=None, nearby_cells=frozenset(),
                   marks=first)  # fmt: skip
    other = sighting("market.food_safety", "使用回收油", point=None, cell=None,
                     township="371083001", community=None, nearby_cells=frozenset(),
                     marks=second, hours=5)  # fmt: skip
    assert not blocks(other, far, POLICY)  # one township, no spot in common: not compared


# -- a village's entrance and its committee's yard are one spot of it --------------------------
def test_the_village_entrance_is_one_spot_of_the_village() -> None:
    assert shared_marks(marks("午极镇泽上村村口"), marks("泽上村村口垃圾堆成山")).spot == "村口"
    assert shared_marks(marks("石城村村委旁边"), marks("石城村村委会门口")).spot == "村委"
    # Where the villagers went to complain is not where the problem is.
    assert marks("村民多次到村委反映").premises == frozenset()
    # Two entrances on opposite sides are two spots.
    assert shared_marks(marks("泽上村村东口"), marks("泽上村村西口")).spot is None


def test_rubbish_at_the_village_entrance_reported_twice_is_one_heap() -> None:
    def at_entrance(text: str, address: str, hours: float) -> Sighting:
        return sighting("urban.exposed_garbage", text, hours=hours, point=None, cell=None,
                        community="371083105201", township="371083105",
                        nearby_cells=frozenset(), marks=marks(text, address))  # fmt: skip

    first = at_entrance("村口垃圾堆积未清运", "午极镇泽上村村口", 0)
    second = at_entrance("村口垃圾堆成山了没人拉走", "泽上村村口", 4)
    assert outcome(second, first) is Outcome.MERGED
    elsewhere = at_entrance("垃圾堆成山了没人拉走", "泽上村", 4)
    another = at_entrance("路边一堆垃圾", "泽上村村西", 3)
    # The village alone, and two open heaps there: a dispatcher picks.
    assert outcome(elsewhere, first, another) is Outcome.SUGGESTED
