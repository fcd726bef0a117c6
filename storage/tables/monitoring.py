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
