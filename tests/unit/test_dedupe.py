"""De-duplication rules, one test per failure seen on traffic the hub was not tuned for:
event time against send time, the walls between category families, the unknown urban
class, the three grids that report one night's construction noise, thresholds without
margin; and the look-alikes that must stay apart."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from config import HubSettings
from contracts.common import GridCode
from contracts.placement import PlacedReport
from contracts.report import Channel, GeoPoint, IncidentReport, Reporter, ReportSource
from dispatch.dedupe import (
    CLOCK_SKEW,
    MAX_AGE,
    Candidate,
    Outcome,
    Sighting,
    blocks,
    decide,
    door_of,
    event_time,
    score,
    sighting_of,
    total,
)
from dispatch.identity import report_id_for
from grid.coords import offset, wgs84_to_gcj02
from grid.placing import Placer
from gridhub.simulator import demo_registry
from streams.policies import dedupe_policy
from tests.unit.sightings import AT, HERE, POLICY, outcome, sighting


# -- event time, not send time -------------------------------------------------------------
def placed_report(
    source: str,
    grid: str,
    category: str,
    text: str,
    occurred: datetime,
    sent: datetime,
    *,
    stated: bool = True,
) -> PlacedReport:
    registry = demo_registry()
    address = next(a for a in registry.addresses if a.unit.startswith("R") and a.number == 12)
    lon, lat = wgs84_to_gcj02(*offset(address.lon, address.lat, 6, -4))
    report = IncidentReport(
        report_id=report_id_for(grid, source),
        source=ReportSource(grid=GridCode(grid), channel=Channel.API, source_event_id=source),
        category=category,
        title=category,
        description=text,
        address_text="乳山市城区街道黄河路12号",
        location=GeoPoint(lon=lon, lat=lat, crs="gcj02"),
        reporter=Reporter(id="citizen-1", role="citizen"),
        occurred_at=occurred,
        occurred_at_stated=stated,
        reported_at=sent,
    )
    return Placer(registry).place(report, sent)


def test_a_report_sent_hours_late_is_matched_on_when_it_happened() -> None:
    first = sighting_of(placed_report("CG-1", "urban", "urban.road_damage", "路面坑洼破损", AT, AT))
    late = sighting_of(
        placed_report(
            "app-1", "urban", "urban.road_damage", "马路上一个大坑",
            AT + timedelta(minutes=40), AT + timedelta(hours=7),  # a phone that synced late
        )
    )  # fmt: skip
    assert late.at == AT + timedelta(minutes=40)  # event time
    assert late.received_at == AT + timedelta(hours=7)  # the SLA clock's start
    assert decide(late, [Candidate("case-1", first)], POLICY).outcome is Outcome.MERGED


def test_a_look_alike_days_later_sent_in_the_same_minute_is_not_matched() -> None:
    """The failure seen: sent together, the send times were equal and scored time = 1. (A
    pothole is lasting: days later it is the same one while its case is open, so the
    look-alike comes after the lasting window.)"""
    days = POLICY.lasting_window_hours / 24 + 2
    first = sighting_of(
        placed_report(
            "app-2", "urban", "urban.road_damage", "路面坑洼破损", AT, AT + timedelta(days=days)
        )
    )
    later = sighting_of(
        placed_report(
            "app-3", "urban", "urban.road_damage", "路面坑洼破损",
            AT + timedelta(days=days), AT + timedelta(days=days),
        )
    )  # fmt: skip
    assert not blocks(later, first, POLICY)
    assert decide(later, [Candidate("case-1", first)], POLICY).outcome is Outcome.NEW


def test_a_wrong_clock_is_matched_on_receipt_and_an_old_event_is_flagged() -> None:
    received = AT
    ahead, note = event_time(AT + timedelta(hours=3), received)
    assert ahead == received and note is not None and "wrong clock" in note
    slightly_ahead, none = event_time(AT + CLOCK_SKEW - timedelta(seconds=1), received)
    assert slightly_ahead == AT + CLOCK_SKEW - timedelta(seconds=1) and none is None
    old, backfill = event_time(AT - MAX_AGE - timedelta(days=1), received)
    assert old == AT - MAX_AGE - timedelta(days=1) and backfill and "backfill" in backfill
    wrong = sighting_of(
        placed_report(
            "app-4", "urban", "urban.road_damage", "路面坑洼", AT + timedelta(hours=3), AT
        )
    )
    assert wrong.at == AT and wrong.clock_note
    assert decide(wrong, [], POLICY).notes == [wrong.clock_note]


# -- no walls between category families ----------------------------------------------------
def test_a_missing_cover_filed_as_a_security_hazard_joins_the_urban_cover_case() -> None:
    urban = sighting("urban.rain_manhole_cover", "雨水井盖缺失")
    political_legal = sighting(
        "political_legal.security_hazard",
        "巡查发现门前窨井盖丢失夜间行人易跌落存在安全隐患",
        east_m=18,
        hours=1.5,
    )
    decision = decide(political_legal, [Candidate("case-cover", urban)], POLICY)
    assert decision.outcome is Outcome.MERGED and decision.case_id == "case-cover"
    assert "井盖" in decision.rule  # the words say what the hazard is


def test_open_burning_as_an_urban_class_outside_the_table_joins_environment_smoke() -> None:
    environment = sighting("environment.smoke", "空地有露天焚烧垃圾冒黑烟")
    urban = sighting("urban.event.0112", "有人在路边烧垃圾", east_m=70, hours=0.5)
    citizen = sighting("environment.smoke", "附近冒黑烟味道很呛", east_m=-120, hours=1)
    assert outcome(urban, environment) is Outcome.MERGED
    assert outcome(citizen, environment) is Outcome.MERGED


def test_night_construction_noise_from_three_grids_is_one_case() -> None:
    hotline = sighting(
        "environment.noise", "市民来电反映工地夜间施工噪声扰民", point=None,
        address_point=offset(*HERE, 120, 40),
    )  # fmt: skip
    urban = sighting("urban.event.0305", "施工扰民", east_m=30, hours=0.4)  # 施工管理 class
    dispute = sighting(
        "political_legal.dispute", "居民与附近工地因夜间施工噪音发生纠纷情绪激动",
        east_m=-90, hours=1.2,
    )  # fmt: skip
    case = [Candidate("case-noise", hotline)]
    assert decide(urban, case, POLICY).outcome is Outcome.MERGED
    case.append(Candidate("case-noise", urban))
    assert decide(dispute, case, POLICY).outcome is Outcome.MERGED


def test_an_unknown_urban_class_is_compared_not_walled_off() -> None:
    telecom_cover = sighting("urban.component.0106", "通信井盖缺失")  # outside the table
    assert outcome(sighting("urban.rain_manhole_cover", "井盖缺失", 10, 1), telecom_cover) is (
        Outcome.MERGED
    )
    assert outcome(sighting("urban.street_light", "路灯不亮", 5, 1), telecom_cover) is Outcome.NEW
    assert blocks(sighting("market.price", "结账比标价贵"), telecom_cover, POLICY)  # compared


def test_categories_that_are_never_one_incident_are_not_compared() -> None:
    light = sighting("urban.street_light", "路灯不亮")
    assert not blocks(sighting("market.price", "结账比标价贵"), light, POLICY)
    visit = sighting("political_legal.special_population", "独居老人需定期走访")
    assert not blocks(sighting("political_legal.special_population", "独居老人需定期走访"),
                      visit, POLICY)  # fmt: skip


# -- look-alikes ---------------------------------------------------------------------------
def test_look_alikes_stay_apart() -> None:
    pothole = sighting("urban.road_damage", "路面坑洼破损")
    assert outcome(sighting("urban.road_damage", "路面坑洼破损", east_m=150), pothole) is (
        Outcome.NEW
    )  # another pothole along the street
    noise = sighting("environment.noise", "工地夜间施工噪声扰民")
    assert outcome(sighting("environment.noise", "工地夜间施工噪声扰民", hours=22), noise) is (
        Outcome.NEW
    )  # the same site the next night is another night's noise
    assert outcome(sighting("urban.rain_manhole_cover", "雨水井盖缺失", 5, 1), pothole) is (
        Outcome.NEW
    )  # another problem at the same spot: the words name another thing
    assert outcome(sighting("urban.road_damage", "路面坑洼破损", east_m=600), pothole) is (
        Outcome.NEW
    )  # the same words at another place
    later = POLICY.lasting_window_hours + 1
    assert outcome(sighting("urban.road_damage", "路面坑洼破损", hours=later), pothole) is (
        Outcome.NEW
    )  # outside the window (a pothole's: lasting)
    assert outcome(sighting("environment.smoke", "焚烧秸秆冒黑烟", hours=49),
                   sighting("environment.smoke", "焚烧秸秆冒黑烟")) is Outcome.NEW  # fmt: skip


def test_a_broad_category_needs_the_words_to_agree() -> None:
    leak = sighting("political_legal.dispute", "楼上漏水引发邻里矛盾")
    again = sighting("political_legal.dispute", "两户因楼上漏水争吵", east_m=8, hours=3)
    parking = sighting("political_legal.dispute", "因车辆堵门两户居民发生争执", east_m=8, hours=3)
    assert outcome(again, leak) is Outcome.MERGED
    assert outcome(parking, leak) is not Outcome.MERGED  # another quarrel: a dispatcher looks


# -- thresholds with a margin ----------------------------------------------------------------
def test_one_metre_does_not_decide_and_the_outcomes_sit_apart() -> None:
    """Genuine cross-grid pairs once scored 0.771-0.778 against a threshold of 0.78 and a
    neighbour's look-alike 0.778. Now the score changes smoothly with distance, a genuine
    pair scores well above the merge threshold and another door well below suggesting."""
    case = sighting("environment.illegal_discharge", "河道排污口有黑色污水排出")

    def at(metres: float) -> float:
        report = sighting("urban.sewer_overflow", "污水井冒溢路面污水横流", east_m=metres, hours=1)
        return total(score(report, case, POLICY))

    scores = [at(m) for m in range(0, 400)]
    assert all(a >= b for a, b in itertools.pairwise(scores))  # farther, never closer
    assert max(a - b for a, b in itertools.pairwise(scores)) < 0.05
    assert at(40) >= POLICY.merge_at + 0.1  # the same ditch, reported from two spots
    assert at(400) < POLICY.suggest_at - 0.3  # another outfall along the river
    assert POLICY.suggest_at < POLICY.merge_at


def test_the_grey_zone_is_suggested_and_nothing_nearby_is_new() -> None:
    case = Candidate("c", sighting("environment.dumping", "路边倾倒建筑垃圾"))
    grey = decide(sighting("urban.exposed_garbage", "路边有垃圾", east_m=82, hours=4), [case],
                  POLICY)  # fmt: skip
    assert grey.outcome is Outcome.SUGGESTED and grey.case_id == "c"
    assert POLICY.suggest_at <= grey.score < POLICY.merge_at and "grey zone" in grey.rule
    alone = decide(sighting("environment.dumping", "路边倾倒建筑垃圾"), [], POLICY)
    assert alone.outcome is Outcome.NEW and alone.case_id is None and alone.candidates == []


def test_the_best_case_wins_and_a_decision_explains_itself() -> None:
    near = Candidate("b-near", sighting("urban.road_damage", "路面坑洼", east_m=5))
    farther = Candidate("a-far", sighting("urban.road_damage", "路面坑洼", east_m=60))
    decision = decide(sighting("urban.road_damage", "路面坑洼破损"), [farther, near], POLICY)
    assert decision.case_id == "b-near"
    assert [c.case_id for c in decision.candidates] == ["b-near", "a-far"]
    data = decision.as_data()
    best = data["candidates"][0]  # type: ignore[index]
    assert "5 m apart" in best["why"] and "h apart" in best["why"]
    assert set(best["parts"]) >= {"place", "time", "category", "text"}


# -- the stored sighting --------------------------------------------------------------------
def test_a_sighting_survives_being_stored_and_old_data_still_reads() -> None:
    original = sighting(
        "urban.rain_manhole_cover", "井盖缺失", address="乳山市城区街道黄河路12号",
        address_id="R1-00120000", received_at=AT + timedelta(hours=2), grid="urban",
        address_point=(121.5, 36.9), clock_note="note",
    )  # fmt: skip
    assert Sighting.from_data(original.as_data()) == original
    old = {"category": "urban.road_damage", "at": AT.isoformat(), "text": "路面坑洼"}
    read = Sighting.from_data(old)
    assert read.received_at is None and read.address_point is None and read.location is None


def test_door_numbers_read_from_a_standard_address() -> None:
    door = door_of("乳山市城区街道黄河路12号")
    assert door is not None and (door.street, door.number) == ("乳山市城区街道黄河路", 12)
    building = door_of("乳山市白沙滩镇益天社区益天小区4号楼3单元")
    assert building is not None and building.building and building.number == 4
    assert door.next_to(door_of("乳山市城区街道黄河路13号"))  # type: ignore[arg-type]
    assert not door.next_to(door_of("乳山市城区街道黄河路16号"))  # type: ignore[arg-type]
    assert door_of("城区街道") is None


def test_the_policy_comes_from_the_settings() -> None:
    policy = dedupe_policy(HubSettings(dedupe_merge_at=0.9, dedupe_window_hours=24))
    assert policy is not None and policy.merge_at == 0.9 and policy.window_hours == 24
    assert dedupe_policy(HubSettings(dedupe_enabled=False)) is None
    with pytest.raises(ValueError, match="HUB_DEDUPE_SUGGEST_AT"):
        dedupe_policy(HubSettings(dedupe_merge_at=0.5, dedupe_suggest_at=0.6))
