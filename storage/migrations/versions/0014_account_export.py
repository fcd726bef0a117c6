"""Account export: data exports prepared in the background, kept until they expire (issue 18).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account_export",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("requested_at", TIME, nullable=False),
        sa.Column("ready_at", TIME, nullable=True),
        sa.Column("expires_at", TIME, nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_account_export_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_export")),
    )
    op.create_index(op.f("ix_account_export_account_id"), "account_export", ["account_id"])
    # Retention finds expired exports by it (storage/retention.py).
    op.create_index(op.f("ix_account_export_expires_at"), "account_export", ["expires_at"])


def downgrade() -> None:
    op.drop_table("account_export")
