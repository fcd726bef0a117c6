"""Proofing: the proofers, the rounds on an order's delivery and their assignments."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

from storage.tables.base import _fk, _id, _time, metadata

proofer = Table(
    "proofer",
    metadata,
    _fk("account_id", "account.id"),
    Column("enabled", Boolean, nullable=False),
    _time("created_at"),
    _time("updated_at"),
    _time("last_assigned_at", nullable=True),
    Column("assigned_count", Integer, nullable=False, default=0),
    Column("scored_count", Integer, nullable=False, default=0),
    Column("agreed_count", Integer, nullable=False, default=0),
    PrimaryKeyConstraint("account_id"),
    Index("ix_proofer_enabled_last_assigned_at", "enabled", "last_assigned_at"),
)

proof_round = Table(
    "proof_round",
    metadata,
    _id(),
    _fk("order_id", "marketplace_order.id"),
    Column("wanted", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    _time("opened_at"),
    _time("closes_at"),
    _time("closed_at", nullable=True),
    Column("consensus", JSON),
    Index(None, "order_id"),
)

proof_assignment = Table(
    "proof_assignment",
    metadata,
    _id(),
    _fk("round_id", "proof_round.id"),
    _fk("order_id", "marketplace_order.id"),
    _fk("proofer_id", "account.id"),
    Column("status", String(16), nullable=False),
    _time("assigned_at"),
    _time("due_at"),
    _time("submitted_at", nullable=True),
    Column("scorecard", JSON),
    Column("agrees", Boolean),
    # A proofer is assigned once per round, so a re-assignment goes to someone else.
    UniqueConstraint("round_id", "proofer_id"),
    Index(None, "proofer_id"),
    Index(None, "order_id"),
)
