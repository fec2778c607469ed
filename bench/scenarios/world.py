"""The incidents of a county as the four grids and the public see them: the facts the
labelled scenarios are generated from.

Each kind of incident says where it happens, how far from it people stand when they report
it, how long reports of one incident keep coming, and which *voices* report it: a grid's own
system (with the code that system gives it: a 综治 event type, a 环保 kind, a 市场监管
violation, a 数字城管 GB/T 30428.2 class, including classes outside the hub's demo table) or
POST /reports from a grid worker's phone or a citizen app (with the category the person
picks, not always the one a clerk would).

Written from how the grids work, not from the hub's category families: the hub's taxonomy
tables (grid/categories.py, grid/affinity.py) are not imported here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Voice:
    """One way an incident reaches the hub.

    ``key`` names the phrase book entry (bench/scenarios/phrases.py); ``code`` is what the
    voice files it under: for native voices the grid's own code (urban: case kind, major,
    minor class; political_legal: event type and dispute type; environment: kind and
    source; market: violation), for API voices the unified category the person picks.
    """

    key: str
    grid: str
    channel: str  # "native" (the grid's topic) or "api" (POST /reports)
    code: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Kind:
    name: str
    places: dict[str, float]  # "road", "village", "compound" -> how often
    spread_m: float  # how far from the incident its reporters typically stand
    lasts_h: float  # over how many hours reports of one incident keep coming
    transient: bool  # an episode (smoke, noise): the next day is another incident
    voices: tuple[Voice, ...]
    singleton: bool = False  # only ever one report (a visit record, not an incident)
    # A thing that stays until someone fixes it (a cover, a hole, a heap, a structure): while
    # its case is open, these voices report it again days later ("still not fixed"); the
    # same thing at the same place is a new incident only after it was fixed and its case
    # closed.
    again: tuple[str, ...] = ()


def _urban(kind: str, major: str, minor: str, weight: float) -> Voice:
    return Voice("urban", "urban", "native", (kind, major, minor), weight)


def _pl(event_type: str, weight: float, dispute_type: str = "") -> Voice:
    return Voice("political_legal", "political_legal", "native", (event_type, dispute_type), weight)


def _env(kind: str, source: str, weight: float) -> Voice:
    return Voice(f"environment.{source}", "environment", "native", (kind, source), weight)


def _market(violation: str, weight: float) -> Voice:
    return Voice("market", "market", "native", (violation,), weight)


def _worker(category: str, weight: float) -> Voice:
    return Voice("api_worker", category.split(".")[0], "api", (category,), weight)


def _citizen(category: str, weight: float) -> Voice:
    return Voice("api_citizen", category.split(".")[0], "api", (category,), weight)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "manhole_cover",
            {"road": 0.7, "compound": 0.2, "village": 0.1},
            spread_m=8,
            lasts_h=40,
            transient=False,
            again=("urban", "api_citizen", "political_legal"),
            voices=(
                _urban("component", "01", "03", 3),  # 雨水井盖
                _urban("component", "01", "02", 2),  # 污水井盖
                _urban("component", "01", "01", 1),  # 上水井盖
                _urban("component", "01", "06", 0.7),  # 通信井盖: a class outside the table
                _pl("security_hazard", 2),
                _worker("urban.rain_manhole_cover", 1),
                _worker("urban.sewage_manhole_cover", 0.5),
                _citizen("urban.rain_manhole_cover", 1),
                _citizen("urban.road_damage", 1),  # a citizen does not know the cover's kind
            ),
        ),
        Kind(
            "pothole",
            {"road": 0.8, "village": 0.2},
            spread_m=8,
            lasts_h=40,
            transient=False,
            again=("urban", "api_citizen", "api_worker"),
            voices=(
                _urban("component", "02", "10", 3),
                _pl("security_hazard", 1),
                _worker("urban.road_damage", 1),
                _citizen("urban.road_damage", 2),
            ),
        ),
        Kind(
            "street_light",
            {"road": 0.8, "compound": 0.2},
            spread_m=15,
            lasts_h=40,
            transient=False,
            again=("urban", "api_citizen"),
            voices=(
                _urban("component", "02", "01", 3),
                _pl("security_hazard", 0.5),
                _worker("urban.street_light", 1),
                _citizen("urban.street_light", 2),
            ),
        ),
        Kind(
            "sewage",
            {"road": 0.5, "village": 0.3, "compound": 0.2},
            spread_m=40,
            lasts_h=12,
            transient=False,
            voices=(
                _env("illegal_discharge", "patrol", 2),
                _env("illegal_discharge", "hotline", 1),
                _env("threshold_alert", "sensor", 1.5),
                _urban("event", "01", "08", 2),
                _citizen("urban.sewer_overflow", 1),
                _citizen("environment.odour", 0.5),  # what the citizen notices is the smell
                _citizen("environment.illegal_discharge", 0.5),
            ),
        ),
        Kind(
            "dumping",
            {"village": 0.5, "road": 0.5},
            spread_m=20,
            lasts_h=48,
            transient=False,
            again=("api_citizen", "environment.patrol"),
            voices=(
                _env("dumping", "patrol", 2),
                _urban("event", "01", "02", 2),
                _urban("event", "01", "03", 1),  # 积存垃圾渣土: outside the table
                _worker("environment.dumping", 1),
                _citizen("urban.exposed_garbage", 1),
                _citizen("environment.dumping", 1),
            ),
        ),
        Kind(
            "open_burning",
            {"village": 0.7, "road": 0.3},
            spread_m=80,
            lasts_h=3,
            transient=True,
            voices=(
                _env("smoke", "patrol", 2),
                _env("smoke", "hotline", 1.5),
                _urban("event", "01", "12", 1),  # 露天焚烧: outside the table
                _pl("security_hazard", 1),  # 火灾隐患
                _worker("environment.smoke", 0.5),
                _citizen("environment.smoke", 1.5),
            ),
        ),
        Kind(
            "construction_noise",
            {"compound": 0.6, "road": 0.4},
            spread_m=100,
            lasts_h=4,
            transient=True,
            voices=(
                _env("noise", "hotline", 2),
                _env("noise", "patrol", 1),
                _urban("event", "03", "05", 1.5),  # 施工扰民 (施工管理类): outside the table
                _pl("dispute", 1, "other"),  # residents against the site
                _citizen("environment.noise", 2),
            ),
        ),
        Kind(
            "fumes",
            {"road": 0.7, "compound": 0.3},
            spread_m=40,
            lasts_h=24,
            transient=False,  # one restaurant's fumes are one problem until it is fixed
            voices=(
                _env("odour", "patrol", 1),
                _env("odour", "hotline", 2),
                _urban("event", "01", "15", 1),  # 餐饮油烟: outside the table
                _pl("dispute", 0.7, "neighbourhood"),
                _citizen("environment.odour", 2),
            ),
        ),
        Kind(
            "street_trading",
            {"road": 1.0},
            spread_m=25,
            lasts_h=8,
            transient=False,
            voices=(
                _urban("event", "05", "02", 2),
                _urban("event", "05", "01", 1),
                _market("unlicensed_business", 2),
                _citizen("urban.lane_occupation", 1),
                _citizen("urban.street_vending", 0.5),
            ),
        ),
        Kind(
            "food_safety",
            {"road": 1.0},
            spread_m=10,
            lasts_h=48,
            transient=False,
            voices=(_market("food_safety", 2), _citizen("market.food_safety", 2)),
        ),
        Kind(
            "illegal_construction",
            {"compound": 0.5, "village": 0.5},
            spread_m=15,
            lasts_h=72,
            transient=False,
            again=("urban", "api_citizen", "api_worker"),
            voices=(
                _urban("event", "01", "01", 2),
                _pl("dispute", 1, "neighbourhood"),
                _worker("urban.illegal_construction", 1),
                _citizen("urban.illegal_construction", 1),
            ),
        ),
        Kind(
            "illegal_parking",
            {"road": 0.6, "compound": 0.4},
            spread_m=15,
            lasts_h=6,
            transient=True,
            voices=(
                _urban("event", "05", "04", 2),
                _pl("dispute", 0.5, "neighbourhood"),
                _citizen("urban.illegal_parking", 2),
            ),
        ),
        Kind(
            "neighbour_dispute",
            {"compound": 0.6, "village": 0.4},
            spread_m=10,
            lasts_h=36,
            transient=False,  # a quarrel goes on until it is mediated
            voices=(
                _pl("dispute", 2, "neighbourhood"),
                _worker("political_legal.dispute", 1),
            ),
        ),
        Kind(
            "wage_arrears",
            {"road": 0.6, "village": 0.4},
            spread_m=20,
            lasts_h=48,
            transient=False,
            voices=(
                _pl("petition_risk", 2),
                _pl("dispute", 1, "labour"),
                _worker("political_legal.petition_risk", 1),
            ),
        ),
        Kind(
            "overcharging",
            {"road": 1.0},
            spread_m=10,
            lasts_h=24,
            transient=False,
            voices=(_market("price", 2), _citizen("market.price", 1)),
        ),
        Kind(
            "counterfeit",
            {"road": 1.0},
            spread_m=10,
            lasts_h=48,
            transient=False,
            voices=(
                _market("counterfeit", 2),
                _market("false_advertising", 0.5),
                _citizen("market.counterfeit", 1),
            ),
        ),
        Kind(
            "special_population",
            {"compound": 0.5, "village": 0.5},
            spread_m=5,
            lasts_h=1,
            transient=True,
            voices=(_pl("special_population", 1),),
            singleton=True,
        ),
    )
}

# How often each kind happens (relative), over a fortnight in a county.
FREQUENCY: dict[str, float] = {
    "manhole_cover": 8,
    "pothole": 8,
    "street_light": 6,
    "sewage": 7,
    "dumping": 7,
    "open_burning": 6,
    "construction_noise": 6,
    "fumes": 4,
    "street_trading": 6,
    "food_safety": 3,
    "illegal_construction": 4,
    "illegal_parking": 4,
    "neighbour_dispute": 4,
    "wage_arrears": 2,
    "overcharging": 2,
    "counterfeit": 2,
    "special_population": 3,
}

# Other kinds that plausibly happen at the same spot as a kind (the "another problem at the
# same place" look-alikes): a broken light over a pothole, fumes from a shop that also
# sells stale food, dumped rubbish that someone then burns.
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "manhole_cover": ("pothole", "street_light", "sewage", "illegal_parking"),
    "pothole": ("manhole_cover", "street_light", "illegal_parking", "street_trading"),
    "street_light": ("pothole", "manhole_cover", "illegal_parking"),
    "sewage": ("manhole_cover", "dumping", "pothole"),
    "dumping": ("open_burning", "sewage", "illegal_construction"),
    "open_burning": ("dumping", "illegal_construction"),
    "construction_noise": ("illegal_parking", "dumping", "neighbour_dispute"),
    "fumes": ("food_safety", "street_trading", "overcharging"),
    "street_trading": ("food_safety", "illegal_parking", "fumes"),
    "food_safety": ("fumes", "overcharging", "street_trading"),
    "illegal_construction": ("neighbour_dispute", "dumping"),
    "illegal_parking": ("street_trading", "neighbour_dispute", "pothole"),
    "neighbour_dispute": ("illegal_construction", "illegal_parking", "construction_noise"),
    "wage_arrears": ("construction_noise", "neighbour_dispute"),
    "overcharging": ("counterfeit", "food_safety"),
    "counterfeit": ("overcharging", "food_safety"),
    "special_population": ("neighbour_dispute",),
}

# A rainstorm downtown: what breaks, all at once, on a few streets.
STORM_KINDS = ("pothole", "manhole_cover", "sewage", "street_light")
