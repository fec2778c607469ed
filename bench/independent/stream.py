"""The independent de-duplication stream: incidents, the reports they get, and their labels.

Labelling rules, decided before any measurement:

1. One incident is one physical problem at one place: the same missing cover, the same fire,
   the same night of construction noise, the same shop's expired food. Every report of it,
   from any grid or channel, in any taxonomy, belongs to it; nothing else does.
2. A state (a pothole, a broken light, an illegal structure, a shop's violation) stays one
   incident for as long as reports of it keep coming (its span: one to three days).
3. An occurrence (a fire, a parked car, a day's stall, a monitoring episode) is a new incident
   when it happens again days later at the same place; those are the "days later" look-alikes.
4. Another door of the same road, village or compound (at least 150 m away), another kind of
   problem at the same door, and the same words written about another place are different
   incidents.
5. Two unrelated incidents whose kinds share a category are never put within 150 m of each
   other while both are being reported, and a lasting problem is never repeated at the same
   place within ten days: the labels never ask for the impossible.

Times: every incident happens within the fortnight before the run; native messages carry their
own times (each grid's format); API reports carry ``occurred_at`` when the reporter gave it
(some hours before sending: phones that synchronise late, next-morning calls) and leave it out
otherwise, in which case the hub's stamp (the sending moment) is what a live hub would see.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from bench.independent.geo import Point, as_crs, distance_m, shifted
from bench.independent.kinds import (
    CITIZEN_CLOSE,
    CITIZEN_OPEN,
    KIND_BY_CODE,
    KINDS,
    OTHER_KIND_PAIRS,
    PL_CLOSE,
    RECURRING,
    STOCK_WORDED,
    WORKER_CLOSE,
    Facts,
    Kind,
    Source,
    category_of,
    grid_of,
    person,
)
from bench.independent.places import CENTRE, Atlas, Spot, atlas
from bench.independent.writing import (
    chinese_number,
    door_phrase,
    township_text,
    typo_in,
)
from contracts.native import uscc_check_char
from grid.model import UnitKind

STREAM_SEED = 13013
CST = timezone(timedelta(hours=8))
SPARSE_INCIDENTS = 700
DENSE_INCIDENTS = 260
SPARSE_DAYS = 12  # incidents start on days 0..11 of the fortnight
DENSE_DAY = 12  # a busy day in 城区街道
LOOKALIKE_SHARE = 0.24
SEPARATION_M = 150.0
NATIVE_VOICES = ("urban", "pl", "env_patrol", "env_hotline", "env_sensor", "market")

SPARSE_WEIGHTS = {
    "manhole_cover": 6,
    "road_damage": 7,
    "street_light": 6,
    "garbage": 8,
    "open_burning": 6,
    "construction_noise": 6,
    "sewage_discharge": 3,
    "monitoring_exceedance": 3,
    "odour": 4,
    "lane_occupation": 6,
    "illegal_parking": 7,
    "illegal_construction": 5,
    "food_safety": 5,
    "price": 3,
    "fraud": 3,
    "neighbour_dispute": 5,
    "wage_arrears": 2,
    "fire_hazard": 5,
    "special_population": 3,
    "sewer_overflow": 4,
}
DENSE_WEIGHTS = {
    "manhole_cover": 8,
    "road_damage": 8,
    "street_light": 6,
    "garbage": 8,
    "open_burning": 1,
    "construction_noise": 5,
    "sewage_discharge": 1,
    "monitoring_exceedance": 1,
    "odour": 2,
    "lane_occupation": 8,
    "illegal_parking": 10,
    "illegal_construction": 4,
    "food_safety": 5,
    "price": 3,
    "fraud": 2,
    "neighbour_dispute": 5,
    "wage_arrears": 1,
    "fire_hazard": 6,
    "special_population": 2,
    "sewer_overflow": 6,
}


@dataclass
class Incident:
    incident_id: str
    kind: Kind
    spot: Spot
    point: Point  # WGS-84, where exactly
    start: datetime
    density: str  # sparse | dense
    facts: Facts
    lookalike: str | None = None  # days_later | another_door | other_kind | same_words
    partner: str | None = None  # the incident it is a look-alike of
    copy_first_text_of: str | None = None

    @property
    def end(self) -> datetime:
        return self.start + timedelta(hours=self.kind.span_hours)


@dataclass
class LabelledReport:
    source_event_id: str
    grid: str
    voice: str
    channel: str  # native | api_worker | api_citizen
    category: str
    incident_id: str
    kind: str
    density: str
    lookalike: str | None
    observed_at: datetime  # when the reporter saw it
    sent_at: datetime
    description: str
    address_text: str
    native: dict[str, Any] | None = None
    key: str | None = None
    api_body: dict[str, Any] | None = None
    api_user: str | None = None  # the account that sends it (worker login or the desk)
    occurred_given: bool = True

    def wire(self) -> bytes:
        assert self.native is not None
        return json.dumps(self.native, ensure_ascii=False).encode()


@dataclass
class Stream:
    base: datetime
    incidents: list[Incident]
    reports: list[LabelledReport]  # in sending order
    worker_users: dict[str, str] = field(default_factory=dict)  # username -> worker id


# ------------------------------------------------------------------ planning incidents


class Planner:
    def __init__(self, a: Atlas, rng: random.Random, base: datetime) -> None:
        self.a = a
        self.rng = rng
        self.base = base
        self.incidents: list[Incident] = []
        self.serial = 0

    def new_id(self) -> str:
        self.serial += 1
        return f"I{self.serial:04d}"

    def start_time(self, kind: Kind, day: int) -> datetime:
        first, last = kind.hours
        span = (last - first) % 24 + 1
        hour = (first + self.rng.randrange(span)) % 24
        day_offset = day + (1 if last < first and hour <= last else 0)
        minute = self.rng.randrange(60)
        return self.base + timedelta(days=day_offset, hours=hour, minutes=minute)

    def spot(self, kind: Kind, township: str | None) -> Spot:
        spot_kind = self.rng.choices(
            [s for s, _ in kind.spots], weights=[w for _, w in kind.spots]
        )[0]
        return self.spot_of(spot_kind, township)

    def spot_of(self, spot_kind: str, township: str | None) -> Spot:
        a, rng = self.a, self.rng
        if spot_kind == "building":
            if township not in (None, CENTRE, "371083101", "371083103"):
                return a.village_door(rng, township)  # no compounds there: a village house
            return a.building(rng, township, entrance=rng.random() < 0.5)
        if spot_kind == "road_door":
            return a.road_door(rng, township)
        if spot_kind == "village_door":
            return a.village_door(rng, township)
        if spot_kind == "crossing":
            return a.crossing(rng, township)
        return a.field_by(rng, township)

    def jitter(self, point: Point, metres: float = 8) -> Point:
        return shifted(point, self.rng.uniform(-metres, metres), self.rng.uniform(-metres, metres))

    def clashes(self, candidate: Incident, ignore: set[str]) -> bool:
        """Would this incident make an unfair pair with one already planned (rule 5)?"""
        margin = timedelta(hours=6)
        mine = candidate.kind.categories()
        for other in self.incidents:
            if other.incident_id in ignore:
                continue
            near = distance_m(candidate.point, other.point) < SEPARATION_M
            if not near:
                continue
            overlap = candidate.start - margin < other.end and other.start - margin < candidate.end
            if overlap and mine & other.kind.categories():
                return True
            if (
                other.kind is candidate.kind
                and abs(candidate.start - other.start) < timedelta(days=10)
                and not (
                    candidate.partner == other.incident_id or other.partner == candidate.incident_id
                )
            ):
                return True
        return False

    def place(
        self,
        kind: Kind,
        day: int,
        density: str,
        township: str | None,
        start: datetime | None = None,
    ) -> Incident:
        for _ in range(200):
            spot = self.spot(kind, township)
            incident = Incident(
                self.new_id(),
                kind,
                spot,
                self.jitter(spot.point),
                start or self.start_time(kind, day),
                density,
                kind.facts(self.rng),
            )
            if not self.clashes(incident, set()):
                self.incidents.append(incident)
                return incident
            self.serial -= 1
        raise RuntimeError(f"no room for another {kind.code} incident")

    def add_partner(self, partner: Incident, base: Incident) -> bool:
        if self.clashes(partner, {base.incident_id}):
            self.serial -= 1
            return False
        self.incidents.append(partner)
        return True

    # -- look-alikes -----------------------------------------------------------------------
    def days_later(self, base: Incident) -> bool:
        gap = timedelta(days=self.rng.randint(3, 6), minutes=self.rng.randint(-90, 90))
        facts = dict(base.facts)
        if base.kind.code == "illegal_parking":
            facts = base.kind.facts(self.rng)  # another car at the same place
        partner = Incident(
            self.new_id(),
            base.kind,
            base.spot,
            self.jitter(base.spot.point, 5),
            base.start + gap,
            base.density,
            facts,
            "days_later",
            base.incident_id,
        )
        return self.add_partner(partner, base)

    def another_door(self, base: Incident) -> bool:
        spot = self.other_door(base.spot)
        if spot is None:
            return False
        start = base.start + timedelta(minutes=self.rng.randint(-180, 180))
        partner = Incident(
            self.new_id(),
            base.kind,
            spot,
            self.jitter(spot.point),
            start,
            base.density,
            base.kind.facts(self.rng),
            "another_door",
            base.incident_id,
        )
        return self.add_partner(partner, base)

    def other_door(self, spot: Spot) -> Spot | None:
        a, rng = self.a, self.rng
        if spot.kind not in ("road_door", "village_door", "building", "entrance"):
            return None
        unit = a.units[(spot.address_id or "").split("-")[0]]
        doors = [a.spot_for(d) for d in a.doors[unit.id]]
        if unit.kind is UnitKind.ROAD:
            doors = [d for d in doors if d.number and 4 <= abs(d.number - (spot.number or 0)) <= 12]
        elif unit.kind is UnitKind.COMPOUND:
            doors = [d for d in doors if d.building != spot.building and not d.entrance]
        doors = [d for d in doors if distance_m(d.point, spot.point) >= SEPARATION_M]
        return rng.choice(doors) if doors else None

    def other_kind(self, base: Incident) -> bool:
        pairs = [p for p in OTHER_KIND_PAIRS if base.kind.code in p]
        if not pairs:
            return False
        pair = self.rng.choice(pairs)
        other = KIND_BY_CODE[pair[1] if pair[0] == base.kind.code else pair[0]]
        start = base.start + timedelta(minutes=self.rng.randint(-120, 120))
        partner = Incident(
            self.new_id(),
            other,
            base.spot,
            self.jitter(base.spot.point, 5),
            start,
            base.density,
            other.facts(self.rng),
            "other_kind",
            base.incident_id,
        )
        return self.add_partner(partner, base)

    def same_words(self, base: Incident, township: str | None) -> bool:
        for _ in range(50):
            spot = self.spot(base.kind, township)
            if distance_m(spot.point, base.spot.point) >= 1500:
                break
        else:
            return False
        start = base.start + timedelta(minutes=self.rng.randint(-120, 120))
        partner = Incident(
            self.new_id(),
            base.kind,
            spot,
            self.jitter(spot.point),
            start,
            base.density,
            dict(base.facts),
            "same_words",
            base.incident_id,
            copy_first_text_of=base.incident_id,
        )
        return self.add_partner(partner, base)


def plan_incidents(a: Atlas, rng: random.Random, base: datetime) -> list[Incident]:
    planner = Planner(a, rng, base)
    townships = sorted(a.township_name)

    def plan(count: int, weights: dict[str, int], density: str) -> None:
        codes = list(weights)
        made = 0
        while made < count:
            kind = KIND_BY_CODE[rng.choices(codes, weights=[weights[c] for c in codes])[0]]
            if density == "dense":
                township, day = CENTRE, DENSE_DAY
            else:
                township = CENTRE if rng.random() < 0.3 else rng.choice(townships)
                day = rng.randrange(SPARSE_DAYS)
            incident = planner.place(kind, day, density, township)
            made += 1
            if rng.random() >= LOOKALIKE_SHARE or made >= count:
                continue
            options = ["another_door", "other_kind"]
            if kind.code in RECURRING and density == "sparse" and day <= DENSE_DAY - 5:
                options += ["days_later"] * 4
            if kind.code in STOCK_WORDED:
                options.append("same_words")
            choice = rng.choice(options)
            if choice == "days_later":
                ok = planner.days_later(incident)
            elif choice == "another_door":
                ok = planner.another_door(incident)
            elif choice == "other_kind":
                ok = planner.other_kind(incident)
            else:
                ok = planner.same_words(incident, township if density == "dense" else None)
            if ok:
                made += 1

    plan(SPARSE_INCIDENTS, SPARSE_WEIGHTS, "sparse")
    plan(DENSE_INCIDENTS, DENSE_WEIGHTS, "dense")
    return planner.incidents


# ------------------------------------------------------------------ who reports, in what words


@dataclass
class Staff:
    """The roster the demo registry carries: who patrols which cell, community and township."""

    pl_by_cell: dict[str, str]
    urban_by_community: dict[str, str]
    market_by_township: dict[str, str]
    env_by_township: dict[str, str]

    @classmethod
    def of(cls, a: Atlas) -> Staff:
        pl: dict[str, str] = {}
        urban: dict[str, str] = {}
        market: dict[str, str] = {}
        env: dict[str, str] = {}
        for w in a.registry.workers:
            community = a.cell_community[w.cell]
            township = a.community_township[community]
            if w.grid == "political_legal":
                pl.setdefault(w.cell, w.id)
            elif w.grid == "urban":
                urban.setdefault(community, w.id)
            elif w.grid == "market":
                market.setdefault(township, w.id)
            elif w.grid == "environment":
                env.setdefault(township, w.id)
        return cls(pl, urban, market, env)


_PLACES_IN_OPEN = ("农田", "沟渠旁", "河道边", "空地", "山脚下", "果园边", "路边荒地")


def address_for(a: Atlas, voice: str, spot: Spot, rng: random.Random, facts: Facts) -> str:
    """How each grid's people write where an incident is."""
    town_full = a.township_name[spot.township]
    town = township_text(a, spot.township, rng)
    community = a.community_name[spot.community]
    k = spot.kind
    n = spot.number
    if voice == "urban":
        if k == "road_door":
            return f"{town_full}{spot.unit}{n}号" + rng.choice(
                ("", "东侧", "门前", "西侧人行道", "对面")
            )
        if k == "crossing":
            return f"{town_full}{spot.unit}与{spot.cross_road}交叉口" + rng.choice(
                ("", "东北角", "西南角")
            )
        if k in ("building", "entrance"):
            return f"{town_full}{spot.unit}{spot.building}号楼" + rng.choice(
                ("", "东侧", "北侧", "楼下")
            )
        if k == "village_door":
            return f"{town_full}{spot.unit}{n}号" + rng.choice(("", "附近", "门前"))
        return f"{town_full}{spot.unit}{spot.bearing}侧约{spot.metres}米"
    if voice == "pl":
        if k == "road_door":
            return rng.choice(
                (
                    f"{community}{spot.unit}{n}号附近",
                    f"{town}{spot.unit}{n}号",
                    f"{community}{spot.unit}{n}号",
                )
            )
        if k == "crossing":
            return f"{community}{spot.unit}{spot.cross_road}路口"
        if k in ("building", "entrance"):
            e = spot.entrance or rng.randint(1, 2)
            return rng.choice(
                (
                    f"{community}{spot.unit}{spot.building}号楼{e}单元",
                    f"{spot.unit}{spot.building}-{e}",
                    f"{town}{spot.unit}{spot.building}号楼",
                )
            )
        if k == "village_door":
            return rng.choice((f"{town}{spot.unit}{n}号（{person(rng)}家）", f"{spot.unit}{n}号"))
        return f"{spot.unit}{spot.bearing}{spot.metres}米左右{rng.choice(_PLACES_IN_OPEN)}"
    if voice in ("env_patrol", "env_hotline"):
        if k == "field":
            if voice == "env_hotline":
                return f"{town}{spot.unit}附近"
            return f"{town}{spot.unit}{spot.bearing}侧{rng.choice(_PLACES_IN_OPEN)}"
        if k == "road_door":
            return f"{town}{spot.unit}{n}号" + rng.choice(("", "附近", "一带"))
        if k == "crossing":
            return f"{spot.unit}与{spot.cross_road}交叉口附近"
        if k in ("building", "entrance"):
            return f"{town}{spot.unit}{spot.building}号楼附近"
        return f"{town}{spot.unit}{n}号附近"
    if voice == "market":
        shop = facts.get("shop")
        if k in ("building", "entrance"):
            text = f"乳山市{town_full}{spot.unit}{spot.building}号楼底商"
        elif k == "crossing":
            text = f"乳山市{town_full}{spot.unit}与{spot.cross_road}交叉口"
        elif k == "field":
            text = f"乳山市{town_full}{spot.unit}"
        else:
            text = f"乳山市{town_full}{spot.unit}{n}号"
        return text + (f"（{shop}）" if shop and rng.random() < 0.4 else "")
    if voice == "api_worker":
        if k == "road_door":
            return f"{spot.unit}{n}号"
        if k == "crossing":
            return f"{spot.unit}{spot.cross_road}路口"
        if k in ("building", "entrance"):
            return f"{spot.unit}{spot.building}号楼" + (
                f"{spot.entrance}单元" if spot.entrance else ""
            )
        if k == "village_door":
            return f"{spot.unit}{n}号"
        return f"{spot.unit}{spot.bearing}边"
    # citizens
    if k == "road_door":
        road = spot.unit or ""
        if rng.random() < 0.1:
            road = (typo_in(road[:-1], rng) or road[:-1]) + road[-1]
        return rng.choice(
            (
                f"{road}{n}号{door_phrase(rng)}",
                f"{town}{road}{chinese_number(n or 0)}号",
                f"{road}上",
                f"{town}{road}{n}号",
                f"{road}{n}号{facts.get('shop', '')}门口",
                f"{road}{n}号",
            )
        )
    if k in ("building", "entrance"):
        stem = (spot.unit or "").removesuffix("小区")
        return rng.choice(
            (
                f"{spot.unit}{spot.building}号楼",
                f"{stem}花园{spot.building}栋",
                f"{spot.unit}里面",
                f"{spot.unit}{spot.building}号{spot.entrance or 1}单元",
                f"{spot.unit}门口",
            )
        )
    if k == "village_door":
        return rng.choice(
            (spot.unit or "", f"俺们{spot.unit}", f"{spot.unit}{n}号", f"{town}{spot.unit}东头")
        )
    if k == "crossing":
        return rng.choice(
            (
                f"{spot.unit}和{spot.cross_road}路口",
                f"{spot.unit}{spot.cross_road}十字路口",
                f"{spot.unit}靠近{spot.cross_road}那",
            )
        )
    return rng.choice(
        (
            f"{spot.unit}{spot.bearing}边地里",
            f"{spot.unit}村外{spot.bearing}边",
            f"{town}{spot.unit}附近",
        )
    )


