"""Which parts of the deployment are alive (botgig.observability, /health/ready)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    PrimaryKeyConstraint,
    String,
    Table,
)

from storage.tables.base import _time, metadata

heartbeat = Table(
    "heartbeat",
    metadata,
    #: ``scheduler``, ``dispatcher``, ``telegram``...; one row per part and process.
    Column("part", String(32), nullable=False),
    #: ``host:pid`` of the process.
    Column("instance", String(128), nullable=False),
    _time("started_at"),
    _time("beat_at"),
    #: The process's own check of the part (a bot connected, a loop turning).
    Column("ok", Boolean, nullable=False),
    Column("detail", String(200), nullable=False),
    PrimaryKeyConstraint("part", "instance"),
)

#: Facts about this deployment made once by a migration: ``deployment_id`` (0018), the prefix
#: of the idempotency keys sent to Stripe (storage.deployment).
deployment_setting = Table(
    "deployment_setting",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
    _time("created_at"),
)
