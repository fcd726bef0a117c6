"""Spending credits on a platform action."""

from __future__ import annotations

from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import InsufficientCredits
from core.shared.uow import UnitOfWork


async def spend_credits(
    ctx: Context,
    uow: UnitOfWork,
    *,
    account_id: int,
    tx_type: ledger.TxType,
    amount: int,
    idempotency_key: str,
    memo: str,
    reference: str | None = None,
) -> bool:
    """Charge ``amount`` credits; a zero price is free and records nothing. Returns False when
    the idempotency key was already charged (a retried action is not charged twice)."""
    if amount <= 0:
        return True
    tx = ledger.transfer(
        type=tx_type,
        asset=ledger.CREDITS,
        source=ledger.user_account(account_id),
        destination=ledger.WORLD_SPENT,
        amount=amount,
        idempotency_key=idempotency_key,
        memo=memo,
        account_id=account_id,
        actor_id=account_id,
        reference=reference,
    )
    try:
        return await uow.ledger.post(tx)
    except InsufficientCredits:
        balance = await uow.ledger.balance(ledger.user_account(account_id), ledger.CREDITS)
        raise InsufficientCredits(amount, balance) from None
