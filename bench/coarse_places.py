"""Hand-written labelled reports and addresses for what the project's generators never
write: incidents in villages that reporters name only by the village (no point, no door), and
addresses with the habits of people who write them in a hurry.

Written by hand, not generated (bench/scenarios and grid/noise.py were not used), in two
parts written at the same time, before the matchers were changed for them:
*development* (read while working on de-duplication of coarsely placed reports and on the
resolver) and *heldout* (never read for that: run to report on it). The labels follow one
rule each:

- De-duplication: one incident is one physical problem at one place (the same fire, the same
  car, the same shop's food); another side of the village, another shop, another pothole in
  the same village, or the same kind of problem days later are other incidents.
- Addresses: the answer a dispatcher who knows the registry would give: a standard address
  (road or village and door, or compound, building and entrance), a grid cell, a community,
  a township, or unplaced (another county, nothing of the registry named).

    python bench/coarse_places.py                  # the development part, printed
    python bench/coarse_places.py --part heldout   # the held-out part, written to the docs
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402
from contracts.common import GridCode  # noqa: E402
from contracts.placement import Placement, PlacementStatus, Precision  # noqa: E402
from contracts.report import Channel, IncidentReport, Reporter, ReportSource  # noqa: E402
from dispatch.dedupe import (  # noqa: E402
    DedupePolicy,
    Outcome,
    decide,
    reach_m,
    sighting_of,
    window_hours,
)
from dispatch.dedupe_index import OpenCaseIndex  # noqa: E402
from dispatch.identity import report_id_for  # noqa: E402
from dispatch.recording import comparable_place  # noqa: E402
from grid.model import Registry  # noqa: E402
from grid.placing import Placer  # noqa: E402
from gridhub.simulator import demo_registry  # noqa: E402

START = datetime(2026, 11, 2, tzinfo=UTC)


# -- de-duplication --------------------------------------------------------------------------
@dataclass(frozen=True)
class Said:
    """One report: who (a grid's system, or "api" for a citizen's app), its category, the
    address text, the description, hours after the incident began."""

    grid: str
    category: str
    address: str
    text: str
    hours: float = 0.0


@dataclass(frozen=True)
class Incident:
    name: str
    part: str
    day: int
    hour: float
    reports: tuple[Said, ...]


def incident(name: str, part: str, day: int, hour: float, *reports: Said) -> Incident:
    return Incident(name, part, day, hour, reports)


D, H = "development", "heldout"
S = Said
INCIDENTS: tuple[Incident, ...] = (
    # -- development ----------------------------------------------------------------------
    incident("smoke, east of 邵家村", D, 1, 14,
             S("environment", "environment.smoke", "夏村镇邵家村东头地里",
               "有人焚烧秸秆，浓烟很大"),
             S("api", "environment.smoke", "邵家村村东", "村东头烧麦秸呢，烟呛得睁不开眼", 0.5),
             S("political_legal", "political_legal.security_hazard", "邵家村东边",
               "村民在地头烧秸秆，离柴草垛很近，有火灾隐患", 1.0)),
    incident("smoke, west of 邵家村 (another fire)", D, 1, 15,
             S("environment", "environment.smoke", "夏村镇邵家村西边", "村西有人烧垃圾冒黑烟"),
             S("api", "environment.smoke", "邵家村村西头", "西头又烧垃圾了，黑烟", 0.7)),
    incident("a lorry parked in 石城村", D, 2, 8,
             S("urban", "urban.illegal_parking", "冯家镇石城村", "鲁KD5821货车占道停放"),
             S("api", "urban.illegal_parking", "石城村村委旁边",
               "一辆大货车鲁K D5821堵着村道两天了", 2),
             S("political_legal", "political_legal.security_hazard", "石城村",
               "车辆鲁KD5821长期占用村道，消防车无法通行", 5)),
    incident("out-of-date milk powder at 鑫源超市", D, 2, 10,
             S("market", "market.food_safety", "下初镇西庄村", "检查发现鑫源超市销售过期奶粉"),
             S("api", "market.food_safety", "西庄村鑫源超市",
               "在鑫源超市买的奶粉过期了，孩子喝了拉肚子", 3),
             S("api", "market.food_safety", "下初西庄村", "投诉鑫源超市卖过期食品", 6)),
    incident("mouldy bread at another shop of 西庄村", D, 2, 14,
             S("api", "market.food_safety", "西庄村", "村里福来小卖部卖的面包发霉了")),
    incident("the pig farm of 许家村", D, 3, 19,
             S("environment", "environment.odour", "诸往镇许家村", "养猪场臭味扰民"),
             S("api", "environment.odour", "许家村附近", "养猪场的臭味晚上特别大，没法开窗", 1.5),
             S("political_legal", "political_legal.dispute", "许家村北侧",
               "村民与养猪场因臭味问题发生争吵", 2.5)),
    incident("rubbish at the entrance of 泽上村", D, 4, 9,
             S("urban", "urban.exposed_garbage", "午极镇泽上村村口", "村口垃圾堆积未清运"),
             S("api", "urban.exposed_garbage", "泽上村村口", "村口垃圾堆成山了没人拉走", 4)),
    incident("discharge into the ditch south of 西山村", D, 4, 20,
             S("environment", "environment.illegal_discharge", "海阳所镇西山村南边河沟",
               "发现有暗管往河沟排放污水"),
             S("api", "environment.illegal_discharge", "西山村村南",
               "河沟里污水发黑发臭，有人偷排", 3)),
    incident("night piling at the site of 郭家村", D, 5, 23,
             S("environment", "environment.noise", "育黎镇郭家村", "工地夜间施工噪声扰民"),
             S("api", "environment.noise", "郭家村工地旁边", "半夜还在打桩，吵得睡不着", 0.5),
             S("urban", "urban.event.0301", "郭家村", "施工扰民", 1)),
    incident("a barbecue stall in 管村", D, 6, 17,
             S("api", "urban.lane_occupation", "乳山寨镇管村", "烧烤摊占了半条路"),
             S("api", "urban.lane_occupation", "管村十字路口那", "晚上烧烤摊摆到路中间了", 1)),
    incident("a pothole in 水井村", D, 7, 10,
             S("api", "urban.road_damage", "大孤山镇水井村", "村里路上有个大坑")),
    incident("another pothole in 水井村", D, 7, 13,
             S("api", "urban.road_damage", "大孤山镇水井村", "路面塌了个坑")),
    incident("sewage at 湾头村23号", D, 8, 7,
             S("urban", "urban.sewer_overflow", "南黄镇湾头村", "湾头村23号门前污水外溢"),
             S("api", "urban.sewer_overflow", "湾头村23号门前", "下水道往外冒水", 2)),
    incident("building waste north of 磨山村", D, 8, 9,
             S("environment", "environment.dumping", "崖子镇磨山村北山脚下", "发现建筑垃圾偷倒"),
             S("urban", "urban.exposed_garbage", "磨山村村北", "建筑垃圾堆放", 6)),
    incident("顺发建材店 trading unlicensed", D, 9, 9,
             S("market", "market.unlicensed_business", "白沙滩镇蔡家村", "顺发建材店无照经营"),
             S("api", "market.unlicensed_business", "蔡家村顺发建材店",
               "顺发建材店没有营业执照", 24)),
    incident("the street lights of 邵家村", D, 9, 20,
             S("api", "urban.street_light", "邵家村", "村里路灯不亮"),
             S("political_legal", "political_legal.security_hazard", "夏村镇邵家村",
               "村内路灯损坏夜间出行不便", 13)),
    # -- held out -------------------------------------------------------------------------
    incident("leaves burnt north of 郑家村", H, 11, 15,
             S("environment", "environment.smoke", "夏村镇郑家村北边", "焚烧树叶杂草"),
             S("api", "environment.smoke", "郑家村村北", "北边地里冒烟了，好像烧树叶", 0.5),
             S("urban", "urban.event.0112", "郑家村北侧", "露天焚烧", 1.5)),
    incident("burning south of 郑家村 the same afternoon", H, 11, 16,
             S("api", "environment.smoke", "郑家村村南", "南边有人烧塑料，味儿大")),
    incident("a van blocking 葛口村", H, 12, 7,
             S("api", "urban.illegal_parking", "冯家镇葛口村", "鲁KF7390面包车堵在路口"),
             S("political_legal", "political_legal.security_hazard", "葛口村",
               "鲁KF7390长时间停放阻塞通道，存在安全隐患", 3),
             S("urban", "urban.illegal_parking", "冯家镇葛口村附近", "车牌鲁KF7390违停", 4)),
    incident("another car in 葛口村 the same morning", H, 12, 9,
             S("api", "urban.illegal_parking", "葛口村", "有辆白色轿车乱停")),
    incident("food at 利民饭店", H, 13, 12,
             S("api", "market.food_safety", "下初镇辛庄村", "在利民饭店吃饭后上吐下泻"),
             S("market", "market.food_safety", "辛庄村利民饭店",
               "利民饭店后厨卫生差，食品变质", 20)),
    incident("the chicken farm of 铁山村", H, 14, 18,
             S("api", "environment.odour", "诸往镇铁山村", "养鸡场臭气熏天"),
             S("environment", "environment.odour", "铁山村西侧", "养鸡场异味扰民", 2)),
    incident("金港化工厂 discharging", H, 15, 21,
             S("environment", "environment.illegal_discharge", "海阳所镇金港村",
               "金港化工厂夜间偷排废水"),
             S("api", "environment.illegal_discharge", "金港村化工厂后面",
               "化工厂往沟里排黑水，很刺鼻", 2)),
    incident("rubbish in 金港村 the same night", H, 15, 22,
             S("api", "urban.exposed_garbage", "金港村", "村里垃圾箱满了没人清")),
    incident("two holes in 马庄村", H, 16, 8,
             S("api", "urban.road_damage", "育黎镇马庄村", "路中间一个大坑")),
    incident("the other hole in 马庄村", H, 16, 11,
             S("api", "urban.road_damage", "育黎镇马庄村", "路面坑坑洼洼")),
    incident("a fruit stall at 车村18号", H, 17, 9,
             S("api", "urban.lane_occupation", "乳山寨镇车村18号门口", "水果摊占道"),
             S("urban", "urban.lane_occupation", "车村18号", "占道经营", 2)),
    incident("smoke south of 车村", H, 17, 14,
             S("api", "environment.smoke", "车村村南", "南边山上冒烟"),
             S("environment", "environment.smoke", "乳山寨镇车村南侧", "焚烧秸秆", 1)),
    incident("smoke north of 车村 later", H, 17, 16,
             S("api", "environment.smoke", "车村村北", "北边也着起来了，烧荒")),
    incident("万家福超市 selling fakes", H, 18, 10,
             S("api", "market.counterfeit", "徐家镇政府对面", "万家福超市卖假酒"),
             S("market", "market.counterfeit", "徐家镇", "万家福超市销售假冒白酒", 5)),
    incident("construction night noise in 野子村", H, 19, 22,
             S("api", "environment.noise", "乳山口镇野子村", "工地晚上施工太吵了"),
             S("political_legal", "political_legal.dispute", "野子村",
               "村民与施工方因夜间施工噪音发生纠纷", 1),
             S("environment", "environment.noise", "野子村工地", "夜间施工噪声", 1.5)),
    incident("a dispute in 洋村 the next week", H, 26, 10,
             S("political_legal", "political_legal.dispute", "徐家镇洋村",
               "两户村民因宅基地发生争执")),
)  # fmt: skip


def report_of(incident: Incident, index: int, said: Said) -> IncidentReport:
    at = START + timedelta(days=incident.day, hours=incident.hour + said.hours)
    grid = GridCode.URBAN if said.grid == "api" else GridCode(said.grid)
    channel = Channel.API if said.grid == "api" else Channel.GRID_SYSTEM
    source = f"{incident.name}/{index}"
    return IncidentReport(
        report_id=report_id_for(grid.value, source),
        source=ReportSource(grid=grid, channel=channel, source_event_id=source),
        category=said.category,
        title=said.category,
        description=said.text,
        address_text=said.address,
        reporter=Reporter(id="citizen" if said.grid == "api" else "worker", role="citizen"),
        occurred_at=at,
        reported_at=at,
    )


@dataclass
class DedupeResult:
    reports: int
    incidents: int
    true_pairs: int
    merged_pairs: int
    hits: int
    outcomes: Counter[str]
    partial: int
    partial_decided: int
    lines: list[str]

    @property
    def precision(self) -> float:
        return self.hits / self.merged_pairs if self.merged_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.true_pairs if self.true_pairs else 1.0


def run_dedupe(part: str, placer: Placer, policy: DedupePolicy) -> DedupeResult:
    chosen = [i for i in INCIDENTS if i.part == part]
    sent = sorted(
        ((report_of(i, n, said), i.name) for i in chosen for n, said in enumerate(i.reports)),
        key=lambda item: (item[0].occurred_at, item[0].report_id),
    )
    index = OpenCaseIndex(partial(reach_m, policy=policy), partial(window_hours, policy=policy))
    window = timedelta(hours=policy.longest_window_hours)
    case_of: dict[str, str] = {}
    truth: dict[str, str] = {}
    outcomes: Counter[str] = Counter()
    partial_reports = partial_decided = 0
    lines: list[str] = []
    for report, name in sent:
        placed = placer.place(report, report.reported_at)
        truth[report.report_id] = name
        is_partial = placed.placement.status is PlacementStatus.PARTIAL
        partial_reports += is_partial
        if not comparable_place(placed):
            case_of[report.report_id] = report.report_id
            outcomes["not decided"] += 1
            continue
        partial_decided += is_partial
        sighting = sighting_of(placed)
        decision = decide(sighting, index.around(sighting, window), policy)
        outcomes[decision.outcome.value] += 1
        merged = decision.outcome is Outcome.MERGED and decision.case_id
        case_id = decision.case_id if merged and decision.case_id else report.report_id
        case_of[report.report_id] = case_id
        index.add(case_id, sighting)
        joined = truth.get(case_id, "")
        lines.append(
            f"- {name} | {report.address_text} | {report.description} -> "
            f"{placed.placement.status.value}/{placed.placement.precision}, "
            f"{decision.outcome.value} {decision.score:.2f}"
            + (f" into '{joined}'" if merged else "")
            + (f": {decision.rule}" if decision.candidates else "")
        )
    true_pairs = _pairs(truth)
    merged_pairs = _pairs(case_of)
    return DedupeResult(
        len(sent), len(chosen), len(true_pairs), len(merged_pairs),
        len(true_pairs & merged_pairs), outcomes, partial_reports, partial_decided, lines,
    )  # fmt: skip


def _pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = {}
    for item, group in groups.items():
        members.setdefault(group, []).append(item)
    return {p for items in members.values() for p in itertools.combinations(sorted(items), 2)}


# -- addresses -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Expect:
    """The answer: ``kind`` is address, cell, community, township or unplaced; ``name`` the
    road, village or compound (address), the community (cell, community) or the township."""

    kind: str
    name: str = ""
    township: str = ""
    number: int | None = None
    building: int | None = None
    entrance: int | None = None
    cell: int | None = None


def door(name: str, number: int, township: str = "") -> Expect:
    return Expect("address", name, township, number=number)


def flat(name: str, building: int, entrance: int | None = None, township: str = "") -> Expect:
    return Expect("address", name, township, building=building, entrance=entrance)


def cell(community: str, number: int, township: str = "") -> Expect:
    return Expect("cell", community, township, cell=number)


def community(name: str, township: str = "") -> Expect:
    return Expect("community", name, township)


def township(name: str) -> Expect:
    return Expect("township", name)


UNPLACED = Expect("unplaced")


@dataclass(frozen=True)
class Written:
    part: str
    kind: str  # the writing habit
    text: str
    expect: Expect


W = Written
ADDRESSES: tuple[Written, ...] = (
    # -- development ----------------------------------------------------------------------
    W(D, "spoken_word", "黄河路那个12号", door("黄河路", 12)),
    W(D, "spoken_word", "城区新华街这边的25号", door("新华街", 25)),
    W(D, "spoken_word", "乳山口镇龙泉路那边8号", door("龙泉路", 8)),
    W(D, "landmark_word", "黄河路12号对面", door("黄河路", 12)),
    W(D, "landmark_word", "瑞祥路30号旁边", door("瑞祥路", 30)),
    W(D, "landmark_word", "邵家村附近", community("邵家村")),
    W(D, "grid_cell", "利群社区第2网格", cell("利群社区", 2)),
    W(D, "grid_cell", "城区府前社区一网格", cell("府前社区", 1)),
    W(D, "grid_cell", "夏村镇邵家村2网格", cell("邵家村", 2)),
    W(D, "grid_cell", "东里社区第3网格", cell("东里社区", 3)),
    W(D, "dash_with_hao", "东里小区3-2号", flat("东里小区", 3, 2)),
    W(D, "dash_with_hao", "向阳小区2-1号", flat("向阳小区", 2, 1)),
    W(D, "dash_with_hao", "华冠小区4-3号", flat("华冠小区", 4, 3)),
    W(D, "door_range", "黄河路12-14号", door("黄河路", 12)),
    W(D, "door_range", "南台子村20-22号", door("南台子村", 20)),
    W(D, "entrance_first", "东里小区2单元3号楼", flat("东里小区", 3, 2)),
    W(D, "entrance_first", "幸福小区1单元5号楼", flat("幸福小区", 5, 1)),
    W(D, "english_order", "18 Huanghe Road, Rushan", door("黄河路", 18)),
    W(D, "english_order", "No.25 Xinhua Street", door("新华街", 25)),
    W(D, "english_order", "Building 3 Unit 2, Dongli Xiaoqu", flat("东里小区", 3, 2)),
    W(D, "english_order", "36 Ankang Jie", door("安康街", 36)),
    W(D, "other_suffix", "黄河街18号", door("黄河路", 18)),
    W(D, "other_suffix", "新华路25号", door("新华街", 25)),
    W(D, "other_suffix", "冯家镇胜利街9号", door("胜利路", 9)),
    W(D, "typo_homophone", "皇河路12号", door("黄河路", 12)),
    W(D, "typo_homophone", "新花街25号", door("新华街", 25)),
    W(D, "typo_homophone", "邵加村", community("邵家村")),
    W(D, "no_township", "永安街52号", door("永安街", 52)),
    W(D, "no_township", "石城村", community("石城村")),
    W(D, "elsewhere", "文登区黄河路12号", UNPLACED),
    W(D, "elsewhere", "烟台市芝罘区胜利路9号", UNPLACED),
    # -- held out -------------------------------------------------------------------------
    W(H, "spoken_word", "凤凰街那个40号", door("凤凰街", 40)),
    W(H, "spoken_word", "南黄镇世纪街这边的61号", door("世纪街", 61)),
    W(H, "spoken_word", "乳山寨镇金岭路那里33号", door("金岭路", 33)),
    W(H, "landmark_word", "安康街77号门口", door("安康街", 77)),
    W(H, "landmark_word", "青山路9号对面", door("青山路", 9)),
    W(H, "landmark_word", "石城村旁边", community("石城村")),
    W(H, "grid_cell", "华冠社区第2网格", cell("华冠社区", 2)),
    W(H, "grid_cell", "城区街道向阳社区三网格", cell("向阳社区", 3)),
    W(H, "grid_cell", "冯家镇石城村1网格", cell("石城村", 1)),
    W(H, "grid_cell", "利群社区第4网格", cell("利群社区", 4)),
    W(H, "dash_with_hao", "府前小区3-3号", flat("府前小区", 3, 3)),
    W(H, "dash_with_hao", "利群小区5-1号", flat("利群小区", 5, 1)),
    W(H, "dash_with_hao", "政通小区3-2号", flat("政通小区", 3, 2)),
    W(H, "door_range", "凤凰街40-42号", door("凤凰街", 40)),
    W(H, "door_range", "湾头村11-13号", door("湾头村", 11)),
    W(H, "entrance_first", "府苑小区3单元2号楼", flat("府苑小区", 2, 3)),
    W(H, "entrance_first", "益天小区2单元4号楼", flat("益天小区", 4, 2)),
    W(H, "english_order", "40 Fenghuang Street", door("凤凰街", 40)),
    W(H, "english_order", "Bldg 3 Unit 3, Fuqian Xiaoqu", flat("府前小区", 3, 3)),
    W(H, "english_order", "61 Shiji Jie, Nanhuang", door("世纪街", 61)),
    W(H, "english_order", "No. 9 Qingshan Road", door("青山路", 9)),
    W(H, "other_suffix", "安康路77号", door("安康街", 77)),
    W(H, "other_suffix", "南黄镇永安路52号", door("永安街", 52)),
    W(H, "other_suffix", "兴业路20号", door("兴业街", 20)),
    W(H, "typo_homophone", "凤皇街40号", door("凤凰街", 40)),
    W(H, "typo_homophone", "安糠街77号", door("安康街", 77)),
    W(H, "typo_homophone", "石成村", community("石城村")),
    W(H, "no_township", "世纪街61号", door("世纪街", 61)),
    W(H, "no_township", "湾头村", community("湾头村")),
    W(H, "elsewhere", "荣成市凤凰街40号", UNPLACED),
    W(H, "elsewhere", "北京市朝阳区建设路5号", UNPLACED),
)


def expected_code(registry: Registry, expect: Expect) -> str | None:
    """The id or code the expected answer names in the registry (None: not there)."""
    divisions = {d.code: d for d in registry.divisions}

    def in_township(code: str) -> bool:
        return not expect.township or divisions[code[:9]].name.startswith(expect.township)

    if expect.kind == "address":
        units = [u.id for u in registry.units if u.name == expect.name and in_township(
            u.township)]  # fmt: skip
        found = [
            a.id
            for a in registry.addresses
            if a.unit in units
            and a.number == expect.number
            and a.building == expect.building
            and a.entrance == expect.entrance
        ]
        return found[0] if len(found) == 1 else None
    if expect.kind == "cell":
        wanted = f"{expect.name}第{expect.cell}网格"
        found = [c.code for c in registry.cells if c.name == wanted and in_township(c.code)]
        return found[0] if len(found) == 1 else None
    if expect.kind in ("community", "township"):
        found = [
            d.code
            for d in registry.divisions
            if d.name == expect.name
            and len(d.code) == (12 if expect.kind == "community" else 9)
            and in_township(d.code)
        ]
        return found[0] if len(found) == 1 else None
    return ""


def answered(placement: Placement, expect: Expect, code: str | None) -> bool:
    if expect.kind == "unplaced":
        return placement.status is PlacementStatus.UNPLACED
    if expect.kind == "address":
        return placement.address_id == code
    if expect.kind == "cell":
        return placement.cell == code and placement.address_id is None
    if expect.kind == "community":
        return placement.precision is Precision.COMMUNITY and placement.community == code
    return placement.precision is Precision.TOWNSHIP and placement.township == code


@dataclass
class AddressResult:
    items: int
    right: int
    confidently_wrong: int
    by_kind: dict[str, tuple[int, int, int]]  # kind -> items, right, confidently wrong
    lines: list[str]


def run_addresses(part: str, placer: Placer) -> AddressResult:
    registry = placer.registry
    right = wrong_sure = 0
    by_kind: dict[str, list[int]] = {}
    lines: list[str] = []
    chosen = [w for w in ADDRESSES if w.part == part]
    for item in chosen:
        code = expected_code(registry, item.expect)
        if code is None:
            raise ValueError(f"label names nothing in the registry: {item}")
        placement = placer.resolver.resolve(item.text)
        ok = answered(placement, item.expect, code)
        sure = not ok and placement.status is PlacementStatus.PLACED and placement.confidence >= 0.9
        right += ok
        wrong_sure += sure
        tally = by_kind.setdefault(item.kind, [0, 0, 0])
        tally[0] += 1
        tally[1] += ok
        tally[2] += sure
        if not ok:
            lines.append(
                f"- [{item.kind}] {item.text}: expected {item.expect.kind} {code}; got "
                f"{placement.status.value}/{placement.precision} {placement.address or ''} "
                f"{placement.cell or placement.community or placement.township or ''} "
                f"({placement.confidence:.2f}){' CONFIDENTLY WRONG' if sure else ''}: "
                f"{'; '.join(placement.reasons[-3:])}"
            )
    return AddressResult(
        len(chosen), right, wrong_sure, {k: (v[0], v[1], v[2]) for k, v in by_kind.items()}, lines
    )


# -- the report ------------------------------------------------------------------------------
def section(part: str, dedupe: DedupeResult, addresses: AddressResult, command: str) -> list[str]:
    lines = [
        f"## Coarse places and hurried addresses (hand-written set, {part} part)",
        "",
        f"Command: `{command}`",
        "",
        "Written by hand for this (bench/coarse_places.py, its docstring says how); not "
        "generated by the project's scenario or noise generators. The held-out part was "
        "written with the development part and never read while the matchers were changed.",
        "",
        f"De-duplication, replayed offline in event-time order through the registry, "
        f"`sighting_of` and `decide` against the stream's own index: {dedupe.reports} reports "
        f"of {dedupe.incidents} incidents, {dedupe.partial} of them placed only to a village "
        f"or township.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| pairwise precision | {dedupe.precision:.3f} ({dedupe.hits} of {dedupe.merged_pairs} "
        "merged pairs) |",
        f"| pairwise recall | {dedupe.recall:.3f} ({dedupe.hits} of {dedupe.true_pairs} true "
        "pairs) |",
        f"| reports placed only to a village or township that got a decision | "
        f"{dedupe.partial_decided} of {dedupe.partial} |",
        "| decisions | " + ", ".join(f"{k} {v}" for k, v in sorted(dedupe.outcomes.items())) + " |",
        "",
        f"Addresses, placed with `grid.placing.Placer` on the demo registry: {addresses.items} "
        "texts.",
        "",
        "| writing habit | items | top-1 | confidently wrong |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, (items, right, sure) in sorted(addresses.by_kind.items()):
        lines.append(f"| {kind} | {items} | {100 * right / items:.1f}% | {sure} |")
    top1 = 100 * addresses.right / addresses.items if addresses.items else 0.0
    lines += [
        f"| **all** | **{addresses.items}** | **{top1:.1f}%** | "
        f"**{addresses.confidently_wrong}** |",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=(D, H), default=D)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every miss (development)")
    args = parser.parse_args(argv)
    if args.misses and args.part == H:
        parser.error("the held-out part's misses are not read: run it for its figures only")
    placer = Placer(demo_registry())
    dedupe = run_dedupe(args.part, placer, DedupePolicy())
    addresses = run_addresses(args.part, placer)
    command = "python bench/coarse_places.py" + (f" --part {args.part}" if args.part != D else "")
    lines = section(args.part, dedupe, addresses, command)
    print("\n".join(lines))
    if args.misses:
        print("\n".join(["", "De-duplication decisions:", *dedupe.lines]))
        print("\n".join(["", "Address misses:", *addresses.lines]))
    if args.part == H and not args.no_write:
        write_section("coarse-places-heldout", lines)


if __name__ == "__main__":
    main()
