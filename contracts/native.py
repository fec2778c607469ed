"""The native event of each grid, as its own system publishes it on its own topic.

The four systems were built separately, so their field names, time fields and coordinate
conventions differ; that difference is deliberate here, it is what the hub's adapters absorb.
Every model carries ``schema_version``; a version the hub does not know is dead-lettered.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator, model_validator

from contracts.common import (
    CoordinateSystem,
    EventTime,
    GridCode,
    Latitude,
    Longitude,
    Measurement,
    NonEmptyText,
    Phone,
    SchemaVersion,
    ShortText,
    Url,
    WireModel,
)

# ---------------------------------------------------------------- 政法综治 political-legal


class PoliticalLegalEventType(StrEnum):
    DISPUTE = "dispute"  # 矛盾纠纷
    PETITION_RISK = "petition_risk"  # 信访风险
    SECURITY_HAZARD = "security_hazard"  # 治安隐患
    SPECIAL_POPULATION = "special_population"  # 特殊人群


class DisputeType(StrEnum):
    NEIGHBOURHOOD = "neighbourhood"  # 邻里纠纷
    FAMILY = "family"  # 婚姻家庭
    LABOUR = "labour"  # 劳资纠纷
    LAND = "land"  # 土地山林
    PROPERTY_MANAGEMENT = "property_management"  # 物业纠纷
    CONSUMER = "consumer"  # 消费纠纷
    OTHER = "other"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Party(WireModel):
    name: ShortText
    role: Literal["applicant", "respondent", "witness", "subject"]
    phone: Phone | None = None


class PoliticalLegalEvent(WireModel):
    """A report from the 综治 grid system (网格化服务管理平台)."""

    schema_version: SchemaVersion[Literal[1]] = 1
    event_id: ShortText
    event_type: PoliticalLegalEventType
    dispute_type: DisputeType | None = None
    risk_level: RiskLevel = RiskLevel.LOW
    parties: list[Party] = Field(default_factory=list, max_length=50)
    summary: NonEmptyText
    location_text: NonEmptyText
    longitude: Longitude | None = None
    latitude: Latitude | None = None
    coordinate_system: CoordinateSystem = CoordinateSystem.GCJ02
    grid_worker_id: ShortText
    occurred_at: EventTime
    reported_at: EventTime


# ---------------------------------------------------------------- 生态环境 environment


class EnvironmentEventType(StrEnum):
    ILLEGAL_DISCHARGE = "illegal_discharge"  # 偷排漏排
    SMOKE = "smoke"  # 黑烟 / 焚烧
    ODOUR = "odour"  # 异味
    NOISE = "noise"  # 噪声扰民
    DUMPING = "dumping"  # 固废倾倒
    THRESHOLD_ALERT = "threshold_alert"  # 在线监测超标


class EnvironmentEvent(WireModel):
    """A patrol finding or an online-monitoring alert from the 生态环境 grid."""

    schema_version: SchemaVersion[Literal[1]] = 1
    alert_id: ShortText
    kind: EnvironmentEventType
    source: Literal["patrol", "sensor", "hotline"]
    sensor_id: ShortText | None = None
    pollutant: ShortText | None = None  # e.g. COD, NH3-N, PM2.5, Leq
    reading: Measurement | None = None
    unit: ShortText | None = None
    threshold: Measurement | None = None
    description: NonEmptyText
    site: NonEmptyText
    lng: Longitude | None = None
    lat: Latitude | None = None
    crs: CoordinateSystem = CoordinateSystem.WGS84
    patrol_officer: ShortText | None = None
    detected_time: EventTime

    @model_validator(mode="after")
    def _source_names_its_origin(self) -> EnvironmentEvent:
        if self.source == "sensor" and not (self.sensor_id and self.pollutant):
            raise ValueError("a sensor alert must carry sensor_id and pollutant")
        if self.source == "patrol" and not self.patrol_officer:
            raise ValueError("a patrol finding must name its patrol_officer")
        return self


# ---------------------------------------------------------------- 市场监管 market regulation

# GB 32100-2015: 统一社会信用代码, 18 characters, the last one a mod-31 check character.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


class MarketEventType(StrEnum):
    UNLICENSED_BUSINESS = "unlicensed_business"  # 无照经营
    FOOD_SAFETY = "food_safety"  # 食品安全
    PRICE = "price"  # 价格违法
    COUNTERFEIT = "counterfeit"  # 假冒伪劣
    FALSE_ADVERTISING = "false_advertising"  # 虚假广告


class MarketEvent(WireModel):
    """An inspection finding or complaint from the 市场监管 grid."""

    schema_version: SchemaVersion[Literal[1]] = 1
    case_ref: ShortText
    violation: MarketEventType
    business_name: ShortText
    uscc: str | None = Field(
        None, max_length=18, description="统一社会信用代码 (GB 32100), 18 characters"
    )
    license_no: ShortText | None = None
    details: NonEmptyText
    premises_address: NonEmptyText
    gps: tuple[Longitude, Latitude] | None = Field(None, description="[lng, lat], GCJ-02")
    inspector_no: ShortText
    found_at: EventTime

    @field_validator("uscc")
    @classmethod
    def _uscc_checksum(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.upper()
        if not is_valid_uscc(value):
            raise ValueError("not a valid 统一社会信用代码 (GB 32100 check character)")
        return value


# ---------------------------------------------------------------- 城市管理 urban management


class UrbanCaseKind(StrEnum):
    COMPONENT = "component"  # 部件 (GB/T 30428.2 part A)
    EVENT = "event"  # 事件 (GB/T 30428.2 part B)


class UrbanEvent(WireModel):
    """A 数字城管 report: a broken component or an event, coded after GB/T 30428.2."""

    schema_version: SchemaVersion[Literal[1]] = 1
    task_no: ShortText
    case_kind: UrbanCaseKind
    major_class: str = Field(max_length=2, pattern=r"^\d{2}$", description="大类 code")
    minor_class: str = Field(max_length=2, pattern=r"^\d{2}$", description="小类 code")
    component_code: str | None = Field(
        None,
        max_length=16,
        pattern=r"^\d{16}$",
        description="部件编码: 6-digit division + 2 major + 2 minor + 6 serial",
    )
    description: NonEmptyText
    address: NonEmptyText
    x: Longitude | None = None
    y: Latitude | None = None
    supervisor_id: ShortText
    report_time: EventTime
    photo_urls: list[Url] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _component_code_agrees(self) -> UrbanEvent:
        if self.case_kind is UrbanCaseKind.COMPONENT and self.component_code is None:
            raise ValueError("a component (部件) case must carry component_code")
        if self.component_code is not None and (
            self.component_code[6:8] != self.major_class
            or self.component_code[8:10] != self.minor_class
        ):
            raise ValueError("component_code does not match major_class/minor_class")
        return self


# ---------------------------------------------------------------- 12345 hotline


class HotlineTicketType(StrEnum):
    """What the caller wants. Consultations (咨询) are answered on the line and never sent."""

    COMPLAINT = "complaint"  # 投诉
    REQUEST = "request"  # 求助
    REPORT = "report"  # 举报
    SUGGESTION = "suggestion"  # 建议


class HotlineTicket(WireModel):
    """A 12345 hotline work order (转办工单) as the hotline's system hands it on: a call an
    operator took, summarised, classified in the hotline's own taxonomy, with the place as
    the caller said it (seldom a point: only when the caller shared a location)."""

    schema_version: SchemaVersion[Literal[1]] = 1
    ticket_no: ShortText = Field(description="工单编号, unique in the hotline's system")
    ticket_type: HotlineTicketType
    call_time: EventTime = Field(description="来电时间")
    caller_phone: Phone | None = Field(None, description="来电号码; absent when withheld")
    caller_name: ShortText | None = None
    summary: NonEmptyText = Field(description="诉求内容: the operator's summary of the call")
    operator_category: ShortText = Field(
        description="问题分类 in the hotline's taxonomy, e.g. 城乡建设/市政设施/道路破损"
    )
    address_spoken: NonEmptyText = Field(description="事发地址, as the caller said it")
    longitude: Longitude | None = None
    latitude: Latitude | None = None
    coordinate_system: CoordinateSystem = CoordinateSystem.GCJ02
    urgent: bool = Field(False, description="紧急工单, flagged by the operator")
    operator_id: ShortText = Field(description="话务员工号")
    reply_requested: bool = Field(True, description="the caller wants to hear the outcome")

    @model_validator(mode="after")
    def _point_is_whole(self) -> HotlineTicket:
        if (self.longitude is None) != (self.latitude is None):
            raise ValueError("a shared location needs both longitude and latitude")
        return self


NativeEvent = PoliticalLegalEvent | EnvironmentEvent | MarketEvent | UrbanEvent | HotlineTicket

NATIVE_MODELS: dict[GridCode, dict[int, type[NativeEvent]]] = {
    GridCode.POLITICAL_LEGAL: {1: PoliticalLegalEvent},
    GridCode.ENVIRONMENT: {1: EnvironmentEvent},
    GridCode.MARKET: {1: MarketEvent},
    GridCode.URBAN: {1: UrbanEvent},
    GridCode.HOTLINE: {1: HotlineTicket},
}
"""Every (grid, schema_version) the hub accepts. Unknown pairs go to the dead-letter topic."""
