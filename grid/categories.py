"""The unified category taxonomy: one code per kind of incident, whichever grid reports it.

Codes are '<grid>.<type>'. Urban codes follow GB/T 30428.2 classes (部件 components and
事件 events); the table below holds the classes the demo grids use, and an unknown class
still gets a stable code ('urban.component.0199') instead of being dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.common import GridCode


@dataclass(frozen=True)
class Category:
    code: str
    grid: GridCode
    label: str


# A hotline ticket whose 问题分类 maps to no grid's category keeps this code (like an unknown
# urban class keeps its own): no responsibility line names it, so a dispatcher routes it.
HOTLINE_UNCLASSIFIED = "hotline.unclassified"

_CATEGORIES: tuple[Category, ...] = (
    Category("political_legal.dispute", GridCode.POLITICAL_LEGAL, "矛盾纠纷"),
    Category("political_legal.petition_risk", GridCode.POLITICAL_LEGAL, "信访风险"),
    Category("political_legal.security_hazard", GridCode.POLITICAL_LEGAL, "治安隐患"),
    Category("political_legal.special_population", GridCode.POLITICAL_LEGAL, "特殊人群"),
    Category("environment.illegal_discharge", GridCode.ENVIRONMENT, "偷排漏排"),
    Category("environment.smoke", GridCode.ENVIRONMENT, "黑烟焚烧"),
    Category("environment.odour", GridCode.ENVIRONMENT, "异味扰民"),
    Category("environment.noise", GridCode.ENVIRONMENT, "噪声扰民"),
    Category("environment.dumping", GridCode.ENVIRONMENT, "固废倾倒"),
    Category("environment.threshold_alert", GridCode.ENVIRONMENT, "在线监测超标"),
    Category("market.unlicensed_business", GridCode.MARKET, "无照经营"),
    Category("market.food_safety", GridCode.MARKET, "食品安全"),
    Category("market.price", GridCode.MARKET, "价格违法"),
    Category("market.counterfeit", GridCode.MARKET, "假冒伪劣"),
    Category("market.false_advertising", GridCode.MARKET, "虚假广告"),
    Category("urban.water_manhole_cover", GridCode.URBAN, "上水井盖"),
    Category("urban.sewage_manhole_cover", GridCode.URBAN, "污水井盖"),
    Category("urban.rain_manhole_cover", GridCode.URBAN, "雨水井盖"),
    Category("urban.street_light", GridCode.URBAN, "路灯"),
    Category("urban.road_damage", GridCode.URBAN, "道路破损"),
    Category("urban.illegal_construction", GridCode.URBAN, "私搭乱建"),
    Category("urban.exposed_garbage", GridCode.URBAN, "暴露垃圾"),
    Category("urban.sewer_overflow", GridCode.URBAN, "污水冒溢"),
    Category("urban.street_vending", GridCode.URBAN, "无照经营游商"),
    Category("urban.illegal_parking", GridCode.URBAN, "违章停车"),
    Category("urban.lane_occupation", GridCode.URBAN, "占道经营"),
)
GOVERNANCE_GRIDS = tuple(g for g in GridCode if g is not GridCode.HOTLINE)

CATEGORIES: dict[str, Category] = {c.code: c for c in _CATEGORIES}

# (部件/事件, 大类, 小类) -> category code, after GB/T 30428.2 as the demo grids code it.
URBAN_CLASSES: dict[tuple[str, str, str], str] = {
    ("component", "01", "01"): "urban.water_manhole_cover",
    ("component", "01", "02"): "urban.sewage_manhole_cover",
    ("component", "01", "03"): "urban.rain_manhole_cover",
    ("component", "02", "01"): "urban.street_light",
    ("component", "02", "10"): "urban.road_damage",
    ("event", "01", "01"): "urban.illegal_construction",
    ("event", "01", "02"): "urban.exposed_garbage",
    ("event", "01", "08"): "urban.sewer_overflow",
    ("event", "05", "01"): "urban.street_vending",
    ("event", "05", "04"): "urban.illegal_parking",
    ("event", "05", "02"): "urban.lane_occupation",
}


# The 12345 hotline's own taxonomy (问题分类, 一级/二级/三级 as its operators pick them) ->
# the unified category. The hotline keeps its own words; the hub maps them, so a ticket is
# routed like a grid's report of the same kind. Unknown classes are kept and unrouted.
HOTLINE_CATEGORIES: dict[str, str] = {
    "城乡建设/市政设施/道路破损": "urban.road_damage",
    "城乡建设/市政设施/井盖缺失": "urban.rain_manhole_cover",
    "城乡建设/市政设施/路灯不亮": "urban.street_light",
    "城乡建设/排水设施/污水外溢": "urban.sewer_overflow",
    "城乡建设/市容环卫/垃圾未清运": "urban.exposed_garbage",
    "城乡建设/市容环卫/占道经营": "urban.lane_occupation",
    "城乡建设/市容环卫/流动摊贩": "urban.street_vending",
    "城乡建设/违法建设/私搭乱建": "urban.illegal_construction",
    "交通管理/静态交通/违章停车": "urban.illegal_parking",
    "生态环境/噪声污染/施工噪声": "environment.noise",
    "生态环境/噪声污染/社会生活噪声": "environment.noise",
    "生态环境/大气污染/露天焚烧": "environment.smoke",
    "生态环境/大气污染/异味扰民": "environment.odour",
    "生态环境/水污染/偷排漏排": "environment.illegal_discharge",
    "生态环境/固体废物/乱倒乱排": "environment.dumping",
    "市场监管/食品安全/食品质量": "market.food_safety",
    "市场监管/价格监管/价格欺诈": "market.price",
    "市场监管/质量监管/假冒伪劣": "market.counterfeit",
    "市场监管/登记注册/无照经营": "market.unlicensed_business",
    "市场监管/广告监管/虚假广告": "market.false_advertising",
    "社会治理/矛盾纠纷/邻里纠纷": "political_legal.dispute",
    "社会治理/矛盾纠纷/物业纠纷": "political_legal.dispute",
    "社会治理/公共安全/治安隐患": "political_legal.security_hazard",
    # Wage arrears and labour quarrels: the 综治 grid files them as 劳资纠纷, a 矛盾纠纷.
    "劳动保障/劳动关系/拖欠工资": "political_legal.dispute",
    "劳动保障/劳动关系/劳动合同纠纷": "political_legal.dispute",
}


def hotline_category(operator_category: str) -> str:
    """The unified category of a hotline ticket's 问题分类 (spaces and full-width slashes as
    operators type them are ignored); HOTLINE_UNCLASSIFIED when the hotline's class has none."""
    key = "/".join(part.strip() for part in operator_category.replace("／", "/").split("/"))
    return HOTLINE_CATEGORIES.get(key, HOTLINE_UNCLASSIFIED)


