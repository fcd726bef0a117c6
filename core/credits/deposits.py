"""Crypto top-ups: deposit addresses and the deposits the chain watcher reports.

The front ends call ``get_deposit_address`` (``/topup``, ``GET /api/me/credits/deposit-address``)
and ``list_deposits``; the chain watcher (payments/crypto) calls ``watched_addresses``,
``record_scan`` and ``confirm_deposits``; moderators call ``list_held_deposits`` and
``release_held_deposit``; ``botgig chain status`` calls ``get_chain_status``.

Statuses and rounding are described in core.credits.deposit_model.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from core.accounts import actors
from core.credits import errors as E
from core.credits.credits import top_up_credits
from core.credits.deposit_model import (
    ChainCheckpoint,
    ChainDeposit,
    ChainTransfer,
    ChainUnavailable,
    CryptoTopUps,
    CryptoTopUpsUnavailable,
    DepositAddress,
    DepositInstructions,
    DepositRules,
    DepositStatus,
    DepositView,
    credits_for,
    format_units,
    payment_uri,
)
from core.credits.ports import ChainReader
from core.moderation.model import AuditEntry
from core.shared.context import Context
from core.shared.errors import ConcurrentUpdate, Conflict, NotFound
from core.shared.events import DomainEvent
from core.shared.ledger import TxType
from core.shared.uow import UnitOfWork
from core.shared.validation import text

log = logging.getLogger(__name__)

#: A deposit was seen on chain (0/N confirmations); tells its owner it is on the way.
DEPOSIT_SEEN = "credits.deposit_seen"
#: A confirmed deposit worth less than the minimum: recorded, not credited.
DEPOSIT_BELOW_MINIMUM = "credits.deposit_below_minimum"
#: A confirmed deposit to a banned account, held for the moderators (admin channel).
DEPOSIT_HELD = "credits.deposit_held"
#: A seen deposit whose block left the canonical chain: it will not be credited.
DEPOSIT_REORGED = "credits.deposit_reorged"
DEPOSIT_EVENT_TYPES = frozenset(
    {DEPOSIT_SEEN, DEPOSIT_BELOW_MINIMUM, DEPOSIT_HELD, DEPOSIT_REORGED}
)

#: Concurrent first requests for an address race for the next index; the loser retries.
_ASSIGN_ATTEMPTS = 5


def crypto_of(ctx: Context) -> CryptoTopUps:
    """The configured crypto top-ups; raises ``CryptoTopUpsUnavailable`` when they are off."""
    if ctx.crypto is None:
        raise CryptoTopUpsUnavailable()
    return ctx.crypto


# -- addresses ---------------------------------------------------------------------------------


async def get_deposit_address(ctx: Context, *, account_id: int) -> DepositInstructions:
    """The account's deposit address (assigned on first use: the next derivation index,
    stored once) with what to send there: network, assets, rate, minimum, confirmations.

    Raises ``CryptoTopUpsUnavailable`` when crypto top-ups are not configured, ``NotFound``
    for an unknown account and ``AccountBanned`` for a banned one.
    """
    crypto = crypto_of(ctx)
    for _ in range(_ASSIGN_ATTEMPTS):
        async with ctx.uow() as uow:
            await actors.load_actor(uow, account_id)
            assigned = await uow.deposits.address_for(account_id)
            if assigned is None:
                index = await uow.deposits.next_index()
                candidate = DepositAddress(
                    account_id=account_id,
                    derivation_index=index,
                    address=crypto.deriver.address_at(index),
                    created_at=ctx.clock.now(),
                )
                if not await uow.deposits.add_address(candidate):
                    # Another request took this index (or assigned this account) first.
                    continue
                await uow.commit()
                assigned = candidate
                log.info("deposit address #%d assigned to account %d", index, account_id)
            return instructions_for(crypto.rules, assigned)
    raise ConcurrentUpdate()


def instructions_for(rules: DepositRules, assigned: DepositAddress) -> DepositInstructions:
    assets = rules.assets()
    return DepositInstructions(
        account_id=assigned.account_id,
        address=assigned.address,
        chain_id=rules.chain_id,
        network=rules.network_name,
        confirmations=rules.confirmations,
        min_credits=rules.min_credits,
        assets=assets,
        payment_uri=payment_uri(assigned.address, rules.chain_id, assets[0].token_address),
    )


async def list_deposits(ctx: Context, *, account_id: int, limit: int = 10) -> list[DepositView]:
    """The account's deposits, newest first, with their confirmations so far (as of the
    watcher's last pass)."""
    crypto = crypto_of(ctx)
    async with ctx.uow() as uow:
        await actors.load_account(uow, account_id)
        deposits = await uow.deposits.for_account(account_id, limit=limit)
        head = await _head(uow, crypto.rules.chain_id)
    return [view_of(crypto.rules, d, head) for d in deposits]


