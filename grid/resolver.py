"""Address resolution: report text and/or point -> standard address, grid cell, levels above.

Pure (no I/O). The order of the rules, which is the whole algorithm:

1. Normalise the text (grid/address.py). Text in pinyin or English (huanghe lu 12 hao,
   No.12 Huanghe Rd) is read into the registry's Chinese names (grid/romanised.py).
2. Find every registry name in it at once (Aho-Corasick over all names and aliases), keep
   the longest leftmost non-overlapping matches. Names of other counties and cities
   (grid/outside.py) are found too: an address in 文登区 is not placed in 乳山.
3. The name that carries the door number: the road, village or compound right before the
   number, or right after a number written first (12号黄河路); a road, village or compound
   written without its suffix right before a number (永安52号, 南台子12号, 静园3号楼) when its
   stem names exactly one unit of the township; a community holding exactly one compound or
   village (静园社区3号楼). A village named beside a road only says where on the road.
4. The township: the one named; else the township of the name that carries the number (or
   the last name), which every other name must fit. A name that does not fit is reported
   and the answer is never confident. A road or village named whole, but in another
   township than the one named, is not guessed into the named township; when it is the
   county's only one of that name and a door number follows, the township written is the
   slip: placed there, never confidently. Otherwise a person decides.
5. A name the text spells wrongly is looked up fuzzily, only among the names inside the
   resolved parent: when no exact name was found, or when a number follows a stretch no name
   matched. The score mixes the character similarity and the similarity of the pinyin
   syllables (rapidfuzz, with pypinyin), because most typos made with a pinyin keyboard are
   homophones (东家村 -> 冬家村); a stretch with no number must end like the kind of name it
   becomes (村, 路, 小区 ...). Two names equally close are not guessed between.
6. Numbers are read by what the unit numbers: a road or village numbers doors (金岭路5号楼下
   is door 5), a compound numbers buildings and entrances (3号2单元 is building 3, entrance 2;
   1-3 is building 1, entrance 3). Rooms and floors are below the standard address.
7. An intersection (two roads with a crossing word, or two roads side by side and no number:
   黄河路兴业街路口, 黄河路/兴业街) is placed where the two roads cross, moved by any offset
   phrase (东50米, 西北角), then by point-in-polygon. Roads of two townships do not cross: said so.
8. A point (GCJ-02 or BD-09 converted to WGS-84) is placed in a cell by point-in-polygon. With text
   too: the more specific answer wins, and a disagreement is reported, never hidden.
9. Nothing found, or a name that exists in several townships with nothing to choose: unplaced,
   with the reason. There is no default place.

Deterministic: every choice is made in the order of the text and of the registry; no set or
dict whose order depends on the process (PYTHONHASHSEED) is iterated, so every worker places
a report the same way.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import ahocorasick
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

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
from grid.model import Address, AddressUnit, Level, Registry, UnitKind
from grid.outside import load_other_places, outside_names
from grid.places import PlaceIndex
from grid.romanised import LATIN, Romaniser

FUZZY_CUTOFF = 60.0  # one wrong character in a three-character name scores 66.7
FUZZY_MARGIN = 5.0  # the best guess must beat the second by this much
AGREE_WITHIN_M = 300.0  # text and point this close are taken to agree
LONGER_NAME_CUTOFF = 75.0  # stricter: an exact shorter name is already there
# An answer resting on a guess or a contradiction stays below the confidence at which a
# case is dispatched without a person (dispatch: 0.9).
UNSURE_CONFIDENCE = 0.85
STEM_FACTOR = 0.97  # a name written without its suffix (永安 for 永安街)
# 12号对面 / 旁边: the doors it can mean, this many numbers either way (odd and even numbers
# face each other across a road).
BESIDE_DOORS = 4

# Numbers right after a name: 3号楼2单元501室, 12号, 3号2单元, 5栋, 12 (no 号).
_NUMBER_WORD = "(?:的|第)?(\\d+)(号楼|号院|号|栋|幢|座|单元|室|户|层|楼|门)?"
_NUMBER_PART = re.compile(_NUMBER_WORD)
_NUMBER_RUN = re.compile(f"(?:{_NUMBER_WORD})+")
_NUMBER_BEFORE = re.compile(r"(\d+)号$")  # 12号黄河路: the number written first
# A road's section or side between its name and the door (黄河路东段12号, 黄河路北侧12号).
_SECTION = "(?:[东西南北中]段|[东西南北]侧|[路街][东西南北])?"
# What follows another county's name when the text places something there: its township,
# a road, a village, a compound, a district or a number.
_PLACE_FOLLOWS = re.compile(
    r"[.…\s]*(?:[\u4e00-\u9fff]{0,6}?(?:镇|街道|乡|路|街|巷|村|庄|屯|小区|花园|社区|区|县|市)"
    r"|[\d一二三四五六七八九十])"
    # or it ends the address written smallest first (…小观镇, 文登区; …（环翠区）), or it is
    # what the place is said to belong to instead of 乳山 (荣成的，不是乳山的)
    r"|[\s,，.。)）]*$|的[，,\s]*不是"
)
_NUMBERED = re.compile(f"{_SECTION}(?:的|第)?\\d")
_SECTION_WORD = re.compile(_SECTION)
_DIGIT = re.compile(r"\d")
_BUILDING_WORDS = ("号楼", "栋", "幢", "座", "楼")
_DOOR_WORDS = ("号", "号院", "", *_BUILDING_WORDS)
_ENTRANCE_WORDS = ("单元", "门", "")
_BUILDING_OR_BARE = (*_BUILDING_WORDS, "号", "")
_ROOM_WORDS = ("室", "户")
_STEM_SUFFIXES = {
    UnitKind.ROAD: ("大道", "大街", "路", "街", "道", "巷"),
    UnitKind.VILLAGE: ("村",),
    UnitKind.COMPOUND: ("小区", "花园", "家园", "公寓"),
}
# What a name ends with says what it is: a misspelt stretch must end like what it becomes.
_NAME_ENDINGS = (
    ("社区", "community"), ("小区", "compound"), ("花园", "compound"), ("家园", "compound"),
    ("公寓", "compound"), ("大道", "road"), ("村", "village"), ("路", "road"), ("街", "road"),
    ("巷", "road"),
)  # fmt: skip
_CROSSING_JOINERS = "与和跟同及交"
_PLACE_ENDINGS = ("village", "community", "compound")  # names a misspelt word may stand for
# A grid cell named by its number in a community or village (利群社区第3网格, 北庄村1网格).
_GRID_CELL = re.compile(r"第?(\d{1,2})号?网格(?!员)")
_CELL_NUMBER = re.compile(r"第(\d+)网格$")
# Numbers written first in English word order, read from Latin letters (71 Binhe Lu,
# Bldg 6 Unit 2 Jinfeng Garden): moved after the first name that numbers them.
_ROMANISED_NUMBERS_FIRST = re.compile(
    r"^((?:\d+(?:号楼|号|单元|室|栋|楼|户|层)?)+)(\D+?(?:大街|大道|路|街|巷|村|小区|花园|家园|公寓))"
)
_ROAD_SUFFIXES = ("大街", "大道", "路", "街", "巷", "道")
MAX_STEM = 8

_CRS_LABELS = {CoordinateSystem.GCJ02: "GCJ-02", CoordinateSystem.BD09: "BD-09"}

# Kinds of name in the automaton.
CITY, TOWNSHIP, COMMUNITY, UNIT, OUTSIDE = "city", "township", "community", "unit", "outside"
_UNIT = frozenset((UNIT,))
_OUTSIDE = frozenset((OUTSIDE,))
_PLACES = frozenset((UNIT, COMMUNITY))
_DIGITS = re.compile(r"\d+")
# A number and its word right before another number: they belong together (3号楼2单元), and
# no name ends there (but 青石楼12号 is 青石楼村's door 12).
_AFTER_A_NUMBER = re.compile(r"\d(?:号楼|号院|号|栋|幢|座|单元|室|户|层|楼|门)?(?:的|第)?$")


@dataclass(slots=True, eq=False)
class _Token:
    start: int
    end: int
    name: str
    entries: tuple[tuple[str, str], ...]  # (kind, code)
    stem: bool = False  # the name was written without its suffix (永安 for 永安街)
    kinds: frozenset[str] = frozenset()
    swapped: bool = False  # ... or with another road suffix (黄河街 for 黄河路)


@dataclass(slots=True, eq=False)
class _Candidate:
    token: _Token
    kind: str
    code: str
    township: str
    numbered: bool  # a number follows the name


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
    unsure: bool = False  # a contradiction or a guess: never confident

    def confident_at_most(self, confidence: float) -> float:
        return round(min(confidence, UNSURE_CONFIDENCE) if self.unsure else confidence, 3)


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
    def __init__(
        self,
        registry: Registry,
        places: PlaceIndex | None = None,
        other_places: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        self.places = places or PlaceIndex(registry)
        self.version = registry.version
        self.locator = CellLocator(registry.cells)
        names: dict[str, list[tuple[str, str]]] = {}

        def add(name: str, kind: str, code: str) -> None:
            # Under its own spelling and as report text is normalised (Ｇ２０４国道, 三户村).
            for spelling in dict.fromkeys((name.strip(), normalise_address(name).text)):
                if spelling and (kind, code) not in names.get(spelling, []):
                    names.setdefault(spelling, []).append((kind, code))

        for d in registry.divisions:
            kind = {Level.TOWNSHIP: TOWNSHIP, Level.COMMUNITY: COMMUNITY}.get(d.level, CITY)
            for name in (d.name, *d.aliases):
                add(name, kind, d.code)
        for u in registry.units:
            for name in (u.name, *u.aliases):
                add(name, UNIT, u.id)
        # Stems: a unit's name without its suffix, looked up only right before a number.
        stems: dict[str, list[tuple[str, str]]] = {}
        for u in registry.units:
            stem = _stem_of(u)
            if stem and stem not in names and (UNIT, u.id) not in stems.get(stem, []):
                stems.setdefault(stem, []).append((UNIT, u.id))
        self._stems = {stem: tuple(entries) for stem, entries in stems.items()}
        road_ids = {u.id for u in registry.units if u.kind is UnitKind.ROAD}
        self._road_stems = {
            stem: roads
            for stem, entries in self._stems.items()
            if (roads := tuple(e for e in entries if e[1] in road_ids))
        }
        self._cell_numbered: dict[tuple[str, int], str] = {}
        for cell in registry.cells:
            numbered = _CELL_NUMBER.search(cell.name)
            if numbered:
                self._cell_numbered[(cell.community, int(numbered.group(1)))] = cell.code
        self._county_name = next(
            (d.name for d in registry.divisions if d.level is Level.COUNTY), "the registry"
        )
        outside = outside_names(
            registry, load_other_places() if other_places is None else other_places, stems
        )
        for name, code in outside.items():
            if name not in names:
                names[name] = [(OUTSIDE, code)]
        self._names = {name: tuple(entries) for name, entries in names.items()}
        self._kinds = {name: frozenset(k for k, _ in e) for name, e in self._names.items()}
        self._automaton = ahocorasick.Automaton()
        for name in self._names:
            self._automaton.add_word(name, name)
        self._automaton.make_automaton()
        self._romaniser = Romaniser(
            [n for n, kinds in self._kinds.items() if kinds != _OUTSIDE] + list(self._stems)
        )

        self._doors: dict[tuple[str, int | None, int | None, int | None], Address] = {
            (a.unit, a.number, a.building, a.entrance): a for a in registry.addresses
        }
        # What each unit numbers: doors, buildings, entrances.
        numbers, buildings, entrances = set(), set(), set()
        for a in registry.addresses:
            if a.number is not None:
                numbers.add(a.unit)
            if a.building is not None:
                buildings.add(a.unit)
            if a.entrance is not None:
                entrances.add(a.unit)
        self._shape = {
            u.id: (u.id in numbers, u.id in buildings, u.id in entrances) for u in registry.units
        }
        self._unit_township = {u.id: u.township for u in registry.units}
        self._community_units: dict[str, list[str]] = {}
        for u in registry.units:
            if u.community:
                self._community_units.setdefault(u.community, []).append(u.id)
        # Fuzzy candidates: names inside each township (units and communities), and townships.
        self._scoped: dict[str | None, list[tuple[str, str, str]]] = {None: []}
        for name, entries in self._names.items():
            for kind, code in entries:
                if kind not in (UNIT, COMMUNITY):
                    continue
                township = self._township_for(kind, code)
                self._scoped.setdefault(township, []).append((name, kind, code))
                self._scoped[None].append((name, kind, code))
        self._syllables = {
            name: lazy_pinyin(name) for name, kinds in self._kinds.items() if kinds != _OUTSIDE
        }
        # Per township (None: the county), all names, and the names of each ending.
        self._fuzzy_scopes: dict[tuple[str | None, str | None], _Choices] = {}
        for township, entries in self._scoped.items():
            self._fuzzy_scopes[(township, None)] = _Choices(self, entries)
            endings = dict.fromkeys(_ending(name) for name, _, _ in entries)
            for ending in endings:
                if ending is not None:
                    chosen = [e for e in entries if _ending(e[0]) == ending]
                    self._fuzzy_scopes[(township, ending)] = _Choices(self, chosen)
        self._township_choices = _Choices(
            self,
            [
                (name, TOWNSHIP, code)
                for name, entries in self._names.items()
                for kind, code in entries
                if kind == TOWNSHIP
            ],
        )
        self._places_named = {
            name: self._places_of(entries)
            for name, entries in self._names.items()
            if self._kinds[name] & _PLACES
        }
        self._road_ids = {u.id for u in registry.units if u.kind is UnitKind.ROAD}
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
        """The longest leftmost non-overlapping registry names in the text."""
        names, kinds = self._names, self._kinds
        return [
            _Token(end - len(name) + 1, end + 1, name, names[name], False, kinds[name])
            for end, name in self._automaton.iter_long(text)
        ]

    def _with_stems(self, text: str, tokens: list[_Token]) -> list[_Token]:
        """Names written without their suffix right before a number no name carries:
        永安52号 (永安街), 南台子12号 (南台子村), 静园3号楼 (静园小区). A county or township
        alias the stem begins with gives way to it (乳山屯44号 is 乳山屯村, not 乳山)."""
        added: list[_Token] = []
        ends: list[int] | None = None
        for number in _DIGITS.finditer(text):
            at = number.start()
            if at < 2:
                continue
            if ends is None:
                ends = [t.end for t in tokens if t.kinds & _PLACES]
            if at in ends or _AFTER_A_NUMBER.search(text, at - 4 if at > 4 else 0, at):
                continue  # a whole name carries it, or it follows another number (3号楼2单元)
            floor = max([e for e in ends if e < at], default=0)
            before = text[floor:at]
            for size in range(min(len(before), MAX_STEM), 1, -1):
                stem = before[-size:]
                if stem in self._stems:
                    added.append(_Token(at - size, at, stem, self._stems[stem], True, _UNIT))
                    break
            else:
                swapped = self._swapped_road(before, at)
                if swapped is not None:
                    added.append(swapped)
        if not added:
            return tokens
        kept = [t for t in tokens if not any(t.end > a.start and t.start < a.end for a in added)]
        return sorted([*kept, *added], key=lambda t: t.start)

    def _swapped_road(self, before: str, at: int) -> _Token | None:
        """A road written with another road suffix right before its number (黄河街68号 for
        黄河路): the stem names exactly the road(s) it names; read as a stem, never sure."""
        for suffix in _ROAD_SUFFIXES:
            if not before.endswith(suffix):
                continue
            head = before[: -len(suffix)]
            for size in range(min(len(head), MAX_STEM), 1, -1):
                roads = self._road_stems.get(head[-size:])
                if roads:
                    start = at - len(suffix) - size
                    name = before[-(size + len(suffix)) :]
                    return _Token(start, at, name, roads, True, _UNIT, swapped=True)
            return None
        return None

    def _read_romanised(self, text: str, answer: _TextAnswer) -> str:
        if not LATIN.search(text):
            return text
        read = self._romaniser.read(text)
        if read != text:
            answer.reasons.append(f"romanised text read as {read!r}")
            answer.unsure = True
            first = _ROMANISED_NUMBERS_FIRST.match(read)
            if first is not None:
                numbers, name = first.groups()
                if numbers[-1].isdigit():
                    numbers += "号"
                read = name + numbers + read[first.end() :]
                answer.reasons.append(f"numbers written first (English order): {read!r}")
        return read

    def _outside(self, text: str, tokens: list[_Token], answer: _TextAnswer) -> bool:
        """Whether the text names a place outside the registry's area (and not its county).
        When both counties are named, the one written right before the numbered place is
        its county (文登区泽头镇白浪湾小区2号楼，业主是乳山的); with none before it, what is
        said last is what the caller settled on."""
        # Another county only counts where a place of it follows (文登区泽头镇…, 海阳……盘石店镇);
        # 海阳饭店, 文登的车, 往海阳方向 and 司机是海阳人 name no place there.
        placed_there = [
            t for t in tokens if _is(t, OUTSIDE) and _PLACE_FOLLOWS.match(text, t.end) is not None
        ]
        outside = next(iter(placed_there), None)
        if outside is None:
            return False
        counties = [t for t in tokens if t in placed_there or self._is_own_county(t)]
        own_county = any(self._is_own_county(t) for t in counties)  # any, anywhere
        numbered = [t for t in tokens if _is(t, UNIT) and _NUMBERED.match(text, t.end) is not None]
        before = [c for c in counties if numbered and c.start < numbered[-1].start]
        if before:
            settled_outside = _is(before[-1], OUTSIDE)
            outside = before[-1] if settled_outside else outside
        elif own_county:
            settled_outside = self._named_after(tokens, outside)
        else:
            settled_outside = True
        if not settled_outside:
            answer.reasons.append(
                f"{outside.name} is outside {self._county_name}, which the text also names"
            )
            answer.unsure = True
            return False
        answer.reasons.append(
            f"the text names {outside.name}, outside the registry's area ({self._county_name})"
        )
        return True

    def _is_own_county(self, token: _Token) -> bool:
        return any(
            k == CITY and self.places.divisions[c].level is Level.COUNTY for k, c in token.entries
        )

    def _named_after(self, tokens: list[_Token], outside: _Token) -> bool:
        """Whether the other county is named after the registry's own (乳山人民街56号……是荣成市
        桃园街道的人民街56号): what is said last is what the caller settled on."""
        county_at = [t.start for t in tokens if self._is_own_county(t)]
        return bool(county_at) and outside.start > max(county_at)

    def _candidates(self, text: str, tokens: list[_Token]) -> list[_Candidate]:
        """Units and communities named, each with its township, in the order of the text."""
        found = []
        for token in tokens:
            if not token.kinds & _PLACES:
                continue
            numbered = _NUMBERED.match(text, token.end) is not None
            places = self._places_named.get(token.name) if not token.stem else None
            if places is None:
                places = self._places_of(token.entries)
            for kind, code, township, numbers_only in places:
                if numbered or not numbers_only:
                    found.append(_Candidate(token, kind, code, township, numbered))
        return found

    def _places_of(
        self, entries: tuple[tuple[str, str], ...]
    ) -> tuple[tuple[str, str, str, bool], ...]:
        """(kind, code, township, only when a number follows) of the places a name names.
        静园社区3号楼: a community holding one compound or village numbers it."""
        found = []
        has_unit = any(k == UNIT for k, _ in entries)
        for kind, code in entries:
            if kind in (UNIT, COMMUNITY):
                found.append((kind, code, self._township_for(kind, code), False))
            if kind == COMMUNITY and not has_unit:
                units = self._community_units.get(code, [])
                if len(units) == 1:
                    found.append((UNIT, units[0], self._unit_township[units[0]], True))
        return tuple(found)

    def _resolve_text(self, norm: NormalisedAddress, point_cell: str | None) -> _TextAnswer:
        answer = self._resolve_cells_and_names(norm, point_cell)
        if norm.corrected:
            # What the caller meant is read from a correction: right most of the time, but
            # a person confirms before it is dispatched.
            answer.reasons.append("the caller corrected the address: a person confirms")
            answer.unsure = True
            answer.confidence = answer.confident_at_most(answer.confidence)
        if answer.precision is Precision.ADDRESS and answer.address is not None:
            if len(norm.doors_written) > 1:
                self._doors_written(answer, answer.address, norm.doors_written)
            if norm.beside is not None:
                self._beside_the_door(answer, answer.address, norm.beside)
            elif norm.village_group is not None:
                # Villages that number houses within each group exist: door 12 of group 3 may
                # not be the village's door 12.
                answer.reasons.append(
                    f"door written within village group {norm.village_group}; the registry "
                    "counts the village's doors without groups: a person confirms"
                )
                answer.unsure = True
                answer.confidence = answer.confident_at_most(answer.confidence)
        return answer

    def _doors_written(self, answer: _TextAnswer, first: Address, numbers: tuple[int, ...]) -> None:
        """A run or a list of doors (12-16号, 12、14号): the first door is the reference
        address, as a dispatcher records it. When the doors of the run lie in more than one
        grid cell, the cell is a guess: a person confirms before it is dispatched."""
        doors = [
            found
            for n in numbers
            if (found := self._doors.get((first.unit, n, None, None))) is not None
        ]
        written = f"{self.places.units[first.unit].name}{numbers[0]}-{numbers[-1]}号"
        if len({a.cell for a in doors} | {first.cell}) == 1:
            answer.reasons.append(f"{written}: every door of it is in one grid cell")
            return
        answer.reasons.append(
            f"{written}: its doors lie in more than one grid cell: a person confirms the cell"
        )
        answer.unsure = True
        answer.confidence = answer.confident_at_most(answer.confidence)

    def _beside_the_door(self, answer: _TextAnswer, door: Address, word: str) -> None:
        """12号对面 / 旁边 / 附近: the door named is the reference address (as a dispatcher
        records it), but the place is near it, not at it. When the doors it can mean (within
        BESIDE_DOORS numbers either way, both sides of the road) lie in more than one grid
        cell, the cell is a guess: a person confirms before it is dispatched."""
        number = door.number if door.number is not None else door.building
        if number is None:
            return
        near = [
            found
            for n in range(max(1, number - BESIDE_DOORS), number + BESIDE_DOORS + 1)
            for key in ((door.unit, n, None, None), (door.unit, None, n, None))
            if (found := self._doors.get(key)) is not None
        ]
        written = f"{self.places.units[door.unit].name}{number}号{word}"
        if len({a.cell for a in near} | {door.cell}) == 1:
            answer.reasons.append(f"{written}: near that door; every door around it is in its cell")
            return
        answer.reasons.append(
            f"{written}: near that door, and the doors around it lie in more than one grid "
            "cell: a person confirms the cell"
        )
        answer.unsure = True
        answer.confidence = answer.confident_at_most(answer.confidence)

    def _resolve_cells_and_names(
        self, norm: NormalisedAddress, point_cell: str | None
    ) -> _TextAnswer:
        """The text's answer; a grid cell named by its number (第3网格) is taken out first
        (its number is no door) and placed inside the community the rest of the text names."""
        cell_named = _GRID_CELL.search(norm.text)
        if cell_named is None:
            return self._resolve_names(norm, point_cell)
        text = norm.text[: cell_named.start()] + norm.text[cell_named.end() :]
        answer = self._resolve_names(replace(norm, text=text), point_cell)
        number = int(cell_named.group(1))
        if answer.community is None:
            answer.reasons.append(f"grid cell {number} named, but no community to find it in")
            return answer
        cell = self._cell_numbered.get((answer.community, number))
        where = self.places.divisions[answer.community].name
        if cell is None:
            answer.reasons.append(f"{where} has no grid cell {number}")
            answer.unsure = True
            answer.confidence = answer.confident_at_most(answer.confidence)
            return answer
        if answer.precision is Precision.ADDRESS:
            if answer.cell != cell:  # the door and the cell named disagree: a person looks
                answer.reasons.append(f"the address is not in {where} grid cell {number}")
                answer.unsure = True
                answer.confidence = answer.confident_at_most(answer.confidence)
            return answer
        if answer.precision in (Precision.COMMUNITY, Precision.TOWNSHIP, None):
            answer.precision, answer.cell = Precision.CELL, cell
            answer.point = None
            # The community's confidence without the discount for stopping there.
            answer.confidence = answer.confident_at_most(min(0.95, answer.confidence / 0.6))
            answer.reasons = [r for r in answer.reasons if not r.startswith("placed to the")]
            answer.reasons.append(f"grid cell {number} of {where}")
        return answer

    def _resolve_names(self, norm: NormalisedAddress, point_cell: str | None) -> _TextAnswer:
        answer = _TextAnswer(reasons=list(norm.notes))
        text = self._read_romanised(norm.text, answer)
        tokens = self._scan(text)
        if any(OUTSIDE in t.kinds for t in tokens):
            if self._outside(text, tokens, answer):
                return answer
            tokens = [t for t in tokens if OUTSIDE not in t.kinds]
        tokens = self._with_stems(text, tokens)
        named: list[str] = []
        for t in tokens:
            if TOWNSHIP in t.kinds:
                named += [c for k, c in t.entries if k == TOWNSHIP and c not in named]
        township = named[0] if named else None
        if len(named) > 1:
            names = "、".join(self.places.divisions[c].name for c in named)
            answer.reasons.append(f"several townships named ({names}); took the first")
            answer.unsure = True
        candidates = self._candidates(text, tokens)
        if len(candidates) > 1 and self._is_crossing(text, norm, candidates):
            return self._place_intersection(candidates, norm, answer, township)

        fuzzy_score = 100.0
        if township is None and not candidates:
            township, fuzzy_score = self._fuzzy_township(text, tokens, answer)
        if township is None and candidates:
            # The township the names settle on, before any fuzzy guess looks inside it.
            township = self._infer_township(candidates, point_cell, answer)
            if township is None:
                return answer
        in_scope = [c for c in candidates if c.kind == UNIT and c.township == township]
        elsewhere = (
            self._named_elsewhere(tokens, candidates, township, answer)
            if township is not None and not in_scope
            else None
        )
        if township is not None and elsewhere is not None:
            answer.unsure = True
            if not self._the_township_slipped(elsewhere, candidates):
                answer.township = township
                return self._area_only(answer, 0.98)
            # One road, village or compound of the county has that name, and a door number
            # follows it: the township written is the slip. Placed there, never confidently.
            township = elsewhere.township
            answer.reasons.append(
                f"placed in {self.places.divisions[township].name}, the only place with that "
                "name: the township written is taken for a slip, a person confirms"
            )
            in_scope = [c for c in candidates if c.kind == UNIT and c.township == township]
        orphan_number = (
            township is not None
            and bool(in_scope)
            and not any(c.numbered for c in in_scope)
            and any(n for _, n, _ in self._gaps(text, tokens))
        )
        if not in_scope or orphan_number:
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
            guessed, score = self._fuzzy_name(text, kept, township, answer, bool(in_scope))
            candidates += guessed
            fuzzy_score = min(fuzzy_score, score)
        if township is None:
            township = self._infer_township(candidates, point_cell, answer)
            if township is None:
                return answer
        answer.township = township
        scoped = [c for c in candidates if c.township == township]
        if len(scoped) < len(candidates) and not scoped:
            answer.reasons.append("the names given are not in the township named")

        communities = [c for c in scoped if c.kind == COMMUNITY]
        if communities:
            # The last community named, unless its name is shared in the township (桃村).
            last = [c.code for c in communities if c.token is communities[-1].token]
            answer.community = last[0] if len(set(last)) == 1 else None
        units = [c for c in scoped if c.kind == UNIT]
        base = 0.98 if named else 0.95
        base *= 0.5 + 0.5 * fuzzy_score / 100.0
        if units:
            numbered = [u for u in units if u.numbered]
            unit_token = (numbered or units)[-1].token
            same_name = [u.code for u in units if u.token is unit_token]
            if len(same_name) > 1:
                same_name = list(dict.fromkeys(same_name))
            if unit_token.stem:
                base *= STEM_FACTOR
                answer.unsure = answer.unsure or unit_token.swapped
                spelled = "、".join(self.places.units[c].name for c in same_name)
                answer.reasons.append(f"{unit_token.name!r} read as {spelled}")
            longer = self._longer_name(text, tokens, unit_token, township, named, answer)
            if longer is not None:
                same_name, score, longer_township = longer
                base *= 0.5 + 0.5 * score / 100.0
                if longer_township != township:
                    where = self.places.divisions[longer_township].name
                    answer.reasons.append(f"so the township is {where}")
                    answer.township = township = longer_township
                    answer.community = None
            unit_id = self._one_unit(same_name, point_cell, answer)
            if unit_id is None:
                if not named and not answer.community:
                    answer.township = None
                    return answer
            elif self._place_door(unit_id, text, unit_token, answer, base):
                return answer
        return self._area_only(answer, base)

    def _area_only(self, answer: _TextAnswer, base: float) -> _TextAnswer:
        if answer.community:
            answer.precision = Precision.COMMUNITY
            answer.confidence = answer.confident_at_most(base * 0.6)
            answer.reasons.append("placed to the community only")
        else:
            answer.precision = Precision.TOWNSHIP
            answer.confidence = answer.confident_at_most(base * 0.4)
            answer.reasons.append("placed to the township only")
        return answer

    def _named_elsewhere(
        self,
        tokens: list[_Token],
        candidates: list[_Candidate],
        township: str,
        answer: _TextAnswer,
    ) -> _Candidate | None:
        """A road, village or compound named whole, only in another township than the one
        named: the text contradicts itself (wrong township, or another road meant), so
        nothing in the township named is guessed for it."""
        for c in candidates:
            if c.kind != UNIT or c.township == township or c.token.stem:
                continue
            before = max((t.end for t in tokens if t.end <= c.token.start), default=0)
            if c.token.start == before:
                where = self.places.divisions[c.township].name
                named = self.places.divisions[township].name
                answer.reasons.append(
                    f"{c.token.name} is in {where}, not in {named} as the text says"
                )
                return c
        return None

    @staticmethod
    def _the_township_slipped(elsewhere: _Candidate, candidates: list[_Candidate]) -> bool:
        """Whether the name is the county's only place so named (in one township) and a
        door number follows it: then the township written, not the name, is the slip."""
        same_name = [c for c in candidates if c.token is elsewhere.token]
        return elsewhere.numbered and all(c.township == elsewhere.township for c in same_name)

    def _infer_township(
        self,
        candidates: list[_Candidate],
        point_cell: str | None,
        answer: _TextAnswer,
    ) -> str | None:
        """The township of the name that carries the number (else the last unit, else the
        last name), narrowed by every other name in the order of the text."""
        if not candidates:
            answer.reasons.append("no place name of the registry found in the text")
            return None
        first = candidates[0].township
        if all(c.township == first for c in candidates):
            answer.reasons.append(f"township inferred: {self.places.divisions[first].name}")
            return first
        units = [c for c in candidates if c.kind == UNIT]
        numbered = [c for c in units if c.numbered]
        anchor = (numbered or units or candidates)[-1].token
        possible = list(dict.fromkeys(c.township for c in candidates if c.token is anchor))
        tokens = list(dict.fromkeys(c.token for c in candidates if c.token is not anchor))
        for token in tokens:
            allowed = [c.township for c in candidates if c.token is token]
            narrowed = [t for t in possible if t in allowed]
            if narrowed:
                possible = narrowed
            else:
                where = "、".join(self.places.divisions[t].name for t in dict.fromkeys(allowed))
                answer.reasons.append(
                    f"{token.name} ({where}) does not fit {anchor.name}: took {anchor.name}"
                )
                answer.unsure = True
        point_township = self.places.township_of(point_cell) if point_cell else None
        if len(possible) > 1 and point_township in possible:
            possible = [point_township]
            answer.reasons.append("township chosen by the point among several with that name")
        if len(possible) == 1:
            township = possible[0]
            answer.reasons.append(f"township inferred: {self.places.divisions[township].name}")
            return township
        names = "、".join(sorted(self.places.divisions[c].name for c in possible))
        answer.reasons.append(f"ambiguous: {anchor.name} exists in {names}")
        return None

    def _longer_name(
        self,
        text: str,
        tokens: list[_Token],
        token: _Token,
        township: str,
        township_named: bool,
        answer: _TextAnswer,
    ) -> tuple[list[str], float, str] | None:
        """A name right after one or two unmatched characters may be the tail of a misspelt
        longer name (关上冯家村 holds 冯家村, but means 观上冯家村): if such a longer name is
        close to the whole, it wins. Inside the township named; county-wide if none is."""
        if token.start == 0:
            return None
        before = 0
        for t in tokens:
            if before < t.end <= token.start:
                before = t.end
        if before == token.start:
            return None
        prefix = text[max(before, token.start - 2) : token.start]
        if not all("\u4e00" <= ch <= "\u9fff" for ch in prefix):
            return None
        query = prefix + token.name
        scope = township if township_named else None
        found = self._best(query, self._fuzzy_scopes.get((scope, None), _EMPTY))
        if found is None or found[0] == token.name or len(found[0]) != len(query):
            return None
        name, score = found
        if score < LONGER_NAME_CUTOFF:
            return None
        units = [c for k, c in self._names[name] if k == UNIT]
        if scope is not None:
            units = [u for u in units if self._unit_township[u] == scope]
        townships = list(dict.fromkeys(self._unit_township[u] for u in units))
        if len(townships) != 1:
            return None
        answer.reasons.append(f"{query!r} read as {name!r} (similarity {score:.0f})")
        return units, score, townships[0]

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
        names = "、".join(dict.fromkeys(self.places.units[u].name for u in unit_ids))
        answer.reasons.append(f"ambiguous: {len(unit_ids)} places named {names} in the township")
        return None

    def _numbers_for(
        self, unit: AddressUnit, parts: list[tuple[int, str]], answer: _TextAnswer
    ) -> tuple[int | None, int | None, int | None]:
        """Door, building and entrance from the numbers written, by what the unit numbers."""
        has_doors, has_buildings, has_entrances = self._shape[unit.id]
        number = building = entrance = None
        i = 0
        if has_doors:
            if i < len(parts) and parts[i][1] in _DOOR_WORDS:
                number, word = parts[i]
                i += 1
                if word in _BUILDING_WORDS and not has_buildings:
                    answer.reasons.append(
                        f"{number}{word} read as door {number}号: {unit.name} numbers doors"
                    )
            if has_buildings and i < len(parts) and parts[i][1] in _BUILDING_OR_BARE:
                building = parts[i][0]
                i += 1
        elif has_buildings and i < len(parts) and parts[i][1] in _DOOR_WORDS:
            building, word = parts[i]
            i += 1
            if word not in _BUILDING_WORDS:
                answer.reasons.append(
                    f"{building}{word} read as building {building}: {unit.name} numbers buildings"
                )
        numbered = number is not None or building is not None
        if has_entrances and numbered and i < len(parts) and parts[i][1] in _ENTRANCE_WORDS:
            entrance = parts[i][0]
            i += 1
        if len(parts) > i and any(word in _ROOM_WORDS for _, word in parts[i:]):
            answer.reasons.append("room number ignored: rooms are below the standard address")
        return number, building, entrance

    def _place_door(
        self, unit_id: str, text: str, token: _Token, answer: _TextAnswer, base: float
    ) -> bool:
        unit = self.places.units[unit_id]
        if unit.community:
            answer.community = unit.community
        section = _SECTION_WORD.match(text, token.end)
        parts = _read_numbers(text, section.end() if section else token.end)
        if not parts:
            before = _NUMBER_BEFORE.search(text, 0, token.start)
            if before is not None:
                parts = [(int(before.group(1)), "号")]
                answer.reasons.append(f"number written before the name: {before.group(0)}")
        number, building, entrance = self._numbers_for(unit, parts, answer)
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
                    # The text said more than the registry knows: the right building, maybe
                    # not the right entrance. Placed, but a person looks.
                    answer.reasons.append("building or entrance not in the registry; door used")
                    answer.unsure = True
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
        answer.township = self._unit_township[address.unit]
        answer.point = (address.lon, address.lat)
        answer.confidence = answer.confident_at_most(confidence)

    # -- intersections -----------------------------------------------------------------
    def _roads(self, candidates: list[_Candidate]) -> list[_Candidate]:
        roads = [c for c in candidates if c.code in self._road_ids and not c.token.stem]
        return list({c.code: c for c in roads}.values())

    def _is_crossing(
        self, text: str, norm: NormalisedAddress, candidates: list[_Candidate]
    ) -> bool:
        """Two roads and a crossing word (黄河路兴业街路口), or two roads side by side and no
        number at all (黄河路兴业街, 黄河路与兴业街, 黄河路/兴业街)."""
        if sum(1 for c in candidates if c.code in self._road_ids) < 2:
            return False
        roads = self._roads(candidates)
        if len({id(c.token) for c in roads}) < 2 or any(c.numbered for c in roads):
            return False  # a door on one of the roads is more exact than their crossing
        if norm.intersection or norm.crossing_word:
            return True
        if _DIGIT.search(text):
            return False
        ordered = sorted({c.token.start: c.token for c in roads}.values(), key=lambda t: t.start)
        return any(
            0 <= b.start - a.end <= 1
            and all(ch in _CROSSING_JOINERS for ch in text[a.end : b.start])
            for a, b in itertools.pairwise(ordered)
        )

    def _place_intersection(
        self,
        candidates: list[_Candidate],
        norm: NormalisedAddress,
        answer: _TextAnswer,
        township: str | None,
    ) -> _TextAnswer:
        roads = self._roads(candidates)
        pairs = [
            (a, b)
            for i, a in enumerate(roads)
            for b in roads[i + 1 :]
            if a.township == b.township and a.token is not b.token
        ]
        pairs.sort(key=lambda p: p[0].township != township)  # the township named first
        if not pairs:
            where = "; ".join(
                f"{c.token.name}: {self.places.divisions[c.township].name}" for c in roads
            )
            answer.reasons.append(
                f"the roads named are in different townships ({where}): they do not cross"
            )
            if township is not None:
                answer.township = township
                answer.unsure = True
                return self._area_only(answer, 0.98)
            return answer
        first, second = pairs[0]
        answer.township = first.township
        base = 0.98 if township == first.township else 0.95
        if township is not None and township != first.township:
            named = self.places.divisions[township].name
            answer.reasons.append(f"the roads named are not in {named}")
            answer.unsure = True
        pair = (first.code, second.code)
        if pair not in self._crossings:
            a, b = (self.places.units[code] for code in pair)
            self._crossings[pair] = intersection_point(a.line, b.line)
        crossing = self._crossings[pair]
        if crossing is None:
            answer.reasons.append("the two roads named do not cross")
            return self._area_only(answer, base)
        point = offset(*crossing, norm.offset_east_m, norm.offset_north_m)
        cell = self.locator.locate(*point)
        if cell is None:
            answer.reasons.append("the intersection lies outside every grid cell")
            return self._area_only(answer, base)
        answer.precision = Precision.CELL
        answer.cell = cell
        answer.community = self.places.cells[cell].community
        answer.point = point
        answer.method = PlacementMethod.INTERSECTION
        answer.confidence = answer.confident_at_most(base * 0.9)
        return answer

    # -- fuzzy fallbacks ---------------------------------------------------------------
    @staticmethod
    def _gaps(text: str, tokens: list[_Token]) -> list[tuple[str, bool, int]]:
        """Stretches of text no name matched, cut before their first digit, whether a
        number follows (a misspelt road or village is followed by its door number), and
        where each ends in the text."""
        gaps, cursor = [], 0
        for token in [*tokens, _Token(len(text), len(text), "", ())]:
            if token.start > cursor:
                stretch = text[cursor : token.start]
                digit = _DIGIT.search(stretch)
                numbered = digit is not None or _DIGIT.match(text, token.start) is not None
                end = cursor + digit.start() if digit else token.start
                stretch = strip_fillers(stretch[: digit.start()] if digit else stretch)
                if len(stretch) >= 2:
                    gaps.append((stretch, numbered, end))
            cursor = max(cursor, token.end)
        return gaps

    def _similarity(self, query: str, syllables: list[str], name: str) -> float:
        """How close a name is to what was written, 0-100: characters and sounds, each as
        the mean of the longest-common-subsequence ratio and the edit-distance similarity
        (a substituted character costs one edit, so 里压村 is nearer 里庄村 than 东里村), the
        better of the two weighing three quarters. Sounds count a little less than letters."""
        theirs = self._syllables[name]
        similar = Levenshtein.normalized_similarity
        chars = (fuzz.ratio(query, name) + 100 * similar(query, name)) / 2
        sounds = (fuzz.ratio(syllables, theirs) + 100 * similar(syllables, theirs)) * 0.95 / 2
        return 0.75 * max(chars, sounds) + 0.25 * min(chars, sounds)

    def _best(self, query: str, choices: _Choices) -> tuple[str, float] | None:
        """The one registry name closest to ``query``, or None when none is close or two tie."""
        if not choices.names:
            return None
        syllables = _pinyin(query)
        # Shortlist in C (characters, and pinyin letters), then score each exactly.
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
        ranked = sorted((self._similarity(query, syllables, name), name) for name in shortlist)
        best_score, best_name = ranked[-1]
        if best_score < FUZZY_CUTOFF:
            return None
        if len(ranked) > 1 and best_score - ranked[-2][0] < FUZZY_MARGIN:
            return None
        return best_name, best_score

    def _fuzzy_township(
        self, text: str, tokens: list[_Token], answer: _TextAnswer
    ) -> tuple[str | None, float]:
        for gap, _, _ in self._gaps(text, tokens)[:1]:
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
        self,
        text: str,
        tokens: list[_Token],
        township: str | None,
        answer: _TextAnswer,
        numbered_only: bool = False,
    ) -> tuple[list[_Candidate], float]:
        gaps = self._gaps(text, tokens)
        for gap, numbered, end in reversed(gaps):
            county_wide_name = (
                township is None
                and not numbered
                and not numbered_only
                and len(gap) >= 3
                and _ending(gap) in _PLACE_ENDINGS
            )
            if not numbered and (township is None or numbered_only) and not county_wide_name:
                # Without a township or a door number, a misspelt word is too little to go
                # on: looking it up county-wide would place chatter ("路边") somewhere. A
                # word that ends like a village's or a compound's name (邵加村) is looked up
                # county-wide, more strictly.
                continue
            if numbered_only and len(gap) < 3:
                # Two characters between a name and its number are a lane or a side (前街,
                # 北侧), too little to stand for another name.
                continue
            ending = _ending(gap)
            if not numbered and ending is None:
                # A stretch with no number is a name only if it ends like one (村, 路 ...):
                # 政府大院 is not a misspelt 富大花园.
                continue
            choices = self._fuzzy_scopes.get((township, ending), _EMPTY)
            found = self._best(gap, choices)
            if found is None or (county_wide_name and found[1] < LONGER_NAME_CUTOFF):
                continue
            name, score = found
            entries = choices.entries[name]
            kinds = frozenset(k for k, _ in entries)
            token = _Token(max(0, end - len(gap)), end, name, entries, False, kinds)
            answer.reasons.append(f"{gap!r} read as {name!r} (similarity {score:.0f})")
            follows = _NUMBERED.match(text, end) is not None
            return [
                _Candidate(token, kind, code, self._township_for(kind, code), follows)
                for kind, code in entries
            ], score
        unknown = [g for g, n, _ in gaps if n or not numbered_only]
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
            # Where the text puts it, when it says exactly: a crossing (a standard address's
            # own point is added by the placer). De-duplication measures from it.
            address_point=_geo(answer.point)
            if answer.point and method is PlacementMethod.INTERSECTION
            else None,
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
    return kind in token.kinds


def _stem_of(unit: AddressUnit) -> str | None:
    """The name without its kind's suffix (永安街 -> 永安, 南台子村 -> 南台子), two
    characters at least."""
    for suffix in _STEM_SUFFIXES.get(unit.kind, ()):
        if unit.name.endswith(suffix) and len(unit.name) - len(suffix) >= 2:
            return unit.name[: -len(suffix)]
    return None


def _ending(name: str) -> str | None:
    """What kind of name this ends like (村: village, 路/街: road, 小区/花园: compound ...)."""
    for suffix, kind in _NAME_ENDINGS:
        if name.endswith(suffix):
            return kind
    return None


def _read_numbers(text: str, at: int) -> list[tuple[int, str]]:
    """The numbers written at ``at`` with their words: 3号楼2单元501室 ->
    [(3, 号楼), (2, 单元), (501, 室)]."""
    first = _NUMBER_PART.match(text, at)
    if first is None:
        return []
    end = first.end()
    if end == len(text) or not (text[end].isdigit() or text[end] in "的第"):
        return [(int(first.group(1)), first.group(2) or "")]  # one number, as usual (12号)
    run = _NUMBER_RUN.match(text, at)
    assert run is not None
    return [(int(n), word) for n, word in _NUMBER_PART.findall(run.group(0))[:4]]


@lru_cache(maxsize=8192)
def _pinyin(text: str) -> list[str]:
    return lazy_pinyin(text)


def _geo(point: tuple[float, float] | None) -> GeoPoint | None:
    if point is None:
        return None
    return GeoPoint(lon=round(point[0], 7), lat=round(point[1], 7))
