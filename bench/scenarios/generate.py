"""Generate a labelled stream of reports from the world (world.py) and the phrase book
(phrases.py), as the hub receives them: native messages of the four grids in their own
formats and POST /reports bodies, each with the incident it belongs to.

What a stream holds:
  * incidents of every kind (world.KINDS), each reported by one to six voices, most of them
    from different grids, at the place and time of the incident: reporters stand a little
    away from it (each kind its own spread), their devices err (a citizen's phone sometimes
    by a few hundred metres), they write the nearest door they see in their own way, and
    send late (a 综治 worker writes the event up hours after, a phone syncs the next
    morning, a grid system replays a backlog after an outage);
  * look-alikes that are other incidents: the same kind a few doors along (or, for smoke
    and noise, at another site), the same place days later (and, for episodes, the next
    night), another kind of problem at the same spot, the same words at another place;
  * three densities: spread over the county, downtown (城区街道), and a rainstorm that
    breaks covers, roads, lights and sewers on a few downtown streets within six hours.

A stream is built for one *part*: "tuning" draws its sentences from phrases.TUNING and its
randomness from seeds of its own; "heldout" from phrases.HELD_OUT and other seeds. Times are
seconds after the stream's start, set to real times only when it is sent (``wire``).
"""

from __future__ import annotations

import itertools
import json
import math
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import cn2an

from bench.scenarios.phrases import POOLS
from bench.scenarios.world import FREQUENCY, KINDS, NEIGHBOURS, STORM_KINDS, Kind, Voice
from contracts.native import USCC_ALPHABET, uscc_check_char
from dispatch.identity import report_id_for, scoped_request_id
from grid.coords import distance_m, offset, wgs84_to_gcj02
from grid.model import Address, Level, Registry, UnitKind
from grid.places import PlaceIndex

CST = timezone(timedelta(hours=8))
HOUR = 3600.0
DAY = 24 * HOUR
SPAN_DAYS = 10  # incidents start within the first ten days; look-alikes may follow later
DOWNTOWN = "371083001"  # 城区街道

# How likely a voice's report carries a point, and how far its device errs (metres, sigma).
POINT_SHARE = {
    "urban": 0.95,
    "political_legal": 0.7,
    "environment.patrol": 0.85,
    "environment.hotline": 0.0,
    "environment.sensor": 1.0,
    "market": 0.6,
    "api_worker": 0.9,
    "api_citizen": 0.75,
}
DEVICE_ERROR_M = {
    "urban": 6,
    "political_legal": 12,
    "environment.patrol": 12,
    "environment.sensor": 0,
    "market": 12,
    "api_worker": 12,
    "api_citizen": 20,
}
CLUSTER_SIZES = {1: 35, 2: 28, 3: 20, 4: 10, 5: 5, 6: 2}
LOOKALIKES = {  # story -> chance per incident
    "other_door": 0.10,
    "days_later": 0.07,
    "next_day": 0.12,  # episodes only
    "other_kind": 0.12,
    "same_text": 0.06,
}
# A lasting problem (``Kind.again``) reported again while its case is open: how often, and
# when (days after it was first seen). Its case stays open for about a week at most: the
# same thing at the same place after that is another one (fixed, closed, broken again).
STILL_OPEN = 0.3
STILL_OPEN_DAYS = (2.0, 4.5)
OPEN_AT_MOST_DAYS = 7.0
# Reports from a village that name only the village (or its side), with no door and no
# point: how often, by voice (a citizen on the phone most, a 城管 supervisor's device
# almost never). A report with a point names only the village half as often.
VILLAGE_ONLY = {
    "api_citizen": 0.45,
    "environment.hotline": 0.4,
    "political_legal": 0.35,
    "environment.patrol": 0.25,
    "api_worker": 0.15,
    "market": 0.1,
    "urban": 0.05,
}
SIDE_OFF_MIDDLE_M = 120.0  # a spot this far off the village's middle is on one side of it
# 综治 records of residents against a noisy site: how often the quarrel is written up the
# next morning (hours after the noise began) rather than that night.
NEXT_MORNING = 0.5
NEXT_MORNING_H = (6.0, 12.0)
SUFFIXES = ("门前", "对面", "附近", "旁边", "东侧", "西侧约20米", "路边", "门口", "北侧")
SHOP_WORDS = ("超市", "饭店", "烧烤", "面馆", "水产店", "果蔬店", "五金店", "小吃部", "酒店")
SHOP_HEADS = ("鑫源", "福满楼", "老王", "兴旺", "聚福", "顺发", "金海", "好运来", "大众", "阿强")
POLLUTANTS = ("COD", "氨氮", "总磷")


