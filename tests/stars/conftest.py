"""Stars and top-up tests: the core on the in-memory fakes with Stars packs (and, where a
test asks for it, crypto top-ups with a deterministic address deriver), a Telegram user,
a moderator and a fake ``StarsRefunder``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from core.accounts import accounts
from core.accounts.model import Account
from core.credits.deposit_model import CryptoTopUps, DepositRules
from core.credits.stars_model import StarsRefundFailed, parse_packs
from core.shared.context import Context
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.fakes import FakeClock, FakeStore
from tests.fakes_deposits import HashDeriver

PACKS = parse_packs("100:50,500:225,1000:400")
TOKEN = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"



@dataclass
class FakeRefunder:
    calls: list[tuple[int, str]] = field(default_factory=list)
    fail: bool = False

    async def refund_star_payment(self, *, telegram_user_id: int, charge_id: str) -> None:
        self.calls.append((telegram_user_id, charge_id))
        if self.fail:
            raise StarsRefundFailed("Telegram refused the refund: CHARGE_NOT_FOUND")


@pytest.fixture
def sctx(store: FakeStore, clock: FakeClock) -> Context:
    """Stars packs on, crypto off."""
    return Context(uow=store, clock=clock, stars_packs=PACKS)


@pytest.fixture
def rules() -> DepositRules:
    return DepositRules(
        chain_id=8453, confirmations=12, credits_per_token=100, min_credits=100,
        token_address=TOKEN, token_symbol="USDC",
    )


@pytest.fixture
def cctx(store: FakeStore, clock: FakeClock, rules: DepositRules) -> Context:
    """Stars packs and crypto top-ups on."""
    return Context(
        uow=store,
        clock=clock,
        stars_packs=PACKS,
        crypto=CryptoTopUps(rules=rules, deriver=HashDeriver()),
    )


async def telegram_account(ctx: Context, telegram_id: int, name: str) -> Account:
    account, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id=str(telegram_id), display_name=name
    )
    return account


@pytest.fixture
async def ada(sctx: Context) -> Account:
    return await telegram_account(sctx, 1001, "Ada")


@pytest.fixture
async def moderator(sctx: Context) -> Account:
    account = await telegram_account(sctx, 9009, "Mod")
    return await accounts.set_role(sctx, granted_by=None, account_id=account.id)


@pytest.fixture
def refunder() -> FakeRefunder:
    return FakeRefunder()


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
def alice_tg() -> TgUser:
    return TgUser(1001, "Alice", "alice_tg", "en")


@pytest.fixture
def mallory_tg() -> TgUser:
    return TgUser(3003, "Mallory", None, "en")
