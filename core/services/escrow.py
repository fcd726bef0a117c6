"""Escrow on Stripe: payout onboarding, funding (card checkout or wallet), the processor's
webhooks, the payment worker, refunds after a payout, the moderators' payment overrides and
reconciliation.

The money rules (core.orders.money ``release_escrow``/``refund_escrow``) post to the ledger
and queue a ``PaymentJob`` in the same transaction; ``run_payment_jobs`` performs the call to
the processor after the commit and records the outcome. No call to the processor happens
while a database transaction is open: the use cases here read, close the transaction, call,
then write in a new one.

Ledger accounts (money in the order currency): ``world:stripe`` (what the processor holds for
the platform: charges in, refunds out), ``user:<id>`` (a buyer's wallet), ``escrow:<order>``,
``payable:<seller>``, ``world:platform_fees`` and ``world:payouts`` (transferred to sellers).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from core import events as ev
from core import ledger
from core import payments as pay
from core import validation as v
from core.errors import Conflict, InsufficientCredits, PermissionDenied
from core.events import DomainEvent
from core.ledger import Entry, LedgerTransaction
from core.model import Account, AuditEntry, Order, OrderEvent, OrderStatus, PaymentMode
from core.orders import parties, workflow
from core.orders.machine import MODERATOR, PAYMENT
from core.payments import (
    CheckoutPurpose,
    CheckoutRequest,
    CheckoutSession,
    FundingSource,
    JobKind,
    JobStatus,
    Mismatch,
    OrderFunding,
    PaymentEvent,
    PaymentJob,
    PayoutAccount,
    Reconciliation,
)
from core.ports import UnitOfWork
from core.services import common
from core.services.context import Context, EscrowPort

log = logging.getLogger(__name__)

#: A claimed job's call must finish within this; then another worker may take it over.
JOB_LEASE = timedelta(minutes=2)
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=6)
#: Failures announced to the moderators: the first, then every fifth.
ANNOUNCE_EVERY = 5
MIN_DEPOSIT_CENTS = 100
MAX_DEPOSIT_CENTS = 1_000_000


def gateway_of(ctx: Context) -> EscrowPort:
    if ctx.escrow is None:
        raise pay.EscrowUnavailable()
    return ctx.escrow


def transfer_group(order_id: int) -> str:
    return f"order_{order_id}"


def fee_of(ctx: Context, amount: int) -> int:
    """The platform's fee on ``amount`` (rounded down, like release_escrow)."""
    return amount * ctx.rules.platform_fee_bps // 10_000


# -- payout onboarding ---------------------------------------------------------------------


class PayoutState(StrEnum):
    NOT_STARTED = "not_started"
    #: Details are missing: the seller has to finish the onboarding form.
    ACTION_REQUIRED = "action_required"
    #: Submitted; Stripe is verifying.
    PENDING = "pending"
    ENABLED = "enabled"
    #: Stripe disabled the account (``disabled_reason``).
    RESTRICTED = "restricted"


def payout_state(account: PayoutAccount | None) -> PayoutState:
    if account is None:
        return PayoutState.NOT_STARTED
    if account.disabled_reason and not account.requirements:
        return PayoutState.RESTRICTED
    if account.can_receive and not account.requirements:
        return PayoutState.ENABLED
    if account.requirements or not account.details_submitted:
        return PayoutState.ACTION_REQUIRED
    return PayoutState.PENDING


_STATE_WORDS = {
    PayoutState.NOT_STARTED: (
        "Payouts are not set up yet: open the link to connect a Stripe account."
    ),
    PayoutState.ACTION_REQUIRED: (
        "Stripe needs more details before it can pay you out: open the link to finish."
    ),
    PayoutState.PENDING: "Your details are submitted; Stripe is verifying them.",
    PayoutState.ENABLED: "Payouts are enabled: buyers can order from you with escrow.",
    PayoutState.RESTRICTED: "Stripe has restricted payouts on your account; open the link.",
}


def describe_payouts(account: PayoutAccount | None) -> str:
    """The payout status in words (English; the chat front ends use their catalog)."""
    return _STATE_WORDS[payout_state(account)]


@dataclass(frozen=True)
class PayoutSetup:
    account: PayoutAccount
    state: PayoutState
    #: A fresh single-use onboarding (or update) link.
    link: str


def _payout_from(
    account_id: int, remote: pay.ConnectedAccount, now: datetime, old: PayoutAccount | None
) -> PayoutAccount:
    return PayoutAccount(
        account_id=account_id,
        stripe_account_id=remote.id,
        charges_enabled=remote.charges_enabled,
        payouts_enabled=remote.payouts_enabled,
        details_submitted=remote.details_submitted,
        requirements=remote.requirements,
        disabled_reason=remote.disabled_reason,
        created_at=old.created_at if old else now,
        updated_at=now,
        status_at=old.status_at if old else None,
    )


async def start_payouts(ctx: Context, *, account_id: int) -> PayoutSetup:
    """Create the account's connected (Express) account once, and return a fresh onboarding
    link with the payout status. Raises ``EscrowUnavailable`` without Stripe and
    ``GatewayError`` when Stripe fails."""
    gateway = gateway_of(ctx)
    async with ctx.uow() as uow:
        account = await common.load_actor(uow, account_id)
        stored = await uow.payments.payout_account(account.id)
    if stored is None:
        # The idempotency key makes a retried first request find the same account.
        remote = await gateway.create_connected_account(
            account_id=account.id, email=account.email, idempotency_key=f"connect:{account.id}"
        )
        async with ctx.uow() as uow:
            stored = await uow.payments.payout_account(account.id)
            if stored is None:
                stored = _payout_from(account.id, remote, ctx.clock.now(), None)
                await uow.payments.save_payout_account(stored)
                await uow.commit()
    link = await gateway.create_onboarding_link(stripe_account_id=stored.stripe_account_id)
    return PayoutSetup(stored, payout_state(stored), link)


