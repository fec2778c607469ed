"""Registry tables, one row per entity per registry version, derived from the entity types.

Each entity dataclass in grid/model.py is one table named ``registry_<entities>``, with the
dataclass's fields as columns plus the version, so the two cannot drift apart. Alembic
migrations (dispatch/migrations) create exactly these.
"""

from __future__ import annotations

import types
import typing
from dataclasses import fields
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
)
from sqlalchemy.types import TypeEngine

from grid.model import ENTITY_TYPES

registry_metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

registry_versions = Table(
    "registry_versions",
    registry_metadata,
    Column("version", String(40), primary_key=True),
    Column("source", String(500), nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False, default=False),
    Column("counts", JSON, nullable=False),
)


def _column_type(annotation: object) -> tuple[TypeEngine[object], bool]:
    """SQL type and nullability for a field's type hint."""
    nullable = False
    args = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        nullable = type(None) in args
        annotation = next(a for a in args if a is not type(None))
    if annotation is bool:
        return Boolean(), nullable
    if annotation is int:
        return Integer(), nullable
    if annotation is float:
        return Float(), nullable
    if typing.get_origin(annotation) is tuple:
        return JSON(), nullable
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return String(20), nullable
    return String(200), nullable


def _entity_table(name: str, entity_type: type) -> Table:
    hints = typing.get_type_hints(entity_type)
    key = fields(entity_type)[0].name  # the first field is the entity's id or code
    columns = [Column("version", String(40), primary_key=True)]
    for f in fields(entity_type):
        sql_type, nullable = _column_type(hints[f.name])
        columns.append(
            Column(f.name, sql_type, primary_key=f.name == key, nullable=nullable or False)
        )
    return Table(f"registry_{name}", registry_metadata, *columns)


ENTITY_TABLES: dict[str, Table] = {
    name: _entity_table(name, entity_type) for name, entity_type in ENTITY_TYPES.items()
}
