"""Whether a case lies in an area: one rule, for who may see it, for the area filter of every
list, and for the figures of an area. Pure.

A placed case keeps the codes of every level it was placed at below the prefecture as a path,
``/371083/371083001/371083001001/37108300100101/`` (county, township, community, grid cell;
a level the registry could not name is missing). A case lies in an area when the area's code
is one of them; an unplaced case (empty path) lies in no area.
"""

from __future__ import annotations

LIKE_ESCAPE = "\\"


def in_area(area_path: str, area: str) -> bool:
    return bool(area) and f"/{area}/" in area_path


def area_path_pattern(area: str) -> str:
    """``in_area`` as a SQL LIKE pattern over the path (escape character ``LIKE_ESCAPE``):
    the area's own ``%`` and ``_`` match only themselves."""
    escaped = (
        area.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%/{escaped}/%"