async def get_payouts(ctx: Context, *, account_id: int) -> PayoutAccount | None:
    async with ctx.uow() as uow:
        await common.load_account(uow, account_id)
        return await uow.payments.payout_account(account_id)


async def payout_ready(uow: UnitOfWork, seller_id: int) -> bool:
    """What ``EscrowPort.seller_can_receive`` answers: payouts enabled by Stripe."""
    account = await uow.payments.payout_account(seller_id)
    return account is not None and account.can_receive


# -- funding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentDetails:
    """What the buyer of an escrow order sees before paying."""

    order_id: int
    status: str
    amount_cents: int
    currency: str
    #: The platform's fee, kept from the seller's payout (the buyer pays ``amount_cents``).
    fee_cents: int
    seller_receives_cents: int
    checkout_url: str | None = None
    checkout_expires_at: datetime | None = None
    wallet_balance_cents: int = 0


def _details(
    ctx: Context,
    order: Order,
    session: CheckoutSession | None,
    wallet: int,
) -> PaymentDetails:
    fee = fee_of(ctx, order.price_cents)
    status = "awaiting_funding" if order.status is OrderStatus.AWAITING_FUNDING else "funded"
    if order.status is OrderStatus.CANCELLED:
        status = "cancelled"
    return PaymentDetails(
        order_id=order.id,
        status=status,
        amount_cents=order.price_cents,
        currency=order.currency,
        fee_cents=fee,
        seller_receives_cents=order.price_cents - fee,
        checkout_url=session.url if session else None,
        checkout_expires_at=session.expires_at if session else None,
        wallet_balance_cents=wallet,
    )


async def _escrow_order_of_buyer(uow: UnitOfWork, buyer_id: int, order_id: int) -> Order:
    await common.load_actor(uow, buyer_id)
    order = await parties.load_order(uow, order_id)
    if order.buyer_id != buyer_id:
        raise PermissionDenied(f"Only the buyer of order {order.id} can pay for it.")
    if order.payment_mode is not PaymentMode.ESCROW:
        raise Conflict(f"Order {order.id} is not an escrow order.", code="order.not_escrow")
    return order


async def start_checkout(ctx: Context, *, buyer_id: int, order_id: int) -> PaymentDetails:
    """The Stripe Checkout link for an escrow order awaiting funding (an open one is shown
    again; otherwise a new one is made). Raises ``Conflict`` when the order is funded or
    closed, ``PermissionDenied`` for anyone but the buyer."""
    gateway = gateway_of(ctx)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        order = await _escrow_order_of_buyer(uow, buyer_id, order_id)
        wallet = await uow.ledger.balance(ledger.user_account(buyer_id), order.currency)
        if order.status is not OrderStatus.AWAITING_FUNDING:
            return _details(ctx, order, None, wallet)
        session = await uow.payments.open_checkout(order.id, now)
        buyer = await common.load_account(uow, buyer_id)
        seller = await common.load_account(uow, order.seller_id)
        attempt = len(await uow.orders.events(order.id))
    if session is not None:
        return _details(ctx, order, session, wallet)
    fee = fee_of(ctx, order.price_cents)
    link = await gateway.create_checkout(
        CheckoutRequest(
            purpose=CheckoutPurpose.ORDER,
            account_id=buyer_id,
            order_id=order.id,
            amount_cents=order.price_cents,
            currency=order.currency,
            title=f"BotGig order #{order.id}: {order.title}"[:120],
            description=(
                f"Held in escrow until you approve the work of {seller.handle}. "
                f"Platform fee {fee / 100:.2f} {order.currency.upper()} is kept from the "
                "seller's payout."
            ),
            idempotency_key=f"checkout:{order.id}:{attempt}:{int(now.timestamp()) // 60}",
            email=buyer.email,
        )
    )
    session = CheckoutSession(
        id=link.id,
        purpose=CheckoutPurpose.ORDER,
        account_id=buyer_id,
        order_id=order.id,
        amount_cents=order.price_cents,
        currency=order.currency,
        url=link.url,
        status="open",
        created_at=now,
        expires_at=link.expires_at,
        payment_intent=link.payment_intent,
    )
    async with ctx.uow() as uow:
        if await uow.payments.checkout(session.id) is None:
            await uow.payments.add_checkout(session)
            await uow.commit()
    return _details(ctx, order, session, wallet)


async def payment_details(ctx: Context, *, viewer_id: int, order_id: int) -> PaymentDetails | None:
    """An escrow order's payment as its parties may see it (no call to Stripe)."""
    async with ctx.uow() as uow:
        viewer = await common.load_account(uow, viewer_id)
        order = await parties.load_order(uow, order_id)
        await parties.require_party(uow, order, viewer)
        if order.payment_mode is not PaymentMode.ESCROW:
            return None
        session = (
            await uow.payments.open_checkout(order.id, ctx.clock.now())
            if order.status is OrderStatus.AWAITING_FUNDING
            else None
        )
        wallet = (
            await uow.ledger.balance(ledger.user_account(viewer.id), order.currency)
            if viewer.id == order.buyer_id
            else 0
        )
        return _details(ctx, order, session, wallet)


