"""The admin channel: indexes for the reports queue and audit views (the audit log read by
action and by actor) and for the pilot analytics (listings and orders by creation time).

Reports, refusals, redactions and warnings are audit entries, and the unclaimed-case
reminder is a timer row (subject ``dispute``): no new table is needed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_audit_entry_action_id", "audit_entry", ["action", "id"]),
    ("ix_audit_entry_actor_id", "audit_entry", ["actor_id"]),
    ("ix_offer_created_at", "offer", ["created_at"]),
    ("ix_request_created_at", "request", ["created_at"]),
    ("ix_marketplace_order_created_at", "marketplace_order", ["created_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
