"""A fresh labelled stream of incident reports, for measuring de-duplication on traffic the
hub was never tuned on.

``build_stream(seed, start)`` returns the reports of ten or so days ending at ``start``, as
the four grids' systems (native messages), the 12345 hotline (tickets) and phones and citizen
apps (``POST /reports`` bodies) would send them, each labelled with the physical incident it
is about. The same (seed, start) always gives the same stream.

Labelling rules
---------------
1. One incident is one physical problem at one place over one time span: a pothole until it
   is filled, a night of construction noise, one fire, one car parked where it should not be.
2. Every report of it carries its label, whichever grid, channel or taxonomy sent it, however
   it names the place, the time or the category (a citizen's wrong pick included).
3. Look-alikes are separate incidents: the same kind at the same place three or more days
   later (``days_later``, only for occurrences: a lasting thing reported again within about
   three days is the same incident); the same kind on the same road 170-900 m away on the
   same day (``other_door``); another kind of problem, with no category in common, at the
   same door on the same day (``other_kind``); near-identical words about another place at
   least 600 m away (``same_words``).
4. No label asks for the impossible: two different incidents whose reports share a category
   are never within 150 m of each other while both are being reported (from the first
   sighting to the last report sent, with an hour's margin).
5. ``occurred_at`` of an item is the truth (when this reporter saw it), whether or not the
   payload says it; ``late`` means the report was sent more than an hour after that.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from contracts.common import GridCode
from contracts.native import USCC_ALPHABET, uscc_check_char
from grid.categories import CATEGORIES
from grid.coords import distance_m

from .kinds import CATEGORY_CHOICES, KINDS, Kind, possible_categories, unified
from .places import Spot, as_crs, jitter, places, written
from .texts import PHRASES, SENSOR_PATTERNS, citizen_style, cn_hour, fill

CST = timezone(timedelta(hours=8))

DEVELOPMENT_SEED = 20261203
HELDOUT_SEED = 77104519

STORIES = ("incident", "days_later", "other_door", "other_kind", "same_words")
LOOKALIKE_STORIES = STORIES[1:]
SEPARATION_M = 150.0  # rule 4
REPORTING = 1.2  # how much more often than the table's rates an incident gets each report
MARGIN = timedelta(hours=1)

VOICE_GRID = {
    "urban_supervisor": GridCode.URBAN,
    "pl_grid_worker": GridCode.POLITICAL_LEGAL,
    "env_patrol": GridCode.ENVIRONMENT,
    "env_sensor": GridCode.ENVIRONMENT,
    "env_hotline_12369": GridCode.ENVIRONMENT,
    "market_inspector": GridCode.MARKET,
    "hotline_12345": GridCode.HOTLINE,
}
API_VOICES = ("api_worker", "api_citizen")
# Hours (local) each professional voice is on duty; citizens, callers and sensors any time.
DUTY_HOURS = {
    "urban_supervisor": range(7, 20),
    "pl_grid_worker": range(8, 20),
    "env_patrol": range(8, 19),
    "market_inspector": range(8, 18),
    "api_worker": range(7, 21),
}
# Citizens and callers notice a lasting thing while they are up and about.
WAKING_HOURS = range(6, 23)
NIGHT_DUTY_KINDS = {"night_noise", "odour", "sewage", "sensor_exceedance"}

HOTLINE_OPENERS = (
    "来电人反映",
    "来电人反映",
    "市民来电反映：",
    "来电人称，",
    "群众来电反映",
    "来电反映",
    "来电人（匿名）反映",
)
HOTLINE_CLOSERS = (
    "来电人要求回复处理结果。",
    "（来电人情绪较激动）",
    "来电人称已多次反映未解决。",
    "请属地核实办理。",
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林宋于姜宫丛邹隋谷"
GIVEN = "伟芳娜敏静强磊军洋勇艳杰涛明超秀英华玉兰桂凤建国海波红霞志刚"


@dataclass(frozen=True)
class Item:
    """One report of the stream, with its label."""

    id: str
    incident: str
    kind: str
    story: str
    grid: str
    channel: str  # "native" or "api"
    voice: str
    payload: dict[str, Any]
    sent_at: datetime
    occurred_at: datetime
    late: bool
    density: str = "sparse"


@dataclass
class _Plan:
    voice: str
    seen: datetime
    sent: datetime
    call: datetime | None  # a caller's call, for the hotlines
    text_seed: int


@dataclass
class _Incident:
    label: str
    kind: str
    story: str
    density: str
    spot: Spot
    t0: datetime
    plans: list[_Plan] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def categories(self) -> set[str]:
        return {_category_of(i) for i in self.items}

    @property
    def window(self) -> tuple[datetime, datetime]:
        return min(i.occurred_at for i in self.items), max(i.sent_at for i in self.items)


def _category_of(item: Item) -> str:
    p = item.payload
    if item.channel == "api":
        return str(p["category"])
    if item.grid == "urban":
        return unified("urban_supervisor", (p["case_kind"], p["major_class"], p["minor_class"]))
    if item.grid == "political_legal":
        return f"political_legal.{p['event_type']}"
    if item.grid == "environment":
        return f"environment.{p['kind']}"
    if item.grid == "market":
        return f"market.{p['violation']}"
    return unified("hotline_12345", p["operator_category"])


def category_of(item: Item) -> str:
    """The unified category the hub gives this item's report."""
    return _category_of(item)


