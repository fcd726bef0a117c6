"""Moderation: the audit log of moderators' and the system's actions."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Index,
    String,
    Table,
    Text,
)

from storage.tables.base import Id, _id, _time, metadata

audit_entry = Table(
    "audit_entry",
    metadata,
    _id(),
    Column("actor_id", Id),
    Column("action", String(64), nullable=False),
    Column("subject", String(64), nullable=False),
    _time("created_at"),
    Column("note", Text),
    Column("data", JSON, nullable=False),
    Index(None, "subject"),
)

# The reports queue and the audit views read the log by action and by actor.
Index("ix_audit_entry_action_id", audit_entry.c.action, audit_entry.c.id)
Index("ix_audit_entry_actor_id", audit_entry.c.actor_id)