def view_of(rules: DepositRules, deposit: ChainDeposit, head_block: int | None) -> DepositView:
    confirmations = deposit.confirmations(head_block) if head_block is not None else 0
    return DepositView(
        id=deposit.id,
        account_id=deposit.account_id,
        status=deposit.status,
        symbol=rules.symbol_for(deposit.token),
        token_address=deposit.token,
        amount=format_units(deposit.amount, deposit.decimals),
        credits=deposit.credits,
        tx_hash=deposit.tx_hash,
        block_number=deposit.block_number,
        confirmations=min(confirmations, rules.confirmations)
        if deposit.status is DepositStatus.SEEN
        else confirmations,
        confirmations_needed=rules.confirmations,
        seen_at=deposit.seen_at,
        credited_at=deposit.credited_at,
    )


async def _head(uow: UnitOfWork, chain_id: int) -> int | None:
    checkpoint = await uow.deposits.checkpoint(chain_id)
    return checkpoint.head_block if checkpoint else None


# -- the chain watcher's side ------------------------------------------------------------------


async def watched_addresses(ctx: Context) -> dict[str, int]:
    """Every deposit address (lower-cased) to its account id."""
    async with ctx.uow() as uow:
        return await uow.deposits.watched_addresses()


async def get_checkpoint(ctx: Context) -> ChainCheckpoint | None:
    crypto = crypto_of(ctx)
    async with ctx.uow() as uow:
        return await uow.deposits.checkpoint(crypto.rules.chain_id)


async def save_checkpoint(ctx: Context, *, last_block: int, head_block: int) -> None:
    """Start (or move) the scan position without recording anything (the first run)."""
    crypto = crypto_of(ctx)
    async with ctx.uow() as uow:
        await uow.deposits.save_checkpoint(
            ChainCheckpoint(crypto.rules.chain_id, last_block, head_block, ctx.clock.now())
        )
        await uow.commit()


@dataclass(frozen=True)
class ScanOutcome:
    #: Deposits recorded for the first time (or seen again after a reorg), now ``seen``.
    seen: tuple[ChainDeposit, ...]
    #: Transfers not ours: an unknown address, another token, a zero amount.
    ignored: int


