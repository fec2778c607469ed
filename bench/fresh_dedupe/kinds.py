"""The kinds of incident, who reports each, how, and under which category of their system.

A kind is either *lasting* (a pothole, a missing cover, a heap of rubble: it stays until it is
fixed, and every report within about three days is of the same incident) or an *occurrence*
(a fire, a parked car, a night of noise: it is over within hours, and the same thing at the
same place three or more days later is another incident).
"""

from __future__ import annotations

from dataclasses import dataclass

from grid.categories import hotline_category, urban_category


@dataclass(frozen=True)
class Rule:
    """A voice that may report the kind: with probability ``p``, ``lo``..``hi`` reports, seen
    between ``after_h`` and ``until_h`` hours after the incident began."""

    voice: str
    p: float
    lo: int
    hi: int
    after_h: float
    until_h: float


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # 中文
    lasting: bool
    places: tuple[tuple[str, float], ...]  # (unit kind, weight)
    start_hours: tuple[int, ...]  # hours of the day it begins (local time)
    weight: float
    rules: tuple[Rule, ...]
    days_later: bool  # can recur at the same place days later as another incident


def R(voice: str, p: float, lo: int, hi: int, after_h: float, until_h: float) -> Rule:
    return Rule(voice, p, lo, hi, after_h, until_h)


