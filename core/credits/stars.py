"""Telegram Stars top-ups: invoices for credit packs, pre-checkout, crediting a successful
payment once, and the moderators' refund while the credits are unspent.

The Telegram front end calls ``start_stars_purchase`` (a pack button pressed → sendInvoice),
``check_stars_checkout`` (``pre_checkout_query``) and ``record_stars_payment``
(``successful_payment``); moderators call ``refund_stars_payment`` (``/refund_stars``), which
gives the Stars back through the ``StarsRefunder`` port. Packs, payloads and statuses are
described in core.credits.stars_model.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from core.accounts import actors
from core.credits import errors as E
from core.credits.credits import post_top_up
from core.credits.ports import StarsRefunder
from core.credits.stars_model import (
    XTR,
    StarsCheckoutRefused,
    StarsInvoice,
    StarsPack,
    StarsPayment,
    StarsPaymentStatus,
    StarsPurchase,
    StarsUnavailable,
    decode_payload,
    ledger_key,
    refund_key,
    valid_charge_id,
)
from core.moderation.model import AuditEntry
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import (
    ConcurrentUpdate,
    Conflict,
    InsufficientCredits,
    NotFound,
    ValidationFailed,
)
from core.shared.events import DomainEvent
from core.shared.ledger import CREDITS, TxType
from core.shared.validation import text

log = logging.getLogger(__name__)

#: A moderator refunded a Stars payment: the Stars went back, its credits were debited.
STARS_REFUNDED = "credits.stars_refunded"
STARS_EVENT_TYPES = frozenset({STARS_REFUNDED})


def find_pack(ctx: Context, *, credits: int, stars: int) -> StarsPack | None:
    """The configured pack of ``credits`` credits at exactly ``stars`` Stars, if any."""
    wanted = (credits, stars)
    return next((p for p in ctx.stars_packs if (p.credits, p.stars) == wanted), None)


async def start_stars_purchase(
    ctx: Context, *, account_id: int, credits: int, stars: int
) -> StarsInvoice:
    """The invoice of a pack for ``account_id``. Raises ``StarsUnavailable`` when no pack is
    offered, ``NotFound`` for a pack that is not (or no longer) offered at that price, and
    ``AccountBanned`` for a banned account."""
    if not ctx.stars_packs:
        raise StarsUnavailable()
    pack = find_pack(ctx, credits=credits, stars=stars)
    if pack is None:
        raise Conflict(E.STARS_UNKNOWN_PACK)
    async with ctx.uow() as uow:
        await actors.load_actor(uow, account_id)
    return StarsInvoice(StarsPurchase(account_id, pack))


async def check_stars_checkout(
    ctx: Context,
    *,
    payload: str,
    currency: str,
    total_amount: int,
    payer: tuple[str, str] | None = None,
) -> StarsPurchase:
    """Pre-checkout: may this payment go ahead? Yes only if the payload is one of ours, names
    a pack still offered at exactly the price asked, and an account that exists, is not
    banned and — when ``payer`` (provider, external id) is given — belongs to the payer.

    Raises ``StarsCheckoutRefused`` with a message for the payer otherwise.
    """
    purchase = decode_payload(payload)
    if purchase is None:
        raise StarsCheckoutRefused(E.STARS_INVOICE_INVALID, code=StarsCheckoutRefused.code)
    if currency != XTR:
        raise StarsCheckoutRefused(E.STARS_CURRENCY, code=StarsCheckoutRefused.code)
    pack = find_pack(ctx, credits=purchase.pack.credits, stars=purchase.pack.stars)
    if pack is None:
        raise StarsCheckoutRefused(E.STARS_PACK_GONE, code=StarsCheckoutRefused.code)
    if total_amount != pack.stars:
        raise StarsCheckoutRefused(
            E.STARS_PRICE_MISMATCH, code=StarsCheckoutRefused.code, stars=pack.stars
        )
    async with ctx.uow() as uow:
        account = await uow.accounts.get(purchase.account_id)
        if account is None:
            raise StarsCheckoutRefused(E.STARS_NO_ACCOUNT, code=StarsCheckoutRefused.code)
        if account.is_banned:
            raise StarsCheckoutRefused(E.STARS_ACCOUNT_BANNED, code=StarsCheckoutRefused.code)
        if payer is not None:
            owner = await uow.accounts.by_identity(*payer)
            if owner is None or owner.id != account.id:
                raise StarsCheckoutRefused(E.STARS_OTHER_ACCOUNT, code=StarsCheckoutRefused.code)
    return purchase


@dataclass(frozen=True)
class StarsPaymentOutcome:
    payment: StarsPayment
    #: False when the charge was recorded (and credited) before: a repeated update.
    credited: bool


async def record_stars_payment(
    ctx: Context,
    *,
    charge_id: str,
    payload: str,
    currency: str,
    total_amount: int,
    telegram_user_id: int,
) -> StarsPaymentOutcome:
    """A successful payment: record it and credit its pack, once per ``charge_id`` (the
    ledger key ``stars:<charge id>``, the charge id as the reference shown in /history),
    in one transaction. A repeat of the same charge changes nothing.

    The Stars are paid already, so the pack is the one in the payload even if the
    configuration changed since pre-checkout. Raises ``ValidationFailed`` for a payload,
    currency or amount that pre-checkout would have refused (logged; a moderator must look).
    """
    if not valid_charge_id(charge_id):
        raise ValidationFailed(E.STARS_CHARGE_ID, field="charge_id", code="validation.charge_id")
    purchase = decode_payload(payload)
    if purchase is None or currency != XTR or total_amount != purchase.pack.stars:
        log.error(
            "Stars payment %s of %s %s does not match its payload %r: not credited",
            charge_id, total_amount, currency, payload,
        )
        raise ValidationFailed(E.STARS_PAYMENT_MISMATCH)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        existing = await uow.stars.get(charge_id)
        if existing is not None:
            return StarsPaymentOutcome(existing, credited=False)
        payment = await uow.stars.add(
            StarsPayment(
                id=0,
                charge_id=charge_id,
                account_id=purchase.account_id,
                telegram_user_id=telegram_user_id,
                credits=purchase.pack.credits,
                stars=purchase.pack.stars,
                status=StarsPaymentStatus.PAID,
                paid_at=now,
            )
        )
        if payment is None:  # a concurrent delivery of the same charge won
            found = await uow.stars.get(charge_id)
            assert found is not None
            return StarsPaymentOutcome(found, credited=False)
        await post_top_up(
            ctx,
            uow,
            account_id=purchase.account_id,
            amount=purchase.pack.credits,
            source=TxType.TOPUP_STARS,
            idempotency_key=ledger_key(charge_id),
            reference=charge_id,
        )
        await uow.commit()
    log.info(
        "Stars payment %s: %d credits for %d Stars to account %d",
        charge_id, payment.credits, payment.stars, payment.account_id,
    )
    return StarsPaymentOutcome(payment, credited=True)


async def refund_stars_payment(
    ctx: Context,
    *,
    moderator_id: int,
    charge_id: str,
    refunder: StarsRefunder,
    reason: str = "Stars refund",
) -> StarsPayment:
    """Give a Stars payment back while its credits are unspent (the balance still holds the
    pack's credits): the credits are debited (``refund_stars``), the payment marked refunded
    and the audit log written in one transaction, which commits only after Telegram refunded
    the Stars — if Telegram refuses, nothing changes.

    Raises ``PermissionDenied`` for a non-moderator, ``NotFound`` for an unknown charge,
    ``Conflict`` when it was refunded already or its credits are (partly) spent, and
    ``StarsRefundFailed`` when Telegram does not refund.
    """
    reason = text("reason", reason, min_len=3, max_len=500)
    charge_id = charge_id.strip()
    if not valid_charge_id(charge_id):
        raise NotFound("stars_payment", charge_id[:80] or "''")
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        payment = await uow.stars.get(charge_id)
        if payment is None:
            raise NotFound("stars_payment", charge_id)
        if payment.status is StarsPaymentStatus.REFUNDED:
            raise Conflict(E.STARS_ALREADY_REFUNDED, charge_id=charge_id)
        user = ledger.user_account(payment.account_id)
        balance = await uow.ledger.balance(user, CREDITS)
        if balance < payment.credits:
            raise Conflict(
                E.STARS_CREDITS_SPENT,
                charge_id=charge_id,
                credits=payment.credits,
                account_id=payment.account_id,
                balance=balance,
            )
        try:
            await uow.ledger.post(
                ledger.transfer(
                    type=TxType.REFUND_STARS,
                    asset=CREDITS,
                    source=user,
                    destination=ledger.WORLD_TOPUPS,
                    amount=payment.credits,
                    idempotency_key=refund_key(charge_id),
                    memo="Telegram Stars payment refunded",
                    account_id=payment.account_id,
                    actor_id=moderator.id,
                    reference=charge_id,
                )
            )
        except InsufficientCredits:
            # Spent between the check and the debit (a concurrent spend).
            raise Conflict(
                E.STARS_CREDITS_JUST_SPENT, code=E.STARS_CREDITS_SPENT.code, charge_id=charge_id
            ) from None
        refunded = replace(
            payment, status=StarsPaymentStatus.REFUNDED, refunded_at=now, refunded_by=moderator.id
        )
        if not await uow.stars.update(refunded, expected_status=StarsPaymentStatus.PAID):
            raise ConcurrentUpdate()
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="stars.refund",
                subject=f"account:{payment.account_id}",
                created_at=now,
                note=reason,
                data={"charge_id": charge_id, "credits": payment.credits, "stars": payment.stars},
            )
        )
        uow.publish(
            DomainEvent(
                type=STARS_REFUNDED,
                payload={
                    "account_id": payment.account_id,
                    "moderator_id": moderator.id,
                    "charge_id": charge_id,
                    "credits": payment.credits,
                    "stars": payment.stars,
                    "balance": balance - payment.credits,
                },
                recipients=(payment.account_id,),
                occurred_at=now,
            )
        )
        # Telegram last: if it refuses, leaving the block rolls everything back.
        await refunder.refund_star_payment(
            telegram_user_id=payment.telegram_user_id, charge_id=charge_id
        )
        try:
            await uow.commit()
        except Exception:
            log.critical(
                "Stars payment %s was refunded by Telegram but the debit of %d credits from "
                "account %d was not saved: correct it by hand",
                charge_id, payment.credits, payment.account_id,
            )
            raise
    log.info("Stars payment %s refunded by moderator %d", charge_id, moderator.id)
    return refunded
