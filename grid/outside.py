"""Names of places outside a registry's area, so an address there is not placed here.

A report that says 威海市文登区松山路77号 names a road the demo registry also has (松山路, in
崖子镇): without knowing 文登区 is another county, the resolver would place it, confidently,
in the wrong county. The names of every province, prefecture and county of China come from
the civil-affairs list (grid/data/other_places.json, see grid/data/ATTRIBUTION.md); the ones
that belong to the registry's own area, or that a registry name contains, are left out.

Which forms count: every full name of three characters or more (文登区, 海阳市, 市南区); the
two-character county names of the registry's province (莒县); and short forms without the
suffix (文登, 烟台, 河北) for the provinces and for the prefectures and counties of the
registry's own province, unless the short form is one of the registry's names, the stem of
one (白云 is 白云路 without its suffix, 河东 is 河东村 without its 村), or part of one when it
is a province's short form. A county's or prefecture's short form that is only part of longer
names here, each of which is still a name here without its suffix (海阳 in 海阳所镇 and 海阳所村,
both 海阳所 without it), counts: the longer name is matched first where it is written, so 海阳
alone (海阳的, 海阳盘石店镇) is the other county; 青岛 (in 小青岛村, written 小青岛) does not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

from grid.model import Level, Registry

# What a village or township may be written without (河东 for 河东村).
_PLACE_SUFFIXES = ("街道", "社区", "小区", "村", "庄", "屯", "寨", "镇", "乡")  # longest first
# Longest first, so 自治县 is taken off before 县.
_SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
    "地区", "林区", "新区", "省", "市", "区", "县", "旗", "盟",
)  # fmt: skip


@lru_cache(maxsize=1)
def load_other_places() -> tuple[tuple[str, str], ...]:
    """(code, name) of every province, prefecture and county, from the packaged list."""
    text = resources.files("grid").joinpath("data/other_places.json").read_text("utf-8")
    return tuple((code, name) for code, name in json.loads(text)["places"])


def _without(name: str, suffixes: tuple[str, ...]) -> str:
    """The name without the first of ``suffixes`` it ends with (they are longest first)."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _without_suffix(name: str) -> str:
    return _without(name, _PLACE_SUFFIXES)


def short_form(name: str) -> str:
    return _without(name, _SUFFIXES)


def outside_names(
    registry: Registry, places: Sequence[tuple[str, str]], unit_stems: Iterable[str] = ()
) -> dict[str, str]:
    """name -> code of the places outside the registry's area, in the forms text uses."""
    own = {d.code for d in registry.divisions}
    known = [n for d in registry.divisions for n in (d.name, *d.aliases)]
    known += [n for u in registry.units for n in (u.name, *u.aliases)]
    stems = set(unit_stems)
    province = next((d.code for d in registry.divisions if d.level is Level.PROVINCE), "")

    every_name = "\n".join(known)  # one string: a substring test per name, in C
    own_names = set(known)

    def clashes(name: str) -> bool:
        return name in stems or name in every_name

    def only_inside_longer_names(name: str) -> bool:
        """Only a part of longer names here (海阳 in 海阳所镇 and 海阳所村), never a name, a
        name's stem or a name without its suffix (河东村): the longer name is matched first
        where it is written, so the short form written alone (海阳的, 海阳……盘石店镇) is the
        other county."""
        if name in stems or name in own_names or name not in every_name:
            return False
        # Each longer name must still be matched whole when written without its suffix:
        # 小青岛村 written 小青岛 would leave 青岛 alone, and 河东村 written 河东 is 河东.
        for longer in (n for n in own_names if name in n):
            bare = _without_suffix(longer)
            if bare == name or bare not in own_names:
                return False
        return True

    found: dict[str, str] = {}
    for code, name in places:
        if code in own:
            continue
        same_province = bool(province) and code[:2] == province[:2]
        if (len(name) >= 3 or same_province) and not clashes(name):
            found.setdefault(name, code)
        stem = short_form(name)
        is_province = code.endswith("0000")
        short = len(stem) >= 2 and stem != name and (is_province or same_province)
        if short and (not clashes(stem) or (not is_province and only_inside_longer_names(stem))):
            found.setdefault(stem, code)
    return found
