"""SQL repository of the one-time codes that link chat platforms to one account
(core.ports.LinkCodeRepository)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from core.ports import LinkCode
from storage import tables as t
from storage.repositories import RowLike, _Repository


def _link_code(r: RowLike) -> LinkCode:
    return LinkCode(
        id=r["id"],
        account_id=r["account_id"],
        code_hash=r["code_hash"],
        platform=r["platform"],
        created_at=r["created_at"],
        expires_at=r["expires_at"],
        used_at=r["used_at"],
    )


class SqlLinkCodeRepository(_Repository):
    async def add(self, code: LinkCode) -> LinkCode:
        new_id = await self._insert_id(
            t.link_code,
            {
                "account_id": code.account_id,
                "code_hash": code.code_hash,
                "platform": code.platform,
                "created_at": code.created_at,
                "expires_at": code.expires_at,
                "used_at": code.used_at,
            },
        )
        return LinkCode(**{**code.__dict__, "id": new_id})

    async def by_hash(self, code_hash: str) -> LinkCode | None:
        row = await self._one(select(t.link_code).where(t.link_code.c.code_hash == code_hash))
        return _link_code(row) if row else None

    async def mark_used(self, code_id: int, now: datetime) -> bool:
        c = t.link_code
        result = await (await self._conn()).execute(
            update(c).where(c.c.id == code_id, c.c.used_at.is_(None)).values(used_at=now)
        )
        return int(result.rowcount) == 1

    async def delete_unused(self, account_id: int) -> int:
        c = t.link_code
        result = await (await self._conn()).execute(
            delete(c).where(c.c.account_id == account_id, c.c.used_at.is_(None))
        )
        return int(result.rowcount)

    async def purge(self, before: datetime) -> int:
        c = t.link_code
        result = await (await self._conn()).execute(delete(c).where(c.c.expires_at < before))
        return int(result.rowcount)
