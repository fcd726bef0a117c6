"""Credits: the welcome grant, top-ups, spends, moderator adjustments, balance and history.

Credits are utility credits bound to one account. The only ways in are the welcome grant,
top-ups and moderator adjustments; the only way out is spending on platform actions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.accounts import actors
from core.credits import errors as E
from core.moderation.model import AuditEntry
from core.shared import events as ev
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import ValidationFailed
from core.shared.events import DomainEvent
from core.shared.ledger import CREDITS, PostedTransaction, TxType
from core.shared.uow import UnitOfWork
from core.shared.validation import text


@dataclass(frozen=True)
class Balance:
    account_id: int
    credits: int


async def get_balance(ctx: Context, *, account_id: int) -> Balance:
    async with ctx.uow(read_only=True) as uow:
        await actors.load_account(uow, account_id)
        amount = await uow.ledger.balance(ledger.user_account(account_id), CREDITS)
        return Balance(account_id, amount)


async def get_history(
    ctx: Context, *, account_id: int, limit: int = 20, before_id: int | None = None
) -> list[PostedTransaction]:
    async with ctx.uow(read_only=True) as uow:
        await actors.load_account(uow, account_id)
        return await uow.ledger.history(account_id, CREDITS, limit=limit, before_id=before_id)


async def top_up_credits(
    ctx: Context,
    *,
    account_id: int,
    amount: int,
    source: TxType,
    idempotency_key: str,
    reference: str,
) -> bool:
    """Credit a confirmed top-up once per ``idempotency_key`` (a tx hash and log index, a
    Stars charge id). Returns False for a duplicate."""
    if source not in ledger.TOPUP_TYPES:
        raise ValueError(f"{source} is not a top-up")
    async with ctx.uow() as uow:
        applied = await post_top_up(
            ctx,
            uow,
            account_id=account_id,
            amount=amount,
            source=source,
            idempotency_key=idempotency_key,
            reference=reference,
        )
        await uow.commit()
        return applied


async def post_top_up(
    ctx: Context,
    uow: UnitOfWork,
    *,
    account_id: int,
    amount: int,
    source: TxType,
    idempotency_key: str,
    reference: str,
) -> bool:
    """``top_up_credits`` inside the caller's unit of work (which commits), so a top-up is
    recorded together with what it pays for (a Stars payment). False for a duplicate."""
    if source not in ledger.TOPUP_TYPES:
        raise ValueError(f"{source} is not a top-up")
    await actors.load_account(uow, account_id)
    tx = ledger.transfer(
        type=source,
        asset=CREDITS,
        source=ledger.WORLD_TOPUPS,
        destination=ledger.user_account(account_id),
        amount=amount,
        idempotency_key=idempotency_key,
        memo=f"Top-up ({source.value.removeprefix('topup_')})",
        account_id=account_id,
        reference=reference,
    )
    applied = await uow.ledger.post(tx)
    if applied:
        balance = await uow.ledger.balance(ledger.user_account(account_id), CREDITS)
        uow.publish(
            DomainEvent(
                type=ev.CREDITS_TOPPED_UP,
                payload={
                    "account_id": account_id,
                    "amount": amount,
                    "balance": balance,
                    "source": source.value,
                    "reference": reference,
                },
                recipients=(account_id,),
                occurred_at=ctx.clock.now(),
            )
        )
    return applied


async def adjust_credits(
    ctx: Context,
    *,
    moderator_id: int,
    account_id: int,
    delta: int,
    reason: str,
    idempotency_key: str | None = None,
) -> Balance:
    """A moderator's correction, with a reason; never below zero. Applied once per
    ``idempotency_key`` when one is given (a retried /credit command)."""
    reason = text("reason", reason, min_len=3, max_len=500)
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise ValidationFailed(E.ADJUSTMENT_INVALID, field="amount", code="validation.amount")
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        await actors.load_open_account(uow, account_id)
        user = ledger.user_account(account_id)
        source, destination = (
            (ledger.WORLD_ADJUSTMENTS, user) if delta > 0 else (user, ledger.WORLD_ADJUSTMENTS)
        )
        # Without a caller's key every adjustment is its own: a key made from the time would
        # merge two corrections made in the same instant into one.
        key = idempotency_key or f"adjust:{uuid.uuid4().hex}"
        applied = await uow.ledger.post(
            ledger.transfer(
                type=TxType.ADJUSTMENT,
                asset=CREDITS,
                source=source,
                destination=destination,
                amount=abs(delta),
                idempotency_key=key,
                memo=f"Moderator adjustment: {reason}",
                account_id=account_id,
                actor_id=moderator.id,
            )
        )
        if not applied:
            # A retry of an adjustment already made: no second audit entry or notice.
            balance = await uow.ledger.balance(user, CREDITS)
            return Balance(account_id, balance)
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="credits.adjust",
                subject=f"account:{account_id}",
                created_at=now,
                note=reason,
                data={"delta": delta},
            )
        )
        balance = await uow.ledger.balance(user, CREDITS)
        uow.publish(
            DomainEvent(
                type=ev.CREDITS_ADJUSTED,
                payload={
                    "account_id": account_id,
                    "delta": delta,
                    "balance": balance,
                    "reason": reason,
                },
                recipients=(account_id,),
                occurred_at=now,
            )
        )
        await uow.commit()
        return Balance(account_id, balance)