def urban_category(case_kind: str, major: str, minor: str) -> str:
    return URBAN_CLASSES.get((case_kind, major, minor), f"urban.{case_kind}.{major}{minor}")


def is_category_code(code: str, *, family: bool = False) -> bool:
    """'<grid>.<type>' with a known grid (any type: unknown urban classes keep a code);
    with ``family``, '<grid>.*' too (the responsibility list's wildcard)."""
    grid, _, kind = code.partition(".")
    return grid in {g.value for g in GridCode} and bool(kind) and (family or kind != "*")


def category_label(code: str) -> str:
    known = CATEGORIES.get(code)
    if known is None and code == HOTLINE_UNCLASSIFIED:
        return "热线未分类工单"
    return known.label if known else code


def is_known_category(code: str, grid: GridCode | None = None) -> bool:
    known = CATEGORIES.get(code)
    return known is not None and (grid is None or known.grid is grid)


# Category families across the four grids' taxonomies: reports of one incident from different
# grids carry different categories of one family (an environment "illegal discharge" and an
# urban "sewer overflow" are one polluted ditch). Every category is in exactly one family.
FAMILIES: dict[str, tuple[str, ...]] = {
    "water_pollution": (
        "environment.illegal_discharge",
        "environment.threshold_alert",
        "urban.sewer_overflow",
        "urban.sewage_manhole_cover",
    ),
    "waste": ("environment.dumping", "urban.exposed_garbage"),
    "burning": ("environment.smoke",),
    "odour": ("environment.odour",),
    "noise": ("environment.noise",),
    "road_hazard": ("urban.road_damage", "urban.water_manhole_cover", "urban.rain_manhole_cover"),
    "lighting": ("urban.street_light",),
    "street_trading": (
        "urban.street_vending",
        "urban.lane_occupation",
        "market.unlicensed_business",
    ),
    "parking": ("urban.illegal_parking",),
    "building": ("urban.illegal_construction",),
    "food": ("market.food_safety",),
    "price": ("market.price",),
    "fraud": ("market.counterfeit", "market.false_advertising"),
    "dispute": ("political_legal.dispute",),
    "public_safety": ("political_legal.security_hazard",),
    "petition": ("political_legal.petition_risk",),
    "special_population": ("political_legal.special_population",),
}
FAMILY_OF: dict[str, str] = {code: family for family, codes in FAMILIES.items() for code in codes}


def category_family(code: str) -> str:
    """The family of a category; an unknown category is a family of its own."""
    return FAMILY_OF.get(code, code)
