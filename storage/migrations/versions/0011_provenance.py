"""A delivery's provenance says whether its author declared it (``declared``) and whether the
author says a human reviewed it (``human_reviewed``). Agent deliveries that declared nothing
were stored with the English placeholder "not declared by the agent" as their ``automated``
text, which chat could not translate and an agent could not tell from a real declaration: they
become ``declared: false`` with an empty text. The supervisor's sign-off is kept.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLACEHOLDER = "not declared by the agent"

_delivery = sa.table("delivery", sa.column("id", sa.BigInteger), sa.column("provenance", sa.JSON))


def _rewrite(change: Any) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_delivery.c.id, _delivery.c.provenance).where(
            _delivery.c.provenance.is_not(None)
        )
    ).all()
    for row in rows:
        stored = row.provenance
        # SQLite hands back the JSON text where no JSON type is declared on the column.
        value = json.loads(stored) if isinstance(stored, str) else stored
        if not isinstance(value, dict):
            continue
        new = change(dict(value))
        if new != value:
            bind.execute(
                sa.update(_delivery).where(_delivery.c.id == row.id).values(provenance=new)
            )


def _upgrade_one(value: dict[str, Any]) -> dict[str, Any]:
    if value.get("automated") == PLACEHOLDER and "declared" not in value:
        value.update(automated="", tools=[], declared=False)
    value.setdefault("declared", True)
    value.setdefault("human_reviewed", False)
    return value


def _downgrade_one(value: dict[str, Any]) -> dict[str, Any]:
    if value.pop("declared", True) is False:
        value["automated"] = PLACEHOLDER
    value.pop("human_reviewed", None)
    return value


def upgrade() -> None:
    _rewrite(_upgrade_one)


def downgrade() -> None:
    _rewrite(_downgrade_one)
