"""Credits on SQL: the double-entry ledger with its cached user balances, crypto top-ups (deposit
addresses, on-chain deposits, the chain watcher's checkpoint) and Telegram Stars payments."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from core.credits.deposit_model import ChainCheckpoint, ChainDeposit, DepositAddress, DepositStatus
from core.credits.stars_model import StarsPayment, StarsPaymentStatus
from core.shared.clock import Clock
from core.shared.errors import InsufficientCredits
from core.shared.ledger import LedgerTransaction, PostedTransaction, may_go_negative, user_account
from storage import tables as t
from storage.mapping import RowMapper
from storage.repository import Transaction, _Repository
from storage.sql import is_unique_violation, upsert_insert

#: The PostgreSQL advisory lock key of deposit-address assignment ("BotGig" + 1).
ASSIGNMENT_LOCK = 0x426F74476967_0001

_POSTED = RowMapper(PostedTransaction)
_ADDRESS = RowMapper(DepositAddress)
# Raw token units overflow BIGINT: the column holds them as decimal text.
_DEPOSIT = RowMapper(ChainDeposit, encoders={"amount": str})
_CHECKPOINT = RowMapper(ChainCheckpoint)
_STARS = RowMapper(StarsPayment)


class SqlLedgerRepository(_Repository):
    """Posts balanced transactions once per idempotency key, refusing overdrafts atomically.

    Concurrency: the balance changes by a conditional ``UPDATE ... WHERE balance + delta >=
    0`` — PostgreSQL re-checks the condition against the latest committed row after waiting
    for its lock, so concurrent spends cannot both pass; SQLite serialises writers with
    ``BEGIN IMMEDIATE``. The idempotency key is inserted with ``ON CONFLICT DO NOTHING``, so
    a racing duplicate waits for the first and then finds it.

    Only accounts that must not go negative keep a cached ``ledger_balance`` row: that row
    is what the overdraft check locks. ``world:*`` accounts have no such rule, so their
    balance is the sum of their entries, derived when asked; caching it would make every
    spend of every user update the same ``world:spent`` row and serialise them all on it.
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
                if delta and not may_go_negative(ledger_account):
                    await self._apply(ledger_account, tx.asset, delta)
        return True

    async def _apply(self, ledger_account: str, asset: str, delta: int) -> None:
        conn = await self._conn()
        b = t.ledger_balance
        if delta > 0:
            # A debit needs no row: with none, the conditional UPDATE below matches nothing
            # and refuses it, one round trip fewer on every spend.
            await conn.execute(
                upsert_insert(self._tx.dialect, b)
                .values(ledger_account=ledger_account, asset=asset, balance=0)
                .on_conflict_do_nothing(index_elements=[b.c.ledger_account, b.c.asset])
            )
        stmt = update(b).where(b.c.ledger_account == ledger_account, b.c.asset == asset)
        if delta < 0:
            stmt = stmt.where(b.c.balance + literal(delta) >= 0)
        result = await conn.execute(stmt.values(balance=b.c.balance + delta))
        if result.rowcount != 1:
            raise InsufficientCredits(-delta, await self.balance(ledger_account, asset))

    async def balance(self, ledger_account: str, asset: str) -> int:
        if may_go_negative(ledger_account):
            e = t.ledger_entry
            total = (await (await self._conn()).execute(
                select(func.coalesce(func.sum(e.c.amount), 0))
                .where(e.c.ledger_account == ledger_account, e.c.asset == asset)
            )).scalar_one()
            return int(total)
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
        return [_POSTED.entity(r) for r in await self._all(stmt)]

    async def exists(self, idempotency_key: str) -> bool:
        lt = t.ledger_transaction
        found = (await (await self._conn()).execute(
            select(lt.c.id).where(lt.c.idempotency_key == idempotency_key)
        )).first()
        return found is not None


