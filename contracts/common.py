"""Types shared by several wire models."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


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
PhoneNumber = Annotated[str, Field(pattern=r"^\+?[0-9-]{5,20}$")]

SEALED_PREFIX = "sealed:"
SealedText = Annotated[
    str,
    Field(
        pattern=r"^sealed:[A-Za-z0-9_=-]+$",
        max_length=4000,
        description="A personal value sealed (encrypted) by the hub: 'sealed:' and a Fernet "
        "token. The hub's own topics and tables carry personal fields only so (docs/privacy.md).",
    ),
]
