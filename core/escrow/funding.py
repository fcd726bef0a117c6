"""Paying for an escrow order (a checkout link, or the buyer's wallet) and wallet deposits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.accounts import actors
from core.escrow import errors as err
from core.escrow.fees import fee_of
from core.escrow.jobs import processor_of
from core.escrow.model import (
    CheckoutPurpose,
    CheckoutRequest,
    CheckoutSession,
    FundingSource,
    OrderFunding,
    processor_key,
)
from core.escrow.proofer_fees import amount_due, proofing_fees
from core.escrow.record import PaymentRecord, payment_record
from core.orders import parties, workflow
from core.orders.machine import PAYMENT
from core.orders.model import Order, OrderStatus, PaymentMode
from core.shared import ledger
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, PermissionDenied
from core.shared.money import plain_amount
from core.shared.uow import UnitOfWork

MIN_DEPOSIT_CENTS = 100
MAX_DEPOSIT_CENTS = 1_000_000


@dataclass(frozen=True)
class PaymentDetails:
    """An escrow order's payment: what the buyer sees before paying, and afterwards where
    the money is (``record``)."""

    order_id: int
    status: str
    amount_cents: int
    currency: str
    #: The platform's fee, kept from the seller's payout (the buyer pays ``amount_cents``).
    fee_cents: int
    seller_receives_cents: int
    #: Of ``amount_cents``: the proofers' fees (what no proofer earns is refunded).
    proofing_fee_cents: int = 0
    checkout_url: str | None = None
    checkout_expires_at: datetime | None = None
    wallet_balance_cents: int = 0
    record: PaymentRecord | None = None


def _details(
    ctx: Context,
    order: Order,
    session: CheckoutSession | None,
    wallet: int,
    record: PaymentRecord | None,
) -> PaymentDetails:
    fee = fee_of(ctx.rules, order.price_cents)
    seller = order.price_cents - fee
    status = "awaiting_funding" if order.status is OrderStatus.AWAITING_FUNDING else "funded"
    if record is not None:
        # The record's figures: after a split ruling they are the split's.
        status, fee, seller = record.status.value, record.platform_fee_cents, record.seller_cents
    return PaymentDetails(
        order_id=order.id,
        status=status,
        amount_cents=amount_due(ctx, order),
        currency=order.currency,
        fee_cents=fee,
        seller_receives_cents=seller,
        record=record,
        proofing_fee_cents=proofing_fees(ctx, order),
        checkout_url=session.url if session else None,
        checkout_expires_at=session.expires_at if session else None,
        wallet_balance_cents=wallet,
    )


async def _escrow_order_of_buyer(uow: UnitOfWork, buyer_id: int, order_id: int) -> Order:
    await actors.load_actor(uow, buyer_id)
    order = await parties.load_order(uow, order_id)
    if order.buyer_id != buyer_id:
        raise PermissionDenied(err.BUYER_ONLY, order_id=order.id)
    if order.payment_mode is not PaymentMode.ESCROW:
        raise Conflict(err.NOT_ESCROW, order_id=order.id)
    return order


async def start_checkout(ctx: Context, *, buyer_id: int, order_id: int) -> PaymentDetails:
    """The checkout link for an escrow order awaiting funding (an open one is shown
    again; otherwise a new one is made). Raises ``Conflict`` when the order is funded or
    closed, ``PermissionDenied`` for anyone but the buyer."""
    gateway = processor_of(ctx)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        order = await _escrow_order_of_buyer(uow, buyer_id, order_id)
        wallet = await uow.ledger.balance(ledger.user_account(buyer_id), order.currency)
        record = await payment_record(ctx, uow, order)
        if order.status is not OrderStatus.AWAITING_FUNDING:
            return _details(ctx, order, None, wallet, record)
        session = await uow.payments.open_checkout(order.id, now)
        buyer = await actors.load_account(uow, buyer_id)
        seller = await actors.load_account(uow, order.seller_id)
        attempt = len(await uow.orders.events(order.id))
    if session is not None:
        return _details(ctx, order, session, wallet, record)
    fee = fee_of(ctx.rules, order.price_cents)
    due = amount_due(ctx, order)
    proofing = (
        f" Includes {plain_amount(proofing_fees(ctx, order), order.currency)} for "
        f"{order.proofers_wanted} independent proofer(s); what they do not earn is refunded."
        if due > order.price_cents
        else ""
    )
    try:
        link = await gateway.create_checkout(
            CheckoutRequest(
                purpose=CheckoutPurpose.ORDER,
                account_id=buyer_id,
                order_id=order.id,
                amount_cents=due,
                currency=order.currency,
                title=f"BotGig order #{order.id}: {order.title}"[:120],
                description=(
                    f"Held in escrow until you approve the work of {seller.handle}. "
                    f"Platform fee {plain_amount(fee, order.currency)} is kept from the "
                    "seller's payout." + proofing
                ),
                idempotency_key=processor_key(
                    ctx.deployment_id,
                    f"checkout:{order.id}:{attempt}:{int(now.timestamp()) // 60}",
                ),
                email=buyer.email,
            )
        )
    except err.GatewayError as exc:
        raise err.CheckoutFailed(order.id, exc) from exc
    session = CheckoutSession(
        id=link.id,
        purpose=CheckoutPurpose.ORDER,
        account_id=buyer_id,
        order_id=order.id,
        amount_cents=due,
        currency=order.currency,
        url=link.url,
        status="open",
        created_at=now,
        expires_at=link.expires_at,
        payment_ref=link.payment_ref,
    )
    async with ctx.uow() as uow:
        if await uow.payments.checkout(session.id) is None:
            await uow.payments.add_checkout(session)
            await uow.commit()
    return _details(ctx, order, session, wallet, record)


async def payment_details(ctx: Context, *, viewer_id: int, order_id: int) -> PaymentDetails | None:
    """An escrow order's payment as its parties may see it (no call to the processor)."""
    async with ctx.uow() as uow:
        viewer = await actors.load_account(uow, viewer_id)
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
        return _details(ctx, order, session, wallet, await payment_record(ctx, uow, order))


