"""Escrow in chat: /payouts (Stripe Connect onboarding and the payout status in words),
/wallet (money for escrow orders, not credits), /pay (an escrow order's Checkout link or
funding from the wallet), and the escrow variants of ordering an offer and accepting a
proposal. Without Stripe, /payouts says so and orders stay off-platform."""

from __future__ import annotations

from decimal import Decimal

from core.escrow import funding
from core.escrow import payouts as payout_setup
from core.escrow.errors import GatewayError
from core.escrow.fees import fee_of
from core.escrow.funding import PaymentDetails
from core.listings import proposals
from core.orders import orders
from core.orders.model import Order, PaymentMode
from core.shared.money import exponent, to_minor
from handlers import cards, fmt
from handlers.actions import Action, encode
from handlers.turn import Notice, Router, Turn, Usage, parse_id
from handlers.types import Button, Reply

router = Router()


def _id(action: Action) -> int:
    ident = action.int_arg(0)
    if ident is None:
        raise Notice("button.invalid")
    return ident


def escrow_available(turn: Turn) -> bool:
    return turn.ctx.escrow is not None


def fee_line(turn: Turn, price_cents: int, currency: str) -> str:
    """The fee, shown before the buyer chooses escrow (kept from the seller's payout)."""
    fee = fee_of(turn.ctx.rules, price_cents)
    return turn.tr(
        "escrow.fee_line",
        fee=fmt.money(fee, currency, turn.tr.language),
        pct=f"{turn.ctx.rules.platform_fee_bps / 100:g}",
        seller=fmt.money(price_cents - fee, currency, turn.tr.language),
    )


@router.command("payouts")
async def payouts(turn: Turn) -> list[Reply]:
    if not escrow_available(turn):
        return turn.say("payouts.off")
    await turn.require_active()
    try:
        setup = await payout_setup.start_payouts(turn.ctx, account_id=turn.actor_id)
    except GatewayError:
        raise Notice("payments.stripe_failed") from None
    account = setup.account
    lines = [turn.tr("payouts.title"), turn.tr(f"payouts.state.{setup.state.value}")]
    if account.requirements:
        lines.append(
            turn.tr("payouts.requirements", count=len(account.requirements))
        )
    lines.append(turn.tr("payouts.link_hint"))
    button = Button(turn.tr("btn.payouts_link"), url=setup.link)
    return [Reply("\n".join(lines), buttons=((button,),))]


@router.command("wallet")
async def wallet(turn: Turn) -> list[Reply]:
    if not escrow_available(turn):
        return turn.say("payouts.off")
    parts = turn.args.split()
    currency = turn.ctx.rules.currency
    if parts and parts[0].lower() == "deposit":
        amount = fmt_amount(parts[1], currency) if len(parts) == 2 else None
        if amount is None:
            raise Usage("wallet")
        await turn.require_active()
        try:
            session = await funding.start_wallet_deposit(
                turn.ctx, account_id=turn.actor_id, amount_cents=amount
            )
        except GatewayError:
            raise Notice("payments.stripe_failed") from None
        button = Button(turn.tr("btn.pay_card"), url=session.url)
        return turn.say(
            "wallet.deposit",
            amount=fmt.money(amount, currency, turn.tr.language),
            buttons=((button,),),
        )
    if parts:
        raise Usage("wallet")
    balance = await funding.wallet_balance(turn.ctx, account_id=turn.actor_id)
    return turn.say("wallet.balance", balance=fmt.money(balance, currency, turn.tr.language))


def fmt_amount(text: str, currency: str = "usd") -> int | None:
    """``50`` or ``49.90`` (in the currency's units) as minor units (by its exponent)."""
    whole, _, frac = text.strip().partition(".")
    if not whole.isdigit() or (frac and (not frac.isdigit() or len(frac) > exponent(currency))):
        return None
    return to_minor(Decimal(f"{whole}.{frac or '0'}"), currency)


