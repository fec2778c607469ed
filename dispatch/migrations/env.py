"""Alembic environment: the URL comes from the caller (gridhub db upgrade), never from a file."""

from __future__ import annotations

from alembic import context

from dispatch.adapters.db import make_engine
from dispatch.adapters.tables import metadata as case_metadata
from grid.adapters.tables import registry_metadata

metadata = [case_metadata, registry_metadata]

config = context.config
url = config.get_main_option("sqlalchemy.url")
if not url:
    raise RuntimeError("no database URL: run migrations through `gridhub db upgrade`")

if context.is_offline_mode():
    context.configure(url=url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
