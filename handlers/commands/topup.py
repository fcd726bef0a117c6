"""/topup: the account's crypto deposit address (with a QR code image) and, on Telegram, the
credit packs sold for Telegram Stars.

A Stars pack button carries ``stars:buy:<credits>:<stars>``; the Telegram front end claims
that action and sends the invoice (the conversation layer knows nothing of invoices). Where
no front end claims it (a forged button elsewhere), ``stars_elsewhere`` answers it.
"""

from __future__ import annotations

import io

import segno

from core.credits import credits, deposits
from core.credits.deposit_model import DepositAsset, DepositInstructions
from core.shared.ledger import PostedTransaction, TxType
from handlers.actions import Action, encode
from handlers.markup import bold, code, escape
from handlers.turn import Notice, Router, Turn
from handlers.types import Busy, Button, OutgoingAttachment, Platform, Reply

router = Router()

#: The button action prefix the Telegram front end turns into a Stars invoice.
STARS_DOMAIN = "stars"
STARS_BUY = "buy"
#: Pixels per QR module, and the quiet zone in modules (4 is what the standard asks).
QR_SCALE = 8
QR_BORDER = 4


def qr_png(text: str) -> bytes:
    """A PNG of ``text`` as a QR code (error correction M: survives a phone photo of a
    screen), black on white with the standard quiet zone."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return buffer.getvalue()


def stars_action(credits_: int, stars: int) -> str:
    return encode(STARS_DOMAIN, STARS_BUY, credits_, stars)


def _asset_line(turn: Turn, asset: DepositAsset) -> str:
    line = turn.tr(
        "topup.crypto_rate",
        symbol=escape(asset.symbol),
        rate=asset.credits_per_unit,
        minimum=escape(asset.min_amount),
    )
    if asset.token_address:
        line += "\n" + turn.tr("topup.crypto_token", contract=code(escape(asset.token_address)))
    return line


def crypto_text(turn: Turn, instructions: DepositInstructions) -> str:
    lines = [
        bold(turn.tr("topup.crypto_title")),
        turn.tr(
            "topup.crypto_send",
            symbols=escape(" / ".join(a.symbol for a in instructions.assets)),
            network=escape(instructions.network),
            chain_id=instructions.chain_id,
        ),
        code(escape(instructions.address)),
        "",
        *(_asset_line(turn, a) for a in instructions.assets),
        turn.tr(
            "topup.crypto_terms",
            confirmations=instructions.confirmations,
            min_credits=instructions.min_credits,
            network=escape(instructions.network),
        ),
    ]
    return "\n".join(lines)


def crypto_reply(turn: Turn, instructions: DepositInstructions) -> Reply:
    """The deposit instructions as the caption of a QR code of the address (a bare address
    is what every wallet and exchange scanner reads)."""
    qr = OutgoingAttachment(
        ref="",
        name=f"deposit-{instructions.address}.png",
        kind="photo",
        data=qr_png(instructions.address),
    )
    return Reply(crypto_text(turn, instructions), attachments=(qr,))


def stars_reply(turn: Turn) -> Reply:
    rows = tuple(
        (
            Button(
                turn.tr("topup.stars_pack", credits=pack.credits, stars=pack.stars),
                action=stars_action(pack.credits, pack.stars),
            ),
        )
        for pack in turn.ctx.stars_packs
    )
    return Reply(turn.tr("topup.stars_text"), buttons=rows)


@router.command("topup")
async def topup(turn: Turn) -> list[Reply]:
    await turn.require_active()
    balance = await credits.get_balance(turn.ctx, account_id=turn.actor_id)
    replies = [Reply(turn.tr("topup.header", balance=balance.credits))]
    if turn.ctx.crypto is not None:
        await turn.busy(Busy.UPLOAD_PHOTO)
        instructions = await deposits.get_deposit_address(turn.ctx, account_id=turn.actor_id)
        replies.append(crypto_reply(turn, instructions))
    if turn.incoming.platform is Platform.TELEGRAM and turn.ctx.stars_packs:
        replies.append(stars_reply(turn))
    if len(replies) == 1:
        return turn.say("topup.none", balance=balance.credits)
    return replies


@router.action(STARS_DOMAIN, STARS_BUY)
async def stars_elsewhere(turn: Turn, action: Action) -> list[Reply]:
    raise Notice("topup.stars_telegram_only")


def history_reference(turn: Turn, entry: PostedTransaction) -> str:
    """Where a top-up (or a Stars refund) came from, for its /history line: the tx hash or
    the Stars charge id; empty for other entries."""
    if not entry.reference:
        return ""
    if entry.type is TxType.TOPUP_CRYPTO:
        return turn.tr("history.ref_tx", ref=code(escape(entry.reference)))
    if entry.type in (TxType.TOPUP_STARS, TxType.REFUND_STARS):
        return turn.tr("history.ref_stars", ref=code(escape(entry.reference)))
    return ""