# Who sends the API reports in the hub benchmark (bench/dedupe_hub.py logs in as them): a
# report's id follows from its sender's idempotency key (dispatch/identity.py).
API_SENDERS = {"api_worker": "worker", "api_citizen": "dispatcher"}


def api_source_id(voice: str, client_request_id: str) -> str:
    return scoped_request_id(API_SENDERS.get(voice, "dispatcher"), client_request_id)


@dataclass(frozen=True)
class ScenarioReport:
    """One report of the stream, with its label (``incident``)."""

    report_id: str
    incident: str
    story: str  # "incident", or the look-alike it is: "other_door", "days_later", ...
    kind: str
    density: str  # "spread", "downtown", "storm"
    voice: str
    grid: str
    channel: str  # "native" or "api"
    occurred_s: float  # when it happened, as the report says (seconds after the start)
    reported_s: float  # the source system's "reported" stamp (综治 writes events up later)
    sent_s: float  # when it reaches the hub
    gives_occurred: bool  # an API body may leave occurred_at out (then: the sending time)
    fields: dict[str, Any] = field(compare=False)

    @property
    def event_s(self) -> float:
        """The incident time the hub should match on."""
        return self.occurred_s if self.gives_occurred else self.sent_s


@dataclass(frozen=True)
class Wire:
    """A report as sent: bytes for a grid's native topic, or a body for POST /reports."""

    report: ScenarioReport
    sent_at: datetime
    native: bytes | None = None
    api_body: dict[str, Any] | None = None


@dataclass
class Spot:
    """Where an incident is: a standard address and the point of the incident itself."""

    address: Address
    point: tuple[float, float]
    shop: str