async def fund_escrow(
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
            reference=funding.payment_ref or f"wallet:{order.buyer_id}",
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
    ``WalletInsufficient`` when the wallet is short."""
    async with ctx.uow() as uow:
        order = await _escrow_order_of_buyer(uow, buyer_id, order_id)
        if await uow.payments.funding(order.id) is not None:
            return order
        if order.status is not OrderStatus.AWAITING_FUNDING:
            raise Conflict(
                err.NOT_AWAITING_FUNDING, order_id=order.id, status=order.status.value
            )
        wallet = ledger.user_account(buyer_id)
        balance = await uow.ledger.balance(wallet, order.currency)
        due = amount_due(ctx, order)
        if balance < due:
            raise err.WalletInsufficient(due, balance, order.currency)
        funding = OrderFunding(
            order_id=order.id,
            source=FundingSource.WALLET,
            amount_cents=due,
            currency=order.currency,
            funded_at=ctx.clock.now(),
        )
        await fund_escrow(ctx, uow, order, source=wallet, funding=funding)
        await uow.commit()
        return order


async def start_wallet_deposit(
    ctx: Context, *, account_id: int, amount_cents: int
) -> CheckoutSession:
    """A Checkout link that puts money into the account's wallet (not credits)."""
    gateway = processor_of(ctx)
    amount_cents = v.integer(
        "amount", amount_cents, minimum=MIN_DEPOSIT_CENTS, maximum=MAX_DEPOSIT_CENTS
    )
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        account = await actors.load_actor(uow, account_id)
    link = await gateway.create_checkout(
        CheckoutRequest(
            purpose=CheckoutPurpose.WALLET,
            account_id=account.id,
            amount_cents=amount_cents,
            currency=ctx.rules.currency,
            title="BotGig wallet deposit",
            description="Money to fund escrow orders; not credits.",
            idempotency_key=processor_key(
                ctx.deployment_id,
                f"deposit:{account.id}:{amount_cents}:{int(now.timestamp()) // 60}",
            ),
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
        payment_ref=link.payment_ref,
    )
    async with ctx.uow() as uow:
        if await uow.payments.checkout(session.id) is None:
            await uow.payments.add_checkout(session)
            await uow.commit()
    return session


async def wallet_balance(ctx: Context, *, account_id: int) -> int:
    async with ctx.uow() as uow:
        await actors.load_account(uow, account_id)
        return await uow.ledger.balance(ledger.user_account(account_id), ctx.rules.currency)
