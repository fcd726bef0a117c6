"""The chat front ends' state: conversations, dedup keys and rate-limit counters."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
)

from storage.tables.base import _time, metadata

conversation_state = Table(
    "conversation_state",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("state", JSON, nullable=False),
    _time("updated_at"),
    Index(None, "updated_at"),
)

dedup_key = Table(
    "dedup_key",
    metadata,
    Column("key", String(200), primary_key=True),
    _time("created_at"),
    Index(None, "created_at"),
)

rate_limit_counter = Table(
    "rate_limit_counter",
    metadata,
    Column("bucket", String(200), nullable=False),
    _time("window_start"),
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("bucket", "window_start"),
    Index(None, "window_start"),
)
