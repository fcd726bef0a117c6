from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.shared.clock import Clock
from core.shared.context import Context
from core.shared.delivery import record_on_commit
from handlers.app import ChatApp
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.e2e.harness import BotHarness
from tests.fakes import FakeStore


@pytest.fixture
def ctx(store: FakeStore, clock: Clock) -> Context:
    # As the composition root builds it: a chat update is recorded by its first commit
    # (core.shared.delivery), not by a write of its own.
    return Context(uow=record_on_commit(store), clock=clock)


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
def alice() -> TgUser:
    return TgUser(1001, "Alice", "alice_tg", "en")


@pytest.fixture
def bob() -> TgUser:
    return TgUser(2002, "Bob", "bob_tg", "en")


@pytest.fixture
def mallory() -> TgUser:
    return TgUser(3003, "Mallory", None, "en")


@pytest.fixture
async def harness(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore
) -> AsyncIterator[BotHarness]:
    """The real bot polling the fake Bot API, over the in-memory store and its outbox."""
    h = BotHarness(fake_telegram, ctx, ChatApp(ctx), outbox=store.outbox)
    await h.start()
    try:
        yield h
    finally:
        await h.kill()
