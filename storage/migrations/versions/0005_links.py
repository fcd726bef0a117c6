"""One account on Telegram and Discord: one-time link codes (stored hashed, with an expiry).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "link_code",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("used_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_link_code_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_link_code_code_hash")),
    )
    op.create_index("ix_link_code_account_id", "link_code", ["account_id"])
    op.create_index("ix_link_code_expires_at", "link_code", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_link_code_expires_at", table_name="link_code")
    op.drop_index("ix_link_code_account_id", table_name="link_code")
    op.drop_table("link_code")
