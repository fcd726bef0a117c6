"""ConversationStore and DedupStore on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from core.shared.uow import UnitOfWorkFactory
from tests.integration.conftest import T0


async def test_conversation_state_put_get_replace_delete(uow_factory: UnitOfWorkFactory) -> None:
    form = {"wizard": "newoffer", "step": 2, "fields": {"title": "Scrape ✓", "price": 5000}}
    async with uow_factory() as uow:
        assert await uow.conversations.get("telegram:42") is None
        await uow.conversations.put("telegram:42", form, T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.conversations.get("telegram:42") == form
        await uow.conversations.put("telegram:42", {"step": 3}, T0 + timedelta(minutes=1))
        await uow.conversations.put("discord:42", {"step": 1}, T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.conversations.get("telegram:42") == {"step": 3}
        await uow.conversations.delete("telegram:42")
        await uow.conversations.delete("never-there")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.conversations.get("telegram:42") is None
        assert await uow.conversations.get("discord:42") == {"step": 1}


async def test_dedup_first_time_only(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.dedup.first_time("tg-update:1", T0) is True
        assert await uow.dedup.first_time("tg-update:1", T0) is False
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.dedup.first_time("tg-update:1", T0) is False
        assert await uow.dedup.first_time("tg-update:2", T0) is True
        # Not committed: the key is not remembered.
    async with uow_factory() as uow:
        assert await uow.dedup.first_time("tg-update:2", T0) is True


async def test_dedup_race_has_one_winner(uow_factory: UnitOfWorkFactory) -> None:
    async def see() -> bool:
        async with uow_factory() as uow:
            first = await uow.dedup.first_time("stripe:evt_1", T0)
            await asyncio.sleep(0.01)
            await uow.commit()
            return first

    results = await asyncio.gather(*(see() for _ in range(8)))
    assert sorted(results) == [False] * 7 + [True]
