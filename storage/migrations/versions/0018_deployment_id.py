"""Deployment id: a random id made once, when this database is first migrated, that prefixes
the idempotency keys BotGig sends to Stripe (issue 14 item 5). A restored backup keeps it (a
retried call replays at Stripe); a fresh database gets its own, so a second environment or a
reset on the same Stripe account never reuses another database's keys.

``payment_job.key_prefix`` is the id a job was queued with: NULL for jobs queued before this
upgrade, which keep sending their bare key (Stripe may have seen it already).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from storage.tables.base import UTCDateTime

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    setting = op.create_table(
        "deployment_setting",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_deployment_setting")),
    )
    # Made here, not by the application, so every process that starts on this database reads
    # the same id and a restored backup brings it back.
    op.bulk_insert(
        setting,
        [
            {
                "name": "deployment_id",
                "value": secrets.token_hex(8),
                "created_at": datetime.now(UTC),
            }
        ],
    )
    with op.batch_alter_table("payment_job") as batch:
        batch.add_column(sa.Column("key_prefix", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payment_job") as batch:
        batch.drop_column("key_prefix")
    op.drop_table("deployment_setting")