class SqlDepositRepository(_Repository):
    """Assignments take the next index under a lock (``next_index``), and the unique keys of
    ``deposit_address`` back it up: a request that still collides gets False and retries.
    Deposits are inserted with ``ON CONFLICT DO NOTHING`` on (chain, tx hash, log index), and
    status changes are conditional on the status read, so two watchers never decide one
    twice."""

    async def address_for(self, account_id: int) -> DepositAddress | None:
        a = t.deposit_address
        row = await self._one(select(a).where(a.c.account_id == account_id))
        return _ADDRESS.entity(row) if row else None

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
                await conn.execute(t.deposit_address.insert().values(**_ADDRESS.row(address)))
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
        return _DEPOSIT.entity(row) if row else None

    async def find(self, chain_id: int, tx_hash: str, log_index: int) -> ChainDeposit | None:
        d = t.chain_deposit
        row = await self._one(
            select(d).where(
                d.c.chain_id == chain_id, d.c.tx_hash == tx_hash, d.c.log_index == log_index
            )
        )
        return _DEPOSIT.entity(row) if row else None

    async def add(self, deposit: ChainDeposit) -> ChainDeposit | None:
        d = t.chain_deposit
        conn = await self._conn()
        new_id = (
            await conn.execute(
                upsert_insert(self._tx.dialect, d)
                .values(**_DEPOSIT.row(deposit))
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
        result = await (await self._conn()).execute(stmt.values(**_DEPOSIT.row(deposit)))
        return bool(result.rowcount == 1)

    async def pending(self, chain_id: int, *, limit: int = 500) -> list[ChainDeposit]:
        d = t.chain_deposit
        rows = await self._all(
            select(d)
            .where(d.c.chain_id == chain_id, d.c.status == DepositStatus.SEEN.value)
            .order_by(d.c.block_number, d.c.id)
            .limit(limit)
        )
        return [_DEPOSIT.entity(r) for r in rows]

    async def with_status(self, status: DepositStatus, *, limit: int = 100) -> list[ChainDeposit]:
        d = t.chain_deposit
        rows = await self._all(
            select(d).where(d.c.status == status.value).order_by(d.c.id).limit(limit)
        )
        return [_DEPOSIT.entity(r) for r in rows]

    async def for_account(self, account_id: int, *, limit: int = 20) -> list[ChainDeposit]:
        d = t.chain_deposit
        rows = await self._all(
            select(d).where(d.c.account_id == account_id).order_by(d.c.id.desc()).limit(limit)
        )
        return [_DEPOSIT.entity(r) for r in rows]

    async def checkpoint(self, chain_id: int) -> ChainCheckpoint | None:
        c = t.chain_checkpoint
        row = await self._one(select(c).where(c.c.chain_id == chain_id))
        return _CHECKPOINT.entity(row) if row else None

    async def save_checkpoint(self, checkpoint: ChainCheckpoint) -> None:
        c = t.chain_checkpoint
        values = _CHECKPOINT.row(checkpoint, without=("chain_id",))
        await (await self._conn()).execute(
            upsert_insert(self._tx.dialect, c)
            .values(chain_id=checkpoint.chain_id, **values)
            .on_conflict_do_update(index_elements=[c.c.chain_id], set_=values)
        )


class SqlStarsPaymentRepository(_Repository):
    """Payments are inserted with ``ON CONFLICT DO NOTHING`` on the charge id, so a repeated
    (even concurrent) successful payment records nothing; status changes are conditional on
    the status read, so two refunds never both succeed."""

    async def add(self, payment: StarsPayment) -> StarsPayment | None:
        s = t.stars_payment
        conn = await self._conn()
        new_id = (
            await conn.execute(
                upsert_insert(self._tx.dialect, s)
                .values(**_STARS.row(payment))
                .on_conflict_do_nothing(index_elements=[s.c.charge_id])
                .returning(s.c.id)
            )
        ).scalar_one_or_none()
        return None if new_id is None else replace(payment, id=new_id)

    async def get(self, charge_id: str) -> StarsPayment | None:
        s = t.stars_payment
        row = await self._one(select(s).where(s.c.charge_id == charge_id))
        return _STARS.entity(row) if row else None

    async def update(
        self, payment: StarsPayment, *, expected_status: StarsPaymentStatus
    ) -> bool:
        s = t.stars_payment
        result = await (await self._conn()).execute(
            update(s)
            .where(s.c.id == payment.id, s.c.status == expected_status.value)
            .values(**_STARS.row(payment))
        )
        return bool(result.rowcount == 1)

    async def for_account(self, account_id: int, *, limit: int = 20) -> list[StarsPayment]:
        s = t.stars_payment
        rows = await self._all(
            select(s).where(s.c.account_id == account_id).order_by(s.c.id.desc()).limit(limit)
        )
        return [_STARS.entity(r) for r in rows]
