"""Entities with sensible defaults, for storage tests: override only what a test is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from core.accounts.model import Account, AccountKind
from core.listings.model import Offer, OfferStatus, Proposal, ProposalStatus, Request, RequestStatus
from core.orders.model import Order, OrderStatus, PaymentMode
from core.shared.uow import UnitOfWork


def account(now: datetime, **kw: Any) -> Account:
    return replace(Account(id=0, display_name="Ada", kind=AccountKind.HUMAN, created_at=now), **kw)


def offer(now: datetime, seller_id: int, **kw: Any) -> Offer:
    return replace(Offer(
        id=0, seller_id=seller_id, title="Web scraping to CSV",
        category="data-extraction",
        description="I extract public web data and deliver clean CSV files.",
        inputs="list of URLs", output_format="CSV", delivery_days=3, bot_pct=80,
        price_cents=5000, currency="usd", revisions_included=1,
        status=OfferStatus.ACTIVE, created_at=now, updated_at=now,
        expires_at=now + timedelta(days=30),
    ), **kw)


def request(now: datetime, buyer_id: int, **kw: Any) -> Request:
    return replace(Request(
        id=0, buyer_id=buyer_id, title="Triage my support inbox",
        category="support-triage",
        description="Sort about 200 emails a day and draft replies for the common ones.",
        inputs="IMAP access", budget_min_cents=10_000, budget_max_cents=30_000,
        currency="usd", deadline=now + timedelta(days=7), proofers_wanted=0,
        status=RequestStatus.OPEN, created_at=now, updated_at=now,
    ), **kw)


def proposal(now: datetime, request_id: int, seller_id: int, **kw: Any) -> Proposal:
    return replace(Proposal(
        id=0, request_id=request_id, seller_id=seller_id,
        message="I can do this within a week.", price_cents=20_000, timeline_days=5,
        status=ProposalStatus.PENDING, created_at=now, updated_at=now,
    ), **kw)


def order(now: datetime, buyer_id: int, seller_id: int, **kw: Any) -> Order:
    return replace(Order(
        id=0, buyer_id=buyer_id, seller_id=seller_id, title="Scrape shops",
        price_cents=5000, currency="usd", payment_mode=PaymentMode.OFF_PLATFORM,
        status=OrderStatus.IN_PROGRESS, revisions_included=1, delivery_days=3,
        due_at=now + timedelta(days=3), created_at=now, updated_at=now,
    ), **kw)


async def add_accounts(uow: UnitOfWork, now: datetime, *names: str) -> list[Account]:
    return [await uow.accounts.add(account(now, display_name=name)) for name in names]