def payment_reply(turn: Turn, details: PaymentDetails) -> Reply:
    """What the buyer sees to pay an escrow order: the amount, the fee, the Checkout link
    and, when the wallet can cover it, funding from the wallet."""
    money = fmt.money(details.amount_cents, details.currency, turn.tr.language)
    if details.status != "awaiting_funding":
        if details.record is not None and details.status != "funded":
            # Past funding: where the money is now, not "held in escrow".
            lines = [turn.tr("card.pay.order", id=details.order_id)]
            return Reply("\n".join(lines + cards.payment_lines(turn.tr, details.record)))
        return Reply(turn.tr("escrow.funded", id=details.order_id, amount=money))
    price = details.amount_cents - details.proofing_fee_cents
    lines = [
        turn.tr("escrow.pay", id=details.order_id, amount=money),
        fee_line(turn, price, details.currency),
    ]
    if details.proofing_fee_cents:
        lines.append(
            turn.tr(
                "escrow.proofing_fee_line",
                fee=fmt.money(details.proofing_fee_cents, details.currency, turn.tr.language),
            )
        )
    buttons: list[tuple[Button, ...]] = []
    if details.checkout_url:
        buttons.append((Button(turn.tr("btn.pay_card"), url=details.checkout_url),))
    if details.wallet_balance_cents >= details.amount_cents:
        lines.append(
            turn.tr(
                "escrow.wallet_covers",
                balance=fmt.money(details.wallet_balance_cents, details.currency, turn.tr.language),
            )
        )
        buttons.append(
            (turn.button("btn.pay_wallet", encode("pay", "wallet", details.order_id)),)
        )
    return Reply("\n".join(lines), buttons=tuple(buttons))


async def _pay(turn: Turn, order_id: int) -> list[Reply]:
    try:
        details = await funding.start_checkout(turn.ctx, buyer_id=turn.actor_id, order_id=order_id)
    except GatewayError:
        raise Notice("payments.stripe_failed") from None
    return [payment_reply(turn, details)]


@router.command("pay")
async def pay_command(turn: Turn) -> list[Reply]:
    order_id = parse_id(turn.args)
    if order_id is None:
        raise Usage("pay")
    await turn.require_active()
    return await _pay(turn, order_id)


@router.action("pay", "card")
async def pay_card(turn: Turn, action: Action) -> list[Reply]:
    return await _pay(turn, _id(action))


@router.action("pay", "wallet")
async def pay_wallet(turn: Turn, action: Action) -> list[Reply]:
    order = await funding.fund_from_wallet(turn.ctx, buyer_id=turn.actor_id, order_id=_id(action))
    record = await orders.get_order(turn.ctx, order_id=order.id, viewer_id=turn.actor_id)
    return [
        Reply(turn.tr("escrow.funded_wallet", id=order.id), edit=True),
        await cards.order_card(turn, record),
    ]


async def _after_escrow_order(turn: Turn, order: Order, key: str, **values: object) -> list[Reply]:
    record = await orders.get_order(turn.ctx, order_id=order.id, viewer_id=turn.actor_id)
    replies = [
        Reply(turn.tr(key, id=order.id, seller=fmt.handle(record.seller), **values), edit=True),
        await cards.order_card(turn, record),
    ]
    if order.payment_mode is PaymentMode.ESCROW:
        replies += await _pay(turn, order.id)
    return replies


@router.action("off", "buyx")
async def order_offer_escrow(turn: Turn, action: Action) -> list[Reply]:
    order = await orders.order_offer(
        turn.ctx, buyer_id=turn.actor_id, offer_id=_id(action), payment_mode=PaymentMode.ESCROW
    )
    return await _after_escrow_order(turn, order, "escrow.ordered")


@router.action("prop", "acceptx")
async def accept_escrow(turn: Turn, action: Action) -> list[Reply]:
    order = await proposals.accept_proposal(
        turn.ctx, buyer_id=turn.actor_id, proposal_id=_id(action), payment_mode=PaymentMode.ESCROW
    )
    return await _after_escrow_order(turn, order, "escrow.ordered")
