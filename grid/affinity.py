"""How alike two categories are as descriptions of one incident, across the four grids'
taxonomies, and how far in space and time one incident's reports spread. Pure data and
two lookups; de-duplication (dispatch/dedupe.py) is the only user.

The four grids describe one world in four vocabularies: a missing manhole cover is 综治
``security_hazard`` and 城管 雨水井盖; open burning is 环保 ``smoke``, a 城管 市容环境 event
and, near haystacks, a 综治 fire hazard; night construction noise is 环保 ``noise``, 城管
施工扰民 and a 综治 dispute between residents and the site. So there are no walls between
category families: every pair of categories has an *affinity*, 0..1, read as "reports of
these two categories at one place and time describe the same incident this often, before
anyone reads their words":

  1.0   the same thing under two names (雨水井盖 / 污水井盖: a cover is a cover)
  0.6   often the same incident, the words must not contradict (井盖 / 治安隐患)
  0.3   sometimes the same incident, the words must agree (油烟 / 邻里纠纷)
  0     never the same incident (路灯 / 价格违法): such a pair is not compared at all

A category with itself is not always 1: a broad category (矛盾纠纷, 治安隐患) holds many
different incidents, so two disputes at one building on one day need their words to agree.

Urban classes outside the table (GB/T 30428.2 部件/事件 codes the hub has no name for, e.g.
``urban.event.0305`` 施工扰民) are compared through their major class group (施工管理类
events relate to noise and to spoil dumping) and otherwise with a small affinity to
everything, so their words can still carry a match: an unknown class is never a family of
its own that nothing can join.

Every link says why. ``tests/unit/test_affinity.py`` checks the table is symmetric, in
range, and covers every pair of known categories.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from grid.categories import CATEGORIES, HOTLINE_UNCLASSIFIED


@dataclass(frozen=True)
class Link:
    affinity: float
    reason: str


@dataclass(frozen=True)
class Extent:
    """How far apart (metres) and over how long (hours) one incident's reports typically
    come: a pothole is reported from where it is, for days until it is filled; a night's
    construction noise from homes a few hundred metres around, that night only."""

    metres: float
    hours: float
    reason: str
    lasting: bool = False  # a thing that stays until someone fixes it (a cover, a heap)
    # Smoke, smell, night noise, a discharge: noticed by a whole village or street at once,
    # so one village's reports of it are one incident (a pothole or a light is not).
    noticed_from_afar: bool = False
    # The category whose report follows the other's episode (a 综治 record of the quarrel
    # over last night's noise), and the hours it may follow it by; only in that order.
    follows: str | None = None
    follow_hours: float = 0.0


# GB/T 30428.2 major classes, for urban codes outside the table: 'urban.<kind>.<major><minor>'.
URBAN_GROUPS: dict[str, str] = {
    "urban.component.01": "公用设施类部件 (covers, hydrants, poles, boxes)",
    "urban.component.02": "道路交通类部件 (lights, signs, signals, road furniture)",
    "urban.component.03": "市容环境类部件 (bins, toilets, kiosks)",
    "urban.component.04": "园林绿化类部件 (trees, green belts)",
    "urban.component.05": "房屋土地类部件 (buildings, land)",
    "urban.component.06": "其他设施类部件",
    "urban.event.01": "市容环境类事件 (rubbish, burning, fumes, spills)",
    "urban.event.02": "宣传广告类事件 (flyers, illegal signs)",
    "urban.event.03": "施工管理类事件 (site noise, spoil, digging)",
    "urban.event.04": "突发事件 (fires, floods, collapses)",
    "urban.event.05": "街面秩序类事件 (stalls, parking, touting)",
    "urban.event.06": "其他事件",
}
UNKNOWN_URBAN_FLOOR = Link(
    0.15,
    "an urban class outside the table: the hub does not know what it is, so it is compared "
    "with everything nearby and its words must carry the match",
)
UNCLASSIFIED_HOTLINE_FLOOR = Link(
    0.15,
    "a hotline ticket whose class maps to no grid's category: compared with everything "
    "nearby, and its words must carry the match",
)
SAME_UNKNOWN = Link(0.8, "the same urban class outside the table: probably the same thing")
UNRELATED = Link(0.0, "these two kinds of problem are never one incident")

# A category with itself, where that is not simply 1.
SELF: dict[str, Link] = {
    "political_legal.dispute": Link(
        0.4, "矛盾纠纷 is broad: two disputes at one building on one day are often two"
    ),
    "political_legal.security_hazard": Link(
        0.6, "治安隐患 is broad: a missing cover, a dark lane and a broken wall are all hazards"
    ),
    "political_legal.special_population": Link(
        0.0, "a visit record per person and visit: each record stands on its own"
    ),
    "political_legal.petition_risk": Link(0.8, "one grievance gathers people at one place"),
    "urban.illegal_parking": Link(0.8, "two parked cars at one door may be two cars"),
    "market.price": Link(0.9, "one shop, one price complaint, usually"),
    "market.food_safety": Link(0.9, "one kitchen, one food complaint, usually"),
}

_LINKS: tuple[tuple[str, str, float, str], ...] = (
    # -- 井盖 covers: one object, four names, three grids --------------------------------------
    (
        "urban.water_manhole_cover",
        "urban.sewage_manhole_cover",
        0.9,
        "a cover is a cover: which pipe lies under it is the reporter's guess",
    ),
    (
        "urban.water_manhole_cover",
        "urban.rain_manhole_cover",
        0.9,
        "a cover is a cover: which pipe lies under it is the reporter's guess",
    ),
    (
        "urban.sewage_manhole_cover",
        "urban.rain_manhole_cover",
        0.9,
        "a cover is a cover: which pipe lies under it is the reporter's guess",
    ),
    (
        "urban.water_manhole_cover",
        "urban.component.01",
        0.7,
        "公用设施 covers outside the table (通信, 电力, 燃气井盖) are still covers",
    ),
    (
        "urban.sewage_manhole_cover",
        "urban.component.01",
        0.7,
        "公用设施 covers outside the table (通信, 电力, 燃气井盖) are still covers",
    ),
    (
        "urban.rain_manhole_cover",
        "urban.component.01",
        0.7,
        "公用设施 covers outside the table (通信, 电力, 燃气井盖) are still covers",
    ),
    (
        "urban.water_manhole_cover",
        "political_legal.security_hazard",
        0.6,
        "a missing or broken cover is the classic 安全隐患 a 综治 grid worker reports",
    ),
    (
        "urban.sewage_manhole_cover",
        "political_legal.security_hazard",
        0.6,
        "a missing or broken cover is the classic 安全隐患 a 综治 grid worker reports",
    ),
    (
        "urban.rain_manhole_cover",
        "political_legal.security_hazard",
        0.6,
        "a missing or broken cover is the classic 安全隐患 a 综治 grid worker reports",
    ),
    (
        "urban.component.01",
        "political_legal.security_hazard",
        0.5,
        "broken public utilities (covers, poles, boxes) are reported as safety hazards",
    ),
    (
        "urban.water_manhole_cover",
        "urban.road_damage",
        0.4,
        "a sunken or missing cover is a hole in the road to whoever reports it; a broken "
        "pavement next to a cover is not the cover: the words must say 井盖",
    ),
    (
        "urban.sewage_manhole_cover",
        "urban.road_damage",
        0.4,
        "a sunken or missing cover is a hole in the road to whoever reports it; a broken "
        "pavement next to a cover is not the cover: the words must say 井盖",
    ),
    (
        "urban.rain_manhole_cover",
        "urban.road_damage",
        0.4,
        "a sunken or missing cover is a hole in the road to whoever reports it; a broken "
        "pavement next to a cover is not the cover: the words must say 井盖",
    ),
    (
        "urban.sewage_manhole_cover",
        "urban.sewer_overflow",
        0.6,
        "sewage overflows out of the sewage manhole",
    ),
    (
        "urban.rain_manhole_cover",
        "urban.sewer_overflow",
        0.4,
        "a blocked storm drain overflows; its cover is reported as the cause",
    ),
    (
        "urban.water_manhole_cover",
        "urban.sewer_overflow",
        0.3,
        "water welling out of a manhole is filed as overflow, whatever pipe it is",
    ),
    (
        "urban.sewage_manhole_cover",
        "environment.illegal_discharge",
        0.3,
        "sewage seen coming out of a manhole is reported as discharge",
    ),
    # -- 路面 roads and lights -----------------------------------------------------------------
    (
        "urban.road_damage",
        "political_legal.security_hazard",
        0.6,
        "a collapse or a deep hole is a safety hazard to the 综治 grid",
    ),
    (
        "urban.road_damage",
        "urban.component.02",
        0.5,
        "道路交通 components outside the table are road furniture at the same spot",
    ),
    (
        "urban.road_damage",
        "urban.component.01",
        0.4,
        "a broken utility cover or box in the road is reported as road damage",
    ),
    ("urban.road_damage", "urban.event.04", 0.4, "a road collapse is also a 突发事件"),
    (
        "urban.street_light",
        "political_legal.security_hazard",
        0.5,
        "a dark street is reported as a 治安隐患 (no lighting at night)",
    ),
    (
        "urban.illegal_parking",
        "political_legal.security_hazard",
        0.3,
        "a car blocking a fire lane or a village road is a 安全隐患 to the 综治 grid: the words "
        "must say it is a parked car",
    ),
    (
        "urban.street_light",
        "urban.component.02",
        0.6,
        "lights and signals outside the table are 道路交通 components like the street light",
    ),
    # -- 水 water pollution ----------------------------------------------------------------------
    (
        "environment.illegal_discharge",
        "urban.sewer_overflow",
        0.8,
        "polluted water in the street or the ditch, seen by the 环保 and the 城管 grid",
    ),
    (
        "environment.illegal_discharge",
        "environment.threshold_alert",
        0.8,
        "the online monitor at the outfall measures the discharge the patrol sees",
    ),
    (
        "urban.sewer_overflow",
        "environment.threshold_alert",
        0.6,
        "an overflowing sewer reaches the monitored water course",
    ),
    (
        "environment.illegal_discharge",
        "environment.odour",
        0.5,
        "the public notices discharge by its smell and reports an odour",
    ),
    (
        "urban.sewer_overflow",
        "environment.odour",
        0.5,
        "the public notices an overflowing sewer by its smell and reports an odour",
    ),
    (
        "environment.threshold_alert",
        "environment.odour",
        0.3,
        "an air or water monitor alerts on what the neighbours smell",
    ),
    (
        "environment.illegal_discharge",
        "environment.dumping",
        0.2,
        "liquid waste poured out is sometimes filed as dumping",
    ),
    (
        "urban.sewer_overflow",
        "urban.event.01",
        0.3,
        "市容环境 events outside the table include dirty water on the street",
    ),
    ("urban.sewer_overflow", "urban.event.04", 0.3, "a flooded street is also a 突发事件"),
    # -- 垃圾 waste ------------------------------------------------------------------------------
    (
        "environment.dumping",
        "urban.exposed_garbage",
        0.9,
        "rubbish on the ground: 环保 calls it dumping, 城管 exposed garbage",
    ),
    (
        "environment.dumping",
        "urban.event.01",
        0.6,
        "市容环境 events outside the table (积存垃圾渣土, 道路遗撒) are mostly rubbish",
    ),
    (
        "urban.exposed_garbage",
        "urban.event.01",
        0.6,
        "市容环境 events outside the table (积存垃圾渣土, 道路遗撒) are mostly rubbish",
    ),
    (
        "environment.dumping",
        "urban.event.03",
        0.4,
        "spoil from a building site (施工管理) is dumped nearby",
    ),
    (
        "urban.exposed_garbage",
        "urban.component.03",
        0.5,
        "市容环境 components (bins) overflow into exposed garbage",
    ),
    (
        "environment.dumping",
        "environment.smoke",
        0.2,
        "dumped rubbish is sometimes burnt where it lies; burning and dumping are still two "
        "problems unless the words say one",
    ),
    (
        "urban.exposed_garbage",
        "environment.smoke",
        0.2,
        "rubbish is sometimes burnt where it lies; the words must say it is one",
    ),
    ("environment.dumping", "environment.odour", 0.3, "rotting rubbish is reported by its smell"),
    ("urban.exposed_garbage", "environment.odour", 0.3, "rotting rubbish is reported by its smell"),
    # -- 烟 burning ------------------------------------------------------------------------------
    (
        "environment.smoke",
        "urban.event.01",
        0.5,
        "open burning (露天焚烧) is a 市容环境 event in 数字城管",
    ),
    (
        "environment.smoke",
        "political_legal.security_hazard",
        0.5,
        "burning near haystacks and houses is a fire hazard to the 综治 grid",
    ),
    ("environment.smoke", "environment.odour", 0.4, "smoke is smelt before it is seen"),
    (
        "environment.smoke",
        "environment.threshold_alert",
        0.4,
        "an air monitor (PM2.5) alerts while something burns nearby",
    ),
    ("environment.smoke", "urban.event.04", 0.4, "a fire is a 突发事件"),
    (
        "political_legal.security_hazard",
        "urban.event.04",
        0.5,
        "突发事件 (fire, collapse) and safety hazards are the same danger",
    ),
    # -- 噪声 noise ------------------------------------------------------------------------------
    (
        "environment.noise",
        "urban.event.03",
        0.7,
        "施工扰民 is a 施工管理 event in 数字城管: the same night construction noise",
    ),
    (
        "environment.noise",
        "political_legal.dispute",
        0.4,
        "residents against a noisy site or neighbour become a dispute for the 综治 grid",
    ),
    (
        "environment.noise",
        "political_legal.petition_risk",
        0.2,
        "residents who get no answer about a noisy site complain together",
    ),
    (
        "environment.noise",
        "urban.event.05",
        0.3,
        "街面秩序 events outside the table include shops' loudspeakers",
    ),
    (
        "political_legal.dispute",
        "urban.event.03",
        0.3,
        "residents against a building site (施工扰民, 渣土) quarrel with it",
    ),
    # -- 异味 odour and fumes ----------------------------------------------------------------------
    (
        "environment.odour",
        "urban.event.01",
        0.4,
        "市容环境 events outside the table include restaurant fumes (餐饮油烟)",
    ),
    (
        "environment.odour",
        "political_legal.dispute",
        0.3,
        "neighbours against a restaurant's fumes become a dispute",
    ),
    # -- 占道 street trading ----------------------------------------------------------------------
    (
        "urban.street_vending",
        "urban.lane_occupation",
        0.9,
        "stalls on the pavement: 游商 if they move, 占道经营 if they stay",
    ),
    (
        "market.unlicensed_business",
        "urban.street_vending",
        0.7,
        "a street vendor seldom has a licence: 市场监管 files the same stall as unlicensed",
    ),
    (
        "market.unlicensed_business",
        "urban.lane_occupation",
        0.6,
        "a shop trading outside its door is often also trading without a licence",
    ),
    (
        "urban.street_vending",
        "urban.event.05",
        0.6,
        "街面秩序 events outside the table are the street-order family of stalls",
    ),
    (
        "urban.lane_occupation",
        "urban.event.05",
        0.6,
        "街面秩序 events outside the table are the street-order family of stalls",
    ),
    (
        "market.unlicensed_business",
        "market.food_safety",
        0.3,
        "an unlicensed food stall is also a food-safety case",
    ),
    # -- 停车 parking ------------------------------------------------------------------------------
    (
        "urban.illegal_parking",
        "urban.event.05",
        0.5,
        "街面秩序 events outside the table include non-motor parking",
    ),
    (
        "urban.illegal_parking",
        "political_legal.dispute",
        0.3,
        "a car blocking a door starts a quarrel between neighbours",
    ),
    # -- 市场 market ------------------------------------------------------------------------------
    (
        "market.counterfeit",
        "market.false_advertising",
        0.6,
        "a fake is usually sold with a false claim",
    ),
    (
        "market.price",
        "market.false_advertising",
        0.3,
        "a false discount is both a price and an advertising violation",
    ),
    (
        "market.food_safety",
        "market.counterfeit",
        0.3,
        "fake food or drink (假酒) is both a food-safety and a counterfeit case",
    ),
    (
        "market.price",
        "market.counterfeit",
        0.3,
        "a cheated customer's complaint is filed as price or as fake goods by whoever takes it",
    ),
    (
        "market.food_safety",
        "political_legal.dispute",
        0.3,
        "a diner's quarrel with a restaurant over what they ate is mediated as a dispute",
    ),
    (
        "market.price",
        "political_legal.dispute",
        0.3,
        "a quarrel at the counter over short weight or a bill is mediated as a dispute",
    ),
    (
        "market.counterfeit",
        "political_legal.dispute",
        0.2,
        "a customer who bought a fake quarrels with the seller",
    ),
    # -- 违建 building -----------------------------------------------------------------------------
    (
        "urban.illegal_construction",
        "political_legal.dispute",
        0.4,
        "a neighbour's extension that blocks light or a path is a classic 邻里纠纷",
    ),
    (
        "urban.illegal_construction",
        "political_legal.security_hazard",
        0.3,
        "an unsafe structure is reported as a hazard",
    ),
    (
        "urban.illegal_construction",
        "urban.event.03",
        0.3,
        "施工管理 events outside the table include building without a permit",
    ),
    (
        "urban.illegal_construction",
        "urban.component.05",
        0.4,
        "房屋土地 components are the buildings and land a structure is put on",
    ),
    # -- 综治 political-legal ----------------------------------------------------------------------
    (
        "political_legal.dispute",
        "political_legal.petition_risk",
        0.6,
        "an unsettled dispute (wages, land, housing) turns into a petition risk",
    ),
    (
        "political_legal.dispute",
        "political_legal.security_hazard",
        0.2,
        "a quarrel that may turn violent is also filed as a hazard",
    ),
    (
        "political_legal.dispute",
        "political_legal.special_population",
        0.2,
        "a person under care is often one party of a dispute",
    ),
    (
        "political_legal.petition_risk",
        "political_legal.special_population",
        0.2,
        "a person under care may be the one who petitions",
    ),
    (
        "political_legal.security_hazard",
        "urban.component.02",
        0.4,
        "broken road furniture is reported as a hazard",
    ),
    (
        "political_legal.security_hazard",
        "urban.component.04",
        0.4,
        "a leaning tree is reported as a hazard",
    ),
)

LINKS: dict[frozenset[str], Link] = {}
for _a, _b, _value, _reason in _LINKS:
    _key = frozenset((_a, _b))
    if _key in LINKS or _a == _b:
        raise ValueError(f"affinity link {_a} / {_b} is listed twice or with itself")
    LINKS[_key] = Link(_value, _reason)

# How far and how long one incident's reports spread, by category (others: DEFAULT_EXTENT).
EXTENTS: dict[str, Extent] = {
    "urban.water_manhole_cover": Extent(
        60, 48, "one cover, reported where it is, until fixed", lasting=True
    ),
    "urban.sewage_manhole_cover": Extent(
        60, 48, "one cover, reported where it is, until fixed", lasting=True
    ),
    "urban.rain_manhole_cover": Extent(
        60, 48, "one cover, reported where it is, until fixed", lasting=True
    ),
    "urban.road_damage": Extent(
        60, 48, "one hole, reported where it is, until filled", lasting=True
    ),
    "urban.street_light": Extent(
        70, 48, "a dark stretch is seen from along the street", lasting=True
    ),
    "urban.illegal_construction": Extent(
        60, 72, "a structure stays until it is removed", lasting=True
    ),
    "urban.exposed_garbage": Extent(70, 48, "a heap stays until it is cleared", lasting=True),
    "environment.dumping": Extent(70, 48, "a heap stays until it is cleared", lasting=True),
    "urban.sewer_overflow": Extent(120, 16, "water runs along the street for hours"),
    "environment.illegal_discharge": Extent(
        150, 16, "an outfall and the ditch below it", noticed_from_afar=True
    ),
    "environment.threshold_alert": Extent(250, 12, "the monitor stands downstream of the outfall"),
    "environment.smoke": Extent(
        300, 4, "smoke is seen from afar, for a few hours", noticed_from_afar=True
    ),
    "environment.noise": Extent(
        300, 5, "night noise is heard from homes around the site", noticed_from_afar=True
    ),
    "environment.odour": Extent(
        150, 8, "a smell spreads over a block, for an evening", noticed_from_afar=True
    ),
    "urban.street_vending": Extent(80, 10, "stalls line a stretch of street for a day"),
    "urban.lane_occupation": Extent(80, 10, "stalls line a stretch of street for a day"),
    "urban.illegal_parking": Extent(60, 8, "a car is parked for hours"),
    "market.unlicensed_business": Extent(60, 48, "one premises, trading for days"),
    "market.food_safety": Extent(50, 48, "one premises"),
    "market.price": Extent(50, 24, "one premises"),
    "market.counterfeit": Extent(50, 48, "one premises"),
    "market.false_advertising": Extent(50, 48, "one premises"),
    "political_legal.dispute": Extent(100, 36, "parties of a quarrel, until it is mediated"),
    "political_legal.petition_risk": Extent(150, 48, "a grievance gathers people for days"),
    "political_legal.security_hazard": Extent(
        80, 48, "a hazard stays until it is removed", lasting=True
    ),
    "political_legal.special_population": Extent(40, 24, "one person at one home"),
}
DEFAULT_EXTENT = Extent(100, 24, "a category the table does not describe")
# Broad categories: a missing cover, a dark lane and a broken wall are all 治安隐患, so two
# such reports days apart at one place are as likely two hazards as one lasting one; they
# keep the ordinary window with each other (with a specific lasting category, the lasting).
BROAD = frozenset({"political_legal.security_hazard"})
# Pairs where one report is the aftermath of the other's episode: residents who quarrel
# with a site about last night's noise are written up by a 综治 worker the next morning. The
# later report of the follower's category may come this many hours after the episode; the
# episode after the quarrel (the next night's noise) keeps the episode's own hours.
AFTERMATH: dict[frozenset[str], tuple[str, float, str]] = {
    frozenset(("environment.noise", "political_legal.dispute")): (
        "political_legal.dispute",
        12.0,
        "the quarrel over a night's noise is written up by the next morning",
    ),
    frozenset(("urban.event.03", "political_legal.dispute")): (
        "political_legal.dispute",
        12.0,
        "the quarrel over a night's construction noise is written up by the next morning",
    ),
}
GROUP_EXTENTS: dict[str, Extent] = {
    "urban.component": Extent(
        60, 48, "a broken component stays where it is until repaired", lasting=True
    ),
    "urban.event.01": Extent(100, 24, "市容环境 events: rubbish, burning, fumes"),
    "urban.event.03": Extent(
        300, 5, "施工管理 events: a site's night work is heard from afar", noticed_from_afar=True
    ),
    "urban.event.04": Extent(150, 12, "突发事件: a fire or a flood, for hours"),
    "urban.event.05": Extent(80, 10, "街面秩序 events: stalls and parking, for a day"),
}


def extent_of(category: str) -> Extent:
    """How far and how long one category's reports spread (an urban class outside the
    table: as its major class group)."""
    known = EXTENTS.get(category)
    if known is not None:
        return known
    group = group_of(category)
    if group is not None:
        return GROUP_EXTENTS.get(group) or GROUP_EXTENTS.get(group[:-3], DEFAULT_EXTENT)
    return DEFAULT_EXTENT


def group_of(category: str) -> str | None:
    """The GB/T 30428.2 major class group of an urban code outside the table, else None."""
    if category in CATEGORIES or not category.startswith("urban."):
        return None
    parts = category.split(".")
    if len(parts) != 3 or len(parts[2]) < 2:
        return None
    key = f"urban.{parts[1]}.{parts[2][:2]}"
    return key if key in URBAN_GROUPS else None


def link(a: str, b: str) -> Link:
    """The affinity of two categories, with the reason."""
    if a == b:
        if a in CATEGORIES:
            return SELF.get(a, Link(1.0, "the same category"))
        return SAME_UNKNOWN
    found = LINKS.get(frozenset((a, b)))
    if found is not None:
        return found
    group_a, group_b = group_of(a), group_of(b)
    by_group = LINKS.get(frozenset((group_a or a, group_b or b)))
    if by_group is not None:
        return by_group
    if group_a is not None and group_a == group_b:
        return Link(0.5, f"two urban classes of one group: {URBAN_GROUPS[group_a]}")
    if a.startswith("urban.") and a not in CATEGORIES:
        return UNKNOWN_URBAN_FLOOR
    if b.startswith("urban.") and b not in CATEGORIES:
        return UNKNOWN_URBAN_FLOOR
    if HOTLINE_UNCLASSIFIED in (a, b):
        return UNCLASSIFIED_HOTLINE_FLOOR
    return UNRELATED


def affinity(a: str, b: str) -> float:
    return link(a, b).affinity


def extent(a: str, b: str) -> Extent:
    """How far and how long reports of one incident of these two categories may spread:
    as far as the wider of the two (noise heard from far away meets a dispute at one
    building), as long as the shorter (smoke filed as a lasting 治安隐患 is still one
    afternoon's burning), with the hours one may follow the other by when it is its
    aftermath (``AFTERMATH``); lasting only when both stay until fixed."""
    first, second = extent_of(a), extent_of(b)
    after = AFTERMATH.get(frozenset((group_of(a) or a, group_of(b) or b)))
    return Extent(
        max(first.metres, second.metres),
        min(first.hours, second.hours),
        first.reason if first.metres >= second.metres else second.reason,
        lasting=first.lasting and second.lasting and not (a == b and a in BROAD),
        noticed_from_afar=first.noticed_from_afar and second.noticed_from_afar,
        follows=after[0] if after else None,
        follow_hours=after[1] if after else 0.0,
    )


def table() -> list[tuple[str, str, Link]]:
    """Every pair of known categories with its affinity, strongest first (for the docs)."""
    codes = sorted(CATEGORIES)
    pairs = [(a, a, link(a, a)) for a in codes]
    pairs += [(a, b, link(a, b)) for a, b in combinations(codes, 2)]
    return sorted(pairs, key=lambda p: (-p[2].affinity, p[0], p[1]))
