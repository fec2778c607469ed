"""Labelled de-duplication scenarios: clusters of reports of one incident from different grids,
with realistic noise in text, place and time, and look-alikes that must NOT merge (another door
on the same street, the same place days later, another category family at the same spot).

Deterministic for a seed. The benchmark (bench/dedupe.py) and the tests measure pairwise
precision and recall on it.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from contracts.common import GridCode
from contracts.report import Channel, GeoPoint, IncidentReport, Reporter, ReportSource
from dispatch.identity import report_id_for
from grid.categories import FAMILIES
from grid.coords import offset, wgs84_to_gcj02
from grid.model import Address, Registry
from grid.noise import NoiseKind, NoisyAddresses, full_width, with_short_names

# Families with members in several grids, and what people write about them.
TEXTS: dict[str, tuple[str, ...]] = {
    "water_pollution": (
        "河道排污口有黑色污水排出",
        "污水井冒溢，路面污水横流",
        "排水沟有污水外溢有异味",
    ),
    "waste": ("路边倾倒建筑垃圾", "路边暴露垃圾未清运", "空地堆放大量生活垃圾"),
    "street_trading": ("店外占道经营", "未办理营业执照擅自经营", "流动摊贩占道摆摊"),
    "road_hazard": ("路面坑洼破损", "雨水井盖移位", "井盖缺失有安全隐患"),
    "noise": ("工地夜间施工噪声扰民",),
    "food": ("售卖过期食品，后厨卫生不达标",),
}
NOISE = (NoiseKind.CLEAN, NoiseKind.ALIASES, NoiseKind.MISSING_LEVELS, NoiseKind.FULL_WIDTH)
START = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Labelled:
    report: IncidentReport
    incident: int  # reports with the same number are one incident
    kind: str  # "cluster", "other_door", "days_later", "other_family"


class ScenarioGenerator:
    def __init__(self, registry: Registry, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.noisy = NoisyAddresses(registry, seed=seed)
        self.doors: dict[str, list[Address]] = {}
        for address in self.noisy.addresses:
            if address.number is not None and address.building is None:
                self.doors.setdefault(address.unit, []).append(address)
        self.units = [unit for unit, doors in self.doors.items() if len(doors) > 12]
        self.seq = itertools.count(1)

    def _text_of(self, address: Address) -> str:
        parts = self.noisy.parts(address)
        kind = self.rng.choice(NOISE)
        if kind is NoiseKind.ALIASES:
            parts = with_short_names(parts)
        if kind is NoiseKind.MISSING_LEVELS:
            parts["county"] = ""
        parts["province"] = parts["prefecture"] = ""
        text = NoisyAddresses.join(parts)
        return full_width(text) if kind is NoiseKind.FULL_WIDTH else text

    def report(
        self, family: str, address: Address, at: datetime, text: str | None = None
    ) -> IncidentReport:
        category = self.rng.choice(FAMILIES[family])
        grid = GridCode(category.split(".")[0])
        source_id = f"scenario-{next(self.seq)}"
        with_point = self.rng.random() < 0.7
        location = None
        if with_point:
            lon, lat = offset(address.lon, address.lat, *(self.rng.uniform(-25, 25) for _ in "xy"))
            crs = self.rng.choice(("wgs84", "gcj02"))
            if crs == "gcj02":
                lon, lat = wgs84_to_gcj02(lon, lat)
            location = GeoPoint(lon=round(lon, 7), lat=round(lat, 7), crs=crs)
        return IncidentReport(
            report_id=report_id_for(grid.value, source_id),
            source=ReportSource(grid=grid, channel=Channel.GRID_SYSTEM, source_event_id=source_id),
            category=category,
            title=category,
            description=text or self.rng.choice(TEXTS[family]),
            address_text=self._text_of(address),
            location=location,
            reporter=Reporter(id=f"R{self.rng.randint(1, 999)}", role="grid_worker"),
            occurred_at=at,
            reported_at=at,
        )

    def generate(self, incidents: int) -> Iterator[Labelled]:
        """``incidents`` incidents; about a third come with a look-alike that must stay apart."""
        families = list(TEXTS)
        for number in range(incidents):
            family = self.rng.choice(families)
            unit = self.rng.choice(self.units)
            doors = sorted(self.doors[unit], key=lambda a: a.number or 0)
            index = self.rng.randrange(4, len(doors) - 4)
            address = doors[index]
            at = START + timedelta(hours=self.rng.uniform(0, 24 * 14))
            for _ in range(self.rng.choice((1, 2, 2, 3, 3, 4))):
                moment = at + timedelta(minutes=self.rng.uniform(0, 240))
                yield Labelled(self.report(family, address, moment), number, "cluster")
            lookalike = self.rng.random()
            twin = incidents + number  # a different incident number
            if lookalike < 0.12:
                other = doors[index + self.rng.choice((-4, -3, 3, 4))]  # 3-4 doors away
                moment = at + timedelta(minutes=self.rng.uniform(0, 240))
                yield Labelled(self.report(family, other, moment), twin, "other_door")
            elif lookalike < 0.24:
                moment = at + timedelta(days=self.rng.uniform(3, 10))
                yield Labelled(self.report(family, address, moment), twin, "days_later")
            elif lookalike < 0.36:
                other_family = self.rng.choice([f for f in families if f != family])
                moment = at + timedelta(minutes=self.rng.uniform(0, 240))
                yield Labelled(self.report(other_family, address, moment), twin, "other_family")


def pairwise_scores(
    truth: dict[str, int], predicted: dict[str, str]
) -> tuple[float, float, float, int, int]:
    """Pairwise precision, recall and F1 of predicted cases against true incidents, with the
    numbers of true and predicted same-incident pairs."""

    def pairs(groups: dict[str, object]) -> set[tuple[str, str]]:
        by_group: dict[object, list[str]] = {}
        for item, group in groups.items():
            by_group.setdefault(group, []).append(item)
        return {
            (a, b)
            for members in by_group.values()
            for a, b in itertools.combinations(sorted(members), 2)
        }

    true_pairs, predicted_pairs = pairs(dict(truth)), pairs(dict(predicted))
    hits = len(true_pairs & predicted_pairs)
    precision = hits / len(predicted_pairs) if predicted_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(true_pairs), len(predicted_pairs)