async def _fund(
    ctx: Context,
    uow: UnitOfWork,
    order: Order,
    *,
    source: str,
    funding: OrderFunding,
) -> None:
    """Money enters the order's escrow (from ``source``) and the order starts."""
    await uow.ledger.post(
        ledger.transfer(
            type=ledger.TxType.ESCROW_FUND,
            asset=order.currency,
            source=source,
            destination=ledger.escrow_account(order.id),
            amount=funding.amount_cents,
            idempotency_key=f"fund:{order.id}",
            memo=f"Funding of order #{order.id}",
            account_id=order.buyer_id,
            reference=funding.payment_intent or f"wallet:{order.buyer_id}",
        )
    )
    await uow.payments.save_funding(funding)
    # The delivery time runs from the moment the money is in, as work starts then.
    order.due_at = ctx.clock.now() + timedelta(days=order.delivery_days)
    await workflow.move_order(
        ctx,
        uow,
        order,
        "fund",
        actor_id=None,
        roles=frozenset({PAYMENT}),
        extra={"source": funding.source.value},
    )


async def fund_from_wallet(ctx: Context, *, buyer_id: int, order_id: int) -> Order:
    """Fund an escrow order from the buyer's wallet (money deposited earlier), without a card.
    Idempotent: an order funded already is returned as it is. Raises
    ``InsufficientCredits`` (code ``payment.wallet_insufficient``) when the wallet is short."""
    async with ctx.uow() as uow:
        order = await _escrow_order_of_buyer(uow, buyer_id, order_id)
        if await uow.payments.funding(order.id) is not None:
            return order
        if order.status is not OrderStatus.AWAITING_FUNDING:
            raise Conflict(
                f"Order {order.id} is {order.status.value}; it cannot be funded now.",
                code="order.not_awaiting_funding",
            )
        wallet = ledger.user_account(buyer_id)
        balance = await uow.ledger.balance(wallet, order.currency)
        if balance < order.price_cents:
            error = InsufficientCredits(order.price_cents, balance)
            error.code = "payment.wallet_insufficient"
            error.message = (
                f"Your wallet holds {balance / 100:.2f} {order.currency.upper()}; the order needs "
                f"{order.price_cents / 100:.2f}. Deposit money or pay by card."
            )
            raise error
        funding = OrderFunding(
            order_id=order.id,
            source=FundingSource.WALLET,
            amount_cents=order.price_cents,
            currency=order.currency,
            funded_at=ctx.clock.now(),
        )
        await _fund(ctx, uow, order, source=wallet, funding=funding)
        await uow.commit()
        return order


async def start_wallet_deposit(
    ctx: Context, *, account_id: int, amount_cents: int
) -> CheckoutSession:
    """A Checkout link that puts money into the account's wallet (not credits)."""
    gateway = gateway_of(ctx)
    amount_cents = v.integer(
        "amount", amount_cents, minimum=MIN_DEPOSIT_CENTS, maximum=MAX_DEPOSIT_CENTS
    )
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        account = await common.load_actor(uow, account_id)
    link = await gateway.create_checkout(
        CheckoutRequest(
            purpose=CheckoutPurpose.WALLET,
            account_id=account.id,
            amount_cents=amount_cents,
            currency=ctx.rules.currency,
            title="BotGig wallet deposit",
            description="Money to fund escrow orders; not credits.",
            idempotency_key=f"deposit:{account.id}:{amount_cents}:{int(now.timestamp()) // 60}",
            email=account.email,
        )
    )
    session = CheckoutSession(
        id=link.id,
        purpose=CheckoutPurpose.WALLET,
        account_id=account.id,
        amount_cents=amount_cents,
        currency=ctx.rules.currency,
        url=link.url,
        status="open",
        created_at=now,
        expires_at=link.expires_at,
        payment_intent=link.payment_intent,
    )
    async with ctx.uow() as uow:
        if await uow.payments.checkout(session.id) is None:
            await uow.payments.add_checkout(session)
            await uow.commit()
    return session


async def wallet_balance(ctx: Context, *, account_id: int) -> int:
    async with ctx.uow() as uow:
        await common.load_account(uow, account_id)
        return await uow.ledger.balance(ledger.user_account(account_id), ctx.rules.currency)


# -- hooks of the money rules (core.orders.money release_escrow / refund_escrow) ------------


async def refund_destination(uow: UnitOfWork, order: Order) -> str:
    """Where refunded escrow goes: back to the card (``world:stripe``) or to the wallet."""
    funding = await uow.payments.funding(order.id)
    if funding is not None and funding.source is FundingSource.WALLET:
        return ledger.user_account(order.buyer_id)
    return ledger.WORLD_STRIPE


async def queue_refund(ctx: Context, uow: UnitOfWork, order: Order, amount: int) -> None:
    """After ``amount`` of the escrow went back to ``world:stripe``: refund the card."""
    funding = await uow.payments.funding(order.id)
    if funding is None or funding.source is not FundingSource.CARD:
        return
    await _add_job(ctx, uow, order, JobKind.REFUND, amount, f"refund:{order.id}")


async def queue_payout(ctx: Context, uow: UnitOfWork, order: Order, net: int) -> None:
    """After ``net`` was credited to the seller's payable: transfer it to them."""
    if net > 0:
        await _add_job(ctx, uow, order, JobKind.TRANSFER, net, f"release:{order.id}")


async def _add_job(
    ctx: Context,
    uow: UnitOfWork,
    order: Order,
    kind: JobKind,
    amount: int,
    key: str,
    *,
    payment_intent: str | None = None,
    reverse_cents: int = 0,
) -> PaymentJob | None:
    now = ctx.clock.now()
    return await uow.payments.add_job(
        PaymentJob(
            id=0,
            kind=kind,
            order_id=order.id,
            amount_cents=amount,
            currency=order.currency,
            idempotency_key=key,
            status=JobStatus.PENDING,
            created_at=now,
            next_attempt_at=now,
            payment_intent=payment_intent,
            reverse_cents=reverse_cents,
        )
    )


# -- the processor's webhooks ----------------------------------------------------------------


