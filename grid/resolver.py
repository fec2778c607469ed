"""Address resolution: report text and/or point -> standard address, grid cell, levels above.

Pure (no I/O). The order of the rules, which is the whole algorithm:

1. Normalise the text (grid/address.py).
2. Find every registry name in it at once (Aho-Corasick over all names and aliases), keep
   the longest leftmost non-overlapping matches.
3. Top-down inside the resolved parent: the township named in the text (or, when it is
   missing, the only township that has the road, village or compound named); the community;
   the addressing unit (road, village or compound) in that township; then the door, building
   and entrance numbers right after it, matched exactly.
4. A name the text spells wrongly is looked up fuzzily, only among the names inside the
   resolved parent, and only when no exact name was found. The score is the better of the
   character similarity and the similarity of the pinyin syllables (rapidfuzz over both, with
   pypinyin), because most typos made with a pinyin keyboard are homophones (东家村 -> 冬家村).
   Two names equally close are not guessed between.
5. An intersection (A与B路口) is placed where the two roads cross, moved by any offset
   phrase (东50米), then by point-in-polygon.
6. A point (GCJ-02 or BD-09 converted to WGS-84) is placed in a cell by point-in-polygon. With text
   too: the more specific answer wins, and a disagreement is reported, never hidden.
7. Nothing found, or a name that exists in several townships with nothing to choose: unplaced,
   with the reason. There is no default place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from contracts.common import CoordinateSystem
from contracts.placement import (
    PlaceLevelRef,
    Placement,
    PlacementMethod,
    PlacementStatus,
    Precision,
)
from contracts.report import GeoPoint
from grid.address import NormalisedAddress, normalise_address, strip_fillers
from grid.coords import distance_m, offset, to_wgs84
from grid.geometry import CellLocator, intersection_point
from grid.model import Address, Level, Registry, UnitKind
from grid.places import PlaceIndex

FUZZY_CUTOFF = 60.0  # one wrong character in a three-character name scores 66.7
FUZZY_MARGIN = 5.0  # the best guess must beat the second by this much
AGREE_WITHIN_M = 300.0  # text and point this close are taken to agree
LONGER_NAME_CUTOFF = 75.0  # stricter: an exact shorter name is already there

_NUMBERS = re.compile(
    r"(?:(\d+)号(?![楼院]))?(?:(\d+)号院)?(?:(\d+)(?:号楼|栋|幢|座|楼))?(?:(\d+)单元)?"
    r"(?:(\d+)(?:室|户|层))?"
)
_DIGIT = re.compile(r"\d")

_CRS_LABELS = {CoordinateSystem.GCJ02: "GCJ-02", CoordinateSystem.BD09: "BD-09"}

# Kinds of name in the automaton.
CITY, TOWNSHIP, COMMUNITY, UNIT = "city", "township", "community", "unit"


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    name: str
    entries: tuple[tuple[str, str], ...]  # (kind, code)


@dataclass(slots=True)
class _TextAnswer:
    precision: Precision | None = None
    address: Address | None = None
    cell: str | None = None
    community: str | None = None
    township: str | None = None
    confidence: float = 0.0
    method: PlacementMethod = PlacementMethod.TEXT
    point: tuple[float, float] | None = None  # where the text puts it, if it says exactly
    reasons: list[str] = field(default_factory=list)


class _Choices:
    """The names one fuzzy lookup chooses among, with their pinyin, ready for rapidfuzz."""

    def __init__(self, resolver: AddressResolver | None, items: list[tuple[str, str, str]]):
        self.entries: dict[str, tuple[tuple[str, str], ...]] = {}
        for name, kind, code in items:
            self.entries[name] = (*self.entries.get(name, ()), (kind, code))
        self.names = list(self.entries)
        syllables = resolver._syllables if resolver else {}
        self.pinyin = [" ".join(syllables[name]) for name in self.names]


class AddressResolver:
    def __init__(self, registry: Registry, places: PlaceIndex | None = None) -> None:
        self.places = places or PlaceIndex(registry)
        self.version = registry.version
        self.locator = CellLocator(registry.cells)
        names: dict[str, list[tuple[str, str]]] = {}

        def add(name: str, kind: str, code: str) -> None:
            # Under its own spelling and as report text is normalised (Ｇ２０４国道, 三户村).
            for spelling in {name.strip(), normalise_address(name).text}:
                if spelling and (kind, code) not in names.get(spelling, []):
                    names.setdefault(spelling, []).append((kind, code))

        for d in registry.divisions:
            kind = {Level.TOWNSHIP: TOWNSHIP, Level.COMMUNITY: COMMUNITY}.get(d.level, CITY)
            for name in (d.name, *d.aliases):
                add(name, kind, d.code)
        for u in registry.units:
            for name in (u.name, *u.aliases):
                add(name, UNIT, u.id)
        self._names = {name: tuple(entries) for name, entries in names.items()}
        self._automaton = ahocorasick.Automaton()
        for name in self._names:
            self._automaton.add_word(name, name)
        self._automaton.make_automaton()

        self._doors: dict[tuple[str, int | None, int | None, int | None], Address] = {
            (a.unit, a.number, a.building, a.entrance): a for a in registry.addresses
        }
        self._unit_township = {u.id: u.township for u in registry.units}
        # Fuzzy candidates: names inside each township (units and communities), and townships.
        self._scoped: dict[str | None, list[tuple[str, str, str]]] = {None: []}
        for name, entries in self._names.items():
            for kind, code in entries:
                if kind not in (UNIT, COMMUNITY):
                    continue
                township = self._township_for(kind, code)
                self._scoped.setdefault(township, []).append((name, kind, code))
                self._scoped[None].append((name, kind, code))
        self._syllables = {name: lazy_pinyin(name) for name in self._names}
        self._fuzzy_scopes = {
            township: _Choices(self, entries) for township, entries in self._scoped.items()
        }
        self._township_choices = _Choices(
            self,
            [
                (name, TOWNSHIP, code)
                for name, entries in self._names.items()
                for kind, code in entries
                if kind == TOWNSHIP
            ],
        )
        self._crossings: dict[tuple[str, str], tuple[float, float] | None] = {}
        # Levels and texts repeat across lookups: build each once (bounded by the registry).
        self._level_cache: dict[tuple[str | None, ...], list[PlaceLevelRef]] = {}
        self._text_cache: dict[str, str] = {}

    # -- the public entry point --------------------------------------------------------
    def resolve(
        self,
        text: str | None = None,
        lon: float | None = None,
        lat: float | None = None,
        crs: CoordinateSystem | str = CoordinateSystem.WGS84,
    ) -> Placement:
        point: tuple[float, float] | None = None
        point_cell: str | None = None
        reasons: list[str] = []
        if lon is not None and lat is not None:
            system = CoordinateSystem(crs)
            point = to_wgs84(lon, lat, system.value)
            if system is not CoordinateSystem.WGS84:
                reasons.append(f"point converted from {_CRS_LABELS[system]} to WGS-84")
            point_cell = self.locator.locate(*point)
            if point_cell is None:
                reasons.append("the point lies outside every grid cell")
        answer = self._resolve_text(normalise_address(text), point_cell) if text else None
        return self._combine(answer, point, point_cell, reasons)

    # -- text --------------------------------------------------------------------------
    def _scan(self, text: str) -> list[_Token]:
        found = [(end - len(name) + 1, end + 1, name) for end, name in self._automaton.iter(text)]
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        tokens: list[_Token] = []
        covered = 0
        for start, end, name in found:
            if start >= covered:
                tokens.append(_Token(start, end, name, self._names[name]))
                covered = end
        return tokens

    def _resolve_text(self, norm: NormalisedAddress, point_cell: str | None) -> _TextAnswer:
        text = norm.text
        answer = _TextAnswer(reasons=list(norm.notes))
        tokens = self._scan(text)
        point_township = self.places.township_of(point_cell) if point_cell else None

        townships = list(dict.fromkeys(c for t in tokens for k, c in t.entries if k == TOWNSHIP))
        township = townships[0] if townships else None
        if len(townships) > 1:
            names = "、".join(self.places.divisions[c].name for c in townships)
            answer.reasons.append(f"several townships named ({names}); took the first")
        # Units and communities, each with the townships they could be in.
        candidates = [  # (token, kind, code, township)
            (token, kind, code, self._township_for(kind, code))
            for token in tokens
            for kind, code in token.entries
            if kind in (UNIT, COMMUNITY)
        ]
        fuzzy_score = 100.0
        if township is None and not candidates:
            township, fuzzy_score = self._fuzzy_township(text, tokens, answer)
        if not any(c[1] == UNIT and (township is None or c[3] == township) for c in candidates):
            # Names found only outside the township named are likely parts of a misspelt
            # name (尚肖家村 holds 肖家村 of another township): look at them again.
            # So are township names found again after the first (诸往镇冬诸往村: the second
            # 诸往 is part of a misspelt 东诸往村).
            first_township = next((t for t in tokens if _is(t, TOWNSHIP)), None)
            kept = [
                t
                for t in tokens
                if _is(t, CITY)
                or t is first_township
                or any(
                    k in (UNIT, COMMUNITY) and self._township_for(k, c) == township
                    for k, c in t.entries
                )
            ]
            guessed, score = self._fuzzy_name(text, kept, township, answer)
            candidates += guessed
            fuzzy_score = min(fuzzy_score, score)
        if township is None:
            township = self._infer_township(candidates, point_township, answer)
            if township is None:
                return answer
        answer.township = township
        scoped = [c for c in candidates if c[3] == township]
        if len(scoped) < len(candidates) and not scoped:
            answer.reasons.append("the names given are not in the township named")

        communities = [c for c in scoped if c[1] == COMMUNITY]
        if communities:
            answer.community = communities[-1][2]
        units = [c for c in scoped if c[1] == UNIT]
        base = 0.98 if townships else 0.95
        base *= 0.5 + 0.5 * fuzzy_score / 100.0
        if norm.intersection and self._place_intersection(units, norm, answer, base):
            return answer
        if units:
            followed = [u for u in units if _DIGIT.match(text, u[0].end)]
            unit_token = (followed or units)[-1][0]
            same_name = [u[2] for u in units if u[0] is unit_token]
            longer = self._longer_name(text, tokens, unit_token, township, answer)
            if longer is not None:
                same_name, base = longer[0], base * (0.5 + 0.5 * longer[1] / 100.0)
            unit_id = self._one_unit(same_name, point_cell, answer)
            if unit_id is None:
                answer.township = None
                return answer
            if self._place_door(unit_id, text, unit_token.end, answer, base):
                return answer
        if answer.community:
            answer.precision = Precision.COMMUNITY
            answer.confidence = round(base * 0.6, 3)
            answer.reasons.append("placed to the community only")
        else:
            answer.precision = Precision.TOWNSHIP
            answer.confidence = round(base * 0.4, 3)
            answer.reasons.append("placed to the township only")
        return answer

    def _infer_township(
        self,
        candidates: list[tuple[_Token, str, str, str]],
        point_township: str | None,
        answer: _TextAnswer,
    ) -> str | None:
        if not candidates:
            answer.reasons.append("no place name of the registry found in the text")
            return None
        possible = set(c[3] for c in candidates)
        # Every name given must fit: intersect the townships each token allows.
        for token in {c[0] for c in candidates}:
            allowed = {c[3] for c in candidates if c[0] is token}
            if possible & allowed:
                possible &= allowed
        if len(possible) > 1 and point_township in possible:
            possible = {point_township}
            answer.reasons.append("township chosen by the point among several with that name")
        if len(possible) == 1:
            township = possible.pop()
            answer.reasons.append(f"township inferred: {self.places.divisions[township].name}")
            return township
        names = "、".join(sorted(self.places.divisions[c].name for c in possible))
        answer.reasons.append(f"ambiguous: the name given exists in {names}")
        return None

    def _longer_name(
        self, text: str, tokens: list[_Token], token: _Token, township: str, answer: _TextAnswer
    ) -> tuple[list[str], float] | None:
        """A name right after one or two unmatched characters may be the tail of a misspelt
        longer name (关上冯家村 holds 冯家村, but means 观上冯家村): if such a longer name in the
        township is close to the whole, it wins."""
        before = max((t.end for t in tokens if t.end <= token.start), default=0)
        prefix = text[max(before, token.start - 2) : token.start]
        if not prefix or not all("\u4e00" <= ch <= "\u9fff" for ch in prefix):
            return None
        query = prefix + token.name
        found = self._best(query, self._fuzzy_scopes.get(township, _EMPTY))
        if found is None or found[0] == token.name or len(found[0]) != len(query):
            return None
        name, score = found
        if score < LONGER_NAME_CUTOFF:
            return None
        units = [c for k, c in self._names[name] if k == UNIT]
        if not units:
            return None
        answer.reasons.append(f"{query!r} read as {name!r} (similarity {score:.0f})")
        return units, score

    def _one_unit(
        self, unit_ids: list[str], point_cell: str | None, answer: _TextAnswer
    ) -> str | None:
        """One of several same-named units in a township (乳山 has two 桃村 in 白沙滩镇)."""
        if len(unit_ids) == 1:
            return unit_ids[0]
        if point_cell is not None:
            point_chain = self.places.area_chain(point_cell)
            inside = [u for u in unit_ids if self.places.units[u].community in point_chain]
            if len(inside) == 1:
                answer.reasons.append("one of several same-named places chosen by the point")
                return inside[0]
        name = self.places.units[unit_ids[0]].name
        answer.reasons.append(f"ambiguous: {len(unit_ids)} places named {name} in the township")
        return None

    def _place_door(
        self, unit_id: str, text: str, at: int, answer: _TextAnswer, base: float
    ) -> bool:
        unit = self.places.units[unit_id]
        if unit.community:
            answer.community = unit.community
        match = _NUMBERS.match(text, at)
        number_text = match.group(1) or match.group(2) if match else None
        number = int(number_text) if number_text else None
        building = int(match.group(3)) if match and match.group(3) else None
        entrance = int(match.group(4)) if match and match.group(4) else None
        if match and match.group(5):
            answer.reasons.append("room number ignored: rooms are below the standard address")
        if number is None and building is None:
            return False
        for key in (
            (unit_id, number, building, entrance),
            (unit_id, number, building, None),
            (unit_id, number, None, None),
        ):
            found = self._doors.get(key)
            if found is not None:
                if key[1:] != (number, building, entrance):
                    answer.reasons.append("building or entrance not in the registry; door used")
                self._set_address(answer, found, base)
                return True
        door = f"{number}号" if number is not None else f"{building}号楼"
        answer.reasons.append(f"{door} is not a registered door of {unit.name}")
        return False

    def _set_address(self, answer: _TextAnswer, address: Address, confidence: float) -> None:
        answer.precision = Precision.ADDRESS
        answer.address = address
        answer.cell = address.cell
        answer.community = self.places.cells[address.cell].community
        answer.point = (address.lon, address.lat)
        answer.confidence = round(confidence, 3)

    def _place_intersection(
        self,
        units: list[tuple[_Token, str, str, str]],
        norm: NormalisedAddress,
        answer: _TextAnswer,
        base: float,
    ) -> bool:
        roads = [code for _, _, code, _ in units if self.places.units[code].kind is UnitKind.ROAD]
        roads = list(dict.fromkeys(roads))
        if len(roads) < 2:
            answer.reasons.append("intersection named, but not two known roads")
            return False
        pair = (roads[0], roads[1])
        if pair not in self._crossings:
            first, second = (self.places.units[code] for code in pair)
            self._crossings[pair] = intersection_point(first.line, second.line)
        crossing = self._crossings[pair]
        if crossing is None:
            answer.reasons.append("the two roads named do not cross")
            return False
        point = offset(*crossing, norm.offset_east_m, norm.offset_north_m)
        cell = self.locator.locate(*point)
        if cell is None:
            answer.reasons.append("the intersection lies outside every grid cell")
            return False
        answer.precision = Precision.CELL
        answer.cell = cell
        answer.community = self.places.cells[cell].community
        answer.point = point
        answer.method = PlacementMethod.INTERSECTION
        answer.confidence = round(base * 0.9, 3)
        return True

    # -- fuzzy fallbacks ---------------------------------------------------------------
    @staticmethod
    def _gaps(text: str, tokens: list[_Token]) -> list[tuple[str, bool]]:
        """Stretches of text no name matched, cut before their first digit, and whether a
        number follows (a misspelt road or village is followed by its door number)."""
        gaps, cursor = [], 0
        for token in [*tokens, _Token(len(text), len(text), "", ())]:
            if token.start > cursor:
                stretch = text[cursor : token.start]
                digit = _DIGIT.search(stretch)
                numbered = digit is not None or _DIGIT.match(text, token.start) is not None
                stretch = strip_fillers(stretch[: digit.start()] if digit else stretch)
                if len(stretch) >= 2:
                    gaps.append((stretch, numbered))
            cursor = max(cursor, token.end)
        return gaps

    def _best(self, query: str, choices: _Choices) -> tuple[str, float] | None:
        """The one registry name closest to ``query``, or None when none is close or two tie."""
        if not choices.names:
            return None
        syllables = _pinyin(query)
        # Shortlist in C (characters, and pinyin letters), then score syllables exactly.
        shortlist = {
            choices.names[i]
            for _, _, i in process.extract(query, choices.names, scorer=fuzz.ratio, limit=5)
        }
        shortlist.update(
            choices.names[i]
            for _, _, i in process.extract(
                " ".join(syllables), choices.pinyin, scorer=fuzz.ratio, limit=5
            )
        )
        ranked = sorted(
            (
                max(fuzz.ratio(query, name), fuzz.ratio(syllables, self._syllables[name]) * 0.95),
                name,
            )
            for name in shortlist
        )
        best_score, best_name = ranked[-1]
        if best_score < FUZZY_CUTOFF:
            return None
        if len(ranked) > 1 and best_score - ranked[-2][0] < FUZZY_MARGIN:
            return None
        return best_name, best_score

    def _fuzzy_township(
        self, text: str, tokens: list[_Token], answer: _TextAnswer
    ) -> tuple[str | None, float]:
        for gap, _ in self._gaps(text, tokens)[:1]:
            # A township name leads an address; try the first few characters of the text.
            for size in (4, 3):
                found = self._best(gap[:size], self._township_choices)
                if found:
                    name, score = found
                    code = next(c for k, c in self._names[name] if k == TOWNSHIP)
                    answer.reasons.append(f"{gap[:size]!r} read as township {name!r} ({score:.0f})")
                    return code, score
        return None, 100.0

    def _fuzzy_name(
        self, text: str, tokens: list[_Token], township: str | None, answer: _TextAnswer
    ) -> tuple[list[tuple[_Token, str, str, str]], float]:
        choices = self._fuzzy_scopes.get(township, _EMPTY)
        for gap, numbered in reversed(self._gaps(text, tokens)):
            if township is None and not numbered:
                # Without a township or a door number, a misspelt word is too little to go
                # on: looking it up county-wide would place chatter ("路边") somewhere.
                continue
            found = self._best(gap, choices)
            if found is None:
                continue
            name, score = found
            start = text.find(gap)
            entries = choices.entries[name]
            token = _Token(start, start + len(gap), name, entries)
            answer.reasons.append(f"{gap!r} read as {name!r} (similarity {score:.0f})")
            return [
                (token, kind, code, self._township_for(kind, code)) for kind, code in entries
            ], score
        unknown = [g for g, _ in self._gaps(text, tokens)]
        if unknown:
            where = self.places.divisions[township].name if township else "the registry"
            answer.reasons.append(f"no name in {where} is close enough to {'、'.join(unknown)}")
        return [], 100.0

    def _township_for(self, kind: str, code: str) -> str:
        if kind == UNIT:
            return self._unit_township[code]
        return self.places.township_of(code) or ""

    # -- text and point together -------------------------------------------------------
    def _combine(
        self,
        text: _TextAnswer | None,
        point: tuple[float, float] | None,
        point_cell: str | None,
        reasons: list[str],
    ) -> Placement:
        disagreement = None
        if text is not None:
            reasons = text.reasons + reasons
        has_text = text is not None and text.precision is not None
        if has_text and point_cell is not None:
            assert text is not None
            if text.cell is not None:
                method = (
                    PlacementMethod.TEXT_AND_POINT
                    if text.method is PlacementMethod.TEXT
                    else text.method
                )
                if text.cell == point_cell:
                    return self._placement(text, method, min(0.99, text.confidence + 0.02),
                                           reasons, point)  # fmt: skip
                gap = distance_m(text.point, point) if text.point and point else 0.0
                if gap <= AGREE_WITHIN_M:
                    reasons.append(f"the point is {gap:.0f} m away, in a neighbouring cell")
                    return self._placement(text, method, text.confidence, reasons, point)
                disagreement = (
                    f"the text places it in {self.places.cells[text.cell].name}, the point in "
                    f"{self.places.cells[point_cell].name}, {gap:.0f} m apart"
                )
                return self._placement(text, text.method, text.confidence * 0.8, reasons,
                                       point, disagreement)  # fmt: skip
            area = text.community or text.township or ""
            if area in self.places.area_chain(point_cell):
                text.precision, text.cell = Precision.CELL, point_cell
                text.community = self.places.cells[point_cell].community
                reasons.append("cell chosen by the point inside the place the text names")
                return self._placement(text, PlacementMethod.TEXT_AND_POINT,
                                       max(text.confidence, 0.9), reasons, point)  # fmt: skip
            disagreement = (
                f"the text names {self.places.divisions[area].name}, the point is in "
                f"{self.places.cells[point_cell].name}"
            )
            return self._placement(text, text.method, text.confidence * 0.8, reasons, point,
                                   disagreement)  # fmt: skip
        if has_text:
            assert text is not None
            return self._placement(text, text.method, text.confidence, reasons, point)
        if point_cell is not None:
            answer = _TextAnswer(
                precision=Precision.CELL,
                cell=point_cell,
                community=self.places.cells[point_cell].community,
                township=self.places.township_of(point_cell),
            )
            if text is not None:
                reasons.append("placed by the point alone")
            return self._placement(answer, PlacementMethod.POINT, 0.9, reasons, point)
        return Placement(
            status=PlacementStatus.UNPLACED,
            confidence=0.0,
            method=PlacementMethod.NONE,
            reasons=reasons or ["neither text nor point given"],
            point=_geo(point),
            registry_version=self.version,
        )

    def _placement(
        self,
        answer: _TextAnswer,
        method: PlacementMethod,
        confidence: float,
        reasons: list[str],
        point: tuple[float, float] | None,
        disagreement: str | None = None,
    ) -> Placement:
        precision = answer.precision
        placed = precision in (Precision.ADDRESS, Precision.CELL)
        levels = self._levels(answer.cell, answer.community, answer.township)
        return Placement(
            status=PlacementStatus.PLACED if placed else PlacementStatus.PARTIAL,
            precision=precision,
            address_id=answer.address.id if answer.address else None,
            address=self._address_text(answer.address) if answer.address else None,
            cell=answer.cell,
            nearby_cells=[answer.cell, *self.locator.neighbours(answer.cell)]
            if answer.cell
            else [],
            community=answer.community,
            township=answer.township or self.places.township_of(answer.community or ""),
            levels=levels,
            confidence=round(confidence, 3),
            method=method,
            reasons=reasons,
            disagreement=disagreement,
            point=_geo(point),
            registry_version=self.version,
        )

    def _levels(
        self, cell: str | None, community: str | None, township: str | None
    ) -> list[PlaceLevelRef]:
        key = (cell, community, township)
        levels = self._level_cache.get(key)
        if levels is None:
            levels = [
                PlaceLevelRef(level=lv.level, code=lv.code, name=lv.name)
                for lv in self.places.levels(cell=cell, community=community, township=township)
            ]
            self._level_cache[key] = levels
        return list(levels)

    def _address_text(self, address: Address) -> str:
        text = self._text_cache.get(address.id)
        if text is None:
            text = self._text_cache[address.id] = self.places.address_text(address)
        return text


_EMPTY = _Choices(None, [])


def _is(token: _Token, kind: str) -> bool:
    return any(k == kind for k, _ in token.entries)


@lru_cache(maxsize=8192)
def _pinyin(text: str) -> list[str]:
    return lazy_pinyin(text)


def _geo(point: tuple[float, float] | None) -> GeoPoint | None:
    if point is None:
        return None
    return GeoPoint(lon=round(point[0], 7), lat=round(point[1], 7))
