"""Builders shared by the service-level unit tests: people, drafts, listings and orders in a
known state, plus small readers of the fake store. They go through the public use cases, so a
test that builds an order exercises the same path a chat user would."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from core.accounts import accounts
from core.accounts.model import Account
from core.credits import credits
from core.escrow.model import (
    CheckoutLink,
    CheckoutRequest,
    PayoutCapability,
    ProcessingFee,
    ProcessorTotals,
)
from core.escrow.ports import PaymentProcessor
from core.listings import offers, requests
from core.listings.model import Offer, Request
from core.listings.offers import OfferDraft
from core.listings.requests import RequestDraft
from core.orders import orders
from core.orders.model import Order, PaymentMode, Timer, TimerStatus
from core.shared import ledger
from core.shared.context import Context
from core.shared.uow import UnitOfWork
from tests.fakes import FakeStore
from tests.fakes_payments import funded as fund_by_card


class FakeEscrow:
    """The escrow port of a platform with Stripe configured; ``can_receive`` is the seller's
    payout readiness. The service tests never reach the card processor (tests/stripe drive
    it through a fake Stripe server), so its calls fail the test that makes one."""

    def __init__(self, can_receive: bool = True) -> None:
        self.can_receive = can_receive
        self.asked: list[int] = []

    async def seller_can_receive(self, seller: Account, uow: UnitOfWork | None = None) -> bool:
        self.asked.append(seller.id)
        return self.can_receive

    async def open_payout_account(
        self, *, account_id: int, email: str | None, idempotency_key: str
    ) -> PayoutCapability:
        raise ProcessorReached

    async def payout_setup_link(self, *, processor_account_id: str) -> str:
        raise ProcessorReached

    async def create_checkout(self, request: CheckoutRequest) -> CheckoutLink:
        raise ProcessorReached

    async def pay_out(
        self,
        *,
        order_id: int,
        amount_cents: int,
        currency: str,
        processor_account_id: str,
        from_payment: str | None,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> str:
        raise ProcessorReached

    async def reverse_payout(
        self, *, payout_ref: str, amount_cents: int, idempotency_key: str
    ) -> str:
        raise ProcessorReached

    async def refund(
        self,
        *,
        payment_ref: str,
        amount_cents: int,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> str:
        raise ProcessorReached

    async def processing_fee(self, *, payment_ref: str) -> ProcessingFee:
        raise ProcessorReached

    async def order_totals(self, order_id: int) -> ProcessorTotals:
        raise ProcessorReached


class ProcessorReached(AssertionError):
    """A service test called the card processor, which it does not have."""


_: type[PaymentProcessor] = FakeEscrow


def offer_draft(**overrides: Any) -> OfferDraft:
    draft = OfferDraft(
        title="Support inbox triage",
        category="support-triage",
        description="I triage your support inbox with an agent and review every draft.",
        inputs="Read access to the inbox",
        output_format="Drafts in your helpdesk",
        delivery_days=3,
        bot_pct=80,
        price_cents=15_000,
        revisions_included=1,
    )
    return replace(draft, **overrides)


def request_draft(ctx: Context, **overrides: Any) -> RequestDraft:
    draft = RequestDraft(
        title="Scrape 500 product pages",
        category="data-extraction",
        description="Extract price and stock from 500 public product pages to CSV.",
        budget_min_cents=10_000,
        budget_max_cents=30_000,
        deadline=ctx.clock.now() + timedelta(days=10),
    )
    return replace(draft, **overrides)


async def human(ctx: Context, name: str) -> Account:
    account, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id=f"tg-{name}", display_name=name.capitalize()
    )
    return account


async def moderator(ctx: Context, name: str = "mod") -> Account:
    account = await human(ctx, name)
    return await accounts.set_role(ctx, granted_by=None, account_id=account.id)


async def publish(ctx: Context, seller: Account, **overrides: Any) -> Offer:
    return await offers.publish_offer(ctx, seller_id=seller.id, draft=offer_draft(**overrides))


async def post(ctx: Context, buyer: Account, **overrides: Any) -> Request:
    return await requests.post_request(
        ctx, buyer_id=buyer.id, draft=request_draft(ctx, **overrides)
    )


async def balance(ctx: Context, account: Account) -> int:
    return (await credits.get_balance(ctx, account_id=account.id)).credits


@dataclass
class Deal:
    """An order between ``buyer`` and ``seller`` with a moderator and an outsider at hand."""

    buyer: Account
    seller: Account
    stranger: Account
    mod: Account
    offer: Offer
    order: Order


async def deal(
    ctx: Context,
    mode: PaymentMode = PaymentMode.OFF_PLATFORM,
    *,
    funded: bool = False,
    **offer_overrides: Any,
) -> Deal:
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    stranger = await human(ctx, "stranger")
    mod = await moderator(ctx)
    offer = await publish(ctx, seller, **offer_overrides)
    order = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id, payment_mode=mode)
    if funded:
        order = await fund_by_card(ctx, order, payment_ref="pay_test")
    return Deal(buyer, seller, stranger, mod, offer, order)


async def delivered(ctx: Context, d: Deal) -> Order:
    await orders.deliver_order(ctx, actor_id=d.seller.id, order_id=d.order.id, note="All done")
    return (await orders.get_order(ctx, order_id=d.order.id, viewer_id=d.buyer.id)).order


def order_now(store: FakeStore, order_id: int) -> Order:
    return store.state.orders[order_id]


def timers_of(store: FakeStore, subject: str, subject_id: int) -> list[Timer]:
    return [
        t
        for t in store.state.timers.values()
        if t.subject == subject and t.subject_id == subject_id
    ]


def pending(store: FakeStore, subject: str, subject_id: int) -> dict[str, Timer]:
    """The pending timers of a subject by kind (at most one per kind is ever pending)."""
    live = [t for t in timers_of(store, subject, subject_id) if t.status is TimerStatus.PENDING]
    by_kind = {t.kind.value: t for t in live}
    assert len(by_kind) == len(live), f"two pending timers of one kind: {live}"
    return by_kind


def money(store: FakeStore, ledger_account: str, currency: str = "usd") -> int:
    return store.state.balances.get((ledger_account, currency), 0)


def escrow_held(store: FakeStore, order_id: int) -> int:
    return money(store, ledger.escrow_account(order_id))


def event_types(store: FakeStore) -> list[str]:
    return [e.type for e in store.outbox]


def events_for_order(store: FakeStore, order_id: int) -> list[str]:
    return [e.type for e in store.outbox if e.payload.get("order_id") == order_id]
