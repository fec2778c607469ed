"""Types shared by several wire models."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema


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
    """Base of every wire model: unknown fields are refused, so a drifted producer is noticed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Longitude = Annotated[float, Field(ge=-180, le=180)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
NonEmptyText = Annotated[str, Field(min_length=1, max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
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
    _clear_or_sealed(re.compile(PHONE_PATTERN), 21, "a phone number"),
    _schema({"pattern": PHONE_PATTERN}, "A phone number"),
]
PersonalName = Annotated[
    str,
    _clear_or_sealed(None, 200, "a name"),
    _schema({"minLength": 1, "maxLength": 200}, "A name"),
]
