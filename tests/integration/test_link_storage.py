"""Link codes and linking on SQLite and PostgreSQL: codes stored hashed with an expiry,
used once (also under a race), and a merge that moves identities in one transaction."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.accounts import linking
from core.accounts.accounts import ensure_chat_account
from core.accounts.ports import LinkCode
from core.shared.context import Context
from core.shared.errors import Conflict, ValidationFailed
from core.shared.uow import UnitOfWorkFactory
from storage import tables as t
from tests.integration.conftest import FakeClock


async def test_codes_are_hashed_and_single_use(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ctx = Context(uow=uow_factory, clock=clock)
    alice, _ = await ensure_chat_account(ctx, provider="telegram", external_id="1",
                                         display_name="Alice")
    now = clock.now()
    async with uow_factory() as uow:
        code = await uow.link_codes.add(LinkCode(0, alice.id, "h" * 64, "telegram", now,
                                                 now + timedelta(minutes=10)))
        await uow.link_codes.add(LinkCode(0, alice.id, "o" * 64, "telegram",
                                          now - timedelta(days=3), now - timedelta(days=2)))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.link_codes.by_hash("h" * 64) == code
        assert await uow.link_codes.by_hash("x" * 64) is None
        assert await uow.link_codes.mark_used(code.id, now)
        assert not await uow.link_codes.mark_used(code.id, now)
        # The expired code was never used; the used one stays (retention purges both later).
        assert await uow.link_codes.delete_unused(alice.id) == 1
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.link_codes.by_hash("h" * 64)
        assert stored is not None and stored.used_at == now


async def test_link_merges_a_fresh_account_and_the_code_never_appears(
    uow_factory: UnitOfWorkFactory, clock: FakeClock, engine: AsyncEngine
) -> None:
    ctx = Context(uow=uow_factory, clock=clock)
    alice, _ = await ensure_chat_account(ctx, provider="telegram", external_id="10",
                                         display_name="Alice")
    fresh, _ = await ensure_chat_account(ctx, provider="discord", external_id="20",
                                         display_name="Alice D")
    issued = await linking.issue_link_code(ctx, account_id=alice.id, platform="telegram")
    async with engine.connect() as conn:
        rows = (await conn.execute(select(t.link_code))).mappings().all()
    assert len(rows) == 1
    raw = issued.code.replace("-", "")
    assert all(raw not in str(value) for value in rows[0].values())
    assert rows[0]["code_hash"] == linking.hash_code(issued.code)

    result = await linking.redeem_link_code(ctx, account_id=fresh.id, platform="discord",
                                            code=issued.code)
    assert result.account_id == alice.id and result.absorbed_id == fresh.id
    assert result.dropped_credits == 100
    async with uow_factory() as uow:
        owner = await uow.accounts.by_identity("discord", "20")
        assert owner is not None and owner.id == alice.id
        assert await uow.accounts.identities(fresh.id) == []
        assert {i.provider for i in await uow.accounts.identities(alice.id)} == {
            "telegram", "discord"}
    with pytest.raises(Conflict):
        await linking.redeem_link_code(ctx, account_id=fresh.id, platform="discord",
                                       code=issued.code)

    clock.advance(minutes=1)
    again = await linking.unlink_platform(ctx, account_id=alice.id, platform="discord")
    assert again.id == alice.id
    async with uow_factory() as uow:
        assert await uow.accounts.by_identity("discord", "20") is None


async def test_a_code_redeemed_twice_at_once_links_once(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ctx = Context(uow=uow_factory, clock=clock)
    alice, _ = await ensure_chat_account(ctx, provider="telegram", external_id="30",
                                         display_name="Alice")
    one, _ = await ensure_chat_account(ctx, provider="discord", external_id="31",
                                       display_name="One")
    two, _ = await ensure_chat_account(ctx, provider="discord", external_id="32",
                                       display_name="Two")
    issued = await linking.issue_link_code(ctx, account_id=alice.id, platform="telegram")
    results = await asyncio.gather(
        linking.redeem_link_code(ctx, account_id=one.id, platform="discord", code=issued.code),
        linking.redeem_link_code(ctx, account_id=two.id, platform="discord", code=issued.code),
        return_exceptions=True,
    )
    linked = [r for r in results if isinstance(r, linking.LinkResult)]
    refused = [r for r in results if isinstance(r, (Conflict, ValidationFailed, Exception))]
    assert len(linked) == 1 and len(refused) == 1
    async with uow_factory() as uow:
        providers = [i.provider for i in await uow.accounts.identities(alice.id)]
    assert sorted(providers) == ["discord", "telegram"]
