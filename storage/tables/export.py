"""Data exports prepared in the background (core.accounts.export), with their archive until
it expires."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, LargeBinary, String, Table

from storage.tables.base import _fk, _id, _time, metadata

account_export = Table(
    "account_export",
    metadata,
    _id(),
    # Closing an account deletes its exports (storage.erasure); a tombstone keeps its row.
    _fk("account_id", "account.id", ondelete="CASCADE"),
    Column("status", String(16), nullable=False),
    Column("platform", String(16), nullable=False),
    _time("requested_at"),
    _time("ready_at", nullable=True),
    _time("expires_at", nullable=True),
    Column("size", BigInteger, nullable=False),
    Column("archive", LargeBinary),
    Index(None, "account_id"),
    Index(None, "expires_at"),
)
