"""Crypto top-ups: per-account deposit addresses, on-chain deposits and the chain watcher's
checkpoint.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "deposit_address",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("derivation_index", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_deposit_address_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deposit_address")),
        sa.UniqueConstraint("account_id", name=op.f("uq_deposit_address_account_id")),
        sa.UniqueConstraint("derivation_index", name=op.f("uq_deposit_address_derivation_index")),
        sa.UniqueConstraint("address", name=op.f("uq_deposit_address_address")),
    )
    op.create_table(
        "chain_deposit",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("sender", sa.String(length=42), nullable=False),
        sa.Column("token", sa.String(length=42), nullable=True),
        sa.Column("amount", sa.String(length=78), nullable=False),
        sa.Column("decimals", sa.Integer(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("block_hash", sa.String(length=66), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("credits", sa.BigInteger(), nullable=False),
        sa.Column("seen_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("credited_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_chain_deposit_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_deposit")),
        sa.UniqueConstraint(
            "chain_id", "tx_hash", "log_index",
            name=op.f("uq_chain_deposit_chain_id_tx_hash_log_index"),
        ),
    )
    op.create_index("ix_chain_deposit_account_id", "chain_deposit", ["account_id"])
    op.create_index("ix_chain_deposit_chain_id_status", "chain_deposit", ["chain_id", "status"])
    op.create_table(
        "chain_checkpoint",
        sa.Column("chain_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("last_block", sa.BigInteger(), nullable=False),
        sa.Column("head_block", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("chain_id", name=op.f("pk_chain_checkpoint")),
    )


def downgrade() -> None:
    op.drop_table("chain_checkpoint")
    op.drop_table("chain_deposit")
    op.drop_table("deposit_address")
