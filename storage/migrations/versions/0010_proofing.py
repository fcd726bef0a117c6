"""Independent proofers: the proofers' opt-in and agreement, the proofing rounds of
deliveries with their consensus, the assignments with their scorecards, and the proofers an
offer asks for.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("offer") as batch:
        batch.add_column(
            sa.Column("proofers_wanted", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "proofer",
        sa.Column("account_id", ID, autoincrement=False, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("last_assigned_at", TIME, nullable=True),
        sa.Column("assigned_count", sa.Integer(), nullable=False),
        sa.Column("scored_count", sa.Integer(), nullable=False),
        sa.Column("agreed_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_proofer_account_id_account")
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_proofer")),
    )
    op.create_index(
        "ix_proofer_enabled_last_assigned_at", "proofer", ["enabled", "last_assigned_at"]
    )
    op.create_table(
        "proof_round",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("order_id", ID, nullable=False),
        sa.Column("wanted", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column("closes_at", TIME, nullable=False),
        sa.Column("closed_at", TIME, nullable=True),
        sa.Column("consensus", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["marketplace_order.id"],
            name=op.f("fk_proof_round_order_id_marketplace_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proof_round")),
    )
    op.create_index(op.f("ix_proof_round_order_id"), "proof_round", ["order_id"])
    op.create_table(
        "proof_assignment",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("round_id", ID, nullable=False),
        sa.Column("order_id", ID, nullable=False),
        sa.Column("proofer_id", ID, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assigned_at", TIME, nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("submitted_at", TIME, nullable=True),
        sa.Column("scorecard", sa.JSON(), nullable=True),
        sa.Column("agrees", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["proof_round.id"], name=op.f("fk_proof_assignment_round_id_proof_round")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["marketplace_order.id"],
            name=op.f("fk_proof_assignment_order_id_marketplace_order"),
        ),
        sa.ForeignKeyConstraint(
            ["proofer_id"], ["account.id"], name=op.f("fk_proof_assignment_proofer_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proof_assignment")),
        sa.UniqueConstraint(
            "round_id", "proofer_id", name=op.f("uq_proof_assignment_round_id_proofer_id")
        ),
    )
    op.create_index(op.f("ix_proof_assignment_proofer_id"), "proof_assignment", ["proofer_id"])
    op.create_index(op.f("ix_proof_assignment_order_id"), "proof_assignment", ["order_id"])


def downgrade() -> None:
    op.drop_table("proof_assignment")
    op.drop_table("proof_round")
    op.drop_table("proofer")
    with op.batch_alter_table("offer") as batch:
        batch.drop_column("proofers_wanted")
