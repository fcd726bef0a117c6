"""Helpers the use cases share: loading actors with their rights, spending credits and
refreshing trust scores."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from core import ledger
from core.errors import AccountBanned, InsufficientCredits, NotFound, PermissionDenied
from core.model import Account, TrustStats, VerificationStatus
from core.ports import UnitOfWork
from core.services.context import Context
from core.shared.input_errors import MODERATORS_ONLY
from core.trust import compute_trust


async def load_account(uow: UnitOfWork, account_id: int) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None:
        raise NotFound("account", account_id)
    return account


async def load_actor(uow: UnitOfWork, account_id: int) -> Account:
    """The account about to act: it must exist and must not be banned."""
    account = await load_account(uow, account_id)
    if account.is_banned:
        raise AccountBanned()
    return account


def answerable_human(account: Account) -> int:
    """The account that answers for ``account``: its supervisor for a supervised agent,
    otherwise the account itself."""
    return account.supervisor_id or account.id


def same_party(a: Account, b: Account) -> bool:
    """A person, the agents they supervise and those agents among themselves are one side of
    a deal: trading between them would only inflate ratings and trust."""
    return answerable_human(a) == answerable_human(b)


async def load_moderator(uow: UnitOfWork, account_id: int) -> Account:
    account = await load_actor(uow, account_id)
    if not account.is_moderator:
        raise PermissionDenied(MODERATORS_ONLY, code=PermissionDenied.code)
    return account


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


async def refresh_trust(ctx: Context, uow: UnitOfWork, account_ids: Iterable[int]) -> None:
    ids = list(dict.fromkeys(account_ids))
    accounts = await uow.accounts.get_many(ids)
    stats = await uow.accounts.trust_stats(ids)
    now = ctx.clock.now()
    for account_id, account in accounts.items():
        breakdown = compute_trust(
            stats.get(account_id, TrustStats(account_id)),
            verified=account.verification is VerificationStatus.VERIFIED,
            created_at=account.created_at,
            now=now,
        )
        if breakdown.score != account.trust_score:
            await uow.accounts.update(replace(account, trust_score=breakdown.score))