class ScenarioBuilder:
    def __init__(self, registry: Registry, part: str, seed: int) -> None:
        if part not in POOLS:
            raise ValueError(f"part must be one of {sorted(POOLS)}")
        self.part = part
        self.phrases = POOLS[part]
        self.rng = random.Random(f"{part}:{seed}")
        self.tag = f"{part[0].upper()}{seed}"
        self.places = PlaceIndex(registry)
        self.sequence = itertools.count(1)
        self.incident_numbers = itertools.count(1)
        self.draws = 0  # village-only writings drawn so far (their own generator's seed)
        self.doors: dict[str, list[Address]] = {}  # unit -> doors (or buildings), in order
        for address in registry.addresses:
            unit = self.places.units[address.unit]
            if unit.kind is UnitKind.COMPOUND:
                if address.building is not None and address.entrance is None:
                    self.doors.setdefault(unit.id, []).append(address)
            elif address.number is not None and address.building is None:
                self.doors.setdefault(unit.id, []).append(address)
        for doors in self.doors.values():
            doors.sort(key=lambda a: (a.number or 0, a.building or 0))
        self.units_of: dict[tuple[str, bool], list[str]] = {}  # (unit kind, downtown) -> ids
        for unit_id, doors in self.doors.items():
            if len(doors) < 6:
                continue
            unit = self.places.units[unit_id]
            downtown = unit.township == DOWNTOWN
            self.units_of.setdefault((unit.kind.value, downtown), []).append(unit_id)
            self.units_of.setdefault((unit.kind.value, False), [])
        self.all_units = {
            kind: sorted(self.units_of.get((kind, False), []) + self.units_of.get((kind, True), []))
            for kind in ("road", "village", "compound")
        }
        # Incidents made so far, by kind: (point, start): two of one kind are kept apart.
        self.made: dict[str, list[tuple[tuple[float, float], float]]] = {}
        self.buckets: dict[tuple[int, int], list[Address]] = {}
        for doors in self.doors.values():
            for address in doors:
                self.buckets.setdefault(self._bucket(address.lon, address.lat), []).append(address)

    # -- places ---------------------------------------------------------------------------
    @staticmethod
    def _bucket(lon: float, lat: float) -> tuple[int, int]:
        return int(lon / 0.002), int(lat / 0.002)

    def nearest_door(self, point: tuple[float, float]) -> Address | None:
        bx, by = self._bucket(*point)
        near = [
            a
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for a in self.buckets.get((bx + dx, by + dy), [])
        ]
        if not near:
            return None
        return min(near, key=lambda a: distance_m(point, (a.lon, a.lat)))

    def _unit_for(self, kind: Kind, density: str) -> str:
        place_kinds = list(kind.places)
        place_kind = self.rng.choices(place_kinds, [kind.places[k] for k in place_kinds])[0]
        if density in ("downtown", "storm"):
            downtown = self.units_of.get((place_kind, True)) or self.units_of.get(("road", True))
            assert downtown
            return self.rng.choice(downtown)
        return self.rng.choice(self.all_units[place_kind])

    def _shop(self) -> str:
        return self.rng.choice(SHOP_HEADS) + self.rng.choice(SHOP_WORDS)

    def spot_at(self, address: Address) -> Spot:
        east, north = self.rng.uniform(-10, 10), self.rng.uniform(-10, 10)
        return Spot(address, offset(address.lon, address.lat, east, north), self._shop())

    def new_spot(self, kind: Kind, density: str, start: float) -> Spot | None:
        for _ in range(30):
            doors = self.doors[self._unit_for(kind, density)]
            inner = doors[3:-3] if len(doors) > 8 else doors
            spot = self.spot_at(self.rng.choice(inner))
            if self.free(kind, spot, start):
                return spot
        return None

    @staticmethod
    def apart_m(kind: Kind) -> float:
        """How far apart two incidents of one kind must be to be told apart at all: the
        reporters of each stand up to about three spreads from it, and their devices err by
        tens of metres. Closer than that, two reports of two covers look exactly like two
        reports of one cover (without a photo), a labeller could not say which, and the set
        does not pretend otherwise."""
        return max(100.0, 6 * kind.spread_m + 50)

    def free(self, kind: Kind, spot: Spot, start: float) -> bool:
        """Whether an incident of this kind here and now would be told apart from every
        incident of its kind made so far: far enough away, or later than its reports last
        plus two days (a pothole reported again at the same door within two days of the
        last report is the same pothole to anyone), or, for an episode (smoke, noise), half
        a day after it."""
        overlap = (kind.lasts_h + (12 if kind.transient else 48)) * HOUR
        if kind.again:  # reported again while open, and open for up to a week after that
            overlap = (STILL_OPEN_DAYS[1] + OPEN_AT_MOST_DAYS) * DAY + 12 * HOUR
        return all(
            abs(start - other_start) > overlap
            or distance_m(spot.point, point) >= self.apart_m(kind)
            for point, other_start in self.made.get(kind.name, ())
        )

    def spot_away(self, spot: Spot, least_m: float, most_m: float) -> Spot | None:
        """Another place between ``least_m`` and ``most_m`` from ``spot``: on the same
        street or village first, else anywhere near."""
        same_unit = [
            a
            for a in self.doors[spot.address.unit]
            if least_m <= distance_m(spot.point, (a.lon, a.lat)) <= most_m
        ]
        if same_unit:
            return self.spot_at(self.rng.choice(same_unit))
        for _ in range(40):
            bearing = self.rng.uniform(0, 2 * math.pi)
            metres = self.rng.uniform(least_m, most_m)
            probe = offset(*spot.point, metres * math.cos(bearing), metres * math.sin(bearing))
            door = self.nearest_door(probe)
            if door is not None and least_m <= distance_m(spot.point, (door.lon, door.lat)):
                return self.spot_at(door)
        return None

    # -- how people write a place -----------------------------------------------------------
    def write_address(self, address: Address, voice: str) -> str:
        rng = self.rng
        unit = self.places.units[address.unit]
        chain = {d.level: d for d in self.places.division_chain(unit.community or unit.township)}
        township = chain[Level.TOWNSHIP].name
        short_township = township.removesuffix("街道").removesuffix("镇")
        number = self._number_text(address)
        head = rng.choices(
            ["full", "township", "bare", "alias", "geocoded"],
            [2, 2, 3, 1, 2 if voice.startswith("api") else 0.2],
        )[0]
        prefix = {
            "full": f"乳山市{township}",
            "township": township,
            "bare": "",
            "alias": f"乳山{short_township}",
            "geocoded": f"山东省威海市乳山市{township}",
        }[head]
        if unit.kind is UnitKind.COMPOUND:
            community = chain.get(Level.COMMUNITY)
            if community is not None and rng.random() < 0.25:
                prefix += community.name
            name = rng.choice((unit.name, *unit.aliases)) if unit.aliases else unit.name
            text = f"{prefix}{name}{number}"
            if rng.random() < 0.15:
                text += rng.choice(("楼下", "门口", "东侧"))
        else:
            text = f"{prefix}{unit.name}{number}"
            if rng.random() < 0.25:
                text += rng.choice(SUFFIXES)
        if rng.random() < 0.05:
            text = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)
        elif rng.random() < 0.05:
            text = text.replace(township, f"{township} ").replace("乳山市", "乳山市 ")
        return text

    def _village_only(self, voice: Voice, spot: Spot, kind: Kind, has_point: bool) -> str | None:
        """How a villager or a grid worker names a place in a village without its door: the
        village alone (俺们邵家村, 夏村镇邵家村), or its side (邵家村东头, 邵家村村东,
        东边地里). None when this report names the door as usual. Drawn from a generator of
        its own per report."""
        unit = self.places.units[spot.address.unit]
        if unit.kind is not UnitKind.VILLAGE:
            return None
        rng = random.Random(f"{self.part}:village:{spot.address.id}:{voice.key}:{self.draws}")
        self.draws += 1
        share = VILLAGE_ONLY.get(voice.key, 0.0) * (0.5 if has_point else 1.0)
        if rng.random() >= share:
            return None
        chain = {d.level: d for d in self.places.division_chain(unit.community or unit.township)}
        township = chain[Level.TOWNSHIP].name
        prefix = rng.choice(("", "", township, f"乳山{township.removesuffix('镇')}"))
        name = unit.name
        side = self._side_of(spot)
        if side is None or rng.random() < 0.4:
            return rng.choice(
                (f"{prefix}{name}", f"俺们{name}", f"{prefix}{name}里", f"{name}附近")
            )
        fields = "地里" if kind.name in ("open_burning", "dumping") else ""
        return rng.choice(
            (f"{prefix}{name}{side}头", f"{prefix}{name}村{side}", f"{name}{side}边{fields}")
        )

    def _side_of(self, spot: Spot) -> str | None:
        """Which side of its village a spot is on, when it is well off the middle."""
        doors = self.doors.get(spot.address.unit) or []
        if len(doors) < 4:
            return None
        lon = sum(d.lon for d in doors) / len(doors)
        lat = sum(d.lat for d in doors) / len(doors)
        east = distance_m((lon, lat), (spot.point[0], lat)) * (1 if spot.point[0] > lon else -1)
        north = distance_m((lon, lat), (lon, spot.point[1])) * (1 if spot.point[1] > lat else -1)
        if max(abs(east), abs(north)) < SIDE_OFF_MIDDLE_M:
            return None
        if abs(east) >= abs(north):
            return "东" if east > 0 else "西"
        return "北" if north > 0 else "南"

    def _number_text(self, address: Address) -> str:
        rng = self.rng

        def numeral(value: int) -> str:
            return cn2an.an2cn(str(value)) if rng.random() < 0.08 else str(value)

        if address.building is not None:
            text = f"{numeral(address.building)}号楼"
            if rng.random() < 0.4:
                text += f"{rng.randint(1, 3)}单元"
            return text
        return f"{numeral(address.number or 1)}号"

    def short_place(self, address: Address) -> str:
        unit = self.places.units[address.unit]
        if address.building is not None:
            return f"{unit.name}{address.building}号楼"
        if self.rng.random() < 0.5:
            return unit.name
        return f"{unit.name}{address.number}号"

    # -- what people write about it ----------------------------------------------------------
    def phrase(self, kind: str, voice: str, variant: float) -> str:
        """The sentence a voice writes about an incident. Each incident has one ``variant``
        (0..1) that every voice follows: the phrase book lists each voice's sentences in
        the same order of subject (a missing cover first, a broken one next...), so the
        reports of one dispute are about the same leak, not one about a leak and one about
        a cluttered stairway."""
        pool = self.phrases[(kind, voice)]
        return pool[min(int(variant * len(pool)), len(pool) - 1)]

    def fill(self, template: str, spot: Spot) -> str:
        return template.format(
            place=self.short_place(spot.address),
            shop=spot.shop,
            pollutant=self.rng.choice(POLLUTANTS),
        )

    # -- the stream -----------------------------------------------------------------------
    def build(self, incidents: int) -> list[ScenarioReport]:
        """About ``incidents`` incidents (plus their look-alikes), in the order sent."""
        reports: list[ScenarioReport] = []
        kinds = list(FREQUENCY)
        weights = [FREQUENCY[k] for k in kinds]
        storms = max(1, incidents // 60)
        storm_incidents = 0
        for _ in range(storms):
            made = self._storm(self.rng.uniform(0, SPAN_DAYS * DAY), incidents // (storms * 8))
            storm_incidents += len({r.incident for r in made})
            reports += made
        for _ in range(max(0, incidents - storm_incidents)):
            kind = KINDS[self.rng.choices(kinds, weights)[0]]
            density = self.rng.choices(["spread", "downtown"], [55, 45])[0]
            start = self.rng.uniform(0, SPAN_DAYS * DAY)
            spot = self.new_spot(kind, density, start)
            if spot is None:
                continue
            first = self._incident(kind, spot, start, density, "incident")
            reports += first
            reports += self._still_open(kind, spot, start, density, first)
            reports += self._lookalikes(kind, spot, start, density, first)
        reports.sort(key=lambda r: (r.sent_s, r.report_id))
        return reports

    def _storm(self, start: float, count: int) -> list[ScenarioReport]:
        """A rainstorm: covers, roads, lights and sewers break on a few downtown streets,
        as close together as incidents of one kind can be told apart (``apart_m``)."""
        roads = self.rng.sample(self.units_of[("road", True)], 4)
        made: list[ScenarioReport] = []
        for _ in range(count):
            kind = KINDS[self.rng.choice(STORM_KINDS)]
            at = start + self.rng.uniform(0, 6 * HOUR)
            for _attempt in range(20):
                spot = self.spot_at(self.rng.choice(self.doors[self.rng.choice(roads)]))
                if self.free(kind, spot, at):
                    made += self._incident(kind, spot, at, "storm", "incident")
                    break
        return made

    def _lookalikes(
        self, kind: Kind, spot: Spot, start: float, density: str, first: list[ScenarioReport]
    ) -> list[ScenarioReport]:
        rng = self.rng
        made: list[ScenarioReport] = []
        if kind.singleton:
            return made

        def add(what: Kind, where: Spot | None, at: float, story: str, **extra: object) -> None:
            if where is not None and self.free(what, where, at):
                made.extend(self._incident(what, where, at, density, story, small=True, **extra))  # type: ignore[arg-type]

        if rng.random() < LOOKALIKES["other_door"]:
            least = self.apart_m(kind)
            add(kind, self.spot_away(spot, least, least + 500), start + rng.uniform(-2, 2) * HOUR,
                "other_door")  # fmt: skip
        if rng.random() < LOOKALIKES["days_later"]:
            # A lasting problem comes back only after it was fixed and its case closed.
            # (Within a month of the stream's start: the hub refuses older API reports.)
            later = rng.uniform(3, 9) * DAY
            if kind.again:
                later = (STILL_OPEN_DAYS[1] + OPEN_AT_MOST_DAYS + 0.5) * DAY + later / 2
            add(kind, self.spot_at(spot.address), start + later, "days_later")
        if kind.transient and rng.random() < LOOKALIKES["next_day"]:
            add(kind, self.spot_at(spot.address), start + rng.uniform(18, 30) * HOUR, "next_day")
        if rng.random() < LOOKALIKES["other_kind"]:
            other_kind = KINDS[rng.choice(NEIGHBOURS[kind.name])]
            add(other_kind, Spot(spot.address, spot.point, spot.shop),
                start + rng.uniform(-2, 3) * HOUR, "other_kind")  # fmt: skip
        if rng.random() < LOOKALIKES["same_text"] and first:
            least = max(300.0, self.apart_m(kind))
            add(kind, self.spot_away(spot, least, least + 1200), start + rng.uniform(-2, 2) * HOUR,
                "same_text", voice=first[0].fields["voice_obj"],
                template=first[0].fields["template"])  # fmt: skip
        return made

    def _still_open(
        self, kind: Kind, spot: Spot, start: float, density: str, first: list[ScenarioReport]
    ) -> list[ScenarioReport]:
        """Reports of a lasting problem days later, while its case is open ("still not
        fixed"): the same incident. Drawn from a generator of their own, so the rest of the
        stream stays as it was."""
        if not kind.again or not first:
            return []
        rng = random.Random(f"{self.part}:again:{first[0].incident}")
        if rng.random() >= STILL_OPEN:
            return []
        voices = [v for v in kind.voices if v.key in kind.again]
        made: list[ScenarioReport] = []
        kept, self.rng = self.rng, rng
        try:
            for _ in range(rng.choice((1, 1, 2))):
                voice = rng.choices(voices, [v.weight for v in voices])[0]
                at = start + rng.uniform(*STILL_OPEN_DAYS) * DAY
                made.append(
                    self._report(kind, voice, spot, at, first[0].incident, "incident", density,
                                 None, rng.random())
                )  # fmt: skip
        finally:
            self.rng = kept
        return made

    def _incident(
        self,
        kind: Kind,
        spot: Spot,
        start: float,
        density: str,
        story: str,
        *,
        small: bool = False,
        voice: Voice | None = None,
        template: str | None = None,
    ) -> list[ScenarioReport]:
        rng = self.rng
        incident = f"{self.tag}-{next(self.incident_numbers):05d}"
        self.made.setdefault(kind.name, []).append((spot.point, start))
        if kind.singleton:
            size = 1
        elif small:
            size = rng.choices([1, 2], [65, 35])[0]
        else:
            size = rng.choices(list(CLUSTER_SIZES), list(CLUSTER_SIZES.values()))[0]
        voices = self._voices(kind, size, voice)
        variant = rng.random()
        made: list[ScenarioReport] = []
        # An online monitoring station sits at the outfall it watches.
        sensor_site = offset(*spot.point, rng.uniform(-60, 60), rng.uniform(-60, 60))
        for index, chosen in enumerate(voices):
            occurred = start if index == 0 else start + rng.random() ** 1.6 * kind.lasts_h * HOUR
            text_template = template if (index == 0 and template) else None
            if chosen.key == "environment.sensor":
                for alert in range(rng.randint(2, 3)):
                    made.append(
                        self._report(kind, chosen, spot, occurred + alert * HOUR, incident,
                                     story, density, text_template, variant, sensor_site)
                    )  # fmt: skip
                continue
            made.append(
                self._report(
                    kind, chosen, spot, occurred, incident, story, density, text_template, variant
                )
            )
        return made

    def _voices(self, kind: Kind, size: int, first: Voice | None) -> list[Voice]:
        voices = list(kind.voices)
        chosen: list[Voice] = [first] if first else []
        while len(chosen) < size:
            pool = voices
            if chosen and self.rng.random() < 0.7:
                # Most second reports come from another grid or channel than the first.
                others = [
                    v
                    for v in voices
                    if (v.grid, v.channel) not in {(c.grid, c.channel) for c in chosen}
                ]
                pool = others or voices
            chosen.append(self.rng.choices(pool, [v.weight for v in pool])[0])
        return chosen

    def _report(
        self,
        kind: Kind,
        voice: Voice,
        spot: Spot,
        occurred: float,
        incident: str,
        story: str,
        density: str,
        template: str | None,
        variant: float,
        sensor_site: tuple[float, float] | None = None,
    ) -> ScenarioReport:
        rng = self.rng
        # Where the reporter stands, and what their device says.
        if sensor_site is not None:
            stands = sensor_site
        else:
            metres = abs(rng.gauss(0, kind.spread_m))
            bearing = rng.uniform(0, 2 * math.pi)
            stands = offset(*spot.point, metres * math.cos(bearing), metres * math.sin(bearing))
        point: tuple[float, float] | None = None
        if rng.random() < POINT_SHARE[voice.key]:
            error = DEVICE_ERROR_M[voice.key]
            if voice.key == "api_citizen" and rng.random() < 0.03:
                error = rng.uniform(80, 250)  # located by Wi-Fi or cell towers
            point = offset(*stands, rng.gauss(0, error), rng.gauss(0, error))
        # What they write as the place: the door they see, or the incident's own.
        door = spot.address
        if rng.random() < 0.5:
            door = self.nearest_door(stands) or door
        address_text = self.write_address(door, voice.key)
        template = template or self.phrase(kind.name, voice.key, variant)
        description = self.fill(template, spot)
        village = self._village_only(voice, spot, kind, point is not None)
        if village is not None:  # only the village, no door, no point
            address_text, point = village, None
            unit = self.places.units[spot.address.unit]
            description = description.replace(f"{unit.name}{spot.address.number}号", unit.name)
        # When it is stamped and sent.
        reported = sent = occurred
        gives_occurred = True
        quarrel = voice.key == "political_legal" and kind.name == "construction_noise"
        if quarrel and rng.random() < NEXT_MORNING:
            # Residents quarrel with the site about last night's noise the next morning.
            occurred += rng.uniform(*NEXT_MORNING_H) * HOUR
        if voice.key == "political_legal":
            reported = occurred + (
                rng.uniform(0.1, 4) * HOUR if rng.random() < 0.6 else rng.uniform(0, 600)
            )
            sent = reported + rng.uniform(0, 120)
        elif voice.key == "environment.hotline":
            occurred = reported = occurred + rng.uniform(5, 60) * 60  # the call comes later
            sent = reported + rng.uniform(0, 600)
        elif voice.key == "market":
            sent = occurred + rng.uniform(0, 2 * HOUR)
        elif voice.channel == "native":
            sent = occurred + rng.uniform(0, 300)
        elif voice.key == "api_worker":
            gives_occurred = rng.random() < 0.9
            sent = occurred + self._phone_delay(0.7, 0.22, 4, 12)
        else:  # api_citizen
            gives_occurred = rng.random() < 0.6
            sent = occurred + (
                self._phone_delay(0.5, 0.35, 4, 16) if gives_occurred else rng.uniform(0, 900)
            )
        if voice.channel == "native" and rng.random() < 0.03:
            sent += rng.uniform(6, 12) * HOUR  # the grid's system replays a backlog
        seq = next(self.sequence)
        prefix = {"political_legal": "ZZ", "environment": "HB", "market": "SJ", "urban": "CG"}
        source_id = (
            f"{prefix[voice.grid]}-{self.tag}-{seq:06d}"
            if voice.channel == "native"
            else f"app-{self.tag}-{seq:06d}"
        )
        fields: dict[str, Any] = {
            "code": voice.code,
            "description": description,
            "address_text": address_text,
            "point": point,
            "crs": self._crs(voice),
            "template": template,
            "voice_obj": voice,
            "shop": spot.shop,
            "reporter": self._reporter(voice),
            "uscc": self._uscc(),
        }
        return ScenarioReport(
            report_id=report_id_for(voice.grid, api_source_id(voice.key, source_id))
            if voice.channel != "native"
            else report_id_for(voice.grid, source_id),
            incident=incident,
            story=story,
            kind=kind.name,
            density=density,
            voice=voice.key,
            grid=voice.grid,
            channel=voice.channel,
            occurred_s=occurred,
            reported_s=reported,
            sent_s=sent,
            gives_occurred=gives_occurred,
            fields={**fields, "source_id": source_id},
        )

    def _phone_delay(self, soon: float, hours: float, most_h: float, late_h: float) -> float:
        draw = self.rng.random()
        if draw < soon:
            return self.rng.uniform(0, 1800)
        if draw < soon + hours:
            return self.rng.uniform(0.5, most_h) * HOUR
        return self.rng.uniform(most_h, late_h) * HOUR

    def _crs(self, voice: Voice) -> str:
        if voice.key in ("urban", "environment.sensor"):
            return "wgs84"
        if voice.channel == "api":
            return "gcj02" if self.rng.random() < 0.8 else "wgs84"
        return "gcj02"

    def _reporter(self, voice: Voice) -> str:
        prefix = {"urban": "JD", "political_legal": "WG", "market": "SC"}.get(voice.key, "HJ")
        if voice.key == "api_citizen":
            return f"citizen-{self.rng.randint(1, 5000)}"
        return f"{prefix}{self.rng.randint(1, 400):03d}"

    def _uscc(self) -> str:
        body = "92371083" + "".join(self.rng.choices(USCC_ALPHABET, k=9))
        return body + uscc_check_char(body)


# -- on the wire ---------------------------------------------------------------------------
def _local(moment: datetime) -> str:
    """综治 platform time: Beijing time without an offset."""
    return moment.astimezone(CST).replace(tzinfo=None).isoformat(timespec="seconds")


def _point(report: ScenarioReport) -> tuple[float, float] | None:
    point = report.fields["point"]
    if point is None:
        return None
    lon, lat = point
    if report.fields["crs"] == "gcj02":
        lon, lat = wgs84_to_gcj02(lon, lat)
    return round(lon, 7), round(lat, 7)


def native_document(report: ScenarioReport, start: datetime) -> dict[str, Any]:
    """The message the grid's own system publishes, in that system's format."""
    f = report.fields
    occurred = start + timedelta(seconds=report.occurred_s)
    reported = start + timedelta(seconds=report.reported_s)
    point = _point(report)
    lon, lat = point if point else (None, None)
    code: tuple[str, ...] = f["code"]
    if report.grid == "political_legal":
        event_type, dispute_type = code
        document: dict[str, Any] = {
            "schema_version": 1,
            "event_id": f["source_id"],
            "event_type": event_type,
            "risk_level": "medium" if event_type == "security_hazard" else "low",
            "summary": f["description"],
            "location_text": f["address_text"],
            "longitude": lon,
            "latitude": lat,
            "coordinate_system": "gcj02",
            "grid_worker_id": f["reporter"],
            "occurred_at": _local(occurred),
            "reported_at": _local(reported),
        }
        if dispute_type:
            document["dispute_type"] = dispute_type
        return document
    if report.grid == "environment":
        kind, source = code
        document = {
            "schema_version": 1,
            "alert_id": f["source_id"],
            "kind": kind,
            "source": source,
            "description": f["description"],
            "site": f["address_text"],
            "lng": lon,
            "lat": lat,
            "crs": f["crs"],
            "detected_time": occurred.astimezone(UTC).isoformat(timespec="seconds"),
        }
        if source == "sensor":
            document |= {
                "sensor_id": f"RS-{zlib.crc32(f['shop'].encode()) % 90 + 10:03d}",
                "pollutant": "COD",
                "reading": 83.5,
                "unit": "mg/L",
                "threshold": 50.0,
            }
        if source == "patrol":
            document["patrol_officer"] = f["reporter"]
        return document
    if report.grid == "market":
        (violation,) = code
        return {
            "schema_version": 1,
            "case_ref": f["source_id"],
            "violation": violation,
            "business_name": f["shop"],
            "uscc": None if violation == "unlicensed_business" else f["uscc"],
            "details": f["description"],
            "premises_address": f["address_text"],
            "gps": [lon, lat] if point else None,
            "inspector_no": f["reporter"],
            "found_at": occurred.astimezone(CST).isoformat(timespec="seconds"),
        }
    case_kind, major, minor = code
    document = {
        "schema_version": 1,
        "task_no": f["source_id"],
        "case_kind": case_kind,
        "major_class": major,
        "minor_class": minor,
        "description": f["description"],
        "address": f["address_text"],
        "x": lon,
        "y": lat,
        "supervisor_id": f["reporter"],
        "report_time": occurred.astimezone(CST).isoformat(timespec="seconds"),
    }
    if case_kind == "component":
        serial = int(f["source_id"].rsplit("-", 1)[1]) % 1_000_000
        document["component_code"] = f"371083{major}{minor}{serial:06d}"
    return document


def api_body(report: ScenarioReport, start: datetime) -> dict[str, Any]:
    """The body a phone or a citizen app POSTs to /reports."""
    f = report.fields
    point = _point(report)
    (category,) = f["code"]
    body: dict[str, Any] = {
        "grid": report.grid,
        "category": category,
        "description": f["description"],
        "address_text": f["address_text"],
        "reporter": {
            "id": f["reporter"],
            "role": "citizen" if report.voice == "api_citizen" else "grid_worker",
        },
        "client_request_id": f["source_id"],
    }
    if point:
        body["location"] = {"lon": point[0], "lat": point[1], "crs": f["crs"]}
    if report.gives_occurred:
        occurred = start + timedelta(seconds=report.occurred_s)
        body["occurred_at"] = occurred.astimezone(CST).isoformat(timespec="seconds")
    return body


def wire(reports: list[ScenarioReport], start: datetime) -> Iterator[Wire]:
    """The stream as sent, in sending order, with real times from ``start``."""
    for report in sorted(reports, key=lambda r: (r.sent_s, r.report_id)):
        sent_at = start + timedelta(seconds=report.sent_s)
        if report.channel == "native":
            document = native_document(report, start)
            yield Wire(report, sent_at, native=json.dumps(document, ensure_ascii=False).encode())
        else:
            yield Wire(report, sent_at, api_body=api_body(report, start))


def span_seconds(reports: list[ScenarioReport]) -> float:
    return max(r.sent_s for r in reports) - min(0.0, *(r.occurred_s for r in reports))