class EventOutcome(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _str(value: Any) -> str | None:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


async def handle_payment_event(ctx: Context, event: PaymentEvent) -> EventOutcome:
    """Apply a verified webhook event once. A redelivered event id changes nothing; events
    arriving out of order are harmless (funding is keyed by order, account updates by the
    event's time). Unknown types are ignored."""
    handler = _HANDLERS.get(event.type)
    async with ctx.uow() as uow:
        if not await uow.payments.first_event(event.id, event.type, ctx.clock.now()):
            return EventOutcome.DUPLICATE
        outcome = EventOutcome.IGNORED
        if handler is not None:
            outcome = await handler(ctx, uow, event)
        await uow.commit()
        return outcome


def _metadata(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj.get("metadata")
    return meta if isinstance(meta, dict) else {}


async def _on_checkout_completed(
    ctx: Context, uow: UnitOfWork, event: PaymentEvent
) -> EventOutcome:
    obj = event.object
    if obj.get("payment_status") not in ("paid", "no_payment_required"):
        return EventOutcome.IGNORED
    session = await uow.payments.checkout(str(obj.get("id")))
    if session is not None:
        session.status = "complete"
        session.payment_intent = _str(obj.get("payment_intent")) or session.payment_intent
        await uow.payments.update_checkout(session)
    return await _payment_received(
        ctx,
        uow,
        _metadata(obj),
        amount=_int(obj.get("amount_total")) or 0,
        currency=str(obj.get("currency") or ""),
        payment_intent=_str(obj.get("payment_intent")),
        charge=None,
    )


async def _on_intent_succeeded(
    ctx: Context, uow: UnitOfWork, event: PaymentEvent
) -> EventOutcome:
    obj = event.object
    return await _payment_received(
        ctx,
        uow,
        _metadata(obj),
        amount=_int(obj.get("amount_received")) or _int(obj.get("amount")) or 0,
        currency=str(obj.get("currency") or ""),
        payment_intent=_str(obj.get("id")),
        charge=_str(obj.get("latest_charge")),
    )


async def _payment_received(
    ctx: Context,
    uow: UnitOfWork,
    meta: dict[str, Any],
    *,
    amount: int,
    currency: str,
    payment_intent: str | None,
    charge: str | None,
) -> EventOutcome:
    purpose = meta.get("purpose")
    if payment_intent is None or amount <= 0:
        return EventOutcome.IGNORED
    if purpose == CheckoutPurpose.WALLET.value:
        account_id = _int(meta.get("account_id"))
        if account_id is None or await uow.accounts.get(account_id) is None:
            log.warning("wallet deposit %s names no known account: %r", payment_intent, meta)
            return EventOutcome.IGNORED
        posted = await uow.ledger.post(
            ledger.transfer(
                type=ledger.TxType.WALLET_DEPOSIT,
                asset=currency.lower(),
                source=ledger.WORLD_STRIPE,
                destination=ledger.user_account(account_id),
                amount=amount,
                idempotency_key=f"deposit:{payment_intent}",
                memo="Wallet deposit",
                account_id=account_id,
                reference=payment_intent,
            )
        )
        if posted:
            uow.publish(
                DomainEvent(
                    type=pay.WALLET_CREDITED,
                    payload={
                        "account_id": account_id,
                        "amount_cents": amount,
                        "currency": currency.lower(),
                        "balance_cents": await uow.ledger.balance(
                            ledger.user_account(account_id), currency.lower()
                        ),
                    },
                    recipients=(account_id,),
                    occurred_at=ctx.clock.now(),
                )
            )
        return EventOutcome.PROCESSED
    order_id = _int(meta.get("order_id"))
    if purpose != CheckoutPurpose.ORDER.value or order_id is None:
        return EventOutcome.IGNORED
    order = await uow.orders.get(order_id)
    if order is None:
        log.warning("payment %s names unknown order %s", payment_intent, order_id)
        return EventOutcome.IGNORED
    funding = await uow.payments.funding(order.id)
    if funding is not None and funding.payment_intent == payment_intent:
        if charge and funding.charge_id is None:
            funding.charge_id = charge
            await uow.payments.save_funding(funding)
        return EventOutcome.PROCESSED
    reason = None
    if funding is not None:
        reason = "the order was funded already"
    elif order.status is not OrderStatus.AWAITING_FUNDING:
        reason = f"the order is {order.status.value.replace('_', ' ')}"
    elif order.payment_mode is not PaymentMode.ESCROW:
        reason = "the order is not an escrow order"
    elif amount != order.price_cents or currency.lower() != order.currency:
        reason = f"{amount} {currency} does not match the order amount"
    if reason is not None:
        await _return_payment(ctx, uow, order, payment_intent, amount, reason)
        return EventOutcome.PROCESSED
    await _fund(
        ctx,
        uow,
        order,
        source=ledger.WORLD_STRIPE,
        funding=OrderFunding(
            order_id=order.id,
            source=FundingSource.CARD,
            amount_cents=amount,
            currency=order.currency,
            funded_at=ctx.clock.now(),
            payment_intent=payment_intent,
            charge_id=charge,
        ),
    )
    return EventOutcome.PROCESSED


async def _return_payment(
    ctx: Context, uow: UnitOfWork, order: Order, payment_intent: str, amount: int, reason: str
) -> None:
    """A payment the order cannot take: refund it in full (it never entered the ledger)."""
    job = await _add_job(
        ctx, uow, order, JobKind.RETURN, amount, f"return:{payment_intent}",
        payment_intent=payment_intent,
    )
    if job is None:
        return
    log.warning(
        "payment %s for order %s is refunded automatically: %s", payment_intent, order.id, reason
    )
    await uow.audit.add(
        AuditEntry(
            id=0,
            actor_id=None,
            action="payment.returned",
            subject=f"order:{order.id}",
            created_at=ctx.clock.now(),
            note=reason,
            data={"payment_intent": payment_intent, "amount_cents": amount},
        )
    )
    uow.publish(
        DomainEvent(
            type=pay.PAYMENT_RETURNED,
            payload=parties.order_payload(order) | {"amount_cents": amount, "reason": reason},
            recipients=(order.buyer_id,),
            occurred_at=ctx.clock.now(),
        )
    )


async def _on_intent_failed(ctx: Context, uow: UnitOfWork, event: PaymentEvent) -> EventOutcome:
    obj = event.object
    meta = _metadata(obj)
    order_id = _int(meta.get("order_id"))
    order = await uow.orders.get(order_id) if order_id is not None else None
    if order is None:
        return EventOutcome.IGNORED
    error = obj.get("last_payment_error")
    reason = error.get("message") if isinstance(error, dict) else None
    uow.publish(
        DomainEvent(
            type=pay.PAYMENT_FAILED,
            payload=parties.order_payload(order)
            | {"reason": str(reason or "the card was declined")[:300]},
            recipients=(order.buyer_id,),
            occurred_at=ctx.clock.now(),
        )
    )
    return EventOutcome.PROCESSED


def _requirements(obj: dict[str, Any]) -> tuple[str, ...]:
    req = obj.get("requirements")
    if not isinstance(req, dict):
        return ()
    items: list[str] = []
    for key in ("past_due", "currently_due"):
        value = req.get(key)
        if isinstance(value, list):
            items += [str(x) for x in value]
    return tuple(dict.fromkeys(items))


def connected_account_from(obj: dict[str, Any]) -> pay.ConnectedAccount:
    req = obj.get("requirements")
    disabled = req.get("disabled_reason") if isinstance(req, dict) else None
    return pay.ConnectedAccount(
        id=str(obj.get("id")),
        charges_enabled=bool(obj.get("charges_enabled")),
        payouts_enabled=bool(obj.get("payouts_enabled")),
        details_submitted=bool(obj.get("details_submitted")),
        requirements=_requirements(obj),
        disabled_reason=str(disabled) if disabled else None,
    )


async def _on_account_updated(
    ctx: Context, uow: UnitOfWork, event: PaymentEvent
) -> EventOutcome:
    remote = connected_account_from(event.object)
    stored = await uow.payments.payout_account_by_stripe_id(remote.id)
    if stored is None:
        return EventOutcome.IGNORED
    if stored.status_at is not None and event.created < stored.status_at:
        return EventOutcome.IGNORED  # an older state delivered late
    could = stored.can_receive
    updated = _payout_from(stored.account_id, remote, ctx.clock.now(), stored)
    updated.status_at = event.created
    await uow.payments.save_payout_account(updated)
    if updated.can_receive != could:
        uow.publish(
            DomainEvent(
                type=pay.PAYOUTS_UPDATED,
                payload={
                    "account_id": stored.account_id,
                    "state": payout_state(updated).value,
                    "can_receive": updated.can_receive,
                },
                recipients=(stored.account_id,),
                occurred_at=ctx.clock.now(),
            )
        )
    return EventOutcome.PROCESSED


async def _order_of_payment(uow: UnitOfWork, obj: dict[str, Any]) -> Order | None:
    for key in ("payment_intent", "charge", "id"):
        ref = _str(obj.get(key))
        if ref is None:
            continue
        funding = await uow.payments.funding_by_payment(ref)
        if funding is not None:
            return await uow.orders.get(funding.order_id)
    return None


def _unexpected(ctx: Context, order_id: int | None, what: str, data: dict[str, Any]) -> DomainEvent:
    return DomainEvent(
        type=pay.PAYMENT_UNEXPECTED,
        payload={"order_id": order_id, "note": what} | data,
        channels=("admin",),
        occurred_at=ctx.clock.now(),
    )


async def _on_charge_refunded(
    ctx: Context, uow: UnitOfWork, event: PaymentEvent
) -> EventOutcome:
    """A refund confirmed by Stripe. One BotGig did not ask for (made in the Stripe
    dashboard) is reported to the moderators; reconciliation shows it too."""
    obj = event.object
    order = await _order_of_payment(uow, obj)
    if order is None:
        return EventOutcome.IGNORED
    refunded = _int(obj.get("amount_refunded")) or 0
    asked = sum(
        j.amount_cents
        for j in await uow.payments.jobs_for_order(order.id)
        if j.kind in (JobKind.REFUND, JobKind.RETURN) and j.status is not JobStatus.CANCELLED
    )
    if refunded > asked:
        uow.publish(
            _unexpected(
                ctx,
                order.id,
                f"Stripe refunded {refunded} cents of the order's payment; BotGig asked for "
                f"{asked}. Check the order and run botgig payments reconcile.",
                {"amount_cents": refunded},
            )
        )
    return EventOutcome.PROCESSED


async def _on_transfer_reversed(
    ctx: Context, uow: UnitOfWork, event: PaymentEvent
) -> EventOutcome:
    obj = event.object
    group = str(obj.get("transfer_group") or "")
    order_id = _int(group.removeprefix("order_")) if group.startswith("order_") else None
    if order_id is None:
        order_id = _int(_metadata(obj).get("order_id"))
    if order_id is None:
        return EventOutcome.IGNORED
    reversed_cents = _int(obj.get("amount_reversed")) or 0
    asked = sum(
        j.reverse_cents
        for j in await uow.payments.jobs_for_order(order_id)
        if j.kind is JobKind.REFUND and j.status is not JobStatus.CANCELLED
    )
    if reversed_cents > asked:
        uow.publish(
            _unexpected(
                ctx,
                order_id,
                f"a transfer of the order was reversed by {reversed_cents} cents outside "
                "BotGig.",
                {"amount_cents": reversed_cents},
            )
        )
    return EventOutcome.PROCESSED


async def _on_chargeback(ctx: Context, uow: UnitOfWork, event: PaymentEvent) -> EventOutcome:
    """A card dispute: the order is put on hold (its timers pause), its payout is stopped and
    the moderators are told."""
    obj = event.object
    order = await _order_of_payment(uow, obj)
    if order is None:
        uow.publish(
            _unexpected(
                ctx,
                None,
                f"chargeback {obj.get('id')} on a payment BotGig does not know",
                {},
            )
        )
        return EventOutcome.PROCESSED
    reason = str(obj.get("reason") or "card dispute")
    note = f"card chargeback ({reason})"
    if not order.status.is_terminal and order.status is not OrderStatus.ON_HOLD:
        await workflow.move_order(
            ctx,
            uow,
            order,
            "hold",
            actor_id=None,
            roles=frozenset({PAYMENT}),
            note=note,
            channels=("admin",),
        )
    await _set_jobs(uow, order.id, (JobStatus.PENDING, JobStatus.FAILED), JobStatus.HELD)
    uow.publish(
        DomainEvent(
            type=pay.PAYMENT_CHARGEBACK,
            payload=parties.order_payload(order)
            | {"note": note, "amount_cents": _int(obj.get("amount")) or 0},
            channels=("admin",),
            occurred_at=ctx.clock.now(),
        )
    )
    return EventOutcome.PROCESSED


_HANDLERS = {
    "checkout.session.completed": _on_checkout_completed,
    "checkout.session.async_payment_succeeded": _on_checkout_completed,
    "payment_intent.succeeded": _on_intent_succeeded,
    "payment_intent.payment_failed": _on_intent_failed,
    "account.updated": _on_account_updated,
    "charge.refunded": _on_charge_refunded,
    "transfer.reversed": _on_transfer_reversed,
    "charge.dispute.created": _on_chargeback,
}
HANDLED_EVENT_TYPES = frozenset(_HANDLERS)


# -- the payment worker ----------------------------------------------------------------------


@dataclass(frozen=True)
class JobRun:
    sent: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    delay: timedelta = FIRST_RETRY * (2 ** min(20, max(0, attempts - 1)))
    return min(delay, MAX_RETRY)


async def run_payment_jobs(ctx: Context, *, limit: int = 20) -> JobRun:
    """Make the queued calls to the processor that are due, each after its own claim, and
    record each outcome; a failure is retried with backoff and announced to moderators."""
    gateway = gateway_of(ctx)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        jobs = await uow.payments.claim_jobs(now, limit, now + JOB_LEASE)
        await uow.commit()
    sent = failed = 0
    for job in jobs:
        if await _run_job(ctx, gateway, job):
            sent += 1
        else:
            failed += 1
    return JobRun(sent, failed)


async def _run_job(ctx: Context, gateway: EscrowPort, job: PaymentJob) -> bool:
    async with ctx.uow() as uow:
        order = await parties.load_order(uow, job.order_id)
        funding = await uow.payments.funding(order.id)
        payout = await uow.payments.payout_account(order.seller_id)
        transfer = await uow.payments.job(f"release:{order.id}")
    try:
        result = await _call(ctx, gateway, job, order, funding, payout, transfer)
    except Exception as exc:
        if not isinstance(exc, pay.GatewayError):
            log.exception("payment job %s (%s) crashed", job.id, job.idempotency_key)
        await _record_failure(ctx, job, order, exc)
        return False
    await _record_success(ctx, job, order, result)
    return True


async def _call(
    ctx: Context,
    gateway: EscrowPort,
    job: PaymentJob,
    order: Order,
    funding: OrderFunding | None,
    payout: PayoutAccount | None,
    transfer: PaymentJob | None,
) -> str:
    meta = {"order_id": str(order.id), "botgig_job": job.idempotency_key}
    if job.kind is JobKind.TRANSFER:
        if payout is None or not payout.can_receive:
            raise pay.GatewayError(
                "the seller's Stripe account cannot receive payouts yet (/payouts)",
                code="payment.seller_cannot_receive",
            )
        source = None
        if funding is not None and funding.source is FundingSource.CARD:
            source = funding.charge_id
            if source is None and funding.payment_intent:
                source = await gateway.charge_of(funding.payment_intent)
        return await gateway.create_transfer(
            amount_cents=job.amount_cents,
            currency=job.currency,
            destination=payout.stripe_account_id,
            transfer_group=transfer_group(order.id),
            source_transaction=source,
            idempotency_key=job.idempotency_key,
            metadata=meta,
        )
    if job.kind is JobKind.RETURN:
        assert job.payment_intent is not None
        return await gateway.refund(
            payment_intent=job.payment_intent,
            amount_cents=job.amount_cents,
            idempotency_key=job.idempotency_key,
            metadata=meta,
        )
    # REFUND: a transfer made already is reversed first (the money comes back from the
    # seller's account before it leaves the platform's).
    if job.reverse_cents > 0:
        if transfer is None or transfer.result_id is None:
            raise pay.GatewayError("the transfer to reverse is not recorded", retryable=False)
        await gateway.reverse_transfer(
            transfer_id=transfer.result_id,
            amount_cents=job.reverse_cents,
            idempotency_key=f"reversal:{order.id}",
        )
    if funding is None or funding.payment_intent is None:
        raise pay.GatewayError("the order's card payment is not recorded", retryable=False)
    return await gateway.refund(
        payment_intent=funding.payment_intent,
        amount_cents=job.amount_cents,
        idempotency_key=job.idempotency_key,
        metadata=meta,
    )


async def _record_success(ctx: Context, job: PaymentJob, order: Order, result: str) -> None:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        stored = await uow.payments.job(job.idempotency_key) or job
        # Money moved: recorded whatever happened to the job meanwhile.
        stored = replace(
            stored,
            status=JobStatus.SENT,
            result_id=result,
            sent_at=now,
            attempts=stored.attempts + 1,
            last_error=None,
        )
        await uow.payments.update_job(stored)
        if job.kind is JobKind.TRANSFER:
            await uow.ledger.post(
                ledger.transfer(
                    type=ledger.TxType.PAYOUT,
                    asset=order.currency,
                    source=ledger.payable_account(order.seller_id),
                    destination=ledger.WORLD_PAYOUTS,
                    amount=job.amount_cents,
                    idempotency_key=f"payout:{order.id}",
                    memo=f"Payout of order #{order.id}",
                    account_id=order.seller_id,
                    reference=result,
                )
            )
            uow.publish(
                DomainEvent(
                    type=pay.PAYMENT_PAID_OUT,
                    payload=parties.order_payload(order)
                    | {"amount_cents": job.amount_cents, "transfer_id": result},
                    recipients=(order.seller_id,),
                    occurred_at=now,
                )
            )
        await uow.commit()


async def _record_failure(ctx: Context, job: PaymentJob, order: Order, exc: Exception) -> None:
    now = ctx.clock.now()
    message = getattr(exc, "message", None) or repr(exc)
    async with ctx.uow() as uow:
        stored = await uow.payments.job(job.idempotency_key) or job
        attempts = stored.attempts + 1
        status = JobStatus.FAILED if stored.status is JobStatus.SENDING else stored.status
        stored = replace(
            stored,
            status=status,
            attempts=attempts,
            last_error=str(message)[:500],
            next_attempt_at=now + backoff(attempts),
        )
        await uow.payments.update_job(stored)
        if attempts == 1 or attempts % ANNOUNCE_EVERY == 0:
            uow.publish(
                DomainEvent(
                    type=pay.PAYMENT_JOB_FAILED,
                    payload={
                        "order_id": order.id,
                        "kind": job.kind.value,
                        "attempts": attempts,
                        "note": f"{job.kind.value} of order #{order.id} failed "
                        f"({attempts}×): {message}; retrying at "
                        f"{stored.next_attempt_at:%Y-%m-%d %H:%M} UTC, or /release now",
                    },
                    channels=("admin",),
                    occurred_at=now,
                )
            )
        await uow.commit()


async def _set_jobs(
    uow: UnitOfWork,
    order_id: int,
    from_statuses: tuple[JobStatus, ...],
    to: JobStatus,
    *,
    at: datetime | None = None,
) -> int:
    changed = 0
    for job in await uow.payments.jobs_for_order(order_id):
        if job.status in from_statuses:
            moved = replace(job, status=to, next_attempt_at=at or job.next_attempt_at)
            changed += await uow.payments.update_job(moved, expected=from_statuses)
    return changed


async def retry_payments_now(ctx: Context, uow: UnitOfWork, order: Order) -> int:
    """Make the order's stuck (failed, held or waiting) payment calls due now."""
    return await _set_jobs(
        uow,
        order.id,
        (JobStatus.PENDING, JobStatus.FAILED, JobStatus.HELD),
        JobStatus.PENDING,
        at=ctx.clock.now(),
    )


async def list_unfinished_payments(ctx: Context, *, moderator_id: int) -> list[PaymentJob]:
    """Payouts and refunds not made yet, oldest first (the moderators' view)."""
    async with ctx.uow() as uow:
        await common.load_moderator(uow, moderator_id)
        return await uow.payments.unfinished_jobs()


class EscrowOverrides:
    """The payment side of the moderators' overrides (``core.ports.PaymentOverridePort``):
    hold stops the order's queued payment calls, unhold and release make them due now (and
    release runs them at once), reverse needs nothing (no payout is queued before release)."""

    def __init__(self) -> None:
        self._ctx: Context | None = None

    def bind(self, ctx: Context) -> None:
        self._ctx = ctx

    @property
    def ctx(self) -> Context:
        assert self._ctx is not None, "EscrowOverrides.bind(ctx) was not called"
        return self._ctx

    async def hold(self, order: Order, reason: str) -> None:
        async with self.ctx.uow() as uow:
            await _set_jobs(uow, order.id, (JobStatus.PENDING, JobStatus.FAILED), JobStatus.HELD)
            await uow.commit()

    async def unhold(self, order: Order) -> None:
        async with self.ctx.uow() as uow:
            await _set_jobs(
                uow, order.id, (JobStatus.HELD,), JobStatus.PENDING, at=self.ctx.clock.now()
            )
            await uow.commit()

    async def release(self, order: Order) -> None:
        async with self.ctx.uow() as uow:
            await retry_payments_now(self.ctx, uow, order)
            await uow.commit()
        await run_payment_jobs(self.ctx)

    async def reverse(self, order: Order) -> None:
        return None


# -- a refund after the payout -----------------------------------------------------------------


async def refund_released_order(
    ctx: Context, *, moderator_id: int, order_id: int, note: str
) -> Order:
    """Give a completed escrow order's released money back to the buyer (e.g. fraud found
    after the cooldown): a transfer made already is reversed first, the platform's fee is
    returned, and the card (or wallet) is refunded. Raises ``Conflict`` while the payout is
    being sent, for an order with nothing released, or one refunded after release already."""
    note = v.text("note", note, min_len=3, max_len=500)
    async with ctx.uow() as uow:
        moderator = await common.load_moderator(uow, moderator_id)
        order = await parties.load_order(uow, order_id)
        if order.payment_mode is not PaymentMode.ESCROW or order.status is not (
            OrderStatus.COMPLETED
        ):
            raise Conflict(
                f"Order {order.id} is not a completed escrow order.", code="order.not_released"
            )
        if order.party_role(moderator.id):
            raise PermissionDenied(
                f"You are a party to order {order.id}; another moderator must act on it.",
                code="dispute.own_order",
            )
        key = f"refund-after-release:{order.id}"
        if await uow.ledger.exists(key):
            raise Conflict(f"Order {order.id} was refunded already.", code="order.refunded")
        flows = await uow.payments.ledger_flows([f"release:{order.id}"])
        net = sum(f.amount for f in flows if f.ledger_account.startswith("payable:"))
        fee = sum(f.amount for f in flows if f.ledger_account == ledger.PLATFORM_FEES)
        if net + fee <= 0:
            raise Conflict(f"Nothing of order {order.id} was released.", code="order.not_released")
        transfer = await uow.payments.job(f"release:{order.id}")
        paid_out = False
        if transfer is not None:
            if transfer.status is JobStatus.SENDING:
                raise Conflict(
                    "The payout of this order is being sent right now; try again in a minute.",
                    code="payment.in_flight",
                )
            if transfer.status is JobStatus.SENT:
                paid_out = True
            elif not await uow.payments.update_job(
                replace(transfer, status=JobStatus.CANCELLED),
                expected=(JobStatus.PENDING, JobStatus.FAILED, JobStatus.HELD),
            ):
                raise Conflict("The payout changed meanwhile; try again.", code="payment.in_flight")
        destination = await refund_destination(uow, order)
        seller_side = ledger.WORLD_PAYOUTS if paid_out else ledger.payable_account(order.seller_id)
        entries = [Entry(seller_side, -net), Entry(destination, net + fee)]
        if fee:
            entries.append(Entry(ledger.PLATFORM_FEES, -fee))
        await uow.ledger.post(
            LedgerTransaction(
                type=ledger.TxType.ESCROW_REFUND,
                asset=order.currency,
                idempotency_key=key,
                entries=tuple(entries),
                memo=f"Refund of order #{order.id} after release",
                account_id=order.buyer_id,
                actor_id=moderator.id,
            )
        )
        if destination == ledger.WORLD_STRIPE:
            await _add_job(
                ctx,
                uow,
                order,
                JobKind.REFUND,
                net + fee,
                key,
                reverse_cents=net if paid_out else 0,
            )
        now = ctx.clock.now()
        await uow.orders.add_event(
            OrderEvent(
                id=0,
                order_id=order.id,
                action="refund_after_release",
                from_status=order.status,
                to_status=order.status,
                actor_id=moderator.id,
                actor_role=MODERATOR,
                created_at=now,
                note=note,
            )
        )
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="refund_after_release",
                subject=f"order:{order.id}",
                created_at=now,
                note=note,
                data={"amount_cents": net + fee, "reversed_cents": net if paid_out else 0},
            )
        )
        uow.publish(
            DomainEvent(
                type=ev.PAYMENT_REFUNDED,
                payload=parties.order_payload(order) | {"amount_cents": net + fee, "note": note},
                recipients=await parties.order_recipients(uow, order, exclude=None),
                channels=("admin",),
                occurred_at=now,
            )
        )
        await uow.commit()
        return order


