from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.fake_telegram import FakeTelegram, TgUser


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
