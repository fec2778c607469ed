"""Open311 GeoReport v2 as GridHub speaks it: the service catalogue, the attributes a grid
needs, how a case's state reads as open or closed, and the spec's limits. Pure.

The facade (api/routers/open311.py) turns requests into the hub's own reports and cases;
this module holds the rules it applies, so they can be read and tested without HTTP.

- A **service** is a unified category (grid/categories.py) the public may report: its code is
  the category code (``urban.road_damage``), its name the Chinese label, its group the grid's
  Chinese name, its keywords the words people use for it. The political-legal grid's kinds
  (disputes, petition risks, special populations) are not offered nor shown: they concern
  named people and are handled by the 综治 system, not published. Sensor alerts are not
  something a person reports.
- A **service request** is a case. Its id is the case id; a report submitted through Open311
  gets a token (its report id) until the stream has placed it into a case.
- **Status**: ``closed`` for 结案, 不予立案 and a case merged into another (the extension
  ``duplicate_of`` names that case); ``open`` for every other state. The detailed state is the
  extension field ``gridhub_state`` (with ``gridhub_state_label`` in Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from contracts.common import GRID_LABELS, GridCode
from contracts.native import is_valid_uscc
from dispatch.lifecycle import CaseState
from grid.categories import CATEGORIES, Category

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
# The spec: a query may span at most 90 days; without dates, the most recent 90 days; and at
# most 1000 requests are returned (newest first).
MAX_SPAN = timedelta(days=90)
MAX_REQUESTS = 1000
FORMATS = ("json", "xml")

NOT_OFFERED_GRIDS = frozenset({GridCode.POLITICAL_LEGAL, GridCode.HOTLINE})
NOT_OFFERED = frozenset({"environment.threshold_alert"})

STATE_LABELS: dict[str, str] = {
    CaseState.REPORTED: "待立案",
    CaseState.ACCEPTED: "已立案",
    CaseState.REJECTED: "不予立案",
    CaseState.MERGED: "已合并",
    CaseState.DISPATCHED: "已派遣",
    CaseState.RETURNED: "已退回",
    CaseState.IN_PROGRESS: "处置中",
    CaseState.REWORK: "返工",
    CaseState.RESOLVED: "待核查",
    CaseState.VERIFIED: "核查通过",
    CaseState.CLOSED: "已结案",
    CaseState.SUSPENDED: "挂账",
}
CLOSED_STATES = frozenset({CaseState.CLOSED, CaseState.REJECTED, CaseState.MERGED})


def open311_status(state: str) -> str:
    return "closed" if state in CLOSED_STATES else "open"


def states_for(status: str) -> frozenset[str]:
    """The case states an Open311 status filter stands for."""
    closed = {s.value for s in CLOSED_STATES}
    return frozenset(closed if status == "closed" else {s.value for s in CaseState} - closed)


# Words people use for each kind (service keywords; the client may search them).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "environment.illegal_discharge": ("排污", "污水", "黑水", "偷排"),
    "environment.smoke": ("黑烟", "焚烧", "烧垃圾", "冒烟"),
    "environment.odour": ("异味", "臭味", "刺鼻"),
    "environment.noise": ("噪音", "噪声", "扰民", "施工"),
    "environment.dumping": ("倾倒", "建筑垃圾", "渣土"),
    "market.unlicensed_business": ("无照", "营业执照"),
    "market.food_safety": ("食品", "过期", "变质", "卫生"),
    "market.price": ("价格", "明码标价", "乱收费"),
    "market.counterfeit": ("假货", "假冒", "伪劣"),
    "market.false_advertising": ("广告", "虚假宣传"),
    "urban.water_manhole_cover": ("井盖", "自来水"),
    "urban.sewage_manhole_cover": ("井盖", "污水井"),
    "urban.rain_manhole_cover": ("井盖", "雨水井", "篦子"),
    "urban.street_light": ("路灯", "不亮"),
    "urban.road_damage": ("路面", "坑洼", "塌陷"),
    "urban.illegal_construction": ("违建", "私搭乱建", "加盖"),
    "urban.exposed_garbage": ("垃圾", "清运"),
    "urban.sewer_overflow": ("下水道", "冒水", "污水"),
    "urban.street_vending": ("摊贩", "流动摊点"),
    "urban.illegal_parking": ("停车", "乱停", "消防通道"),
    "urban.lane_occupation": ("占道", "摆摊"),
}


@dataclass(frozen=True)
class AttributeValue:
    key: str
    name: str


@dataclass(frozen=True)
class Attribute:
    """One attribute of a service definition (what the grid's handlers need to know)."""

    code: str
    datatype: str  # string, number, datetime, text, singlevaluelist, multivaluelist
    description: str
    required: bool = False
    datatype_description: str | None = None
    values: tuple[AttributeValue, ...] = ()
    variable: bool = True

    def problem(self, value: str | None) -> str | None:
        """Why ``value`` is not acceptable for this attribute, or None."""
        if value is None or not value.strip():
            return f"attribute[{self.code}] is required" if self.required else None
        if len(value) > 200:
            return f"attribute[{self.code}] is longer than 200 characters"
        if self.values and value not in {v.key for v in self.values}:
            keys = ", ".join(v.key for v in self.values)
            return f"attribute[{self.code}] must be one of: {keys}"
        if self.code == "uscc" and not is_valid_uscc(value.upper()):
            return "attribute[uscc] is not a valid 统一社会信用代码 (GB 32100 check character)"
        return None


_WHEN = Attribute(
    "time_of_day",
    "singlevaluelist",
    "什么时候发生",
    values=(
        AttributeValue("day", "白天"),
        AttributeValue("night", "夜间（22:00-06:00）"),
        AttributeValue("continuous", "持续"),
    ),
)
_BUSINESS = (
    Attribute("business_name", "string", "商户名称", required=True),
    Attribute(
        "uscc",
        "string",
        "统一社会信用代码（如知道）",
        datatype_description="18 位，见营业执照",
    ),
)
ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    "environment.noise": (_WHEN,),
    "environment.odour": (_WHEN,),
    "environment.smoke": (_WHEN,),
    "urban.illegal_parking": (
        Attribute(
            "plate_number", "string", "车牌号（如看得清）", datatype_description="如 鲁K12345"
        ),
    ),
    **{code: _BUSINESS for code in CATEGORIES if code.startswith("market.")},
}


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    group: str
    description: str
    keywords: tuple[str, ...]
    attributes: tuple[Attribute, ...] = field(default=())

    @property
    def metadata(self) -> bool:
        return bool(self.attributes)


def _service(category: Category) -> Service:
    group = GRID_LABELS[category.grid]
    return Service(
        code=category.code,
        name=category.label,
        group=group,
        description=f"{group}：{category.label}",
        keywords=KEYWORDS.get(category.code, ()),
        attributes=ATTRIBUTES.get(category.code, ()),
    )


SERVICES: dict[str, Service] = {
    c.code: _service(c)
    for c in sorted(CATEGORIES.values(), key=lambda c: (c.grid.value, c.code))
    if c.grid not in NOT_OFFERED_GRIDS and c.code not in NOT_OFFERED
}