async def record_scan(
    ctx: Context,
    *,
    transfers: Sequence[ChainTransfer],
    token_decimals: int | None,
    scanned_to: int | None,
    head_block: int,
) -> ScanOutcome:
    """Record the transfers found in a scanned block range and move the checkpoint to
    ``scanned_to``, in one transaction: a crash never advances the checkpoint past a deposit
    it did not record. Recording is idempotent, so scanning a range twice changes nothing.

    ``token_decimals`` is the configured token's (None when no token is watched). Each new
    deposit publishes ``DEPOSIT_SEEN`` to its owner ("seen, 0/N confirmations").
    """
    rules = crypto_of(ctx).rules
    now = ctx.clock.now()
    seen: list[ChainDeposit] = []
    ignored = 0
    async with ctx.uow() as uow:
        addresses = await uow.deposits.watched_addresses() if transfers else {}
        for transfer in transfers:
            account_id = addresses.get(transfer.recipient.lower())
            decimals = _decimals_for(rules, transfer.token, token_decimals)
            if account_id is None or decimals is None or transfer.amount <= 0:
                # Not for us: an unknown address, another token, or a zero-value transfer
                # (address-poisoning spam uses those).
                log.info(
                    "ignored transfer %s:%d of %s to %s (amount %d)",
                    transfer.tx_hash,
                    transfer.log_index,
                    transfer.token or "native coin",
                    transfer.recipient,
                    transfer.amount,
                )
                ignored += 1
                continue
            deposit = await _record(uow, rules, transfer, account_id, decimals, now)
            if deposit is not None:
                seen.append(deposit)
                uow.publish(_event(DEPOSIT_SEEN, rules, deposit, now, head_block=head_block))
        if scanned_to is not None:
            previous = await uow.deposits.checkpoint(rules.chain_id)
            last = max(scanned_to, previous.last_block if previous else scanned_to)
            await uow.deposits.save_checkpoint(
                ChainCheckpoint(rules.chain_id, last, head_block, now)
            )
        await uow.commit()
    return ScanOutcome(tuple(seen), ignored)


def _decimals_for(rules: DepositRules, token: str | None, token_decimals: int | None) -> int | None:
    if token is None:
        return rules.native_decimals if rules.watches_native else None
    if rules.token_address is None or token.lower() != rules.token_address.lower():
        return None
    return token_decimals


async def _record(
    uow: UnitOfWork,
    rules: DepositRules,
    transfer: ChainTransfer,
    account_id: int,
    decimals: int,
    now: datetime,
) -> ChainDeposit | None:
    tx_hash = transfer.tx_hash.lower()
    existing = await uow.deposits.find(rules.chain_id, tx_hash, transfer.log_index)
    if existing is None:
        return await uow.deposits.add(
            ChainDeposit(
                id=0,
                chain_id=rules.chain_id,
                tx_hash=tx_hash,
                log_index=transfer.log_index,
                account_id=account_id,
                address=transfer.recipient,
                sender=transfer.sender,
                token=transfer.token,
                amount=transfer.amount,
                decimals=decimals,
                block_number=transfer.block_number,
                block_hash=transfer.block_hash.lower(),
                status=DepositStatus.SEEN,
                credits=credits_for(transfer.amount, decimals, rules.rate_for(transfer.token)),
                seen_at=now,
                updated_at=now,
            )
        )
    moved = existing.block_hash != transfer.block_hash.lower()
    if existing.status is DepositStatus.REORGED or (
        existing.status is DepositStatus.SEEN and moved
    ):
        # The same transfer mined again (after a reorg): it counts from its new block.
        revived = replace(
            existing,
            block_number=transfer.block_number,
            block_hash=transfer.block_hash.lower(),
            status=DepositStatus.SEEN,
            updated_at=now,
        )
        if await uow.deposits.update(revived, expected_status=existing.status):
            log.info("deposit %s moved to block %d", existing.key, transfer.block_number)
            return revived if existing.status is DepositStatus.REORGED else None
    return None


@dataclass(frozen=True)
class ConfirmOutcome:
    credited: int = 0
    below_minimum: int = 0
    held: int = 0
    reorged: int = 0
    #: Still waiting for confirmations.
    waiting: int = 0


