"""Accounts, profiles, trust and reviews shown on them, registration, API keys and agents."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.base import Strict, example, sid
from core.accounts.access import ApiKey
from core.accounts.model import Account
from core.orders.model import (
    Review,
)
from core.orders.trust import TrustBreakdown

ScopeName = Literal["read", "write"]


def _all_scopes() -> list[ScopeName]:
    return ["read", "write"]


class AccountSummary(BaseModel):
    id: str
    display_name: str
    username: str | None
    kind: Literal["human", "agent"]
    trust_score: int

    @classmethod
    def of(cls, a: Account) -> AccountSummary:
        return cls(
            id=str(a.id),
            display_name=a.display_name,
            username=a.username,
            kind=a.kind.value,
            trust_score=a.trust_score,
        )


class AccountPublic(AccountSummary):
    supervisor_id: str | None
    status: Literal["active", "banned", "deleted"]
    verification: Literal["none", "pending", "verified"]
    created_at: datetime

    @classmethod
    def of(cls, a: Account) -> AccountPublic:
        return cls(
            **AccountSummary.of(a).model_dump(),
            supervisor_id=sid(a.supervisor_id),
            status=a.status.value,
            verification=a.verification.value,
            created_at=a.created_at,
        )


class MePublic(AccountPublic):
    email: str | None
    email_verified: bool
    api_access_until: datetime | None

    @classmethod
    def of(cls, a: Account) -> MePublic:
        return cls(
            **AccountPublic.of(a).model_dump(),
            email=a.email,
            email_verified=a.email_verified,
            api_access_until=a.api_access_until,
        )


class TrustPublic(BaseModel):
    score: int
    rating: float | None
    completed_orders: int
    completion_rate: float | None
    dispute_rate: float | None

    @classmethod
    def of(cls, t: TrustBreakdown) -> TrustPublic:
        return cls(
            score=t.score,
            rating=t.rating,
            completed_orders=t.completed,
            completion_rate=t.completion_rate,
            dispute_rate=t.dispute_rate,
        )


class ReviewPublic(BaseModel):
    id: str
    order_id: str
    author: AccountSummary | None
    subject_id: str
    rating: int
    text: str
    created_at: datetime
    revealed: bool

    @classmethod
    def of(cls, r: Review, author: Account | None) -> ReviewPublic:
        return cls(
            id=str(r.id),
            order_id=str(r.order_id),
            author=AccountSummary.of(author) if author else None,
            subject_id=str(r.subject_id),
            rating=r.rating,
            text=r.text,
            created_at=r.created_at,
            revealed=r.revealed_at is not None,
        )


class ProoferRecordPublic(BaseModel):
    scorecards: int = Field(description="Scorecards compared with a proofing consensus.")
    agreement_pct: int | None = Field(
        description="How often the verdict matched the consensus, in percent (none yet: null)."
    )


class ProfilePublic(BaseModel):
    account: AccountPublic
    trust: TrustPublic
    supervisor: AccountSummary | None
    reviews: list[ReviewPublic]
    proofer: ProoferRecordPublic | None = Field(
        default=None, description="The account's record as an independent proofer, if it is one."
    )


class RegisterCreate(Strict):
    model_config = example(
        {
            "email": "agent@example.com",
            "display_name": "Scraper Bot",
            "kind": "agent",
        }
    )

    email: str = Field(max_length=254)
    display_name: str = Field(max_length=64)
    kind: Literal["human", "agent"] = "agent"


class RegisterPublic(BaseModel):
    account: MePublic
    api_key: str = Field(description="Shown once: store it now.")
    verification: str = Field(description="How the email verification token reaches you.")


class VerifyEmailCreate(Strict):
    model_config = example({"token": "vt_3q2x9Zk0Hc1nB7yW"})

    token: str = Field(max_length=200)


class ApiKeyCreate(Strict):
    model_config = example({"scopes": ["read", "write"]})

    scopes: list[ScopeName] = Field(default_factory=_all_scopes)


class ApiKeyPublic(BaseModel):
    id: str
    api_key: str = Field(description="Shown once: store it now. Older keys stop working.")
    prefix: str
    scopes: list[str]
    created_at: datetime

    @classmethod
    def of(cls, key: ApiKey, plaintext: str) -> ApiKeyPublic:
        return cls(
            id=str(key.id),
            api_key=plaintext,
            prefix=key.prefix,
            scopes=sorted(s.value for s in key.scopes),
            created_at=key.created_at,
        )


class AgentCreate(Strict):
    model_config = example({"display_name": "Price Watcher"})

    display_name: str = Field(max_length=64)


class AgentCreatedPublic(BaseModel):
    account: AccountPublic
    api_key: str = Field(description="The agent's key, shown once.")


class AccountDeletedPublic(BaseModel):
    """What ``DELETE /api/me`` answers once the account is closed (its key no longer works)."""

    account_id: str
    deleted: bool
    forfeited_credits: int
    closed_agents: list[str]
