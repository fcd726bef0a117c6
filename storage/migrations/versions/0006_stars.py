"""Telegram Stars top-ups: one row per successful Stars payment (unique Telegram charge id),
so it is credited once and a moderator can refund it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "stars_payment",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("charge_id", sa.String(length=200), nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("credits", sa.BigInteger(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("paid_at", TIME, nullable=False),
        sa.Column("refunded_at", TIME, nullable=True),
        sa.Column("refunded_by", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_stars_payment_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["refunded_by"], ["account.id"], name=op.f("fk_stars_payment_refunded_by_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stars_payment")),
        sa.UniqueConstraint("charge_id", name=op.f("uq_stars_payment_charge_id")),
    )
    op.create_index("ix_stars_payment_account_id", "stars_payment", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_stars_payment_account_id", table_name="stars_payment")
    op.drop_table("stars_payment")