async def confirm_deposits(ctx: Context, *, reader: ChainReader) -> ConfirmOutcome:
    """Decide every ``seen`` deposit that can be decided:

    - its block hash is no longer the canonical one at its height → ``reorged`` (never
      credited; an unknown hash — a lagging node — leaves it waiting);
    - fewer than N blocks on top of it → still ``seen``;
    - otherwise ``below_minimum`` when it is worth less than the minimum, ``held`` when its
      account is banned, else ``credited``: ``top_up_credits`` posts the credits once per
      ``crypto:<chain>:<tx>:<log>``, which also publishes ``credits.topped_up``.

    Raises ``ChainUnavailable`` when the chain cannot be read (nothing is decided then).
    """
    rules = crypto_of(ctx).rules
    latest = await reader.latest_block()
    async with ctx.uow() as uow:
        pending = await uow.deposits.pending(rules.chain_id)
    canonical: dict[int, str | None] = {}
    counts = {"credited": 0, "below_minimum": 0, "held": 0, "reorged": 0, "waiting": 0}
    for deposit in pending:
        if deposit.block_number not in canonical:
            found = await reader.block_hash(deposit.block_number)
            canonical[deposit.block_number] = found.lower() if found else None
        block_hash = canonical[deposit.block_number]
        if block_hash is not None and block_hash != deposit.block_hash:
            if await _decide(ctx, rules, deposit, DepositStatus.REORGED, latest):
                counts["reorged"] += 1
            continue
        if block_hash is None or deposit.confirmations(latest) < rules.confirmations:
            counts["waiting"] += 1
            continue
        status = await _final_status(ctx, rules, deposit)
        if status is DepositStatus.CREDITED:
            await top_up_credits(
                ctx,
                account_id=deposit.account_id,
                amount=deposit.credits,
                source=TxType.TOPUP_CRYPTO,
                idempotency_key=deposit.key,
                reference=deposit.tx_hash,
            )
        if await _decide(ctx, rules, deposit, status, latest):
            counts[status.value] += 1
    return ConfirmOutcome(**counts)


async def _final_status(ctx: Context, rules: DepositRules, deposit: ChainDeposit) -> DepositStatus:
    async with ctx.uow() as uow:
        account = await actors.load_account(uow, deposit.account_id)
    if deposit.credits < rules.min_credits:
        return DepositStatus.BELOW_MINIMUM
    if account.is_banned:
        return DepositStatus.HELD
    return DepositStatus.CREDITED


async def _decide(
    ctx: Context, rules: DepositRules, deposit: ChainDeposit, status: DepositStatus, latest: int
) -> bool:
    """Move a ``seen`` deposit to ``status`` and tell who must know; False when another
    watcher decided it first (then it publishes nothing)."""
    now = ctx.clock.now()
    decided = replace(
        deposit,
        status=status,
        updated_at=now,
        credited_at=now if status is DepositStatus.CREDITED else None,
    )
    async with ctx.uow() as uow:
        if not await uow.deposits.update(decided, expected_status=DepositStatus.SEEN):
            return False
        event_type = {
            DepositStatus.REORGED: DEPOSIT_REORGED,
            DepositStatus.BELOW_MINIMUM: DEPOSIT_BELOW_MINIMUM,
            DepositStatus.HELD: DEPOSIT_HELD,
        }.get(status)
        if event_type is not None:
            uow.publish(_event(event_type, rules, decided, now, head_block=latest))
        await uow.commit()
    log.info("deposit %s of account %d: %s", deposit.key, deposit.account_id, status.value)
    return True


def _event(
    type_: str, rules: DepositRules, deposit: ChainDeposit, now: datetime, *, head_block: int
) -> DomainEvent:
    return DomainEvent(
        type=type_,
        payload={
            "deposit_id": deposit.id,
            "account_id": deposit.account_id,
            "chain_id": deposit.chain_id,
            "network": rules.network_name,
            "tx_hash": deposit.tx_hash,
            "log_index": deposit.log_index,
            "symbol": rules.symbol_for(deposit.token),
            "token_address": deposit.token,
            # Text: a uint256 does not fit a JSON number every client can read exactly.
            "amount": format_units(deposit.amount, deposit.decimals),
            "credits": deposit.credits,
            "min_credits": rules.min_credits,
            "below_minimum": deposit.credits < rules.min_credits,
            "confirmations": min(deposit.confirmations(head_block), rules.confirmations),
            "confirmations_needed": rules.confirmations,
            "status": deposit.status.value,
        },
        recipients=(deposit.account_id,),
        channels=("admin",) if type_ == DEPOSIT_HELD else (),
        occurred_at=now,
    )


# -- moderators --------------------------------------------------------------------------------


