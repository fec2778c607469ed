"""Realistic native traffic from the four grids and the 12345 hotline, for demos, tests and
benchmarks.

Places come from the demo address registry of 乳山市 (Rushan, Weihai), written the way people
write them: mostly clean or with everyday noise (full-width digits, Chinese numerals, missing
levels, aliases, punctuation, offset phrases, typos), some as a road intersection, some as a
phone-map point only, and a few that name no place at all, which the hub must flag rather
than guess. Business names and people are generated; the grid workers who report are on the
registry's unified roster (most of the time: some reports come from officers who are not).
Deterministic for a given seed and run id; `gridhub simulate` gives every run an id of its own,
so a second run never repeats the first one's event ids (which the hub would take as replays).
"""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from contracts.common import GridCode
from contracts.native import USCC_ALPHABET, uscc_check_char
from grid.coords import gcj02_to_wgs84, offset, wgs84_to_gcj02
from grid.demo import build_demo_registry
from grid.model import Registry
from grid.noise import NoiseKind, NoisyAddresses

CST = timezone(timedelta(hours=8))

# How people write where things are: mostly fine, sometimes not (grid/noise.py has each kind).
PLACE_MIX: dict[NoiseKind, float] = {
    NoiseKind.CLEAN: 20,
    NoiseKind.TEXT_AND_POINT: 20,
    NoiseKind.MISSING_LEVELS: 12,
    NoiseKind.ALIASES: 8,
    NoiseKind.FULL_WIDTH: 5,
    NoiseKind.CHINESE_NUMERALS: 5,
    NoiseKind.PUNCTUATION: 5,
    NoiseKind.OFFSET_PHRASE: 5,
    NoiseKind.INTERSECTION: 4,
    NoiseKind.TYPO: 4,
    NoiseKind.POINT_GCJ02: 4,
    NoiseKind.POINT_WGS84: 2,
    NoiseKind.DISAGREEMENT: 1,
    NoiseKind.AMBIGUOUS: 1,
    NoiseKind.AMBIGUOUS_WITH_POINT: 1,
    NoiseKind.UNPLACEABLE: 3,
}
PLACE_KINDS = list(PLACE_MIX)
PLACE_WEIGHTS = list(PLACE_MIX.values())


@lru_cache(maxsize=1)
def demo_registry() -> Registry:
    return build_demo_registry()


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超")
SHOP_KINDS = ("超市", "饭店", "烧烤", "药店", "水产", "果蔬店", "五金店", "小吃部")
# How often each source speaks: the four grids alike, the hotline's handed-on tickets less.
SOURCE_WEIGHTS: dict[GridCode, float] = {
    GridCode.POLITICAL_LEGAL: 1.0,
    GridCode.ENVIRONMENT: 1.0,
    GridCode.MARKET: 1.0,
    GridCode.URBAN: 1.0,
    GridCode.HOTLINE: 0.5,
}
# Share of each grid's reports made by a worker on the unified roster (the others come from
# officers of the grid's own system who are not on it).
ON_ROSTER: dict[str, float] = {
    "political_legal": 0.95,
    "urban": 0.85,
    "market": 0.75,
    "environment": 0.7,
}
# What callers ring 12345 about, in the hotline's own taxonomy, with how they say it; the last
# ones are classes no grid's category covers (the hub keeps them for a dispatcher to route).
HOTLINE_CALLS: tuple[tuple[str, str, str], ...] = (
    ("城乡建设/市政设施/道路破损", "complaint", "路面有个大坑，晚上骑电动车差点摔倒"),
    ("城乡建设/市政设施/井盖缺失", "report", "路边井盖没了，很危险，请尽快处理"),
    ("城乡建设/市政设施/路灯不亮", "request", "小区门口路灯坏了一个多星期，晚上很黑"),
    ("城乡建设/市容环卫/垃圾未清运", "complaint", "垃圾桶满了好几天没人清运，味道很大"),
    ("城乡建设/市容环卫/占道经营", "complaint", "门口商户把摊位摆到人行道上，行人没法走"),
    ("交通管理/静态交通/违章停车", "complaint", "有车长期停在消防通道上"),
    ("生态环境/噪声污染/施工噪声", "complaint", "工地晚上十一点还在施工，噪音吵得睡不着"),
    ("生态环境/大气污染/露天焚烧", "report", "有人在空地上烧垃圾，烟很大"),
    ("生态环境/水污染/偷排漏排", "report", "河边有管子往河里排黑水"),
    ("市场监管/食品安全/食品质量", "complaint", "在饭店吃饭后肚子疼，怀疑食材不新鲜"),
    ("市场监管/价格监管/价格欺诈", "complaint", "超市结账价格比标价高"),
    ("社会治理/矛盾纠纷/邻里纠纷", "request", "楼上邻居漏水不处理，协商不成"),
    ("城乡建设/供暖/供暖不热", "complaint", "家里暖气不热，室温只有十几度"),
    ("公共服务/公交/线路调整建议", "suggestion", "希望增开一条到开发区的公交线路"),
)


