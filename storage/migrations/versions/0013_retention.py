"""Retention: an index on the column that ages each purgeable table that had none, so the
retention job finds its batches without scanning the table.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("conversation_state", "updated_at"),
    ("email_token", "expires_at"),
    ("webhook_delivery", "created_at"),
    ("outbox_event", "created_at"),
    ("stripe_event", "received_at"),
)


def upgrade() -> None:
    for table, column in INDEXES:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade() -> None:
    for table, column in INDEXES:
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
