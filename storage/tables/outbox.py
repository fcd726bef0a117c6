"""The outbox: events to deliver and which sink has each."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from storage.tables.base import _id, _time, metadata

outbox_event = Table(
    "outbox_event",
    metadata,
    _id(),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("type", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("channels", JSON, nullable=False),
    _time("occurred_at"),
    _time("created_at"),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    _time("next_attempt_at"),
    _time("locked_until", nullable=True),
    Column("last_error", Text),
    _time("done_at", nullable=True),
    Index("ix_outbox_event_status_next_attempt_at", "status", "next_attempt_at"),
    Index(None, "created_at"),
)

outbox_delivery = Table(
    "outbox_delivery",
    metadata,
    Column(
        "event_id",
        String(64),
        ForeignKey("outbox_event.event_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("sink", String(64), nullable=False),
    _time("delivered_at"),
    PrimaryKeyConstraint("event_id", "sink"),
)