async def list_held_deposits(
    ctx: Context, *, moderator_id: int, limit: int = 50
) -> list[DepositView]:
    """Deposits to banned accounts waiting for a moderator. Raises ``PermissionDenied`` for
    anyone else."""
    crypto = crypto_of(ctx)
    async with ctx.uow() as uow:
        await actors.load_moderator(uow, moderator_id)
        held = await uow.deposits.with_status(DepositStatus.HELD, limit=limit)
        head = await _head(uow, crypto.rules.chain_id)
    return [view_of(crypto.rules, d, head) for d in held]


async def release_held_deposit(
    ctx: Context, *, moderator_id: int, deposit_id: int, reason: str
) -> DepositView:
    """Credit a held deposit (a moderator's decision, with a reason, in the audit log).

    Raises ``PermissionDenied`` for a non-moderator, ``NotFound`` for an unknown deposit and
    ``Conflict`` when the deposit is not held.
    """
    crypto = crypto_of(ctx)
    reason = text("reason", reason, min_len=3, max_len=500)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        deposit = await uow.deposits.get(deposit_id)
        if deposit is None:
            raise NotFound("deposit", deposit_id)
        if deposit.status is not DepositStatus.HELD:
            raise Conflict(E.DEPOSIT_NOT_HELD, deposit_id=deposit_id, status=deposit.status.value)
    if deposit.credits > 0:  # always: held deposits are at least the minimum
        await top_up_credits(
            ctx,
            account_id=deposit.account_id,
            amount=deposit.credits,
            source=TxType.TOPUP_CRYPTO,
            idempotency_key=deposit.key,
            reference=deposit.tx_hash,
        )
    released = replace(deposit, status=DepositStatus.CREDITED, updated_at=now, credited_at=now)
    async with ctx.uow() as uow:
        if await uow.deposits.update(released, expected_status=DepositStatus.HELD):
            await uow.audit.add(
                AuditEntry(
                    id=0,
                    actor_id=moderator.id,
                    action="deposit.release",
                    subject=f"account:{deposit.account_id}",
                    created_at=now,
                    note=reason,
                    data={
                        "deposit_id": deposit.id,
                        "tx_hash": deposit.tx_hash,
                        "credits": deposit.credits,
                    },
                )
            )
            await uow.commit()
        head = await _head(uow, crypto.rules.chain_id)
    return view_of(crypto.rules, released, head)


# -- operations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainStatus:
    chain_id: int
    network: str
    token_address: str | None
    confirmations: int
    checkpoint: ChainCheckpoint | None
    #: The chain's latest block now; None when the RPC could not be reached.
    latest_block: int | None
    #: ``latest_block - checkpoint``: blocks not scanned yet (None when either is unknown).
    lag: int | None
    pending: tuple[DepositView, ...]
    held: int
    rpc_error: str | None = None


async def get_chain_status(
    ctx: Context, *, reader: ChainReader | None, limit: int = 50
) -> ChainStatus:
    """The watcher's checkpoint, its lag behind the chain and the deposits waiting for
    confirmations (for ``botgig chain status``). An unreachable RPC is reported, not raised."""
    crypto = crypto_of(ctx)
    rules = crypto.rules
    latest: int | None = None
    error: str | None = None
    if reader is not None:
        try:
            latest = await reader.latest_block()
        except ChainUnavailable as exc:
            error = str(exc) or type(exc).__name__
    async with ctx.uow() as uow:
        checkpoint = await uow.deposits.checkpoint(rules.chain_id)
        pending = await uow.deposits.pending(rules.chain_id, limit=limit)
        held = await uow.deposits.with_status(DepositStatus.HELD, limit=1000)
    head = latest if latest is not None else (checkpoint.head_block if checkpoint else None)
    return ChainStatus(
        chain_id=rules.chain_id,
        network=rules.network_name,
        token_address=rules.token_address,
        confirmations=rules.confirmations,
        checkpoint=checkpoint,
        latest_block=latest,
        lag=latest - checkpoint.last_block if latest is not None and checkpoint else None,
        pending=tuple(view_of(rules, d, head) for d in pending),
        held=len(held),
        rpc_error=error,
    )
