"""Crypto top-ups on SQL: deposit addresses, on-chain deposits and the watcher's checkpoint
(the ``DepositRepository`` port)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from core.deposits import (
    ChainCheckpoint,
    ChainDeposit,
    DepositAddress,
    DepositStatus,
)
from storage import tables as t
from storage.repositories import RowLike, _Repository
from storage.sql import is_unique_violation, upsert_insert

#: The PostgreSQL advisory lock key of deposit-address assignment ("BotGig" + 1).
ASSIGNMENT_LOCK = 0x426F74476967_0001


def _address(r: RowLike) -> DepositAddress:
    return DepositAddress(
        account_id=r["account_id"],
        derivation_index=r["derivation_index"],
        address=r["address"],
        created_at=r["created_at"],
    )


def _deposit(r: RowLike) -> ChainDeposit:
    return ChainDeposit(
        id=r["id"],
        chain_id=r["chain_id"],
        tx_hash=r["tx_hash"],
        log_index=r["log_index"],
        account_id=r["account_id"],
        address=r["address"],
        sender=r["sender"],
        token=r["token"],
        amount=int(r["amount"]),
        decimals=r["decimals"],
        block_number=r["block_number"],
        block_hash=r["block_hash"],
        status=DepositStatus(r["status"]),
        credits=r["credits"],
        seen_at=r["seen_at"],
        updated_at=r["updated_at"],
        credited_at=r["credited_at"],
    )


def _deposit_row(d: ChainDeposit) -> dict[str, Any]:
    return {
        "chain_id": d.chain_id,
        "tx_hash": d.tx_hash,
        "log_index": d.log_index,
        "account_id": d.account_id,
        "address": d.address,
        "sender": d.sender,
        "token": d.token,
        "amount": str(d.amount),
        "decimals": d.decimals,
        "block_number": d.block_number,
        "block_hash": d.block_hash,
        "status": d.status.value,
        "credits": d.credits,
        "seen_at": d.seen_at,
        "updated_at": d.updated_at,
        "credited_at": d.credited_at,
    }


class SqlDepositRepository(_Repository):
    """Assignments take the next index under a lock (``next_index``), and the unique keys of
    ``deposit_address`` back it up: a request that still collides gets False and retries.
    Deposits are inserted with ``ON CONFLICT DO NOTHING`` on (chain, tx hash, log index), and
    status changes are conditional on the status read, so two watchers never decide one
    twice."""

    async def address_for(self, account_id: int) -> DepositAddress | None:
        a = t.deposit_address
        row = await self._one(select(a).where(a.c.account_id == account_id))
        return _address(row) if row else None

    async def next_index(self) -> int:
        a = t.deposit_address
        conn = await self._conn()
        if self._tx.dialect == "postgresql":
            # Assignments queue here until this transaction ends, so concurrent first
            # requests take consecutive indexes instead of colliding and retrying. (SQLite
            # serialises writers already: every transaction begins IMMEDIATE.)
            await conn.execute(select(func.pg_advisory_xact_lock(ASSIGNMENT_LOCK)))
        highest = (await conn.execute(select(func.max(a.c.derivation_index)))).scalar()
        return 0 if highest is None else int(highest) + 1

    async def add_address(self, address: DepositAddress) -> bool:
        conn = await self._conn()
        try:
            # A savepoint, so a unique violation leaves the transaction usable (PostgreSQL).
            async with conn.begin_nested():
                await conn.execute(
                    t.deposit_address.insert().values(
                        account_id=address.account_id,
                        derivation_index=address.derivation_index,
                        address=address.address,
                        created_at=address.created_at,
                    )
                )
        except IntegrityError as exc:
            if is_unique_violation(exc):
                return False
            raise
        return True

    async def watched_addresses(self) -> dict[str, int]:
        a = t.deposit_address
        rows = await self._all(select(a.c.address, a.c.account_id))
        return {r["address"].lower(): r["account_id"] for r in rows}

    async def get(self, deposit_id: int) -> ChainDeposit | None:
        d = t.chain_deposit
        row = await self._one(select(d).where(d.c.id == deposit_id))
        return _deposit(row) if row else None

    async def find(self, chain_id: int, tx_hash: str, log_index: int) -> ChainDeposit | None:
        d = t.chain_deposit
        row = await self._one(
            select(d).where(
                d.c.chain_id == chain_id, d.c.tx_hash == tx_hash, d.c.log_index == log_index
            )
        )
        return _deposit(row) if row else None

    async def add(self, deposit: ChainDeposit) -> ChainDeposit | None:
        d = t.chain_deposit
        conn = await self._conn()
        new_id = (
            await conn.execute(
                upsert_insert(self._tx.dialect, d)
                .values(**_deposit_row(deposit))
                .on_conflict_do_nothing(index_elements=[d.c.chain_id, d.c.tx_hash, d.c.log_index])
                .returning(d.c.id)
            )
        ).scalar_one_or_none()
        if new_id is None:
            return None
        return replace(deposit, id=new_id)

    async def update(
        self, deposit: ChainDeposit, *, expected_status: DepositStatus | None = None
    ) -> bool:
        d = t.chain_deposit
        stmt = update(d).where(d.c.id == deposit.id)
        if expected_status is not None:
            stmt = stmt.where(d.c.status == expected_status.value)
        result = await (await self._conn()).execute(stmt.values(**_deposit_row(deposit)))
        return bool(result.rowcount == 1)

    async def pending(self, chain_id: int, *, limit: int = 500) -> list[ChainDeposit]:
        d = t.chain_deposit
        rows = await self._all(
            select(d)
            .where(d.c.chain_id == chain_id, d.c.status == DepositStatus.SEEN.value)
            .order_by(d.c.block_number, d.c.id)
            .limit(limit)
        )
        return [_deposit(r) for r in rows]

    async def with_status(self, status: DepositStatus, *, limit: int = 100) -> list[ChainDeposit]:
        d = t.chain_deposit
        rows = await self._all(
            select(d).where(d.c.status == status.value).order_by(d.c.id).limit(limit)
        )
        return [_deposit(r) for r in rows]

    async def for_account(self, account_id: int, *, limit: int = 20) -> list[ChainDeposit]:
        d = t.chain_deposit
        rows = await self._all(
            select(d).where(d.c.account_id == account_id).order_by(d.c.id.desc()).limit(limit)
        )
        return [_deposit(r) for r in rows]

    async def checkpoint(self, chain_id: int) -> ChainCheckpoint | None:
        c = t.chain_checkpoint
        row = await self._one(select(c).where(c.c.chain_id == chain_id))
        if row is None:
            return None
        return ChainCheckpoint(
            chain_id=row["chain_id"],
            last_block=row["last_block"],
            head_block=row["head_block"],
            updated_at=row["updated_at"],
        )

    async def save_checkpoint(self, checkpoint: ChainCheckpoint) -> None:
        c = t.chain_checkpoint
        values = {
            "last_block": checkpoint.last_block,
            "head_block": checkpoint.head_block,
            "updated_at": checkpoint.updated_at,
        }
        await (await self._conn()).execute(
            upsert_insert(self._tx.dialect, c)
            .values(chain_id=checkpoint.chain_id, **values)
            .on_conflict_do_update(index_elements=[c.c.chain_id], set_=values)
        )