# Incidents that grids report each in their own words (native kinds), by family.
CROSS_GRID: dict[str, dict[str, object]] = {
    "water_pollution": {
        "environment": "illegal_discharge",
        "urban": ("event", "01", "08", "污水井冒溢"),
        "hotline": ("生态环境/水污染/偷排漏排", "report", "河边有管子往河里排黑水"),
    },
    "waste": {
        "environment": "dumping",
        "urban": ("event", "01", "02", "路边暴露垃圾未清运"),
        "hotline": ("城乡建设/市容环卫/垃圾未清运", "complaint", "垃圾堆在路边好几天没人清运"),
    },
    "street_trading": {
        "market": "unlicensed_business",
        "urban": ("event", "05", "02", "店外占道经营"),
        "hotline": ("城乡建设/市容环卫/占道经营", "complaint", "商户把摊位摆到人行道上"),
    },
}


@dataclass(frozen=True)
class Incident:
    family: str
    grid: str
    text: str
    lon: float | None  # WGS-84
    lat: float | None
    native_kind: dict[str, object]


@dataclass(frozen=True)
class NativeMessage:
    grid: GridCode
    key: str
    value: bytes


class TrafficGenerator:
    """Yields native messages of the four grids and the hotline, at random by weight.

    Event ids are ``<prefix>-<run_id>-<n>``; ``run_id`` defaults to the seed, so two
    generators with one seed repeat each other (tests compare with that), while
    ``gridhub simulate`` passes a fresh run id each time."""

    def __init__(
        self,
        seed: int = 7,
        malformed_rate: float = 0.0,
        start: datetime | None = None,
        duplicate_rate: float = 0.15,
        run_id: str | None = None,
    ):
        self._rng = random.Random(seed)
        self._seq = 0
        self._seed = seed
        self.run_id = run_id or str(seed)
        self._roster: dict[str, list[str]] = {}
        for worker in demo_registry().workers:
            self._roster.setdefault(worker.grid, []).append(worker.id)
        self.malformed_rate = malformed_rate
        self._start = start
        self._addresses = NoisyAddresses(demo_registry(), seed=seed)
        # Cross-grid duplicates: another grid reports an incident one grid reported already.
        self.duplicate_rate = duplicate_rate
        self._recent: deque[Incident] = deque(maxlen=50)
        self._forced: Incident | None = None
        self._last_place: tuple[str, float | None, float | None] = ("", None, None)

    # -- helpers -------------------------------------------------------------------------
    def _place(self, crs: str) -> tuple[str, float | None, float | None]:
        """Address text and a point in the coordinate system the grid's system sends."""
        forced = self._forced
        if forced is not None:  # the same spot as an earlier report, from another grid
            text, lon, lat = forced.text, forced.lon, forced.lat
            if lon is not None and lat is not None:
                lon, lat = offset(lon, lat, self._rng.uniform(-20, 20), self._rng.uniform(-20, 20))
                if crs == "gcj02":
                    lon, lat = wgs84_to_gcj02(lon, lat)
                lon, lat = round(lon, 7), round(lat, 7)
            return text, lon, lat
        text, lon, lat = self._place_anew(crs)
        wgs = (lon, lat)
        if lon is not None and lat is not None and crs == "gcj02":
            wgs = gcj02_to_wgs84(lon, lat)
        self._last_place = (text, *wgs)
        return text, lon, lat

    def _place_anew(self, crs: str) -> tuple[str, float | None, float | None]:
        rng = self._rng
        kind = rng.choices(PLACE_KINDS, PLACE_WEIGHTS)[0]
        case = self._addresses.case(kind)
        text = case.text or rng.choice(("现场", "巡查发现", "群众反映"))
        if case.lon is None or case.lat is None:
            return text, None, None
        lon, lat = case.lon, case.lat
        if case.crs == "gcj02":
            lon, lat = gcj02_to_wgs84(lon, lat)
        if crs == "gcj02":
            lon, lat = wgs84_to_gcj02(lon, lat)
        return text, round(lon, 7), round(lat, 7)

    def _person(self) -> str:
        return self._rng.choice(SURNAMES) + self._rng.choice(GIVEN)

    def _phone(self) -> str:
        return "1" + self._rng.choice("3589") + "".join(self._rng.choices("0123456789", k=9))

    def _moment(self) -> datetime:
        now = self._start or datetime.now(UTC)
        return now - timedelta(seconds=self._rng.randint(0, 3600))

    def _uscc(self) -> str:
        # 登记管理部门 9 (工商), 机构类别 2 (个体工商户), 371083 乳山市, 9-char org code.
        body = "92371083" + "".join(self._rng.choices(USCC_ALPHABET, k=9))
        return body + uscc_check_char(body)

    def _id(self, prefix: str) -> str:
        self._seq += 1
        return f"{prefix}-{self.run_id}-{self._seq:08d}"

    def _reporter(self, grid: str, own_system_id: str) -> str:
        """A worker on the unified roster, or an officer of the grid's own system."""
        roster = self._roster.get(grid)
        if roster and self._rng.random() < ON_ROSTER[grid]:
            return self._rng.choice(roster)
        return own_system_id

    # -- one event per grid --------------------------------------------------------------
    def political_legal(self) -> dict[str, object]:
        rng = self._rng
        text, lon, lat = self._place("gcj02")
        kind = rng.choice(["dispute", "dispute", "security_hazard", "petition_risk"])
        moment = self._moment().astimezone(CST)
        event: dict[str, object] = {
            "schema_version": 1,
            "event_id": self._id("ZZ"),
            "event_type": kind,
            "risk_level": rng.choice(["low", "low", "medium", "high"]),
            "summary": {
                "dispute": "邻里因楼道堆放杂物发生争执，需调解",
                "security_hazard": "小区围墙破损，夜间有外来人员翻越",
                "petition_risk": "多名业主反映房屋质量问题，拟集体上访",
            }[kind],
            "location_text": text,
            "longitude": lon,
            "latitude": lat,
            "coordinate_system": "gcj02",
            "grid_worker_id": self._reporter("political_legal", f"ZZ{rng.randint(1, 400):04d}"),
            # The 综治 platform sends local time without an offset.
            "occurred_at": moment.replace(tzinfo=None).isoformat(timespec="seconds"),
            "reported_at": moment.replace(tzinfo=None).isoformat(timespec="seconds"),
        }
        if kind == "dispute":
            event["dispute_type"] = rng.choice(["neighbourhood", "family", "property_management"])
            event["parties"] = [
                {"name": self._person(), "role": "applicant", "phone": self._phone()},
                {"name": self._person(), "role": "respondent"},
            ]
        return event

    def environment(self) -> dict[str, object]:
        rng = self._rng
        if self._forced is None and rng.random() < 0.4:
            text, lon, lat = self._place("wgs84")
            pollutant, unit, threshold = rng.choice(
                [("COD", "mg/L", 50.0), ("NH3-N", "mg/L", 5.0), ("PM2.5", "µg/m³", 75.0)]
            )
            return {
                "schema_version": 1,
                "alert_id": self._id("HB"),
                "kind": "threshold_alert",
                "source": "sensor",
                "sensor_id": f"RS-{rng.randint(1, 60):03d}",
                "pollutant": pollutant,
                "reading": round(threshold * rng.uniform(1.05, 2.6), 2),
                "unit": unit,
                "threshold": threshold,
                "description": f"{pollutant} 在线监测数据超标",
                "site": text,
                "lng": lon,
                "lat": lat,
                "crs": "wgs84",
                "detected_time": self._moment().isoformat(timespec="seconds"),
            }
        kind = rng.choice(["illegal_discharge", "smoke", "odour", "noise", "dumping"])
        if self._forced is not None:
            kind = str(self._forced.native_kind["environment"])
        text, lon, lat = self._place("gcj02")
        self._remember("environment", kind)
        return {
            "schema_version": 1,
            "alert_id": self._id("HB"),
            "kind": kind,
            "source": "patrol",
            "description": {
                "illegal_discharge": "河道排污口有黑色污水排出",
                "smoke": "空地有露天焚烧垃圾冒黑烟",
                "odour": "居民反映夜间有刺鼻异味",
                "noise": "工地夜间施工噪声扰民",
                "dumping": "路边倾倒建筑垃圾",
            }[kind],
            "site": text,
            "lng": lon,
            "lat": lat,
            "crs": "gcj02",
            "patrol_officer": self._reporter("environment", f"HJ{rng.randint(1, 80):03d}"),
            "detected_time": self._moment().isoformat(timespec="seconds"),
        }

    def market(self) -> dict[str, object]:
        rng = self._rng
        text, lon, lat = self._place("gcj02")
        violation = rng.choice(["unlicensed_business", "food_safety", "price", "counterfeit"])
        if self._forced is not None:
            violation = str(self._forced.native_kind["market"])
        self._remember("market", violation)
        name = f"乳山市{self._person()}{rng.choice(SHOP_KINDS)}"
        return {
            "schema_version": 1,
            "case_ref": self._id("SJ"),
            "violation": violation,
            "business_name": name,
            "uscc": None if violation == "unlicensed_business" else self._uscc(),
            "license_no": None,
            "details": {
                "unlicensed_business": "未办理营业执照擅自经营",
                "food_safety": "售卖过期食品，后厨卫生不达标",
                "price": "未明码标价，结算价格高于标价",
                "counterfeit": "销售疑似假冒品牌白酒",
            }[violation],
            "premises_address": text,
            "gps": [lon, lat] if lon is not None else None,
            "inspector_no": self._reporter("market", f"SC{rng.randint(1, 120):03d}"),
            "found_at": self._moment().astimezone(CST).isoformat(timespec="seconds"),
        }

    def urban(self) -> dict[str, object]:
        rng = self._rng
        text, lon, lat = self._place("wgs84")
        kind, major, minor, what = rng.choice(
            [
                ("component", "01", "02", "污水井盖破损缺失"),
                ("component", "01", "03", "雨水井盖移位"),
                ("component", "02", "01", "路灯不亮"),
                ("component", "02", "10", "路面坑洼破损"),
                ("event", "01", "02", "路边暴露垃圾未清运"),
                ("event", "01", "08", "污水井冒溢"),
                ("event", "05", "04", "机动车违章占用人行道停放"),
                ("event", "05", "02", "店外占道经营"),
            ]
        )
        if self._forced is not None:
            kind, major, minor, what = self._forced.native_kind["urban"]  # type: ignore[misc]
        self._remember("urban", (kind, major, minor, what))
        event: dict[str, object] = {
            "schema_version": 1,
            "task_no": self._id("CG"),
            "case_kind": kind,
            "major_class": major,
            "minor_class": minor,
            "description": what,
            "address": text,
            "x": lon,
            "y": lat,
            "supervisor_id": self._reporter("urban", f"JD{rng.randint(1, 150):03d}"),
            "report_time": self._moment().astimezone(CST).isoformat(timespec="seconds"),
        }
        if kind == "component":
            event["component_code"] = f"371083{major}{minor}{rng.randint(0, 999_999):06d}"
        return event

    def hotline(self) -> dict[str, object]:
        """A 12345 work order: the caller's words summarised, the place as spoken (a point
        only when the caller shared a location from a phone map)."""
        rng = self._rng
        text, lon, lat = self._place("gcj02")
        category, kind, summary = rng.choice(HOTLINE_CALLS)
        if self._forced is not None:  # a caller rings about what a grid reported already
            category, kind, summary = self._forced.native_kind["hotline"]  # type: ignore[misc]
        called = self._moment().astimezone(CST)
        shared = lon is not None and rng.random() < 0.3
        spoken = text if rng.random() < 0.7 else f"{text}附近"
        ticket: dict[str, object] = {
            "schema_version": 1,
            "ticket_no": self._id("RX"),
            "ticket_type": kind,
            # The hotline's system sends local time without an offset, like the 综治 platform.
            "call_time": called.replace(tzinfo=None).isoformat(timespec="seconds"),
            "caller_phone": self._phone(),
            "caller_name": f"{rng.choice(SURNAMES)}{rng.choice(('先生', '女士'))}",
            "summary": f"来电人反映：{summary}。",
            "operator_category": category,
            "address_spoken": spoken,
            "urgent": category.endswith("井盖缺失") or rng.random() < 0.05,
            "operator_id": f"HW{rng.randint(1, 60):03d}",
            "reply_requested": rng.random() < 0.9,
        }
        if shared:
            ticket.update(longitude=lon, latitude=lat, coordinate_system="gcj02")
        return ticket

    # -- the stream ----------------------------------------------------------------------
    def _remember(self, grid: str, native_kind: object) -> None:
        """Keep incidents other grids may report too (families spanning grids)."""
        if self._forced is not None:
            return
        for family, kinds in CROSS_GRID.items():
            if kinds.get(grid) == native_kind:
                text, lon, lat = self._last_place
                self._recent.append(Incident(family, grid, text, lon, lat, kinds))

    def next_message(self) -> NativeMessage:
        grid = self._rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0]
        self._forced = None
        if self._recent and self._rng.random() < self.duplicate_rate:
            incident = self._rng.choice(list(self._recent))
            others = [g for g in incident.native_kind if g != incident.grid]
            grid = GridCode(self._rng.choice(others))
            self._forced = incident
        try:
            document = getattr(self, grid.value)()
        finally:
            self._forced = None
        key_field = {
            "political_legal": "event_id",
            "environment": "alert_id",
            "market": "case_ref",
            "urban": "task_no",
            "hotline": "ticket_no",
        }[grid.value]
        key = str(document[key_field])
        if self._rng.random() < self.malformed_rate:
            return NativeMessage(grid, key, self._malformed(document))
        return NativeMessage(grid, key, json.dumps(document, ensure_ascii=False).encode())

    def _malformed(self, document: dict[str, object]) -> bytes:
        damage = self._rng.choice(["truncate", "version", "drop_field"])
        if damage == "truncate":
            return json.dumps(document, ensure_ascii=False).encode()[:40]
        broken = dict(document)
        if damage == "version":
            broken["schema_version"] = 99
        else:
            broken.pop(next(k for k in broken if k != "schema_version"))
        return json.dumps(broken, ensure_ascii=False).encode()

    def __iter__(self) -> Iterator[NativeMessage]:
        while True:
            yield self.next_message()