def _text_class(voice: str) -> str:
    return {
        "urban": "urban",
        "pl": "pl",
        "env_patrol": "env",
        "env_hotline": "env",
        "market": "market",
        "api_worker": "worker",
        "api_citizen": "citizen",
    }.get(voice, voice)


def describe(kind: Kind, voice: str, facts: Facts, rng: random.Random) -> str:
    if voice == "env_hotline":
        # A hotline ticket: the operator's own wording, or the caller's words paraphrased.
        own = [t for t in kind.texts.get("env", ()) if t.startswith(("群众", "市民", "12369"))]
        if own and rng.random() < 0.5:
            text = rng.choice(own).format(**facts)
        else:
            caller = rng.choice(kind.texts.get("citizen") or kind.texts["env"]).format(**facts)
            lead = rng.choice(("12369来电反映：", "群众来电：", "来电人称：", "市民来电，"))
            text = lead + caller
        return text.replace("，，", "，").strip("，")
    texts = kind.texts.get(_text_class(voice))
    if not texts:  # a voice with no words of its own for this kind borrows the nearest
        texts = (
            kind.texts.get("worker") or kind.texts.get("citizen") or next(iter(kind.texts.values()))
        )
    text = rng.choice(texts).format(**facts).replace("，，", "，").strip("，")
    cls = _text_class(voice)
    if cls == "citizen":
        text = rng.choice(CITIZEN_OPEN) + text + rng.choice(CITIZEN_CLOSE)
        if rng.random() < 0.15:
            text = text.replace("，", " ").replace("。", "")
    elif cls == "worker":
        text += rng.choice(WORKER_CLOSE)
    elif cls == "pl":
        text += rng.choice(PL_CLOSE)
    return text.strip("，") or kind.label


