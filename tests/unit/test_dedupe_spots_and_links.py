"""What pins two reports to one spot and what does not, and the links between the market,
the hotline's labour classes and the 综治 grid's disputes: a site named by what it builds,
two villages' entrances, a chain's two branches, two named shops on one road, the wages
behind a gathering, a fire hazard beside a cover, a drain beside a village's smell."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dispatch.dedupe import Candidate, DedupePolicy, Outcome, Sighting, blocks, decide, score
from dispatch.incident_text import clash, marks, named_apart, shared_marks, terms
from grid.affinity import affinity, extent, link
from grid.categories import HOTLINE_UNCLASSIFIED, hotline_category

AT = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
POLICY = DedupePolicy()
TOWNSHIP = "371083100"
VILLAGE = "371083100201"
OTHER_VILLAGE = "371083100202"


def sighting(
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


def test_a_site_named_by_what_it_builds_or_an_unknown_door_is_no_name() -> None:
    assert shared_marks(marks("建筑工地夜间打桩"), marks("有个建筑工地半夜施工")).spot is None
    assert shared_marks(marks("", "育黎华夏街（具体门牌不详）工地"),
                        marks("", "城区青山路（具体门牌不详）工地")).spot is None  # fmt: skip
    # What it smells of is not a farm's name either.
    assert shared_marks(marks("曹城村有臭味 猪场的味"), marks("一股臭味猪场那边")).spot is None
    assert shared_marks(marks("一到晚上就臭 啥厂子啊"), marks("晚上就臭 啥厂子")).spot is None
    assert shared_marks(marks("顺发建筑工地"), marks("顺发建筑工地又在施工")).spot == "顺发建筑工地"


def test_two_villages_entrances_are_two_spots_of_one_township() -> None:
    here = sighting("urban.exposed_garbage", "垃圾没人拉走", "河口村委会旁边", community=VILLAGE)
    there = sighting(
        "urban.exposed_garbage", "有人偷倒装修垃圾", "新庄村村委会旁边", 1, OTHER_VILLAGE
    )
    assert shared_marks(here.marks, there.marks).in_any_village
    assert not blocks(here, there, POLICY)
    # Within one village its committee's yard is still one spot.
    again = sighting("urban.exposed_garbage", "垃圾堆着", "河口村村委门口", 2, VILLAGE)
    assert blocks(again, here, POLICY)
    assert score(again, here, POLICY)["place"] > score(again, there, POLICY)["place"]


def test_a_chain_on_two_roads_is_two_shops() -> None:
    on_huanghe = marks("城区黄河路（具体门牌不详）杨记超市缺斤短两")
    on_huayuan = marks("杨记超市（乳山市城区街道花园街148号）缺斤少两")
    assert shared_marks(on_huanghe, on_huayuan).spot is None
    assert shared_marks(on_huanghe, marks("黄河路杨记超市又缺斤少两")).spot == "杨记超市"
    case = sighting("market.price", "杨记超市缺斤少两", "乳山市城区街道花园街148号",
                    community=None)  # fmt: skip
    report = sighting("market.price", "黄河路杨记超市缺斤短两", "城区黄河路", 1, community=None)
    assert not blocks(report, case, POLICY)


def test_two_named_shops_on_one_road_are_not_the_only_case_that_fits() -> None:
    assert named_apart(marks("张记农资店价格欺诈"), marks("朱记粮油店宰客"))
    assert not named_apart(marks("乳山市凤凰惠粮油店"), marks("凤凰惠粮油店不讲理"))
    assert not named_apart(marks("这家店宰客"), marks("朱记粮油店宰客"))  # one side names none
    case = sighting("market.price", "张记农资店多收钱", "朝阳街", community=None)
    report = sighting("market.price", "朝阳街的朱记粮油店宰客 结账多收了", "朝阳街", 1,
                      community=None)  # fmt: skip
    assert decide(report, [Candidate("case-1", case)], POLICY).outcome is Outcome.NEW
    same_shop = sighting("market.price", "朝阳街张记农资店结账多收", "朝阳街", 1, community=None)
    assert decide(same_shop, [Candidate("case-1", case)], POLICY).outcome is not Outcome.NEW


def test_wages_behind_a_gathering_are_not_a_clash_and_a_fire_hazard_is_not_a_cover() -> None:
    gathering, quarrel = terms("工人聚集讨薪约50人"), terms("项目拖欠半年工资，情绪激动")
    assert clash(gathering, quarrel) is None
    assert clash(terms("楼道飞线充电，消防隐患"), terms("雨水井盖移位")) is not None


def test_market_complaints_meet_the_disputes_they_become() -> None:
    assert affinity("market.food_safety", "political_legal.dispute") > 0
    assert affinity("market.price", "political_legal.dispute") > 0
    assert affinity("market.price", "market.counterfeit") > 0
    assert hotline_category("劳动保障/劳动关系/拖欠工资") == "political_legal.dispute"
    # An unmapped hotline class is compared with everything, so its words can carry it.
    unknown = link(HOTLINE_UNCLASSIFIED, "political_legal.petition_risk")
    assert 0 < unknown.affinity < 0.5
    assert link(HOTLINE_UNCLASSIFIED, "urban.street_light").affinity == unknown.affinity


def test_only_what_a_whole_village_notices_joins_the_villages_only_case() -> None:
    assert extent("environment.odour", "environment.smoke").noticed_from_afar
    assert not extent("urban.sewer_overflow", "environment.odour").noticed_from_afar
    assert not extent("environment.threshold_alert", "environment.odour").noticed_from_afar
    smell = sighting("environment.odour", "村里一股臭味")
    drain = sighting("urban.sewer_overflow", "村南边污水井冒水，有臭味", hours=1)
    decision = decide(drain, [Candidate("case-s", smell)], POLICY)
    assert decision.outcome is not Outcome.MERGED


def test_a_fire_at_a_lasting_heap_is_an_afternoons_episode() -> None:
    """A heap stays until it is cleared: three days apart it is still one heap. A fire at
    the heap three days later is another fire."""
    heap = sighting("urban.exposed_garbage", "垃圾堆着没人清运", "白云路110号")
    still = sighting("urban.exposed_garbage", "垃圾还堆着", "白云路110号", hours=74)
    assert score(still, heap, POLICY)["time"] > 0.8
    burning = sighting("urban.exposed_garbage", "有人焚烧树叶", "白云路110号")
    again = sighting("urban.exposed_garbage", "垃圾焚烧冒烟", "白云路110号", hours=74)
    assert score(again, burning, POLICY)["time"] < 0.01
    assert score(again, heap, POLICY)["time"] > 0.8  # one side a heap: the heap's clock


def test_both_naming_one_shop_is_agreement_however_each_describes_it() -> None:
    """A diner's complaint and the 综治 record of the quarrel over it share few words; both
    naming 张记小吃部 at one door says they are about one thing."""
    complaint = sighting("market.food_safety", "在张记小吃部就餐后身体不适", "凤凰街58号")
    quarrel = sighting("political_legal.dispute", "与张记小吃部老板因食物中毒赔偿问题发生纠纷",
                       "凤凰街58号", 1.5)  # fmt: skip
    elsewhere = sighting("political_legal.dispute", "与王记饭店老板因食物中毒赔偿问题发生纠纷",
                         "凤凰街58号", 1.5)  # fmt: skip
    assert score(quarrel, complaint, POLICY)["agree"] == 1.0
    assert score(elsewhere, complaint, POLICY)["agree"] == 0.0


def test_an_odour_monitors_words_name_the_smell() -> None:
    assert "异味" in {c.lstrip("\u2063") for c in terms("厂界监测点硫化氢超标").concepts}