DAY = tuple(range(7, 19))
WAKING = tuple(range(6, 23))

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "pothole", "道路坑洼", True, (("road", 0.8), ("village", 0.2)), DAY, 1.1,
            (
                R("urban_supervisor", 0.85, 1, 2, 0, 60), R("pl_grid_worker", 0.3, 1, 1, 0, 48),
                R("api_citizen", 0.4, 1, 2, 0, 60), R("hotline_12345", 0.3, 1, 2, 0, 60),
                R("api_worker", 0.1, 1, 1, 0, 48),
            ),
            False,
        ),
        Kind(
            "manhole", "井盖缺失", True, (("road", 0.75), ("compound", 0.25)), DAY, 1.0,
            (
                R("urban_supervisor", 0.85, 1, 2, 0, 48), R("pl_grid_worker", 0.4, 1, 1, 0, 36),
                R("api_citizen", 0.35, 1, 2, 0, 48), R("hotline_12345", 0.35, 1, 1, 0, 48),
                R("api_worker", 0.1, 1, 1, 0, 36),
            ),
            False,
        ),
        Kind(
            "street_light", "路灯不亮", True, (("road", 0.85), ("compound", 0.15)),
            (18, 19, 20, 21), 0.8,
            (
                R("urban_supervisor", 0.7, 1, 1, 0, 50), R("pl_grid_worker", 0.12, 1, 1, 12, 50),
                R("api_citizen", 0.4, 1, 2, 0, 52), R("hotline_12345", 0.4, 1, 1, 0, 52),
            ),
            False,
        ),
        Kind(
            "garbage", "垃圾堆积", True,
            (("road", 0.4), ("compound", 0.3), ("village", 0.3)), DAY, 1.0,
            (
                R("urban_supervisor", 0.8, 1, 2, 0, 40), R("env_patrol", 0.12, 1, 1, 0, 30),
                R("api_citizen", 0.4, 1, 2, 0, 40), R("hotline_12345", 0.3, 1, 1, 0, 40),
            ),
            False,
        ),
        Kind(
            "dumping", "建筑垃圾倾倒", True, (("village", 0.6), ("road", 0.4)), DAY, 0.7,
            (
                R("env_patrol", 0.65, 1, 1, 0, 50), R("urban_supervisor", 0.5, 1, 1, 0, 50),
                R("api_worker", 0.3, 1, 1, 0, 30), R("api_citizen", 0.25, 1, 1, 0, 50),
                R("hotline_12345", 0.3, 1, 1, 0, 50),
            ),
            False,
        ),
        Kind(
            "parking", "违章停车", False, (("road", 0.8), ("compound", 0.2)), WAKING, 1.0,
            (
                R("urban_supervisor", 0.7, 1, 1, 0, 2), R("api_citizen", 0.55, 1, 2, 0, 2.5),
                R("hotline_12345", 0.25, 1, 1, 0, 2.5),
            ),
            True,
        ),
        Kind(
            "stall", "占道经营", False, (("road", 1.0),), (6, 7, 8, 16, 17, 18, 19), 0.9,
            (
                R("urban_supervisor", 0.85, 1, 2, 0, 3), R("market_inspector", 0.25, 1, 1, 0, 3),
                R("api_citizen", 0.35, 1, 1, 0, 3), R("hotline_12345", 0.25, 1, 1, 0, 3),
            ),
            True,
        ),
        Kind(
            "illegal_construction", "私搭乱建", True, (("compound", 0.5), ("village", 0.5)),
            DAY, 0.8,
            (
                R("urban_supervisor", 0.7, 1, 1, 0, 60), R("pl_grid_worker", 0.45, 1, 1, 0, 48),
                R("api_citizen", 0.35, 1, 2, 0, 60), R("hotline_12345", 0.3, 1, 1, 0, 60),
            ),
            False,
        ),
        Kind(
            "night_noise", "夜间施工噪声", False, (("road", 0.6), ("compound", 0.4)),
            (22, 23), 0.9,
            (
                R("env_hotline_12369", 0.5, 1, 2, 0, 3), R("env_patrol", 0.4, 1, 1, 0.5, 3),
                R("urban_supervisor", 0.3, 1, 1, 0, 3), R("api_citizen", 0.55, 1, 3, 0, 3),
                R("hotline_12345", 0.5, 1, 2, 0, 3), R("pl_grid_worker", 0.35, 1, 1, 9.5, 11.5),
            ),
            True,
        ),
        Kind(
            "open_burning", "露天焚烧", False, (("village", 0.75), ("road", 0.25)),
            tuple(range(7, 18)), 0.9,
            (
                R("env_patrol", 0.55, 1, 1, 0, 2), R("urban_supervisor", 0.4, 1, 1, 0, 2),
                R("env_hotline_12369", 0.2, 1, 1, 0, 2), R("api_citizen", 0.4, 1, 2, 0, 2),
                R("api_worker", 0.15, 1, 1, 0, 2), R("hotline_12345", 0.3, 1, 1, 0, 2),
            ),
            True,
        ),
        Kind(
            "odour", "异味扰民", False, (("village", 0.5), ("road", 0.3), ("compound", 0.2)),
            tuple(range(5, 23)), 0.8,
            (
                R("env_patrol", 0.5, 1, 1, 0.5, 5), R("env_sensor", 0.2, 1, 3, 0, 5),
                R("env_hotline_12369", 0.3, 1, 1, 0, 5), R("api_citizen", 0.5, 1, 3, 0, 5),
                R("hotline_12345", 0.4, 1, 2, 0, 5), R("pl_grid_worker", 0.12, 1, 1, 1, 6),
            ),
            True,
        ),
        Kind(
            "sewage", "污水冒溢", False, (("road", 0.55), ("village", 0.45)),
            tuple(range(0, 24)), 0.9,
            (
                R("urban_supervisor", 0.5, 1, 1, 0, 8), R("env_patrol", 0.45, 1, 1, 0.5, 8),
                R("env_sensor", 0.3, 2, 4, 0, 8), R("api_citizen", 0.35, 1, 2, 0, 8),
                R("hotline_12345", 0.3, 1, 1, 0, 8),
            ),
            True,
        ),
        Kind(
            "fire_hazard", "消防隐患", True, (("compound", 1.0),), DAY, 0.7,
            (
                R("pl_grid_worker", 0.85, 1, 1, 0, 40), R("api_citizen", 0.35, 1, 1, 0, 40),
                R("api_worker", 0.15, 1, 1, 0, 30), R("hotline_12345", 0.3, 1, 1, 0, 40),
            ),
            False,
        ),
        Kind(
            "neighbour_dispute", "邻里纠纷", False, (("compound", 0.55), ("village", 0.45)),
            tuple(range(8, 22)), 0.8,
            (
                R("pl_grid_worker", 0.9, 1, 2, 0, 8), R("hotline_12345", 0.35, 1, 1, 0, 6),
                R("api_citizen", 0.25, 1, 1, 0, 4),
            ),
            True,
        ),
        Kind(
            "wage_arrears", "拖欠工资", True, (("road", 0.6), ("village", 0.4)), DAY, 0.5,
            (
                R("pl_grid_worker", 0.85, 1, 2, 0, 30), R("hotline_12345", 0.4, 1, 2, 0, 40),
                R("api_citizen", 0.2, 1, 1, 0, 30), R("api_worker", 0.2, 1, 1, 0, 24),
            ),
            False,
        ),
        Kind(
            "food_safety", "食品安全", True, (("road", 0.85), ("compound", 0.15)),
            (11, 12, 13, 17, 18, 19), 0.8,
            (
                R("market_inspector", 0.75, 1, 1, 2, 40), R("api_citizen", 0.5, 1, 2, 0, 30),
                R("hotline_12345", 0.4, 1, 2, 0, 40), R("pl_grid_worker", 0.1, 1, 1, 0, 20),
            ),
            False,
        ),
        Kind(
            "price_fraud", "价格欺诈", False, (("road", 1.0),), tuple(range(8, 20)), 0.7,
            (
                R("market_inspector", 0.6, 1, 1, 1, 8), R("api_citizen", 0.5, 1, 1, 0, 4),
                R("hotline_12345", 0.45, 1, 1, 0, 6), R("pl_grid_worker", 0.15, 1, 1, 0, 3),
            ),
            True,
        ),
        Kind(
            "sensor_exceedance", "在线监测超标", False, (("village", 0.6), ("road", 0.4)),
            tuple(range(0, 24)), 0.6,
            (R("env_sensor", 1.0, 2, 5, 0, 6), R("env_patrol", 0.45, 1, 1, 1, 8)),
            True,
        ),
    )
}  # fmt: skip