# -- reconciliation ----------------------------------------------------------------------------


def _ledger_keys(order_id: int) -> list[str]:
    return [
        f"fund:{order_id}",
        f"refund:{order_id}",
        f"payout:{order_id}",
        f"refund-after-release:{order_id}",
    ]


async def reconcile_payments(ctx: Context, *, since: datetime | None = None) -> Reconciliation:
    """Compare, per order, the money ledger with what Stripe holds for the order's transfer
    group: charged, refunded and transferred (net of reversals). Orders with a payment call
    still queued are listed as pending, not compared."""
    gateway = gateway_of(ctx)
    async with ctx.uow() as uow:
        order_ids = await uow.payments.funded_orders(since)
        expected: dict[int, tuple[int, int, int]] = {}
        pending: list[int] = []
        for order_id in order_ids:
            jobs = await uow.payments.jobs_for_order(order_id)
            if any(j.status is not JobStatus.SENT and j.status is not JobStatus.CANCELLED
                   for j in jobs):
                pending.append(order_id)
                continue
            flows = await uow.payments.ledger_flows(_ledger_keys(order_id))
            charged = -sum(
                f.amount
                for f in flows
                if f.idempotency_key == f"fund:{order_id}"
                and f.ledger_account == ledger.WORLD_STRIPE
            )
            refunded = sum(
                f.amount
                for f in flows
                if f.idempotency_key != f"fund:{order_id}"
                and f.ledger_account == ledger.WORLD_STRIPE
            )
            transferred = sum(f.amount for f in flows if f.ledger_account == ledger.WORLD_PAYOUTS)
            returned = sum(
                j.amount_cents
                for j in jobs
                if j.kind is JobKind.RETURN and j.status is JobStatus.SENT
            )
            expected[order_id] = (charged + returned, refunded + returned, transferred)
    mismatches: list[Mismatch] = []
    for order_id, (charged, refunded, transferred) in expected.items():
        totals = await gateway.order_totals(order_id)
        for what, mine, theirs in (
            ("charged", charged, totals.charged),
            ("refunded", refunded, totals.refunded),
            ("transferred to the seller", transferred, totals.transferred - totals.reversed),
        ):
            if mine != theirs:
                mismatches.append(Mismatch(order_id, what, mine, theirs))
    return Reconciliation(checked=len(expected), mismatches=mismatches, pending=pending)


async def seller_can_receive(uow: UnitOfWork | None, seller: Account) -> bool:
    """The rule behind ``EscrowPort.seller_can_receive`` for adapters that keep the payout
    status in the database."""
    if uow is None:
        return False
    return await payout_ready(uow, seller.id)

