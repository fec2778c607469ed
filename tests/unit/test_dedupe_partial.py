"""De-duplication of reports the registry could place only to a village, community or
township (no point, no cell): blocked by that area and by what their words pin down (a plate,
a door, a named shop, the side of the village), scored with place evidence as low as the area
is large, so that category, time and words must carry a match."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contracts.common import GridCode
from contracts.placement import PlacedReport, PlacementStatus
from contracts.report import Channel, IncidentReport, Reporter, ReportSource
from dispatch.dedupe import (
    Candidate,
    DedupePolicy,
    Outcome,
    Sighting,
    blocks,
    decide,
    score,
    sighting_of,
)
from dispatch.dedupe_index import OpenCaseIndex
from dispatch.identity import report_id_for
from dispatch.incident_text import Marks, marks, shared_marks
from dispatch.recording import comparable_place, plan_batch
from dispatch.sla import SlaPolicy
from tests.factories import placed

AT = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
POLICY = DedupePolicy()
TOWNSHIP = "371083100"
VILLAGE = "371083100201"
OTHER_VILLAGE = "371083100202"


def village_report(
    category: str,
    text: str,
    where: str = "",
    hours: float = 0.0,
    community: str | None = VILLAGE,
    **changes: object,
) -> Sighting:
    values: dict[str, object] = {
        "category": category,
        "at": AT + timedelta(hours=hours),
        "text": text,
        "community": community,
        "township": TOWNSHIP,
        "marks": marks(text, where),
    }
    values.update(changes)
    return Sighting(**values)  # type: ignore[arg-type]


def outcome(report: Sighting, *cases: Sighting) -> Outcome:
    return decide(report, [Candidate(f"case-{i}", c) for i, c in enumerate(cases)], POLICY).outcome


# -- what the words pin down ---------------------------------------------------------------
def test_marks_read_plates_doors_named_premises_and_sides() -> None:
    found = marks("一辆鲁Ｋ·A7731的面包车堵在福顺超市门口", "邵家村东头")
    assert found.plates == {"鲁KA7731"}
    assert any(name.endswith("福顺") and kind == "超市" for name, kind in found.premises)
    assert found.sides == {"东"}
    assert marks("", "石城村兴旺街18号门口").doors == {"石城村兴旺街18"}
    # A premises with no name of its own (这家超市) keeps only its kind; what it trades in
    # belongs to its kind (顺发's 建材店), so two 建材店 are not one shop.
    assert ("", "超市") in marks("这家超市卖过期面包").premises
    assert ("顺发", "建材店") in marks("顺发建材店无照经营").premises
    assert shared_marks(marks("顺发建材店"), marks("兴隆建材店")).spot is None
    assert shared_marks(marks("垃圾中转站冒烟"), marks("村外垃圾中转站")).kind == "垃圾中转站"
    # What comes before a shop is not its name unless it is one: 投诉超市 names no shop.
    assert shared_marks(marks("投诉超市卖过期食品"), marks("我要投诉超市面包过期")).spot is None
    assert ("家和", "商店") in marks("在家和商店买的").premises
    # Shops, stalls and building sites are many: by kind alone they are no landmark.
    assert shared_marks(marks("烧烤摊占道"), marks("烧烤摊又摆出来了")).kind is None
    # 东 inside a village's name is not a side of it.
    assert not marks("", "东石城村附近").sides


def test_shared_marks_say_one_spot_one_landmark_or_opposite_sides() -> None:
    named = shared_marks(marks("在福顺超市买的"), marks("投诉福顺超市卖过期面包"))
    assert named.spot == "福顺超市"
    kind_only = shared_marks(marks("村里的养鸡场臭"), marks("南边那个养鸡场"))
    assert kind_only.spot is None and kind_only.kind == "养鸡场"
    plate = shared_marks(marks("鲁K A7731 停在路口"), marks("车牌鲁KA7731"))
    assert plate.spot == "鲁KA7731"
    sides = shared_marks(marks("", "邵家村东头"), marks("", "邵家村村外西边"))
    assert sides.opposite == ("东", "西") and sides.side is None
    door = shared_marks(marks("", "石城村兴旺街18号"), marks("", "兴旺街18号门前"))
    assert door.spot == "兴旺街18号"


def test_marks_survive_storage_and_old_sightings_read_without_them() -> None:
    report = village_report("urban.illegal_parking", "鲁KA7731堵在福顺超市门口", "邵家村东头")
    again = Sighting.from_data(report.as_data())
    assert again == report and again.marks.plates == {"鲁KA7731"}
    old = report.as_data()
    for key in ("community", "township", "marks"):
        del old[key]
    assert Sighting.from_data(old).marks == Marks() and Sighting.from_data(old).community is None


# -- blocking ------------------------------------------------------------------------------
def test_reports_of_one_village_are_compared_and_of_two_villages_not() -> None:
    first = village_report("environment.smoke", "有人烧秸秆冒黑烟", "邵家村东头")
    assert blocks(village_report("environment.smoke", "烧秸秆", "邵家村东边", 1), first, POLICY)
    elsewhere = village_report("environment.smoke", "烧秸秆", "邢家庄村", 1, OTHER_VILLAGE)
    assert not blocks(elsewhere, first, POLICY)


def test_one_township_is_compared_only_when_the_words_name_one_spot() -> None:
    case = village_report("urban.illegal_parking", "鲁KA7731堵门", community=None)
    same_car = village_report("urban.illegal_parking", "车牌鲁KA7731占道停放", hours=1,
                              community=OTHER_VILLAGE)  # fmt: skip
    another = village_report("urban.illegal_parking", "面包车占道停放", hours=1,
                             community=OTHER_VILLAGE)  # fmt: skip
    assert blocks(same_car, case, POLICY)
    assert not blocks(another, case, POLICY)


def test_two_cells_of_one_village_far_apart_stay_uncompared() -> None:
    """Blocking by village is for reports with no cell; two placed reports keep their rule."""
    first = village_report(
        "urban.road_damage", "路面坑洼", cell="C1", nearby_cells=frozenset({"C1"})
    )
    second = village_report(
        "urban.road_damage", "路面坑洼", cell="C9", nearby_cells=frozenset({"C9"})
    )
    assert not blocks(second, first, POLICY)


# -- scoring: the coarser the place, the more the rest must say --------------------------------
def test_the_same_village_alone_points_to_the_only_case_that_fits() -> None:
    """A pothole reported only as 'in 邵家村': the village's place evidence is nothing to go
    on. The one open pothole case of the village is suggested (it may be another pothole:
    a dispatcher confirms); the village's one smell is merged (a smell is the village's)."""
    first = village_report("urban.road_damage", "路面有个大坑")
    second = village_report("urban.road_damage", "路面有个大坑", hours=0.5)
    parts = score(second, first, POLICY)
    assert parts["place"] < 0.01
    decision = decide(second, [Candidate("case-1", first)], POLICY)
    assert decision.outcome is Outcome.SUGGESTED and "the only open case" in decision.rule
    other = village_report("urban.road_damage", "马路坏了一个坑", hours=0.2)
    two = decide(second, [Candidate("case-1", first), Candidate("case-2", other)], POLICY)
    assert two.outcome is Outcome.SUGGESTED and "2 open cases fit" in two.rule
    smell = village_report("environment.odour", "村里一股臭味")
    again = village_report("environment.odour", "臭死了", hours=1)
    merged = decide(again, [Candidate("case-s", smell)], POLICY)
    assert merged.outcome is Outcome.MERGED and "noticed from afar" in merged.rule
    other_smell = village_report("environment.odour", "有股怪味", hours=0.5)
    assert outcome(again, smell, other_smell) is Outcome.SUGGESTED
    # Kinds that do not fit stay apart, village or not.
    light = village_report("urban.street_light", "路灯不亮", hours=0.5)
    assert outcome(light, first) is Outcome.NEW


def test_a_named_shop_or_a_plate_in_both_places_them_at_one_spot() -> None:
    shop = village_report("market.food_safety", "福顺超市卖过期面包")
    again = village_report("market.food_safety", "在福顺超市买的面包过期了", hours=3)
    assert outcome(again, shop) is Outcome.MERGED
    car = village_report("urban.illegal_parking", "鲁KA7731堵门")
    same_car = village_report("urban.illegal_parking", "车牌鲁KA7731一直停在这", hours=1)
    assert outcome(same_car, car) is Outcome.MERGED
    decision = decide(same_car, [Candidate("case-car", car)], POLICY)
    assert "鲁KA7731" in decision.rule  # the dispatcher sees why


def test_a_landmark_of_the_village_carries_only_what_spreads_wide() -> None:
    """The same kind of premises (a village's 养鸡场) says 'about there': enough for smoke or
    a smell, not for food bought at one of two shops."""
    farm = village_report("environment.odour", "养鸡场臭味很大", "邵家村")
    smell = village_report("environment.odour", "养鸡场太臭了", "邵家村", hours=1)
    assert outcome(smell, farm) is not Outcome.NEW
    shop = village_report("market.food_safety", "这家超市卖过期面包")
    another = village_report("market.food_safety", "那家超市面包过期", hours=1)
    assert score(another, shop, POLICY)["place"] < 0.01  # the landmark says nothing here
    other_shop = village_report("market.food_safety", "小卖部卖的饮料过期", hours=0.5)
    assert outcome(another, shop, other_shop) is Outcome.SUGGESTED  # two shops: ask


def test_opposite_sides_of_a_village_never_count_as_one_landmark() -> None:
    east = village_report("environment.smoke", "烧秸秆冒黑烟", "邵家村村东果园")
    west = village_report("environment.smoke", "烧秸秆冒黑烟", "邵家村村西果园", hours=0.5)
    assert outcome(west, east) is Outcome.NEW
    same_side = village_report("environment.smoke", "烧秸秆冒黑烟", "邵家村东边地里", hours=0.5)
    assert outcome(same_side, east) is Outcome.MERGED


def test_a_located_report_meets_a_village_report_at_village_level() -> None:
    located = village_report(
        "urban.illegal_parking", "鲁KA7731堵在门口", point=(121.5, 36.9), cell="C1",
        nearby_cells=frozenset({"C1"}),
    )  # fmt: skip
    village = village_report("urban.illegal_parking", "鲁KA7731一直停着", hours=1)
    assert blocks(village, located, POLICY)
    assert outcome(village, located) is Outcome.MERGED
    other_car = village_report("urban.illegal_parking", "鲁KB1234一直停着", hours=1)
    assert outcome(other_car, located) is Outcome.NEW  # two plates: two cars
    # A located pothole does not join a case of "a pothole somewhere in the village" (it may
    # be another one); a located smell joins the village's smell.
    hole = village_report("urban.road_damage", "村里路上有个坑")
    located_hole = village_report(
        "urban.road_damage", "路面有个坑", hours=1, point=(121.5, 36.9), cell="C1",
        nearby_cells=frozenset({"C1"}),
    )  # fmt: skip
    assert outcome(located_hole, hole) is Outcome.NEW
    smell = village_report("environment.odour", "村里臭味很大")
    located_smell = village_report(
        "environment.odour", "一股臭味", hours=1, point=(121.5, 36.9), cell="C1",
        nearby_cells=frozenset({"C1"}),
    )  # fmt: skip
    assert outcome(located_smell, smell) is Outcome.MERGED


# -- the stream's index --------------------------------------------------------------------
def test_the_index_finds_entries_with_no_cell_and_forgets_them_in_time() -> None:
    index = OpenCaseIndex(lambda a, b: 300.0)
    index.add("village", village_report("environment.smoke", "烧秸秆"))
    index.add("unplaced", village_report("environment.smoke", "烧秸秆", community=None,
                                         township=None))  # fmt: skip
    assert len(index) == 1  # unplaced: nothing to meet
    window = timedelta(hours=48)
    from_village = index.around(village_report("environment.smoke", "冒烟", hours=1), window)
    assert [c.case_id for c in from_village] == ["village"]
    located = village_report("environment.smoke", "冒烟", hours=1, point=(121.5, 36.9),
                             cell="C1", nearby_cells=frozenset({"C1"}))  # fmt: skip
    assert [c.case_id for c in index.around(located, window)] == ["village"]
    index.close(["village"])
    assert index.around(located, window) == []
    index.add("village-2", village_report("environment.smoke", "烧秸秆", hours=2))
    assert index.expire(AT + timedelta(hours=1)) == 1  # the first one's time has passed
    assert [c.case_id for c in index.around(located, window)] == ["village-2"]


def api_report(n: int, category: str, text: str, address: str, hours: float) -> PlacedReport:
    source = f"P{n:04d}"
    at = AT + timedelta(hours=hours)
    return placed(
        IncidentReport(
            report_id=report_id_for(GridCode.URBAN.value, source),
            source=ReportSource(grid=GridCode.URBAN, channel=Channel.API, source_event_id=source),
            category=category,
            title="测试",
            description=text,
            address_text=address,
            reporter=Reporter(id="citizen-1", role="citizen"),
            occurred_at=at,
            reported_at=at,
        )
    )


def test_a_batch_of_village_reports_is_decided_and_their_duplicates_found() -> None:
    """Placed by the real registry to the village only, the reports are now decided (they
    used to open a case each with no decision at all)."""
    batch = [
        api_report(1, "urban.illegal_parking", "鲁KA7731的面包车堵着路", "夏村镇邵家村", 0),
        api_report(2, "urban.illegal_parking", "车牌鲁KA7731一直堵在这", "邵家村东头", 1),
        api_report(3, "urban.road_damage", "路上有个大坑", "夏村镇邵家村", 1.5),
    ]
    assert all(p.placement.status is PlacementStatus.PARTIAL for p in batch)
    assert all(comparable_place(p) for p in batch)
    assert sighting_of(batch[0]).community == batch[0].placement.community
    plan = plan_batch(batch, lambda _: [], AT + timedelta(hours=2), SlaPolicy(), POLICY)
    assert len(plan.decisions) == 3
    assert plan.links[batch[1].report.report_id] == plan.links[batch[0].report.report_id]
    assert len(plan.opened) == 2


def test_a_report_that_names_only_a_road_meets_the_cases_on_that_road() -> None:
    """「瑞祥路污水反上来了」: the road is known, the door is not (placed to the township)."""
    assert marks("", "乳山市城区街道瑞祥路29号").roads == {"道瑞祥路"}  # not 城区街道's 街
    assert shared_marks(marks("", "城区瑞祥路"), marks("", "瑞祥路29号")).road == "瑞祥路"
    assert shared_marks(marks("", "城区凤凰街"), marks("", "凤凰路3号")).road is None
    located = village_report(
        "urban.sewer_overflow", "慢车道污水冒溢", "乳山市城区街道瑞祥路29号", community=None,
        point=(121.5, 36.9), cell="C1", nearby_cells=frozenset({"C1"}),
    )  # fmt: skip
    road_only = village_report(
        "urban.sewer_overflow", "污水反上来了 满地都是", "城区瑞祥路（具体门牌不详）",
        community=None, hours=1,
    )  # fmt: skip
    assert blocks(road_only, located, POLICY)
    decision = decide(road_only, [Candidate("case-29", located)], POLICY)
    assert decision.outcome is Outcome.SUGGESTED and "on 瑞祥路" in decision.rule
    assert decision.case_id == "case-29"
    elsewhere = village_report(
        "urban.sewer_overflow", "污水冒溢", "乳山市城区街道凤凰街3号", community=None,
        point=(121.51, 36.9), cell="C2", nearby_cells=frozenset({"C2"}),
    )  # fmt: skip
    assert not blocks(road_only, elsewhere, POLICY)


def test_a_generic_ending_is_not_a_name_and_water_is_not_air() -> None:
    east = marks("东里小区工地夜间施工", "")
    west = marks("西馨苑小区工地深夜作业", "")
    assert shared_marks(east, west).spot is None  # both end in 小区: not one site
    assert shared_marks(marks("福顺超市", ""), marks("在福顺超市", "")).spot == "福顺超市"
    water = village_report("environment.threshold_alert", "TP 1.15mg/L 超限 0.5mg/L")
    air = village_report("environment.threshold_alert", "PM10小时均值663μg/m³，超标", hours=1)
    assert score(air, water, POLICY)["clash"] == 1.0  # two monitors, two episodes
    again = village_report("environment.threshold_alert", "总磷超标 在线监测报警", hours=1)
    assert score(again, water, POLICY)["clash"] == 0.0
