"""Identity username: the user's name on the chat platform (Telegram username, Discord name),
so /profile @name finds people by it as well as by their BotGig username (issue 16).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("identity") as batch:
        batch.add_column(sa.Column("username", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_identity_username"), ["username"])


def downgrade() -> None:
    with op.batch_alter_table("identity") as batch:
        batch.drop_index(batch.f("ix_identity_username"))
        batch.drop_column("username")
