"""What a Telegram update writes to the database, through the real aiogram stack.

The bot polls the fake Bot API (tests/e2e) over the real SQL storage, and every statement
the engine sends is watched (``before_cursor_execute``): a read-only command (``/help``,
``/offers``) from a user the bot knows must write nothing — no update-dedup row, no
flood-guard counter, no rewritten chat state (issue 12, items 2 and 5).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from core.shared.context import Context
from core.shared.delivery import record_on_commit
from core.shared.ratelimit import InProcessLimiter
from core.shared.uow import UnitOfWorkFactory
from handlers.app import ChatApp
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.e2e.harness import BotHarness
from tests.integration import builders as b
from tests.integration.conftest import T0, FakeClock

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
UNITS = {"/help": 2, "/offers": 3}


@dataclass
class StatementLog:
    statements: list[str] = field(default_factory=list)

    def on_execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    def writes(self, since: int = 0) -> list[str]:
        return [
            s for s in self.statements[since:] if s.lstrip().upper().startswith(WRITES)
        ]

    def units(self, since: int = 0) -> int:
        """Transactions begun (SQLite's ``BEGIN IMMEDIATE``; asyncpg's BEGIN is no cursor
        statement, so on PostgreSQL this counts nothing)."""
        return sum(1 for s in self.statements[since:] if s.strip().upper().startswith("BEGIN"))

    def commits(self, since: int = 0) -> int:
        return sum(1 for s in self.statements[since:] if s.strip().upper() == "COMMIT")


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
def statements(engine: AsyncEngine) -> StatementLog:
    log = StatementLog()
    event.listen(engine.sync_engine, "before_cursor_execute", log.on_execute)
    return log


@pytest.fixture
async def bot(
    fake_telegram: FakeTelegram, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> AsyncIterator[BotHarness]:
    # The flood guard is on (20 a window, as in production), counted in the process: the
    # single-process default, where it costs no write.
    ctx = Context(
        uow=record_on_commit(uow_factory), clock=clock, rate_limiter=InProcessLimiter()
    )
    harness = BotHarness(fake_telegram, ctx, ChatApp(ctx), flood_limit=20)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.kill()


async def seed_offers(uow_factory: UnitOfWorkFactory, count: int) -> None:
    async with uow_factory() as uow:
        (seller,) = await b.add_accounts(uow, T0, "Seller")
        for i in range(count):
            await uow.offers.add(b.offer(T0, seller.id, title=f"Offer number {i}"))
        await uow.commit()


@pytest.mark.parametrize("command", ["/help", "/offers"])
async def test_a_read_only_command_writes_nothing(
    bot: BotHarness, statements: StatementLog, uow_factory: UnitOfWorkFactory, command: str
) -> None:
    await seed_offers(uow_factory, 30)
    alice = TgUser(1001, "Alice", "alice_tg", "en")
    # First contact creates the account (a write, once); then the command is read-only.
    await bot.say(alice, "/start")
    for _ in range(3):
        since = len(statements.statements)
        replies = await bot.say(alice, command)
        assert replies, f"{command} got no answer"
        assert statements.writes(since) == [], f"{command} wrote to the database"
        assert statements.commits(since) == 0
        # The account (IdentityMiddleware), the chat's state, and the listing page: the
        # conversation layer reuses the account the middleware read.
        assert statements.units(since) <= UNITS[command]


async def test_the_next_page_of_offers_writes_nothing_either(
    bot: BotHarness, statements: StatementLog, uow_factory: UnitOfWorkFactory
) -> None:
    await seed_offers(uow_factory, 12)
    alice = TgUser(1001, "Alice", "alice_tg", "en")
    await bot.say(alice, "/start")
    since = len(statements.statements)
    (page,) = await bot.say(alice, "/offers")
    shown = [page.text]
    while page.has_button("Next"):
        await bot.click(alice, page, "Next")
        # The page is edited in place.
        (page,) = [m for m in bot.fake.chat(alice.id) if m.message_id == page.message_id]
        shown.append(page.text)
    assert statements.writes(since) == []
    # The query without words travels in the button: the pages show all 12, once each.
    found = [int(n) for text in shown for n in re.findall(r"Offer number (\d+) #", text)]
    assert len(shown) == 3 and sorted(found) == list(range(12)), shown


async def test_a_form_answer_served_again_after_a_crash_is_skipped(
    fake_telegram: FakeTelegram, uow_factory: UnitOfWorkFactory, clock: FakeClock,
    statements: StatementLog,
) -> None:
    """The update's id went into the transaction that saved the answer, so the next process
    finds it (the first batch after a start may hold repeats) and skips the update instead
    of reading "3" as the form's next answer."""
    alice = TgUser(1001, "Alice", "alice_tg", "en")
    ctx = Context(uow=record_on_commit(uow_factory), clock=clock, rate_limiter=InProcessLimiter())

    async def boot() -> BotHarness:
        harness = BotHarness(fake_telegram, ctx, ChatApp(ctx))
        await harness.start()
        return harness

    first = await boot()
    await first.say(alice, "/newrequest")
    await first.say(alice, "Scrape 500 product pages")
    fake_telegram.hold_acks = True
    answered = fake_telegram.user_message(alice, "3")
    await fake_telegram.wait_handled(answered)
    assert "3/8" in fake_telegram.chat(alice.id)[-1].text
    dedup_rows = [s for s in statements.writes() if "dedup_key" in s]
    # Recorded once, by the commit that saved the answer; no row for the other updates'
    # ids except the ones that changed something.
    assert len(dedup_rows) == 3
    await first.kill()
    fake_telegram.hold_acks = False
    chat_before = len(fake_telegram.chat(alice.id))

    second = await boot()
    try:
        await fake_telegram.wait_handled(answered)
        assert fake_telegram.served[answered] == 2
        assert len(fake_telegram.chat(alice.id)) == chat_before
        step4 = await second.say(alice, "Extract price and stock from 500 product pages.")
        assert "4/8" in step4[-1].text
    finally:
        await second.kill()
