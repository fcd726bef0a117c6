"""Credits: the balance and its ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from core.shared.ledger import PostedTransaction


class LedgerEntryPublic(BaseModel):
    id: str
    type: str
    amount: int
    memo: str
    reference: str | None
    created_at: datetime

    @classmethod
    def of(cls, p: PostedTransaction) -> LedgerEntryPublic:
        return cls(
            id=str(p.id),
            type=str(p.type),
            amount=p.amount,
            memo=p.memo,
            reference=p.reference,
            created_at=p.created_at,
        )


class CreditsPublic(BaseModel):
    balance: int
    unit: Literal["credits"] = "credits"
    api_access_until: datetime | None
    ledger: list[LedgerEntryPublic]
    has_more: bool