def _digest(*parts: object) -> int:
    text = "/".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _tag(seed: int) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    n = _digest("tag", seed)
    return "".join(alphabet[(n >> (5 * i)) & 31] for i in range(3))


def _local(moment: datetime) -> str:
    return moment.astimezone(CST).isoformat(timespec="seconds")


def _part_of_day(hour: int) -> str:
    for last, word in ((4, "凌晨"), (8, "早上"), (11, "上午"), (13, "中午"), (17, "下午")):
        if hour <= last:
            return word
    return "晚上"


def _clock(hour: int) -> str:
    return "十二" if hour in (0, 12) else cn_hour(hour)


def _floor(moment: datetime, minutes: int) -> datetime:
    moment = moment.replace(second=0, microsecond=0)
    return moment - timedelta(minutes=moment.minute % minutes)


class _Generator:
    def __init__(self, seed: int, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be an aware datetime")
        self.seed = seed
        self.start = start.astimezone(CST)
        self.rng = random.Random(f"fresh-dedupe/{seed}")
        self.tag = _tag(seed)
        self.places = places()
        self.incidents: list[_Incident] = []
        self.deck: list[Kind] = []
        self.serials: set[int] = set()
        self.townships = sorted({s.township for s in self.places.spots})
        self.index: dict[tuple[str, str], list[Spot]] = {}
        for s in self.places.spots:
            self.index.setdefault((s.township, s.unit_kind), []).append(s)

    # ------------------------------------------------------------------ the whole stream
    def run(self) -> list[Item]:
        rng = self.rng
        first = self.start - timedelta(days=11, hours=12)
        for _ in range(rng.randint(355, 385)):
            t0_day = first + timedelta(days=rng.uniform(0, 10.5))
            self._base(t0_day, dense=False)
        busy = (self.start - timedelta(days=rng.randint(4, 7))).date()
        for _ in range(rng.randint(90, 105)):
            self._base(datetime(busy.year, busy.month, busy.day, tzinfo=CST), dense=True)
        bases = [i for i in self.incidents if i.story == "incident"]
        rng.shuffle(bases)
        wanted = {s: rng.randint(36, 46) for s in LOOKALIKE_STORIES}
        made = dict.fromkeys(LOOKALIKE_STORIES, 0)
        for base in bases + bases:  # a second pass if the first made too few
            for story in LOOKALIKE_STORIES:
                if (
                    made[story] < wanted[story]
                    and rng.random() < 0.3
                    and self._lookalike(base, story)
                ):
                    made[story] += 1
                    break
        items = [item for inc in self.incidents for item in inc.items]
        items.sort(key=lambda i: (i.sent_at, i.id))
        return items

    # ------------------------------------------------------------------ incidents
    def _pick_kind(self) -> Kind:
        """Kinds in proportion to their weights, dealt from shuffled decks."""
        if not self.deck:
            for kind in KINDS.values():
                self.deck += [kind] * round(kind.weight * 10)
            self.rng.shuffle(self.deck)
        return self.deck.pop()

    def _pick_spot(self, kind: Kind, dense: bool) -> Spot:
        rng = self.rng
        unit_kind = rng.choices([p for p, _ in kind.places], [w for _, w in kind.places])[0]
        if dense:
            pool = self.places.dense.get(unit_kind) or self.index[("371083001", unit_kind)]
            return rng.choice(pool)
        township = "371083001" if rng.random() < 0.3 else rng.choice(self.townships)
        pool = self.index.get((township, unit_kind)) or self.places.by_kind[unit_kind]
        return rng.choice(pool)

    def _t0(self, kind: Kind, day: datetime) -> datetime:
        rng = self.rng
        hour = rng.choice(kind.start_hours)
        base = day.astimezone(CST).replace(hour=0, minute=0, second=0, microsecond=0)
        t0 = base + timedelta(hours=hour, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
        while t0 < self.start - timedelta(days=11, hours=18):
            t0 += timedelta(days=1)
        return t0

    def _base(self, day: datetime, dense: bool) -> None:
        kind = self._pick_kind()
        t0 = self._t0(kind, day)
        for _ in range(25):
            spot = self._pick_spot(kind, dense)
            incident = self._new(kind.name, "incident", "dense" if dense else "sparse", spot, t0)
            incident.plans = self._plans(kind, t0)
            if self._accept(incident):
                return

    def _new(self, kind: str, story: str, density: str, spot: Spot, t0: datetime) -> _Incident:
        label = f"{self.tag}-{len(self.incidents) + 1:04d}"
        return _Incident(label, kind, story, density, spot, t0)

    def _accept(self, incident: _Incident) -> bool:
        if not incident.plans:
            return False
        incident.items = [self._render(incident, plan, n) for n, plan in enumerate(incident.plans)]
        lo, hi = incident.window
        categories = incident.categories
        for other in self.incidents:
            if not categories & other.categories:
                continue
            if distance_m(incident.spot.point, other.spot.point) >= SEPARATION_M:
                continue
            olo, ohi = other.window
            if lo - MARGIN <= ohi and olo - MARGIN <= hi:
                return False
        self.incidents.append(incident)
        return True

    def _lookalike(self, base: _Incident, story: str) -> bool:
        rng = self.rng
        kind = KINDS[base.kind]
        spot, t0, kind_name = base.spot, base.t0, base.kind
        if story == "days_later":
            if not kind.days_later:
                return False
            t0 = base.t0 + timedelta(days=rng.uniform(3, 6))
            if t0 > self.start - timedelta(hours=14):
                return False
        elif story == "other_door":
            if spot.unit_kind != "road":
                return False
            doors = [
                s
                for s in self.places.by_unit[spot.unit_id]
                if 170 <= distance_m(s.point, spot.point) <= 900
            ]
            if not doors:
                return False
            spot = rng.choice(doors)
            t0 = self._same_day(base.t0, kind)
        elif story == "other_kind":
            mine = possible_categories(base.kind)
            others = [
                k
                for k in KINDS.values()
                if k.name != base.kind
                and not possible_categories(k.name) & mine
                and any(p == spot.unit_kind for p, _ in k.places)
            ]
            if not others:
                return False
            kind = rng.choice(others)
            kind_name = kind.name
            t0 = self._same_day(base.t0, kind)
        else:  # same_words: the first reports' words, about another place
            near = self.index.get((spot.township, spot.unit_kind), [])
            pool = [s for s in near if distance_m(s.point, spot.point) >= 600] or [
                s for s in self.places.by_kind[spot.unit_kind] if s.township != spot.township
            ]
            spot = rng.choice(pool)
            shift = timedelta(minutes=rng.randint(-120, 240))
            incident = self._new(kind_name, story, base.density, spot, base.t0 + shift)
            copied = base.plans[: rng.randint(1, min(2, len(base.plans)))]
            incident.plans = [
                replace(
                    p,
                    seen=p.seen + shift,
                    sent=p.sent + shift,
                    call=p.call + shift if p.call else None,
                )
                for p in copied
                if p.sent + shift <= self.start - timedelta(minutes=2)
                and p.seen + shift >= self.start - timedelta(days=11, hours=23)
            ]
            return self._accept(incident)
        incident = self._new(kind_name, story, base.density, spot, t0)
        incident.plans = self._plans(kind, t0)
        return self._accept(incident)

    def _same_day(self, moment: datetime, kind: Kind) -> datetime:
        day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        return self._t0(kind, day)

    # ------------------------------------------------------------------ who reports, when
    def _plans(self, kind: Kind, t0: datetime) -> list[_Plan]:
        rng = self.rng
        plans: list[_Plan] = []
        for attempt in range(3):
            for rule in kind.rules:
                if attempt == 0 and rng.random() >= min(0.95, rule.p * REPORTING):
                    continue
                if attempt > 0 and rule is not kind.rules[0]:
                    continue
                count = rng.randint(rule.lo, rule.hi)
                if rule.voice == "env_sensor":
                    first = t0 + timedelta(hours=rng.uniform(rule.after_h, rule.after_h + 1))
                    for i in range(count):
                        seen = first + timedelta(hours=i, minutes=rng.randint(-3, 3))
                        plans.append(self._plan(kind, rule.voice, seen))
                    continue
                for _ in range(count):
                    seen = t0 + timedelta(hours=rng.uniform(rule.after_h, rule.until_h))
                    plans.append(self._plan(kind, rule.voice, seen))
            plans = [
                p
                for p in plans
                if p.sent <= self.start - timedelta(minutes=2) and self._on_duty(kind, p)
            ]
            if plans:
                break
        return plans

    def _on_duty(self, kind: Kind, plan: _Plan) -> bool:
        hours = DUTY_HOURS.get(plan.voice)
        if hours is None or (kind.name in NIGHT_DUTY_KINDS and plan.voice != "pl_grid_worker"):
            return True
        return plan.seen.hour in hours

    def _plan(self, kind: Kind, voice: str, seen: datetime) -> _Plan:
        rng = self.rng
        seen = seen.replace(microsecond=0)
        hours = DUTY_HOURS.get(voice)
        if hours is None and voice in ("api_citizen", "hotline_12345", "env_hotline_12369"):
            hours = WAKING_HOURS
        if kind.lasting and hours is not None and seen.hour not in hours:
            # a lasting thing is seen at the start of the next shift instead
            morning = seen.replace(hour=hours.start, minute=0, second=0)
            if seen.hour >= hours.start:
                morning += timedelta(days=1)
            seen = morning + timedelta(minutes=rng.randint(10, 150))
        call = None
        if voice in ("hotline_12345", "env_hotline_12369"):
            call = seen + self._citizen_lag(seen)
            sent = call + timedelta(minutes=rng.randint(8, 110))
        elif voice == "api_citizen":
            sent = seen + self._citizen_lag(seen)
        elif voice == "urban_supervisor":
            sent = seen + timedelta(minutes=rng.uniform(1, 8))
        elif voice == "pl_grid_worker":
            late = rng.random() < 0.4
            sent = seen + timedelta(minutes=rng.uniform(90, 360) if late else rng.uniform(5, 40))
        elif voice == "env_patrol":
            late = rng.random() < 0.25
            sent = seen + timedelta(minutes=rng.uniform(120, 300) if late else rng.uniform(10, 55))
        elif voice == "env_sensor":
            sent = seen + timedelta(seconds=rng.randint(40, 200))
        elif voice == "market_inspector":
            sent = seen + timedelta(minutes=rng.uniform(20, 180))
        else:  # api_worker
            late = rng.random() < 0.15
            sent = seen + timedelta(minutes=rng.uniform(60, 240) if late else rng.uniform(2, 30))
        return _Plan(voice, seen, sent.replace(microsecond=0), call, rng.getrandbits(40))

    def _citizen_lag(self, seen: datetime) -> timedelta:
        rng = self.rng
        roll = rng.random()
        if roll < 0.62:
            return timedelta(minutes=rng.uniform(2, 40))
        if roll < 0.82:
            return timedelta(minutes=rng.uniform(75, 300))
        if seen.hour >= 18 or seen.hour < 5:  # the next morning
            morning = seen.replace(hour=7, minute=0, second=0)
            if seen.hour >= 18:
                morning += timedelta(days=1)
            return morning - seen + timedelta(minutes=rng.uniform(0, 150))
        return timedelta(hours=rng.uniform(6, 16))

    # ------------------------------------------------------------------ rendering
    def _render(self, incident: _Incident, plan: _Plan, n: int) -> Item:
        voice = plan.voice
        words = random.Random(f"{self.seed}/{plan.text_seed}/words")
        rng = random.Random(f"{self.seed}/{plan.text_seed}/{incident.label}/rest")
        choice = words.choice(CATEGORY_CHOICES[incident.kind][voice])
        slots = self._slots(incident, words, choice)
        serial = _digest(self.seed, incident.label, n) % 100000
        while serial in self.serials:  # a native id is unique in its system
            serial = (serial + 1) % 100000
        self.serials.add(serial)
        item_id = f"{incident.label}-{n + 1:02d}"
        if voice in API_VOICES:
            payload = self._api(incident, plan, words, rng, choice, slots, item_id)
            grid, channel = payload["grid"], "api"
        else:
            grid, channel = VOICE_GRID[voice].value, "native"
            render = getattr(self, f"_{voice}")
            payload = render(incident, plan, words, rng, choice, slots, serial)
        return Item(
            id=item_id,
            incident=incident.label,
            kind=incident.kind,
            story=incident.story,
            grid=grid,
            channel=channel,
            voice=voice,
            payload=payload,
            sent_at=plan.sent,
            occurred_at=plan.seen,
            late=plan.sent - plan.seen > timedelta(hours=1),
            density=incident.density,
        )

    def _slots(self, incident: _Incident, words: random.Random, choice: object) -> dict:
        spot = incident.spot
        cover = {"01": "上水", "02": "污水", "03": "雨水"}
        cover_word = (
            cover.get(choice[2], "") if isinstance(choice, tuple) and choice[1] == "01" else ""
        )
        return {
            "n1": words.choice((30, 40, 50, 60, 80, 100, 120)),
            "n2": words.choice((20, 30, 40, 50, 60)),
            "d": words.randint(5, 25),
            "area": words.choice(("0.5", "1", "1.5", "2", "3")),
            "k": words.randint(2, 6),
            "m3": words.choice(("2", "3", "5", "8", "10", "十几", "二十余")),
            "m2": words.choice((5, 10, 15, 20, 30, 50)),
            "plate": "鲁K" + "".join(words.choices("0123456789ABCDEFGHJKLMNPQR", k=5)),
            "a": self._person(words),
            "b": self._person(words),
            "leq": words.randint(58, 78),
            "h2s": words.choice(("0.08", "0.12", "0.15", "0.2")),
            "cod": words.choice((120, 180, 260, 340)),
            "amt": words.choice(("3", "5", "8", "12", "20")),
            "cover": cover_word,
            "biz": self._business(spot, incident.kind),
        }

    @staticmethod
    def _person(rng: random.Random) -> str:
        return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", "", rng.choice(GIVEN)))

    @staticmethod
    def _business(spot: Spot, kind: str) -> str:
        rng = random.Random(f"business/{spot.address_id}/{kind == 'food_safety'}")
        if kind == "food_safety":
            shop = rng.choice(
                (
                    "水饺馆",
                    "烧烤店",
                    "海鲜大排档",
                    "快餐店",
                    "拉面馆",
                    "包子铺",
                    "熟食店",
                    "小吃部",
                    "麻辣烫",
                    "饭店",
                )
            )
        else:
            shop = rng.choice(
                ("超市", "水果店", "海产品店", "粮油店", "手机店", "便利店", "农资店", "建材店")
            )
        if rng.random() < 0.5:
            return f"{rng.choice(SURNAMES)}记{shop}"
        stem = spot.unit_name.removesuffix("村")[:2]
        return f"乳山市{stem}{rng.choice(('鑫', '福', '聚', '惠'))}{shop}"

    @staticmethod
    def _uscc(spot: Spot, name: str) -> str:
        rng = random.Random(f"uscc/{spot.address_id}/{name}")
        head = rng.choice(("92", "92", "91")) + "371083"
        body = "".join(rng.choices(USCC_ALPHABET, k=9))
        return head + body + uscc_check_char(head + body)

    def _time_words(self, seen: datetime, said: datetime, rng: random.Random) -> str:
        """When, in the reporter's words (昨晚十点多, 两个小时前, 今天早上), or often nothing."""
        if rng.random() < 0.4:
            return ""
        delta = said - seen
        hour = seen.hour
        clock = f"{_part_of_day(hour)}{_clock(hour)}{rng.choice(('点多', '点左右', '点来钟'))}"
        if delta < timedelta(minutes=45):
            return rng.choice(("刚才", "刚刚", ""))
        if seen.date() == said.date():
            hours = delta.total_seconds() / 3600
            if hours < 3:
                return rng.choice((f"{cn_hour(int(hours))}个多小时前", "刚才", clock))
            if hour < 9 <= said.hour and hour >= 5:
                return rng.choice(("今天早上", "一早", clock))
            if hour < 5:
                return rng.choice(("半夜", "后半夜", clock))
            return clock
        if seen.date() == said.date() - timedelta(days=1):
            if hour >= 18:
                return rng.choice(("昨晚", "昨天晚上", f"昨天{clock}"))
            return rng.choice((f"昨天{_part_of_day(hour)}", f"昨天{clock}"))
        return rng.choice(("前两天", "这几天", "好几天了"))

    def _text(self, incident: _Incident, voice: str, words: random.Random, slots: dict,
              place: str, t: str) -> str:  # fmt: skip
        pattern = words.choice(PHRASES[incident.kind][voice])
        text = fill(pattern, words, p=place, t=f"{t}" if t else "", **slots)
        if voice == "api_citizen":
            text = citizen_style(text, words)
        elif voice == "hotline_12345" and text.startswith("来电人反映"):
            opener = words.choice(HOTLINE_OPENERS)
            text = opener + text.removeprefix("来电人反映")
            if words.random() < 0.3:
                text += words.choice(HOTLINE_CLOSERS)
        return text

    # ---- native voices
    def _urban_supervisor(self, inc, plan, words, rng, choice, slots, serial) -> dict:
        case_kind, major, minor = choice
        spot = inc.spot
        place = written(spot, "supervisor", rng)
        lon, lat = jitter(spot.point, rng, 1, 8)
        when = plan.seen + timedelta(seconds=rng.randint(20, 180))
        payload: dict[str, Any] = {
            "schema_version": 1,
            "task_no": f"CG{when:%Y%m%d}{self.tag}{serial:05d}",
            "case_kind": case_kind,
            "major_class": major,
            "minor_class": minor,
            "description": self._text(inc, "urban_supervisor", words, slots, place, ""),
            "address": place,
            "x": round(lon, 6),
            "y": round(lat, 6),
            "supervisor_id": f"JDY{spot.township[-3:]}{_digest(spot.community) % 6 + 1:02d}",
            "report_time": (
                when.strftime("%Y-%m-%d %H:%M:%S") if rng.random() < 0.6 else _local(when)
            ),
            "photo_urls": [
                f"https://cg.rushan.example/photo/{when:%Y%m%d}/{serial:05d}_{k}.jpg"
                for k in range(rng.randint(1, 3))
            ],
        }
        if case_kind == "component":
            component = _digest("component", spot.address_id, major, minor) % 1_000_000
            payload["component_code"] = f"371083{major}{minor}{component:06d}"
        return payload

    def _pl_grid_worker(self, inc, plan, words, rng, choice, slots, serial) -> dict:
        event_type, dispute_type, risk = choice
        spot = inc.spot
        place = written(spot, "worker", rng)
        worker = self._worker("political_legal", spot, rng)
        parties = []
        if event_type in ("dispute", "petition_risk"):
            parties.append({"name": slots["a"], "role": "applicant"})
            if rng.random() < 0.5:
                parties[0]["phone"] = self._phone(rng)
            parties.append({"name": slots["b"], "role": "respondent"})
        elif rng.random() < 0.4:
            parties.append({"name": slots["a"], "role": "subject"})
        payload: dict[str, Any] = {
            "schema_version": 1,
            "event_id": f"ZZ{plan.seen:%Y%m%d}{self.tag}{serial:05d}",
            "event_type": event_type,
            "risk_level": risk,
            "parties": parties,
            "summary": self._text(inc, "pl_grid_worker", words, slots, place, ""),
            "location_text": place,
            "grid_worker_id": worker,
            "occurred_at": _local(_floor(plan.seen, 10)),
            "reported_at": _local(plan.sent),
        }
        if dispute_type:
            payload["dispute_type"] = dispute_type
        if rng.random() < 0.8:
            payload["longitude"], payload["latitude"] = as_crs(
                jitter(spot.point, rng, 5, 30), "gcj02"
            )
            payload["coordinate_system"] = "gcj02"
        return payload

    @staticmethod
    def _env(kind: str, source: str, description: str, site: str) -> dict:
        return {
            "schema_version": 1,
            "alert_id": "",
            "kind": kind,
            "source": source,
            "description": description,
            "site": site,
        }

    def _env_patrol(self, inc, plan, words, rng, choice, slots, serial) -> dict:
        spot = inc.spot
        site = written(spot, "patrol", rng)
        voice_kind = inc.kind if inc.kind in PHRASES and "env_patrol" in PHRASES[inc.kind] else ""
        text = self._text(inc, "env_patrol", words, slots, site, "") if voice_kind else site
        payload = self._env(choice, "patrol", text, site)
        payload["alert_id"] = f"HBXC{plan.seen:%Y%m%d}{self.tag}{serial:05d}"
        payload["patrol_officer"] = (
            f"HB{spot.township[-3:]}-{_digest(spot.township, 'p') % 4 + 1:02d}"
        )
        crs = "gcj02" if rng.random() < 0.3 else "wgs84"
        payload["lng"], payload["lat"] = as_crs(jitter(spot.point, rng, 3, 15), crs)
        payload["crs"] = crs
        payload["detected_time"] = _local(_floor(plan.seen, 1))
        if inc.kind == "night_noise":
            payload.update(
                pollutant="Leq", reading=float(slots["leq"]), unit="dB(A)", threshold=50.0
            )
        return payload

    def _env_sensor(self, inc, plan, words, rng, choice, slots, serial) -> dict:
        spot = inc.spot
        srng = random.Random(f"sensor/{spot.address_id}/{inc.kind}")
        if inc.kind == "odour":
            pollutant, unit, threshold = srng.choice(
                (("臭气浓度", "无量纲", 20.0), ("H2S", "mg/m³", 0.06), ("NH3", "mg/m³", 1.5))
            )
            station = f"{spot.unit_name}厂界恶臭监测点"
            code = "OD"
        elif inc.kind == "sewage" or srng.random() < 0.6:
            pollutant, unit, threshold = srng.choice(
                (("COD", "mg/L", 50.0), ("NH3-N", "mg/L", 5.0), ("TP", "mg/L", 0.5))
            )
            station = f"{spot.unit_name}{srng.choice(('污水排口', '入河排污口', '排水口'))}"
            code = "WQ"
        else:
            pollutant, unit, threshold = srng.choice(
                (("PM2.5", "μg/m³", 75.0), ("PM10", "μg/m³", 150.0), ("SO2", "μg/m³", 150.0))
            )
            station = f"{spot.unit_name}空气微站"
            code = "AQ"
        ratio = round(rng.uniform(1.2, 4.5), 2)
        reading = round(threshold * ratio, 3 if threshold < 1 else 1)
        text = fill(
            words.choice(SENSOR_PATTERNS), rng, station=station, pollutant=pollutant,
            window=rng.choice(("小时均值", "实时值", "")), reading=reading, unit=unit,
            threshold=threshold, ratio=round(ratio - 1, 2), p=written(spot, "formal", rng),
            minutes=rng.choice((15, 30, 45, 60)),
        )  # fmt: skip
        lon, lat = jitter(spot.point, srng, 0, 3)
        return {
            "schema_version": 1,
            "alert_id": f"ZX{plan.seen:%Y%m%d%H%M}{self.tag}{serial:05d}",
            "kind": "threshold_alert",
            "source": "sensor",
            "sensor_id": f"371083-{code}-{_digest(spot.address_id) % 900 + 100}",
            "pollutant": pollutant,
            "reading": reading,
            "unit": unit,
            "threshold": threshold,
            "description": text,
            "site": station,
            "lng": round(lon, 6),
            "lat": round(lat, 6),
            "crs": "wgs84",
            "detected_time": _local(_floor(plan.seen, 1)),
        }

    def _env_hotline_12369(self, inc, plan, words, rng, choice, slots, serial) -> dict:
        assert plan.call is not None
        site = written(inc.spot, "operator", rng)
        t = self._time_words(plan.seen, plan.call, rng)
        text = self._text(inc, "env_hotline_12369", words, slots, site, t)
        payload = self._env(choice, "hotline", text, site)
        payload["alert_id"] = f"12369-{plan.call:%Y%m%d}{self.tag}{serial:05d}"
        payload["detected_time"] = _local(plan.call)
        return payload

    def _market_inspector(self, inc, plan, words, rng, choice, slots, serial) -> dict:
        spot = inc.spot
        place = written(spot, "market", rng)
        biz = slots["biz"] if inc.kind != "stall" else f"流动摊点（{self._person(words)}）"
        payload: dict[str, Any] = {
            "schema_version": 1,
            "case_ref": f"SJ{plan.seen:%Y%m%d}{self.tag}{serial:05d}",
            "violation": choice,
            "business_name": biz,
            "details": self._text(inc, "market_inspector", words, slots, place, ""),
            "premises_address": place,
            "inspector_no": f"SJ{spot.township[-3:]}{_digest(spot.township, 'm') % 20 + 1:03d}",
            "found_at": _local(_floor(plan.seen, 1)),
        }
        if inc.kind != "stall":
            payload["uscc"] = self._uscc(spot, biz)
            if inc.kind == "food_safety":
                payload["license_no"] = f"JY1371083{_digest(biz, spot.address_id) % 10**7:07d}"
        if rng.random() < 0.7:
            payload["gps"] = list(as_crs(jitter(spot.point, rng, 5, 20), "gcj02"))
        return payload

    def _hotline_12345(self, inc, plan, words, rng, choice, slots, serial) -> dict:
        assert plan.call is not None
        place = written(inc.spot, "operator", rng)
        t = self._time_words(plan.seen, plan.call, rng)
        payload: dict[str, Any] = {
            "schema_version": 1,
            "ticket_no": f"RS{plan.call:%Y%m%d}{self.tag}{serial:05d}",
            "ticket_type": rng.choice(("complaint", "complaint", "report", "request")),
            "call_time": _local(plan.call),
            "summary": self._text(inc, "hotline_12345", words, slots, place, t),
            "operator_category": choice,
            "address_spoken": place,
            "urgent": inc.kind in ("manhole", "fire_hazard", "wage_arrears") and rng.random() < 0.5,
            "operator_id": f"HW{rng.randint(1, 40):03d}",
            "reply_requested": rng.random() < 0.8,
        }
        if rng.random() < 0.85:
            payload["caller_phone"] = self._phone(rng)
        if rng.random() < 0.5:
            payload["caller_name"] = rng.choice(SURNAMES) + rng.choice(("先生", "女士"))
        if rng.random() < 0.1:
            payload["longitude"], payload["latitude"] = as_crs(
                jitter(inc.spot.point, rng, 20, 80), "gcj02"
            )
            payload["coordinate_system"] = "gcj02"
        return payload

    # ---- POST /reports bodies
    def _api(self, inc, plan, words, rng, choice, slots, item_id) -> dict:
        category = str(choice)
        grid = CATEGORIES[category].grid.value
        spot = inc.spot
        citizen = plan.voice == "api_citizen"
        place = written(spot, "citizen" if citizen else "worker", rng)
        t = self._time_words(plan.seen, plan.sent, rng) if citizen else ""
        body: dict[str, Any] = {
            "grid": grid,
            "category": category,
            "description": self._text(inc, plan.voice, words, slots, place, t),
            "address_text": place,
            "client_request_id": f"fd-{self.tag}-{item_id}",
        }
        if citizen:
            user = _digest(self.seed, inc.label, plan.text_seed) % 10**8
            body["reporter"] = {"id": f"app-{user:08d}", "role": "citizen"}
            if rng.random() < 0.5:
                body["reporter"]["phone"] = self._phone(rng)
            roll = rng.random()
            if roll < 0.45:
                crs = "gcj02" if roll < 0.33 else "bd09"
                lon, lat = as_crs(jitter(spot.point, rng, 15, 90), crs)
                body["location"] = {"lon": lon, "lat": lat, "crs": crs}
            elif roll < 0.6:
                lon, lat = as_crs(jitter(spot.point, rng, 5, 30), "gcj02")
                body["location"] = {"lon": lon, "lat": lat, "crs": "gcj02"}
            if rng.random() < 0.5:
                body["occurred_at"] = _local(_floor(plan.seen, rng.choice((1, 5, 10, 30))))
            if rng.random() < 0.3:
                body["title"] = KINDS[inc.kind].label
        else:
            worker = self._worker(grid, spot, rng)
            body["reporter"] = {"id": worker, "role": "grid_worker"}
            lon, lat = as_crs(jitter(spot.point, rng, 5, 25), "gcj02")
            if rng.random() < 0.9:
                body["location"] = {"lon": lon, "lat": lat, "crs": "gcj02"}
            if rng.random() < 0.9:
                body["occurred_at"] = _local(_floor(plan.seen, 1))
            body["title"] = f"{KINDS[inc.kind].label}（{spot.community_name}）"
        return body

    def _worker(self, grid: str, spot: Spot, rng: random.Random) -> str:
        local = self.places.workers_by_community.get((grid, spot.community))
        if local:
            return rng.choice(local).id
        return rng.choice(self.places.workers_by_grid[grid]).id

    @staticmethod
    def _phone(rng: random.Random) -> str:
        return "1" + rng.choice("3589") + "".join(rng.choices("0123456789", k=9))


def build_stream(seed: int, start: datetime) -> list[Item]:
    """The labelled reports of about ten days ending at ``start`` (aware), sorted by sent_at."""
    return _Generator(seed, start).run()


def incidents_of(items: list[Item]) -> dict[str, list[Item]]:
    grouped: dict[str, list[Item]] = {}
    for item in items:
        grouped.setdefault(item.incident, []).append(item)
    return grouped


def summary(items: list[Item]) -> dict[str, Any]:
    """Counts that describe a stream: what the README's tables show."""
    from collections import Counter

    groups = incidents_of(items)
    stories = Counter(group[0].story for group in groups.values())
    cross = sum(1 for group in groups.values() if len({i.grid for i in group}) > 1)
    api = [i for i in items if i.channel == "api"]
    return {
        "incidents": len(groups),
        "reports": len(items),
        "voices": dict(Counter(i.voice for i in items).most_common()),
        "kinds": dict(Counter(group[0].kind for group in groups.values()).most_common()),
        "stories": dict(stories),
        "dense_incidents": sum(1 for g in groups.values() if g[0].density == "dense"),
        "cross_grid_share": round(cross / len(groups), 3),
        "late_share": round(sum(i.late for i in items) / len(items), 3),
        "api_without_occurred_at": round(
            sum("occurred_at" not in i.payload for i in api) / max(1, len(api)), 3
        ),
    }
