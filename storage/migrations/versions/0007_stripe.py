"""Escrow on Stripe: sellers' connected accounts, the processor's event ids (each handled
once), checkout sessions, how each escrow order was funded, and the payment jobs (payouts and
refunds decided in the database, made after the commit, retried until sent).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "payout_account",
        sa.Column("account_id", ID, autoincrement=False, nullable=False),
        sa.Column("stripe_account_id", sa.String(length=64), nullable=False),
        sa.Column("charges_enabled", sa.Boolean(), nullable=False),
        sa.Column("payouts_enabled", sa.Boolean(), nullable=False),
        sa.Column("details_submitted", sa.Boolean(), nullable=False),
        sa.Column("requirements", sa.JSON(), nullable=False),
        sa.Column("disabled_reason", sa.String(length=200), nullable=True),
        sa.Column("status_at", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_payout_account_account_id_account")
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_payout_account")),
        sa.UniqueConstraint(
            "stripe_account_id", name=op.f("uq_payout_account_stripe_account_id")
        ),
    )
    op.create_table(
        "stripe_event",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stripe_event")),
    )
    op.create_table(
        "checkout_session",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("order_id", ID, nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payment_intent", sa.String(length=255), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_checkout_session_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["marketplace_order.id"],
            name=op.f("fk_checkout_session_order_id_marketplace_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkout_session")),
    )
    op.create_index("ix_checkout_session_order_id", "checkout_session", ["order_id"])
    op.create_table(
        "order_funding",
        sa.Column("order_id", ID, autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payment_intent", sa.String(length=255), nullable=True),
        sa.Column("charge_id", sa.String(length=255), nullable=True),
        sa.Column("funded_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["marketplace_order.id"],
            name=op.f("fk_order_funding_order_id_marketplace_order"),
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_order_funding")),
    )
    op.create_index("ix_order_funding_payment_intent", "order_funding", ["payment_intent"])
    op.create_index("ix_order_funding_charge_id", "order_funding", ["charge_id"])
    op.create_table(
        "payment_job",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("order_id", ID, nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("result_id", sa.String(length=255), nullable=True),
        sa.Column("payment_intent", sa.String(length=255), nullable=True),
        sa.Column("reverse_cents", sa.BigInteger(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("next_attempt_at", TIME, nullable=False),
        sa.Column("sent_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["marketplace_order.id"],
            name=op.f("fk_payment_job_order_id_marketplace_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_job")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_payment_job_idempotency_key")),
    )
    op.create_index(
        "ix_payment_job_status_next_attempt_at", "payment_job", ["status", "next_attempt_at"]
    )
    op.create_index("ix_payment_job_order_id", "payment_job", ["order_id"])


def downgrade() -> None:
    op.drop_index("ix_payment_job_order_id", table_name="payment_job")
    op.drop_index("ix_payment_job_status_next_attempt_at", table_name="payment_job")
    op.drop_table("payment_job")
    op.drop_index("ix_order_funding_charge_id", table_name="order_funding")
    op.drop_index("ix_order_funding_payment_intent", table_name="order_funding")
    op.drop_table("order_funding")
    op.drop_index("ix_checkout_session_order_id", table_name="checkout_session")
    op.drop_table("checkout_session")
    op.drop_table("stripe_event")
    op.drop_table("payout_account")
