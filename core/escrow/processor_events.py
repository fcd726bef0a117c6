"""What the payment processor tells escrow (``core.escrow.notices``): one use case per notice,
each applied once per processor event id. Notices arriving out of order are harmless: funding
is keyed by order, payout account changes by the time the processor saw them."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from core.escrow import chargebacks
from core.escrow import model as pay
from core.escrow.funding import fund_escrow
from core.escrow.jobs import add_job, queue_processing_fee
from core.escrow.model import CheckoutPurpose, FundingSource, JobKind, JobStatus, OrderFunding
from core.escrow.notices import (
    Chargeback,
    ChargebackClosed,
    ChargebackFunds,
    CheckoutExpired,
    FundsReceived,
    Notice,
    PaymentFailed,
    PayoutAccountChanged,
    PayoutAccountDisconnected,
    PayoutCapabilityChanged,
    PayoutReversed,
    RefundConfirmed,
    RefundFailed,
)
from core.escrow.payouts import payout_record, payout_state
from core.escrow.proofer_fees import amount_due
from core.moderation.model import AuditEntry
from core.orders import parties
from core.orders.model import Order, OrderStatus, PaymentMode
from core.shared import ledger
from core.shared.context import Context
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork

log = logging.getLogger(__name__)


class EventOutcome(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"


async def handle_notice(ctx: Context, notice: Notice) -> EventOutcome:
    """Apply a processor notice once: a redelivered event id changes nothing."""
    async with ctx.uow() as uow:
        kind = type(notice).__name__
        if not await uow.payments.first_event(notice.event_id, kind, ctx.clock.now()):
            return EventOutcome.DUPLICATE
        match notice:
            case FundsReceived():
                outcome = await receive_funds(ctx, uow, notice)
            case CheckoutExpired():
                outcome = await expire_checkout(ctx, uow, notice)
            case PaymentFailed():
                outcome = await report_payment_failed(ctx, uow, notice)
            case PayoutAccountChanged():
                outcome = await update_payout_account(ctx, uow, notice)
            case RefundConfirmed():
                outcome = await check_refund(ctx, uow, notice)
            case PayoutReversed():
                outcome = await check_payout_reversal(ctx, uow, notice)
            case Chargeback():
                outcome = await _about_chargeback(
                    ctx, uow, notice, await chargebacks.open_chargeback(ctx, uow, notice)
                )
            case ChargebackClosed():
                outcome = await _about_chargeback(
                    ctx, uow, notice, await chargebacks.close_chargeback(ctx, uow, notice)
                )
            case ChargebackFunds():
                outcome = await _about_chargeback(
                    ctx, uow, notice, await chargebacks.note_chargeback_funds(ctx, uow, notice)
                )
            case RefundFailed():
                outcome = await report_refund_failed(ctx, uow, notice)
            case PayoutAccountDisconnected():
                outcome = await disconnect_payout_account(ctx, uow, notice)
            case PayoutCapabilityChanged():
                outcome = await update_payout_capability(ctx, uow, notice)
        await uow.commit()
        return outcome


async def record_ignored(ctx: Context, *, event_id: str, event_type: str) -> EventOutcome:
    """An event the processor sent that escrow has no use for: recorded, so a redelivery is
    answered as a duplicate like any other."""
    async with ctx.uow() as uow:
        if not await uow.payments.first_event(event_id, event_type, ctx.clock.now()):
            return EventOutcome.DUPLICATE
        await uow.commit()
        return EventOutcome.IGNORED


# -- funds received --------------------------------------------------------------------------


async def receive_funds(ctx: Context, uow: UnitOfWork, notice: FundsReceived) -> EventOutcome:
    """Money arrived: into a wallet, or into an order's escrow (a payment the order cannot
    take, for whatever reason, is refunded in full)."""
    if notice.checkout_id is not None:
        session = await uow.payments.checkout(notice.checkout_id)
        if session is not None:
            session.status = "complete"
            session.payment_ref = notice.payment_ref
            await uow.payments.update_checkout(session)
    if notice.amount_cents <= 0:
        return EventOutcome.IGNORED
    if notice.purpose is CheckoutPurpose.WALLET:
        return await _credit_wallet(ctx, uow, notice)
    order = await uow.orders.get(notice.order_id) if notice.order_id is not None else None
    if order is None:
        log.warning("payment %s names unknown order %s", notice.payment_ref, notice.order_id)
        return EventOutcome.IGNORED
    funding = await uow.payments.funding(order.id)
    if funding is not None and funding.payment_ref == notice.payment_ref:
        if notice.charge_ref and funding.charge_ref is None:
            funding.charge_ref = notice.charge_ref
            await uow.payments.save_funding(funding)
        return EventOutcome.PROCESSED
    reason = _why_not_fundable(order, funding, notice, amount_due(ctx, order))
    if reason is not None:
        await _return_payment(ctx, uow, order, notice.payment_ref, notice.amount_cents, reason)
        return EventOutcome.PROCESSED
    await fund_escrow(
        ctx,
        uow,
        order,
        source=ledger.WORLD_PROCESSOR,
        funding=OrderFunding(
            order_id=order.id,
            source=FundingSource.CARD,
            amount_cents=notice.amount_cents,
            currency=order.currency,
            funded_at=ctx.clock.now(),
            payment_ref=notice.payment_ref,
            charge_ref=notice.charge_ref,
        ),
    )
    await queue_processing_fee(ctx, uow, order, notice.payment_ref)
    return EventOutcome.PROCESSED


def _why_not_fundable(
    order: Order, funding: OrderFunding | None, notice: FundsReceived, due: int
) -> str | None:
    if funding is not None:
        return "the order was funded already"
    if order.status is not OrderStatus.AWAITING_FUNDING:
        return f"the order is {order.status.value.replace('_', ' ')}"
    if order.payment_mode is not PaymentMode.ESCROW:
        return "the order is not an escrow order"
    if notice.amount_cents != due or notice.currency.lower() != order.currency:
        return f"{notice.amount_cents} {notice.currency} does not match the order amount"
    return None


async def _credit_wallet(ctx: Context, uow: UnitOfWork, notice: FundsReceived) -> EventOutcome:
    account_id = notice.account_id
    if account_id is None or await uow.accounts.get(account_id) is None:
        log.warning("wallet deposit %s names no known account", notice.payment_ref)
        return EventOutcome.IGNORED
    currency = notice.currency.lower()
    wallet = ledger.user_account(account_id)
    posted = await uow.ledger.post(
        ledger.transfer(
            type=ledger.TxType.WALLET_DEPOSIT,
            asset=currency,
            source=ledger.WORLD_PROCESSOR,
            destination=wallet,
            amount=notice.amount_cents,
            idempotency_key=f"deposit:{notice.payment_ref}",
            memo="Wallet deposit",
            account_id=account_id,
            reference=notice.payment_ref,
        )
    )
    if posted:
        uow.publish(
            DomainEvent(
                type=pay.WALLET_CREDITED,
                payload={
                    "account_id": account_id,
                    "amount_cents": notice.amount_cents,
                    "currency": currency,
                    "balance_cents": await uow.ledger.balance(wallet, currency),
                },
                recipients=(account_id,),
                occurred_at=ctx.clock.now(),
            )
        )
    return EventOutcome.PROCESSED


async def _return_payment(
    ctx: Context, uow: UnitOfWork, order: Order, payment_ref: str, amount: int, reason: str
) -> None:
    """A payment the order cannot take: refund it in full (it never entered the ledger)."""
    job = await add_job(
        ctx, uow, order, JobKind.RETURN, amount, f"return:{payment_ref}", payment_ref=payment_ref
    )
    if job is None:
        return
    # The processor keeps its fee of a payment it refunds: that is the platform's cost too.
    await queue_processing_fee(ctx, uow, order, payment_ref)
    log.warning("payment %s for order %s is refunded automatically: %s", payment_ref, order.id,
                reason)
    await uow.audit.add(
        AuditEntry(
            id=0,
            actor_id=None,
            action="payment.returned",
            subject=f"order:{order.id}",
            created_at=ctx.clock.now(),
            note=reason,
            data={"payment_ref": payment_ref, "amount_cents": amount},
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


# -- the other notices -----------------------------------------------------------------------


async def _close_checkout(uow: UnitOfWork, checkout_id: str) -> pay.CheckoutSession | None:
    session = await uow.payments.checkout(checkout_id)
    if session is None or session.status != "open":
        return None
    session.status = "expired"
    await uow.payments.update_checkout(session)
    return session


async def expire_checkout(
    ctx: Context, uow: UnitOfWork, notice: CheckoutExpired
) -> EventOutcome:
    """A checkout link ran out unpaid: closed, and the buyer of an order still waiting for
    its money is told (with a button for a new link) rather than left to the funding
    timeout."""
    session = await _close_checkout(uow, notice.checkout_id)
    if session is None:
        return EventOutcome.IGNORED
    order = await uow.orders.get(session.order_id) if session.order_id is not None else None
    if order is not None and order.status is OrderStatus.AWAITING_FUNDING:
        uow.publish(
            DomainEvent(
                type=pay.PAYMENT_FAILED,
                payload=parties.order_payload(order)
                | {"reason": "the payment link expired before it was paid"},
                recipients=(order.buyer_id,),
                occurred_at=ctx.clock.now(),
            )
        )
    return EventOutcome.PROCESSED


async def report_payment_failed(
    ctx: Context, uow: UnitOfWork, notice: PaymentFailed
) -> EventOutcome:
    order = await uow.orders.get(notice.order_id)
    if order is None:
        return EventOutcome.IGNORED
    if notice.checkout_id is not None:
        # A delayed payment failed after the buyer left the page: that link is spent.
        await _close_checkout(uow, notice.checkout_id)
    uow.publish(
        DomainEvent(
            type=pay.PAYMENT_FAILED,
            payload=parties.order_payload(order)
            | {"reason": str(notice.reason or "the card was declined")[:300]},
            recipients=(order.buyer_id,),
            occurred_at=ctx.clock.now(),
        )
    )
    return EventOutcome.PROCESSED


async def update_payout_account(
    ctx: Context, uow: UnitOfWork, notice: PayoutAccountChanged
) -> EventOutcome:
    stored = await uow.payments.payout_account_by_processor_id(notice.account.id)
    if stored is None:
        return EventOutcome.IGNORED
    if stored.status_at is not None and notice.changed_at < stored.status_at:
        return EventOutcome.IGNORED  # an older state delivered late
    could = stored.can_receive
    updated = payout_record(stored.account_id, notice.account, ctx.clock.now(), stored)
    updated.status_at = notice.changed_at
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


async def _order_of_payment(uow: UnitOfWork, refs: tuple[str, ...]) -> Order | None:
    for ref in refs:
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


async def check_refund(ctx: Context, uow: UnitOfWork, notice: RefundConfirmed) -> EventOutcome:
    """A refund the processor confirmed. One BotGig did not ask for (made at the processor
    directly) is reported to the moderators; reconciliation shows it too."""
    order = await _order_of_payment(uow, notice.payment_refs)
    if order is None:
        return EventOutcome.IGNORED
    asked = sum(
        j.amount_cents
        for j in await uow.payments.jobs_for_order(order.id)
        if j.kind in (JobKind.REFUND, JobKind.RETURN) and j.status is not JobStatus.CANCELLED
    )
    if notice.refunded_cents > asked:
        uow.publish(
            _unexpected(
                ctx,
                order.id,
                f"the processor refunded {notice.refunded_cents} cents of the order's payment; "
                f"BotGig asked for {asked}. Check the order and run botgig payments reconcile.",
                {"amount_cents": notice.refunded_cents},
            )
        )
    return EventOutcome.PROCESSED


async def check_payout_reversal(
    ctx: Context, uow: UnitOfWork, notice: PayoutReversed
) -> EventOutcome:
    asked = sum(
        j.reverse_cents
        for j in await uow.payments.jobs_for_order(notice.order_id)
        if j.kind is JobKind.REFUND and j.status is not JobStatus.CANCELLED
    )
    if notice.reversed_cents > asked:
        uow.publish(
            _unexpected(
                ctx,
                notice.order_id,
                f"a payout of the order was reversed by {notice.reversed_cents} cents outside "
                "BotGig.",
                {"amount_cents": notice.reversed_cents},
            )
        )
    return EventOutcome.PROCESSED


async def _about_chargeback(
    ctx: Context,
    uow: UnitOfWork,
    notice: Chargeback | ChargebackClosed | ChargebackFunds,
    known: bool,
) -> EventOutcome:
    if not known:
        uow.publish(
            _unexpected(
                ctx, None,
                f"chargeback {notice.chargeback_ref} on a payment BotGig does not know", {},
            )
        )
    return EventOutcome.PROCESSED


# -- refunds that bounce, payout accounts that go away ------------------------------------


async def report_refund_failed(
    ctx: Context, uow: UnitOfWork, notice: RefundFailed
) -> EventOutcome:
    """The buyer's bank refused a refund: the money is back on the platform's balance. The
    buyer and the moderators are told (a moderator pays the buyer another way); the ledger
    keeps the refund as decided and reconciliation shows the difference until then."""
    order = await _order_of_payment(uow, notice.payment_refs)
    reason = notice.reason or "the bank refused it"
    if order is None:
        uow.publish(
            _unexpected(ctx, None, f"refund {notice.refund_ref} failed: {reason}", {})
        )
        return EventOutcome.PROCESSED
    payload = parties.order_payload(order) | {
        "amount_cents": notice.amount_cents,
        "currency": order.currency,
        "reason": reason,
        "refund_ref": notice.refund_ref,
        "note": f"refund {notice.refund_ref} of {notice.amount_cents} failed: {reason}",
    }
    await uow.audit.add(
        AuditEntry(
            id=0,
            actor_id=None,
            action="payment.refund_failed",
            subject=f"order:{order.id}",
            created_at=ctx.clock.now(),
            note=reason,
            data={"refund_ref": notice.refund_ref, "amount_cents": notice.amount_cents},
        )
    )
    uow.publish(
        DomainEvent(
            type=pay.PAYMENT_REFUND_FAILED,
            payload=payload,
            recipients=(order.buyer_id,),
            channels=("admin",),
            occurred_at=ctx.clock.now(),
        )
    )
    return EventOutcome.PROCESSED


async def _set_disabled(
    ctx: Context, uow: UnitOfWork, stored: pay.PayoutAccount, reason: str | None
) -> None:
    could = stored.can_receive
    stored.disabled_reason = reason
    stored.updated_at = ctx.clock.now()
    await uow.payments.save_payout_account(stored)
    if stored.can_receive != could:
        uow.publish(
            DomainEvent(
                type=pay.PAYOUTS_UPDATED,
                payload={
                    "account_id": stored.account_id,
                    "state": payout_state(stored).value,
                    "can_receive": stored.can_receive,
                },
                recipients=(stored.account_id,),
                occurred_at=ctx.clock.now(),
            )
        )


async def disconnect_payout_account(
    ctx: Context, uow: UnitOfWork, notice: PayoutAccountDisconnected
) -> EventOutcome:
    """The seller disconnected BotGig from their payout account: they stop counting as
    payable (no new escrow order, queued payouts wait as for any seller who cannot
    receive), and the admin channel is told with how much is waiting for them."""
    stored = await uow.payments.payout_account_by_processor_id(notice.processor_account_id)
    if stored is None:
        return EventOutcome.IGNORED
    if stored.disabled_reason == pay.DISCONNECTED:
        return EventOutcome.PROCESSED
    await _set_disabled(ctx, uow, stored, pay.DISCONNECTED)
    waiting = await uow.ledger.balance(
        ledger.payable_account(stored.account_id), ctx.rules.currency
    )
    uow.publish(
        DomainEvent(
            type=pay.PAYOUTS_DISCONNECTED,
            payload={
                "account_id": stored.account_id,
                "amount_cents": waiting,
                "note": f"seller #{stored.account_id} disconnected payout account "
                f"{stored.processor_account_id}; {waiting} in minor units waits for them",
            },
            channels=("admin",),
            occurred_at=ctx.clock.now(),
        )
    )
    return EventOutcome.PROCESSED


async def update_payout_capability(
    ctx: Context, uow: UnitOfWork, notice: PayoutCapabilityChanged
) -> EventOutcome:
    """Payouts need the processor's transfers capability, not only enabled payouts."""
    stored = await uow.payments.payout_account_by_processor_id(notice.processor_account_id)
    if stored is None or stored.disabled_reason == pay.DISCONNECTED:
        return EventOutcome.IGNORED
    if stored.status_at is not None and notice.changed_at < stored.status_at:
        return EventOutcome.IGNORED
    if notice.active and stored.disabled_reason == pay.TRANSFERS_INACTIVE:
        await _set_disabled(ctx, uow, stored, None)
    elif not notice.active and stored.disabled_reason is None:
        await _set_disabled(ctx, uow, stored, pay.TRANSFERS_INACTIVE)
    return EventOutcome.PROCESSED
