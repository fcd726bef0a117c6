"""Offers browsable by a stored rank key (issue 12, item 4).

``offer.rank_key`` folds the seller's trust and the offer's age into one integer
(trust * 10**16 + microseconds since 1970, storage/listings.py ``offer_rank_key``), so the
browse order walks ``ix_offer_status_rank`` instead of sorting every active offer joined to
its seller; ``ix_offer_status_boost_rank`` covers the sort of the offers boosted now.
Existing offers are backfilled from their seller's current trust.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRUST_STEP = 10**16
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BATCH = 5000

offer = sa.table(
    "offer",
    sa.column("id", sa.BigInteger),
    sa.column("seller_id", sa.BigInteger),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("rank_key", sa.BigInteger),
)
account = sa.table("account", sa.column("id", sa.BigInteger), sa.column("trust_score"))


def _micros(created_at: datetime) -> int:
    # SQLite hands back naive UTC; PostgreSQL aware.
    aware = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
    return max(0, (aware - EPOCH) // timedelta(microseconds=1))


def upgrade() -> None:
    # In place on both (no batch copy of the table, which would drop its FTS triggers).
    op.add_column(
        "offer", sa.Column("rank_key", sa.BigInteger(), nullable=False, server_default=sa.text("0"))
    )
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(offer.c.id, offer.c.created_at, account.c.trust_score)
            .join(account, account.c.id == offer.c.seller_id)
            .where(offer.c.id > last)
            .order_by(offer.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        bind.execute(
            offer.update().where(offer.c.id == sa.bindparam("offer_id"))
            .values(rank_key=sa.bindparam("key")),
            [
                {"offer_id": r.id, "key": int(r.trust_score) * TRUST_STEP + _micros(r.created_at)}
                for r in rows
            ],
        )
        last = rows[-1].id
    op.create_index("ix_offer_status_rank", "offer", ["status", "rank_key", "id"])
    op.create_index(
        "ix_offer_status_boost_rank", "offer",
        ["status", "boosted_until", "expires_at", "rank_key", "id"],
    )
    op.create_index(
        "ix_offer_status_category_rank", "offer", ["status", "category", "rank_key", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_offer_status_category_rank", table_name="offer")
    op.drop_index("ix_offer_status_boost_rank", table_name="offer")
    op.drop_index("ix_offer_status_rank", table_name="offer")
    op.drop_column("offer", "rank_key")  # SQLite 3.35+ drops a column in place
