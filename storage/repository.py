"""What every SQL repository builds on: the connection of its unit of work and a few ways to
run a statement."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from core.shared.errors import Conflict
from storage.mapping import RowLike

__all__ = ["Conflicts", "RowLike", "Transaction", "_Repository"]

Conflicts = dict[tuple[str, ...], Callable[[], Conflict]]


class Transaction(Protocol):
    """What a repository needs from its unit of work."""

    dialect: str

    async def connection(self) -> AsyncConnection: ...


class _Repository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def _conn(self) -> AsyncConnection:
        return await self._tx.connection()

    async def _one(self, stmt: Any) -> RowMapping | None:
        return (await (await self._conn()).execute(stmt)).mappings().first()

    async def _all(self, stmt: Any) -> Sequence[RowMapping]:
        return (await (await self._conn()).execute(stmt)).mappings().all()

    async def _insert_id(self, table: Any, values: Mapping[str, Any]) -> int:
        result = await (await self._conn()).execute(
            insert(table).values(**values).returning(table.c.id)
        )
        return int(result.scalar_one())
