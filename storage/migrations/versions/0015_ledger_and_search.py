"""Ledger without hot rows, and word search on a stored document (issue 12, items 3-4).

``world:*`` accounts no longer keep a cached ``ledger_balance`` row (their balance is the sum
of their entries, see storage/credits.py), so their rows go. On PostgreSQL the searchable
tables get a stored ``text_search`` tsvector and the GIN index moves onto it: a row check is
then a lookup, not a ``to_tsvector`` per row, and the planner can weigh the index by the
column's statistics. On SQLite an fts5vocab table per FTS5 index lists its terms.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCHABLE = ("offer", "request")
DOCUMENT = "to_tsvector('simple', title || ' ' || description || ' ' || inputs)"


def upgrade() -> None:
    op.execute("DELETE FROM ledger_balance WHERE ledger_account LIKE 'world:%'")
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHABLE:
            # Each term with its document count: search expands a prefix into exact terms
            # and tells common words from rare ones (storage/listings.py).
            op.execute(
                f"CREATE VIRTUAL TABLE {table}_fts_vocab USING fts5vocab({table}_fts, 'row')"
            )
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in SEARCHABLE:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN text_search tsvector "
            f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
        )
        op.execute(f"CREATE INDEX ix_{table}_search ON {table} USING gin (text_search)")
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHABLE:
            op.execute(f"DROP TABLE IF EXISTS {table}_fts_vocab")
    if op.get_bind().dialect.name == "postgresql":
        for table in SEARCHABLE:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
            op.execute(f"ALTER TABLE {table} DROP COLUMN text_search")
            op.execute(f"CREATE INDEX ix_{table}_search ON {table} USING gin ({DOCUMENT})")
    op.execute(
        "INSERT INTO ledger_balance (ledger_account, asset, balance) "
        "SELECT ledger_account, asset, SUM(amount) FROM ledger_entry "
        "WHERE ledger_account LIKE 'world:%' GROUP BY ledger_account, asset"
    )
