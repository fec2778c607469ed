"""Types shared by several wire models, and the bounds every field of every topic keeps.

Every string, list, number, date and free-form object on the hub's topics is bounded here,
so one message can neither exhaust a stage nor reach the database with a value it refuses
(a NUL character, a year 9999, a 50 KB "URL"). A value out of bounds is refused where the
message is decoded, with the field and the reason: the dead-letter topic for a topic's
message, a 422 for the API.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

# -------------------------------------------------------------------------- the bounds

TEXT_MAX = 4000  # a description, a summary, an address as a person writes it
SHORT_MAX = 200  # a name, an id of another system, a code
CODE_MAX = 100  # the hub's own codes (categories)
URL_MAX = 2048  # what browsers and servers reliably accept
PHONE_MAX = 20  # the reports' column; E.164 is at most 15 digits

# Event times: before 2000 no grid system of the hub existed; after 2100 is a broken clock.
# Bounding them also keeps every conversion to UTC inside Python's years 1..9999.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

# Free-form objects (a report's attributes, a lifecycle event's data): JSON values only, as
# deep as the grids' facts need and no deeper.
ATTRIBUTES_MAX_DEPTH = 5
ATTRIBUTES_MAX_VALUES = 2000  # objects, lists and scalars counted together
ATTRIBUTES_MAX_CHARS = 65536  # characters of all the keys and strings together
KEY_MAX = 100

# No NUL character in any text: PostgreSQL stores none, and no grid system means one.
# (A regular expression pydantic checks in Rust and the JSON Schemas carry for producers.)
NO_NUL = r"^[^\x00]*$"


class GridCode(StrEnum):
    """The governance grids that feed the hub. A new grid is a new member plus an adapter."""

    POLITICAL_LEGAL = "political_legal"  # 政法综治
    ENVIRONMENT = "environment"  # 生态环境
    MARKET = "market"  # 市场监管
    URBAN = "urban"  # 城市管理
    # The 12345 government service hotline: not a governance grid but a source of its own,
    # with its own system and topic; its tickets carry the four grids' categories.
    HOTLINE = "hotline"  # 12345 政务服务便民热线


GRID_LABELS: dict[GridCode, str] = {
    GridCode.POLITICAL_LEGAL: "政法综治",
    GridCode.ENVIRONMENT: "生态环境",
    GridCode.MARKET: "市场监管",
    GridCode.URBAN: "城市管理",
    GridCode.HOTLINE: "12345热线",
}


class CoordinateSystem(StrEnum):
    WGS84 = "wgs84"  # GPS receivers
    GCJ02 = "gcj02"  # phone maps in China (AMap, Tencent)
    BD09 = "bd09"  # Baidu maps


class WireModel(BaseModel):
    """Base of every wire model: unknown fields are refused, so a drifted producer is noticed;
    numbers are finite (Python's JSON reader takes NaN and Infinity, JSON does not)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


def _the_number_itself(value: object) -> object:
    if type(value) is not int:  # true == 1 and 1.0 == 1 in Python: refuse them by type
        raise ValueError(f"must be an integer, not {type(value).__name__}")
    return value


V = TypeVar("V")
SchemaVersion = Annotated[V, BeforeValidator(_the_number_itself)]
"""``schema_version``: the number itself, never "1", 1.0, true, a list or an object."""

Longitude = Annotated[float, Field(ge=-180, le=180)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
NonEmptyText = Annotated[str, Field(min_length=1, max_length=TEXT_MAX, pattern=NO_NUL)]
ShortText = Annotated[str, Field(min_length=1, max_length=SHORT_MAX, pattern=NO_NUL)]
Code = Annotated[str, Field(min_length=1, max_length=CODE_MAX, pattern=NO_NUL)]
OptionalText = Annotated[str, Field(max_length=TEXT_MAX, pattern=NO_NUL)]
Url = Annotated[str, Field(min_length=1, max_length=URL_MAX, pattern=r"^[^\x00\s]+$")]
Phone = Annotated[str, Field(max_length=PHONE_MAX, pattern=r"^\+?[0-9-]{5,20}$")]
Measurement = Annotated[float, Field(ge=-1e12, le=1e12)]
"""A sensor reading or threshold: finite, and well inside what any instrument reports."""
Sha256Hex = Annotated[str, Field(max_length=64, pattern=r"^[0-9a-f]{64}$")]


_EARLIEST_WALL, _LATEST_WALL = EARLIEST.replace(tzinfo=None), LATEST.replace(tzinfo=None)


def in_event_range(moment: datetime) -> datetime:
    """Refuse a time outside [EARLIEST, LATEST). Aware times are compared as instants (Python
    compares them without converting to UTC, so a year 9999 at -05:00 is refused instead of
    overflowing); a time without an offset, on its wall clock (it is local time)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        inside = _EARLIEST_WALL <= moment < _LATEST_WALL
    else:
        inside = EARLIEST <= moment < LATEST
    if not inside:
        raise ValueError(
            f"must be from {EARLIEST.date().isoformat()} to before "
            f"{LATEST.date().isoformat()} (was {moment.isoformat()})"
        )
    return moment


_RANGE_SCHEMA = {
    "formatMinimum": EARLIEST.isoformat().replace("+00:00", "Z"),
    "formatExclusiveMaximum": LATEST.isoformat().replace("+00:00", "Z"),
}
EventTime = Annotated[
    datetime, AfterValidator(in_event_range), Field(json_schema_extra=_RANGE_SCHEMA)
]
"""Any time on a topic: an incident's, a report's, a step's."""


def bounded_json(
    max_depth: int = ATTRIBUTES_MAX_DEPTH,
    max_values: int = ATTRIBUTES_MAX_VALUES,
    max_chars: int = ATTRIBUTES_MAX_CHARS,
) -> AfterValidator:
    """A validator for a free-form JSON object: nesting, size, key length, text without NUL."""

    def check(document: dict[str, Any]) -> dict[str, Any]:
        values = chars = 0
        # (value, depth, where): ``where`` is (parent's where, key), spelled out on error only
        pending: list[tuple[object, int, Any]] = [(document, 1, None)]
        while pending:  # iterative: no recursion however deep the input
            value, depth, where = pending.pop()
            values += 1
            if values > max_values:
                raise ValueError(f"more than {max_values} values")
            kind = type(value)
            if kind is str:
                if "\x00" in value:  # type: ignore[operator]
                    raise ValueError(f"NUL character in text (at {_path(where)})")
                chars += len(value)  # type: ignore[arg-type]
                if chars > max_chars:
                    raise ValueError(f"more than {max_chars} characters of text")
            elif kind is dict:
                if depth > max_depth:
                    raise ValueError(f"nested deeper than {max_depth} levels (at {_path(where)})")
                for key, item in value.items():  # type: ignore[attr-defined]
                    if not isinstance(key, str) or len(key) > KEY_MAX or "\x00" in key:
                        raise ValueError(
                            f"a key of at most {KEY_MAX} characters without NUL (at {_path(where)})"
                        )
                    chars += len(key)
                    pending.append((item, depth + 1, (where, key)))
            elif kind is list or kind is tuple:
                if depth > max_depth:
                    raise ValueError(f"nested deeper than {max_depth} levels (at {_path(where)})")
                pending += [(item, depth + 1, (where, i)) for i, item in enumerate(value)]  # type: ignore[arg-type]
            elif kind is float:
                if not math.isfinite(value):  # type: ignore[arg-type]
                    raise ValueError(f"not a finite number (at {_path(where)})")
            elif value is not None and kind is not bool and kind is not int:
                # subclasses: a str enum member, an int enum member, a numpy float
                if isinstance(value, str):
                    if "\x00" in value:
                        raise ValueError(f"NUL character in text (at {_path(where)})")
                    chars += len(value)
                elif isinstance(value, float):
                    if not math.isfinite(value):
                        raise ValueError(f"not a finite number (at {_path(where)})")
                elif not isinstance(value, int):
                    raise ValueError(f"not a JSON value: {kind.__name__} (at {_path(where)})")
            if chars > max_chars:
                raise ValueError(f"more than {max_chars} characters of text")
        return document

    return AfterValidator(check)


def _path(where: Any) -> str:
    """``(((None, "a"), 0), "b")`` -> ``a[0].b``."""
    parts: list[str] = []
    while where is not None:
        where, key = where
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    return "".join(reversed(parts)).lstrip(".") or "(top)"


def _json_bounds_schema(max_depth: int, max_values: int, max_chars: int) -> dict[str, Any]:
    # JSON Schema cannot say how deep; these annotations tell producers what is checked.
    return {"x-maxDepth": max_depth, "x-maxValues": max_values, "x-maxTextChars": max_chars}


Attributes = Annotated[
    dict[str, Any],
    bounded_json(),
    Field(
        json_schema_extra=_json_bounds_schema(
            ATTRIBUTES_MAX_DEPTH, ATTRIBUTES_MAX_VALUES, ATTRIBUTES_MAX_CHARS
        )
    ),
]
"""A report's grid-specific facts."""

# A lifecycle event's data holds what the hub itself wrote (a de-duplication decision with
# its candidates and scores): deeper and larger than a grid's facts, still bounded.
EventData = Annotated[
    dict[str, Any],
    bounded_json(8, 20000, 262144),
    Field(json_schema_extra=_json_bounds_schema(8, 20000, 262144)),
]


# -------------------------------------------------------------------------- personal data

PHONE_PATTERN = r"^\+?[0-9-]{5,20}$"

SEALED_PREFIX = "sealed:"
SEALED_PATTERN = r"^sealed:[A-Za-z0-9_=-]+$"
SEALED_MAX = 4000
_SEALED = re.compile(SEALED_PATTERN)


def _clear_or_sealed(clear: re.Pattern[str] | None, longest: int, what: str) -> AfterValidator:
    """A personal value: clear (as a grid or the API gives it) or sealed by the hub ('sealed:'
    and a Fernet token; what the hub's own topics carry). One check, so an error names the
    field itself rather than a member of a union."""

    def check(value: str) -> str:
        if value.startswith(SEALED_PREFIX):
            if len(value) > SEALED_MAX or not _SEALED.match(value):
                raise ValueError("not a sealed value ('sealed:' and a Fernet token)")
        elif "\x00" in value:
            raise ValueError(f"{what} without NUL characters")
        elif not value or len(value) > longest:
            raise ValueError(f"{what} of 1 to {longest} characters")
        elif clear is not None and not clear.match(value):
            raise ValueError(f"{what} matching {clear.pattern}")
        return value

    return AfterValidator(check)


def _schema(clear: dict[str, Any], what: str) -> WithJsonSchema:
    sealed = {"type": "string", "pattern": SEALED_PATTERN, "maxLength": SEALED_MAX}
    return WithJsonSchema(
        {
            "anyOf": [clear | {"type": "string"}, sealed],
            "description": f"{what}: clear where a grid or a client gives it, sealed "
            "(encrypted) on the hub's own topics and in its tables (docs/privacy.md).",
        }
    )


PersonalPhone = Annotated[
    str,
    _clear_or_sealed(re.compile(PHONE_PATTERN), PHONE_MAX, "a phone number"),
    _schema({"pattern": PHONE_PATTERN, "maxLength": PHONE_MAX}, "A phone number"),
]
PersonalName = Annotated[
    str,
    _clear_or_sealed(None, SHORT_MAX, "a name"),
    _schema({"minLength": 1, "maxLength": SHORT_MAX, "pattern": NO_NUL}, "A name"),
]
