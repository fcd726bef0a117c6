"""The double-entry ledger on SQL: append-only transactions and entries, and a cached balance
per (ledger account, asset) that no non-``world:`` account can take below zero."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, literal, select, update

from core.errors import InsufficientCredits
from core.ledger import LedgerTransaction, PostedTransaction, TxType, may_go_negative, user_account
from core.ports import Clock
from storage import tables as t
from storage.repositories import Transaction, _Repository
from storage.sql import upsert_insert


class SqlLedgerRepository(_Repository):
    """Posts balanced transactions once per idempotency key, refusing overdrafts atomically.

    Concurrency: the balance changes by a conditional ``UPDATE ... WHERE balance + delta >=
    0`` — PostgreSQL re-checks the condition against the latest committed row after waiting
    for its lock, so concurrent spends cannot both pass; SQLite serialises writers with
    ``BEGIN IMMEDIATE``. The idempotency key is inserted with ``ON CONFLICT DO NOTHING``, so
    a racing duplicate waits for the first and then finds it.
    """

    def __init__(self, tx: Transaction, clock: Clock) -> None:
        super().__init__(tx)
        self._clock = clock

    async def post(self, tx: LedgerTransaction) -> bool:
        conn = await self._conn()
        deltas: dict[str, int] = {}
        for entry in tx.entries:
            deltas[entry.ledger_account] = deltas.get(entry.ledger_account, 0) + entry.amount
        dialect = self._tx.dialect
        # One savepoint around the whole post: an overdraft undoes every row this post wrote
        # and leaves the caller's transaction usable (to read the balance, say).
        async with conn.begin_nested():
            tx_id = (await conn.execute(
                upsert_insert(dialect, t.ledger_transaction)
                .values(
                    type=tx.type.value, asset=tx.asset, idempotency_key=tx.idempotency_key,
                    memo=tx.memo, account_id=tx.account_id, actor_id=tx.actor_id,
                    reference=tx.reference, created_at=tx.created_at or self._clock.now(),
                )
                .on_conflict_do_nothing(index_elements=[t.ledger_transaction.c.idempotency_key])
                .returning(t.ledger_transaction.c.id)
            )).scalar_one_or_none()
            if tx_id is None:
                return False
            await conn.execute(insert(t.ledger_entry), [
                {"transaction_id": tx_id, "ledger_account": e.ledger_account,
                 "asset": tx.asset, "amount": e.amount}
                for e in tx.entries
            ])
            # A fixed order of row locks, so two posts touching the same accounts on
            # PostgreSQL cannot deadlock.
            for ledger_account in sorted(deltas):
                delta = deltas[ledger_account]
                if delta:
                    await self._apply(ledger_account, tx.asset, delta)
        return True

    async def _apply(self, ledger_account: str, asset: str, delta: int) -> None:
        conn = await self._conn()
        b = t.ledger_balance
        await conn.execute(
            upsert_insert(self._tx.dialect, b)
            .values(ledger_account=ledger_account, asset=asset, balance=0)
            .on_conflict_do_nothing(index_elements=[b.c.ledger_account, b.c.asset])
        )
        stmt = update(b).where(b.c.ledger_account == ledger_account, b.c.asset == asset)
        if delta < 0 and not may_go_negative(ledger_account):
            stmt = stmt.where(b.c.balance + literal(delta) >= 0)
        result = await conn.execute(stmt.values(balance=b.c.balance + delta))
        if result.rowcount != 1:
            raise InsufficientCredits(-delta, await self.balance(ledger_account, asset))

    async def balance(self, ledger_account: str, asset: str) -> int:
        b = t.ledger_balance
        value = (await (await self._conn()).execute(
            select(b.c.balance).where(b.c.ledger_account == ledger_account, b.c.asset == asset)
        )).scalar_one_or_none()
        return int(value or 0)

    async def history(
        self, account_id: int, asset: str, *, limit: int = 20, before_id: int | None = None
    ) -> list[PostedTransaction]:
        lt, e = t.ledger_transaction, t.ledger_entry
        stmt: Any = (
            select(lt.c.id, lt.c.type, lt.c.asset, func.sum(e.c.amount).label("amount"),
                   lt.c.memo, lt.c.created_at, lt.c.reference)
            .join(lt, lt.c.id == e.c.transaction_id)
            .where(e.c.ledger_account == user_account(account_id), e.c.asset == asset)
            .group_by(lt.c.id, lt.c.type, lt.c.asset, lt.c.memo, lt.c.created_at,
                      lt.c.reference)
            .order_by(lt.c.id.desc())
            .limit(limit)
        )
        if before_id is not None:
            stmt = stmt.where(lt.c.id < before_id)
        rows = await self._all(stmt)
        return [
            PostedTransaction(
                id=r["id"], type=TxType(r["type"]), asset=r["asset"], amount=int(r["amount"]),
                memo=r["memo"], created_at=r["created_at"], reference=r["reference"],
            )
            for r in rows
        ]

    async def exists(self, idempotency_key: str) -> bool:
        lt = t.ledger_transaction
        found = (await (await self._conn()).execute(
            select(lt.c.id).where(lt.c.idempotency_key == idempotency_key)
        )).first()
        return found is not None