# ----------------------------------------------------------------- categories per voice
# urban_supervisor: (case kind, 大类, 小类); pl_grid_worker: (event type, dispute type, risk);
# environment voices: event kind; market_inspector: violation; hotline_12345: 问题分类;
# api voices: the unified category the worker or the citizen picked in the app.
# Repetition weights a choice. Citizens' picks are often near the truth, not on it.

URBAN_NOISE_CLASS = ("event", "03", "01")  # 施工管理/施工扰民: a class the demo table lacks

CATEGORY_CHOICES: dict[str, dict[str, list]] = {
    "pothole": {
        "urban_supervisor": [("component", "02", "10")],
        "pl_grid_worker": [("security_hazard", None, "low"), ("security_hazard", None, "medium")],
        "api_citizen": ["urban.road_damage"] * 4 + ["urban.rain_manhole_cover"],
        "api_worker": ["urban.road_damage"],
        "hotline_12345": ["城乡建设/市政设施/道路破损"],
    },
    "manhole": {
        "urban_supervisor": [("component", "01", "03")] * 2
        + [("component", "01", "02"), ("component", "01", "01")],
        "pl_grid_worker": [("security_hazard", None, "medium"), ("security_hazard", None, "high")],
        "api_citizen": ["urban.rain_manhole_cover"] * 2
        + ["urban.sewage_manhole_cover", "urban.road_damage"],
        "api_worker": ["urban.rain_manhole_cover", "political_legal.security_hazard"],
        "hotline_12345": ["城乡建设/市政设施/井盖缺失"],
    },
    "street_light": {
        "urban_supervisor": [("component", "02", "01")],
        "pl_grid_worker": [("security_hazard", None, "low")],
        "api_citizen": ["urban.street_light"],
        "hotline_12345": ["城乡建设/市政设施/路灯不亮"],
    },
    "garbage": {
        "urban_supervisor": [("event", "01", "02")],
        "env_patrol": ["dumping"],
        "api_citizen": ["urban.exposed_garbage"] * 3 + ["environment.dumping"],
        "hotline_12345": ["城乡建设/市容环卫/垃圾未清运"],
    },
    "dumping": {
        "env_patrol": ["dumping"],
        "urban_supervisor": [("event", "01", "02")],
        "api_worker": ["environment.dumping", "urban.exposed_garbage"],
        "api_citizen": ["environment.dumping", "urban.exposed_garbage"],
        "hotline_12345": ["生态环境/固体废物/乱倒乱排"],
    },
    "parking": {
        "urban_supervisor": [("event", "05", "04")],
        "api_citizen": ["urban.illegal_parking"],
        "hotline_12345": ["交通管理/静态交通/违章停车"],
    },
    "stall": {
        "urban_supervisor": [("event", "05", "02")] * 2 + [("event", "05", "01")],
        "market_inspector": ["unlicensed_business"],
        "api_citizen": ["urban.lane_occupation"] * 2 + ["urban.street_vending"],
        "hotline_12345": ["城乡建设/市容环卫/占道经营", "城乡建设/市容环卫/流动摊贩"],
    },
    "illegal_construction": {
        "urban_supervisor": [("event", "01", "01")],
        "pl_grid_worker": [
            ("dispute", "neighbourhood", "low"),
            ("dispute", "neighbourhood", "medium"),
        ],
        "api_citizen": ["urban.illegal_construction"],
        "hotline_12345": ["城乡建设/违法建设/私搭乱建"],
    },
    "night_noise": {
        "env_hotline_12369": ["noise"],
        "env_patrol": ["noise"],
        "urban_supervisor": [URBAN_NOISE_CLASS],
        "api_citizen": ["environment.noise"] * 3 + ["political_legal.dispute"],
        "hotline_12345": ["生态环境/噪声污染/施工噪声"] * 3 + ["生态环境/噪声污染/社会生活噪声"],
        "pl_grid_worker": [("dispute", "other", "medium"), ("dispute", "neighbourhood", "medium")],
    },
    "open_burning": {
        "env_patrol": ["smoke"],
        "urban_supervisor": [("event", "01", "02")],
        "env_hotline_12369": ["smoke"],
        "api_citizen": ["environment.smoke"] * 3 + ["environment.odour"],
        "api_worker": ["environment.smoke"],
        "hotline_12345": ["生态环境/大气污染/露天焚烧"],
    },
    "odour": {
        "env_patrol": ["odour"],
        "env_sensor": ["threshold_alert"],
        "env_hotline_12369": ["odour"],
        "api_citizen": ["environment.odour"] * 4 + ["environment.illegal_discharge"],
        "hotline_12345": ["生态环境/大气污染/异味扰民"],
        "pl_grid_worker": [("dispute", "other", "medium")],
    },
    "sewage": {
        "urban_supervisor": [("event", "01", "08")] * 3 + [("component", "01", "02")],
        "env_patrol": ["illegal_discharge"],
        "env_sensor": ["threshold_alert"],
        "api_citizen": ["urban.sewer_overflow"] * 2 + ["environment.illegal_discharge"],
        "hotline_12345": ["城乡建设/排水设施/污水外溢", "生态环境/水污染/偷排漏排"],
    },
    "fire_hazard": {
        "pl_grid_worker": [("security_hazard", None, "medium"), ("security_hazard", None, "high")],
        "api_citizen": ["political_legal.security_hazard"] * 3 + ["urban.illegal_parking"],
        "api_worker": ["political_legal.security_hazard"],
        "hotline_12345": ["社会治理/公共安全/治安隐患"],
    },
    "neighbour_dispute": {
        "pl_grid_worker": [
            ("dispute", "neighbourhood", "low"),
            ("dispute", "neighbourhood", "medium"),
            ("dispute", "property_management", "low"),
        ],
        "hotline_12345": ["社会治理/矛盾纠纷/邻里纠纷", "社会治理/矛盾纠纷/物业纠纷"],
        "api_citizen": ["political_legal.dispute"],
    },
    "wage_arrears": {
        "pl_grid_worker": [("dispute", "labour", "medium"), ("dispute", "labour", "high"),
                           ("petition_risk", "labour", "high")],
        "hotline_12345": ["劳动保障/劳动关系/拖欠工资"],
        "api_citizen": ["political_legal.dispute"],
        "api_worker": ["political_legal.petition_risk", "political_legal.dispute"],
    },
    "food_safety": {
        "market_inspector": ["food_safety"],
        "api_citizen": ["market.food_safety"] * 4 + ["market.counterfeit"],
        "hotline_12345": ["市场监管/食品安全/食品质量"],
        "pl_grid_worker": [("dispute", "consumer", "low")],
    },
    "price_fraud": {
        "market_inspector": ["price", "price", "counterfeit"],
        "api_citizen": ["market.price"] * 3 + ["market.counterfeit"],
        "hotline_12345": ["市场监管/价格监管/价格欺诈", "市场监管/质量监管/假冒伪劣"],
        "pl_grid_worker": [("dispute", "consumer", "low")],
    },
    "sensor_exceedance": {
        "env_sensor": ["threshold_alert"],
        "env_patrol": ["threshold_alert", "illegal_discharge"],
    },
}  # fmt: skip

# 12345 classes outside the hub's mapping, which keep hotline.unclassified (a real taxonomy
# has them; the hub routes them by hand).
UNMAPPED_HOTLINE_CLASSES = frozenset({"劳动保障/劳动关系/拖欠工资"})


def unified(voice: str, choice: object) -> str:
    """The unified category code a report with this category choice gets."""
    if voice == "urban_supervisor":
        case_kind, major, minor = choice  # type: ignore[misc]
        return urban_category(case_kind, major, minor)
    if voice == "pl_grid_worker":
        return f"political_legal.{choice[0]}"  # type: ignore[index]
    if voice.startswith("env_"):
        return f"environment.{choice}"
    if voice == "market_inspector":
        return f"market.{choice}"
    if voice == "hotline_12345":
        return hotline_category(str(choice))
    return str(choice)


def possible_categories(kind: str) -> frozenset[str]:
    return frozenset(
        unified(voice, choice)
        for voice, choices in CATEGORY_CHOICES[kind].items()
        for choice in choices
    )
