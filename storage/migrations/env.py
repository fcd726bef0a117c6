"""Alembic environment. Run through storage.migrate, which hands over a connection in
``config.attributes["connection"]``; the alembic CLI is not needed."""

from __future__ import annotations

from alembic import context

from storage.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations with storage.migrate.upgrade(url), not the alembic CLI.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode recreates the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
