"""The ledger account of the money the payment processor holds for the platform is named
``world:processor`` (it was ``world:stripe``): core speaks of the processor, not of one.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("ledger_entry", "ledger_balance")


def _rename(old: str, new: str) -> None:
    for table in _TABLES:
        op.execute(
            sa.text(f"UPDATE {table} SET ledger_account = :new WHERE ledger_account = :old")
            .bindparams(old=old, new=new)
        )


def upgrade() -> None:
    _rename("world:stripe", "world:processor")


def downgrade() -> None:
    _rename("world:processor", "world:stripe")
