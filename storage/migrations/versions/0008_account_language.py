"""The account's language is the one it chose with /settings language, or none (then chat
speaks the client's language). Until now the column held the client's language at sign-up,
which nobody chose: it moves to ``client_language`` (the client's language last seen, what
notifications speak while no language is chosen).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.alter_column("language", existing_type=sa.String(length=8), nullable=True)
        batch.add_column(sa.Column("client_language", sa.String(length=8), nullable=True))
    op.execute("UPDATE account SET client_language = language")
    op.execute("UPDATE account SET language = NULL")


def downgrade() -> None:
    op.execute("UPDATE account SET language = COALESCE(language, client_language, 'en')")
    with op.batch_alter_table("account") as batch:
        batch.drop_column("client_language")
        batch.alter_column("language", existing_type=sa.String(length=8), nullable=False)