# ------------------------------------------------------------------ turning incidents into reports


class Writer:
    def __init__(self, a: Atlas, rng: random.Random, staff: Staff) -> None:
        self.a = a
        self.rng = rng
        self.staff = staff
        self.counters: Counter[str] = Counter()
        self.first_text: dict[str, tuple[str, str]] = {}  # incident -> (voice, description)
        self.stations: dict[tuple[float, float], str] = {}
        self.worker_users: dict[str, str] = {}
        self.used_alerts: set[str] = set()

    def opaque(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice("0123456789abcdef") for _ in range(12))

    def seq(self, name: str) -> int:
        self.counters[name] += 1
        return self.counters[name]

    def voices(self, incident: Incident) -> list[Source]:
        kind = incident.kind
        count = self.rng.choice(kind.size)
        chosen: list[Source] = []
        for _ in range(count):
            weights = [
                s.weight
                * (
                    0.3
                    if s.voice in NATIVE_VOICES and any(c.voice == s.voice for c in chosen)
                    else 1
                )
                for s in kind.sources
            ]
            chosen.append(self.rng.choices(kind.sources, weights=weights)[0])
        if kind.code == "monitoring_exceedance" and chosen[0].voice != "env_sensor":
            chosen.insert(0, kind.sources[0])
        return chosen

    def reports(self, incident: Incident) -> list[LabelledReport]:
        out = []
        sources = self.voices(incident)
        copy = self.first_text.get(incident.copy_first_text_of or "")
        if copy is not None:
            voice = copy[0]
            forced = next((s for s in incident.kind.sources if s.voice == voice), sources[0])
            sources[0] = forced
        sensor_hour = 0
        for index, source in enumerate(sources):
            observed = self.observed_at(incident, index, source, sensor_hour)
            if source.voice == "env_sensor":
                sensor_hour += 1
            report = self.report(incident, source, observed, index)
            if index == 0 and copy is not None and source.voice == copy[0]:
                report = self.with_description(report, copy[1])
            if index == 0:
                self.first_text.setdefault(incident.incident_id, (source.voice, report.description))
            out.append(report)
        return out

    def observed_at(self, incident: Incident, index: int, source: Source, hour: int) -> datetime:
        rng = self.rng
        if source.voice == "env_sensor":
            top = incident.start.replace(minute=0, second=0) + timedelta(hours=1 + hour)
            return top
        if index == 0:
            limit = 40 if not incident.kind.persistent else 180
            return incident.start + timedelta(minutes=rng.uniform(0, limit))
        span_min = incident.kind.span_hours * 60
        seen = incident.start + timedelta(minutes=rng.uniform(5, span_min))
        first, last = incident.kind.hours
        if incident.kind.persistent and first <= last and seen.hour < 6:
            # People are asleep: a daytime problem is next seen in the morning.
            seen = seen.replace(hour=6, minute=30) + timedelta(minutes=rng.uniform(0, 150))
        return seen

    def sent_delay(self, voice: str, observed: datetime) -> timedelta:
        rng = self.rng
        late = rng.random()
        if voice == "urban":
            return timedelta(seconds=rng.uniform(20, 300))
        if voice == "pl":
            return timedelta(minutes=rng.uniform(2, 30) if late > 0.12 else rng.uniform(120, 480))
        if voice in ("env_patrol", "env_hotline"):
            return timedelta(minutes=rng.uniform(1, 20))
        if voice == "env_sensor":
            return timedelta(seconds=rng.uniform(5, 90))
        if voice == "market":
            return timedelta(minutes=rng.uniform(1, 10) if late > 0.7 else rng.uniform(60, 360))
        if voice == "api_worker":
            return timedelta(minutes=rng.uniform(0.2, 5) if late > 0.3 else rng.uniform(60, 360))
        # citizens: mostly at once; some the next morning (a night's noise), some hours later
        if late < 0.15:
            if observed.hour >= 21 or observed.hour < 5:
                morning = (observed + timedelta(hours=10)).replace(hour=8, minute=0)
                return max(morning - observed, timedelta(hours=3)) + timedelta(
                    minutes=rng.uniform(0, 90)
                )
            return timedelta(minutes=rng.uniform(90, 300))
        return timedelta(minutes=rng.uniform(1, 30))

    def point(self, incident: Incident, voice: str) -> tuple[Point, str] | None:
        rng = self.rng
        p = incident.point
        if voice == "urban":
            return shifted(p, rng.gauss(0, 5), rng.gauss(0, 5)), "wgs84"
        if voice == "pl":
            if rng.random() < 0.15:
                return None
            return shifted(p, rng.gauss(0, 12), rng.gauss(0, 12)), "gcj02"
        if voice == "env_patrol":
            if rng.random() < 0.1:
                return None
            q = shifted(p, rng.gauss(0, 20), rng.gauss(0, 20))
            if incident.spot.kind == "field" and rng.random() < 0.3:
                q = shifted(q, rng.uniform(20, 80), rng.uniform(-80, 80))  # seen from the road
            return q, rng.choice(("wgs84", "wgs84", "gcj02"))
        if voice == "env_hotline":
            if rng.random() < 0.8:
                return None
            return shifted(p, rng.gauss(0, 100), rng.gauss(0, 100)), "gcj02"
        if voice == "market":
            if rng.random() < 0.2:
                return None
            return shifted(p, rng.gauss(0, 8), rng.gauss(0, 8)), "gcj02"
        if voice == "api_worker":
            if rng.random() < 0.05:
                return None
            return shifted(p, rng.gauss(0, 10), rng.gauss(0, 10)), "gcj02"
        # citizens
        if rng.random() < 0.45:
            return None
        q = shifted(p, rng.gauss(0, 25), rng.gauss(0, 25))
        if rng.random() < 0.15:
            q = shifted(q, rng.choice((-1, 1)) * rng.uniform(60, 200), rng.uniform(-100, 100))
        return q, rng.choices(("gcj02", "bd09", "wgs84"), weights=(80, 12, 8))[0]

    def station(self, incident: Incident) -> tuple[str, Point]:
        key = (round(incident.spot.point[0], 5), round(incident.spot.point[1], 5))
        if key not in self.stations:
            self.stations[key] = f"RS{len(self.stations) + 1:03d}"
        return self.stations[key], self.jitter_fixed(incident.spot.point, key)

    @staticmethod
    def jitter_fixed(point: Point, key: tuple[float, float]) -> Point:
        digest = hashlib.sha256(repr(key).encode()).digest()
        return shifted(point, digest[0] / 255 * 60 - 30, digest[1] / 255 * 60 - 30)

    def with_description(self, report: LabelledReport, text: str) -> LabelledReport:
        report = replace(report, description=text)
        if report.native is not None:
            for name in ("summary", "description", "details"):
                if name in report.native:
                    report.native[name] = text
        if report.api_body is not None:
            report.api_body["description"] = text
        return report

    # -- one report ----------------------------------------------------------------------
    def report(
        self, incident: Incident, source: Source, observed: datetime, index: int
    ) -> LabelledReport:
        a, rng = self.a, self.rng
        facts = incident.facts
        spec = source.spec.format(**facts) if "{" in source.spec else source.spec
        source = Source(source.voice, source.weight, spec)
        voice = source.voice
        sent = observed + self.sent_delay(voice, observed)
        description = describe(incident.kind, voice, facts, rng)
        address = address_for(a, voice, incident.spot, rng, facts)
        located = None if voice == "env_sensor" else self.point(incident, voice)
        common = {
            "incident_id": incident.incident_id,
            "kind": incident.kind.code,
            "density": incident.density,
            "lookalike": incident.lookalike,
            "observed_at": observed,
            "sent_at": sent,
            "category": category_of(source),
            "grid": grid_of(source),
            "voice": voice,
        }
        if voice.startswith("api_"):
            return self.api_report(
                incident, source, observed, description, address, located, common
            )
        native, key = self.native(incident, source, observed, sent, description, address, located)
        if voice == "env_sensor":  # a monitoring alert carries its own wording and site
            description, address = native["description"], native["site"]
        return LabelledReport(
            source_event_id=key,
            channel="native",
            description=description,
            address_text=address,
            native=native,
            key=key,
            **common,
        )

    def native(
        self,
        incident: Incident,
        source: Source,
        observed: datetime,
        sent: datetime,
        description: str,
        address: str,
        located: tuple[Point, str] | None,
    ) -> tuple[dict[str, Any], str]:
        rng = self.rng
        spot = incident.spot
        voice = source.voice
        day = observed.strftime("%Y%m%d")
        if voice == "urban":
            kind, major, minor = source.spec.split("/")
            task = f"{day}{self.seq('urban:' + day):05d}"
            point = as_crs(located[0], "wgs84") if located else None
            doc: dict[str, Any] = {
                "schema_version": 1,
                "task_no": task,
                "case_kind": kind,
                "major_class": major,
                "minor_class": minor,
                "description": description,
                "address": address,
                "supervisor_id": self.staff.urban_by_community.get(spot.community, "CG0001"),
                "report_time": observed.strftime("%Y-%m-%d %H:%M:%S"),
                "photo_urls": [
                    f"http://cg.rushan.local/photo/{task}_{i}.jpg" for i in range(rng.randint(1, 3))
                ],
            }
            if kind == "component":
                serial = (
                    int(hashlib.sha256(incident.incident_id.encode()).hexdigest()[:5], 16)
                    % 1_000_000
                )
                doc["component_code"] = f"371083{major}{minor}{serial:06d}"
            if point:
                doc["x"], doc["y"] = point
            return doc, task
        if voice == "pl":
            event_type, _, dispute = source.spec.partition(":")
            event_id = f"ZZ371083{day}{self.seq('pl:' + day):04d}"
            estimate = observed.replace(minute=observed.minute // 10 * 10, second=0, microsecond=0)
            doc = {
                "schema_version": 1,
                "event_id": event_id,
                "event_type": event_type,
                "risk_level": rng.choice(("low", "medium", "medium", "high")),
                "summary": description,
                "location_text": address,
                "grid_worker_id": self.staff.pl_by_cell.get(spot.cell, "WG0001"),
                "occurred_at": estimate.isoformat(),
                "reported_at": sent.replace(microsecond=0).isoformat(),
                "parties": self.parties(incident),
            }
            if dispute:
                doc["dispute_type"] = dispute
            if located:
                lon, lat = as_crs(located[0], "gcj02")
                doc["longitude"], doc["latitude"], doc["coordinate_system"] = lon, lat, "gcj02"
            return doc, event_id
        if voice.startswith("env_"):
            return self.environment(incident, source, observed, description, address, located)
        return self.market(incident, source, observed, description, address, located)

    def parties(self, incident: Incident) -> list[dict[str, Any]]:
        facts = incident.facts
        rng = self.rng
        if incident.kind.code == "neighbour_dispute":
            return [
                {"name": facts["a"], "role": "applicant", "phone": _phone(rng)},
                {"name": facts["b"], "role": "respondent"},
            ]
        if incident.kind.code == "wage_arrears":
            return [{"name": facts["boss"], "role": "respondent"}]
        if incident.kind.code == "special_population":
            return [{"name": facts["name"], "role": "subject"}]
        return []

    def environment(
        self,
        incident: Incident,
        source: Source,
        observed: datetime,
        description: str,
        address: str,
        located: tuple[Point, str] | None,
    ) -> tuple[dict[str, Any], str]:
        rng = self.rng
        voice = source.voice
        staff = self.staff.env_by_township.get(incident.spot.township, "HB001")
        day = observed.strftime("%Y%m%d")
        doc: dict[str, Any] = {"schema_version": 1, "kind": source.spec}
        if voice == "env_sensor":
            station, where = self.station(incident)
            facts = incident.facts
            pollutant = facts.get("pollutant", rng.choice(("COD", "NH3-N")))
            unit = facts.get("unit", "mg/L")
            limit = facts.get("limit", 50.0 if pollutant == "COD" else 5.0)
            ratio = facts.get("ratio", rng.uniform(1.3, 3.0)) * rng.uniform(0.85, 1.15)
            reading = round(limit * max(ratio, 1.05), 2)
            sensor_id = f"{station}-{pollutant}"
            alert_id = f"ZXJC-{sensor_id}-{observed:%Y%m%d%H}"
            while alert_id in self.used_alerts:  # two episodes at one station in one hour
                alert_id += "b"
            self.used_alerts.add(alert_id)
            company = facts.get("company")
            site = (
                f"{township_text(self.a, incident.spot.township, rng, 'full')}{company}总排口"
                if company
                else f"{incident.spot.unit}附近{facts.get('water', '河道')}监测点"
            )
            doc |= {
                "alert_id": alert_id,
                "source": "sensor",
                "sensor_id": sensor_id,
                "pollutant": pollutant,
                "reading": reading,
                "unit": unit,
                "threshold": limit,
                "description": f"{pollutant}小时均值{reading}{unit}，超过限值{limit}{unit}",
                "site": site,
                "lng": round(where[0], 6),
                "lat": round(where[1], 6),
                "crs": "wgs84",
                "detected_time": observed.strftime("%Y-%m-%dT%H:%M:%S"),
            }
            return doc, alert_id
        prefix = "HJXC" if voice == "env_patrol" else "12369-"
        alert_id = f"{prefix}{day}{self.seq(voice + day):04d}"
        doc |= {
            "alert_id": alert_id,
            "source": "patrol" if voice == "env_patrol" else "hotline",
            "description": description,
            "site": address,
            "detected_time": observed.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        if voice == "env_patrol":
            doc["patrol_officer"] = staff
        if located:
            crs = located[1]
            lon, lat = as_crs(located[0], crs)
            doc |= {"lng": lon, "lat": lat, "crs": crs}
        return doc, alert_id

    def market(
        self,
        incident: Incident,
        source: Source,
        observed: datetime,
        description: str,
        address: str,
        located: tuple[Point, str] | None,
    ) -> tuple[dict[str, Any], str]:
        facts = incident.facts
        case_ref = f"RSSJ{observed:%Y}{self.seq('market' + observed.strftime('%Y')):06d}"
        shop = facts.get("shop")
        doc: dict[str, Any] = {
            "schema_version": 1,
            "case_ref": case_ref,
            "violation": source.spec,
            "business_name": shop or f"流动摊贩（{facts.get('what', '无字号')}）",
            "details": description,
            "premises_address": address,
            "inspector_no": self.staff.market_by_township.get(incident.spot.township, "SJ001"),
            "found_at": observed.replace(microsecond=0).isoformat(),
        }
        if shop:
            doc["uscc"] = _uscc(incident.incident_id)
            if incident.kind.code == "food_safety" and source.spec == "food_safety":
                digits = int(hashlib.sha256(incident.incident_id.encode()).hexdigest()[:8], 16)
                doc["license_no"] = f"JY1371083{digits % 10**7:07d}"
        if located:
            lon, lat = as_crs(located[0], "gcj02")
            doc["gps"] = [lon, lat]
        return doc, case_ref

    def api_report(
        self,
        incident: Incident,
        source: Source,
        observed: datetime,
        description: str,
        address: str,
        located: tuple[Point, str] | None,
        common: dict[str, Any],
    ) -> LabelledReport:
        rng = self.rng
        request_id = self.opaque("m")
        body: dict[str, Any] = {
            "grid": source.spec.split(".")[0],
            "category": source.spec,
            "description": description,
            "address_text": address,
            "client_request_id": request_id,
        }
        if located:
            lon, lat = as_crs(located[0], located[1])
            body["location"] = {"lon": lon, "lat": lat, "crs": located[1]}
        given = True
        if source.voice == "api_worker":
            worker = self.staff.pl_by_cell.get(incident.spot.cell) or "WG0001"
            user = f"w.{worker}"
            self.worker_users[user] = worker
            body["reporter"] = {"id": worker, "role": "grid_worker"}
            body["occurred_at"] = observed.replace(microsecond=0).isoformat()
            channel = "api_worker"
        else:
            user = "dispatcher"  # the desk that relays the citizen app and the hotline
            phone = _phone(rng)
            body["reporter"] = {"id": f"APP{phone[-6:]}", "role": "citizen", "phone": phone}
            if rng.random() < 0.3:
                body["reporter"]["name"] = rng.choice("王李张刘陈") + rng.choice(
                    ("先生", "女士", "大爷")
                )
            if rng.random() < 0.55:
                moment = observed
                if rng.random() < 0.5:  # "about half past ten"
                    moment = moment.replace(minute=moment.minute // 30 * 30)
                body["occurred_at"] = moment.replace(second=0, microsecond=0).isoformat()
            else:
                given = False
            if rng.random() < 0.1:
                body["priority"] = "urgent"
            channel = "api_citizen"
        return LabelledReport(
            # The hub keeps an API idempotency key as its sender's own: "<user>/<key>".
            source_event_id=f"{user}/{request_id}",
            channel=channel,
            description=description,
            address_text=address,
            api_body=body,
            api_user=user,
            occurred_given=given,
            **common,
        )


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))


_USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    body = "92371083" + "".join(_USCC_BODY[b % 31] for b in digest[:9])
    return body + uscc_check_char(body)


# ------------------------------------------------------------------ the whole stream


def default_base(now: datetime | None = None) -> datetime:
    """Midnight (Beijing time) sixteen days before ``now``: the last report is sent a day or
    more before ``now`` and the first incident is well inside the hub's 30 days."""
    now = (now or datetime.now(CST)).astimezone(CST)
    return (now - timedelta(days=16)).replace(hour=0, minute=0, second=0, microsecond=0)


def build_stream(base: datetime | None = None, seed: int = STREAM_SEED) -> Stream:
    """The labelled stream, in sending order. The same seed gives the same incidents, words and
    relative times; ``base`` only moves the fortnight (the hub refuses reports over 30 days old)."""
    base = base or default_base()
    a = atlas()
    rng = random.Random(seed)
    incidents = plan_incidents(a, rng, base)
    writer = Writer(a, random.Random(seed + 1), Staff.of(a))
    reports: list[LabelledReport] = []
    # Incidents that reuse another's first words are written after it.
    order = sorted(
        incidents, key=lambda i: (i.copy_first_text_of is not None, i.start, i.incident_id)
    )
    for incident in order:
        reports.extend(writer.reports(incident))
    reports.sort(key=lambda r: (r.sent_at, r.source_event_id))
    return Stream(base, incidents, reports, dict(sorted(writer.worker_users.items())))


def summary(stream: Stream) -> dict[str, Any]:
    reports = stream.reports
    by_incident = Counter(r.incident_id for r in reports)
    return {
        "incidents": len(stream.incidents),
        "reports": len(reports),
        "native": sum(r.channel == "native" for r in reports),
        "api_worker": sum(r.channel == "api_worker" for r in reports),
        "api_citizen": sum(r.channel == "api_citizen" for r in reports),
        "sent_late": sum(r.sent_at - r.observed_at > timedelta(hours=1) for r in reports),
        "api_without_occurred_at": sum(not r.occurred_given for r in reports),
        "multi_report_incidents": sum(1 for c in by_incident.values() if c > 1),
        "cross_grid_incidents": sum(
            1
            for i in stream.incidents
            if len({r.grid for r in reports if r.incident_id == i.incident_id}) > 1
        ),
        "true_pairs": sum(c * (c - 1) // 2 for c in by_incident.values()),
        "lookalikes": Counter(i.lookalike for i in stream.incidents if i.lookalike),
        "densities": Counter(i.density for i in stream.incidents),
        "kinds": Counter(i.kind.code for i in stream.incidents),
        "span_days": (max(r.sent_at for r in reports) - min(r.observed_at for r in reports)).days,
    }


__all__ = ["KINDS", "LabelledReport", "Stream", "build_stream", "summary"]
