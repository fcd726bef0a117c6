"""Telegram updates/s through the full stack vs a bare aiogram bot on the same fake Bot API
(issue 12, items 5 and 6).

The full stack is what ``botgig run`` starts: ``bootstrap(settings)`` (the composition root:
SQL storage, the rate limiter it picks, the recording unit of work) and
``Container.telegram()`` (middlewares, routers, admin router, instrumentation), polling with
``run_polling``. The floor is a bare aiogram ``Dispatcher`` with one handler per command
answering the same HTML (and buttons) BotGig answered, polled by aiogram's own
``start_polling``. Both talk to the same in-process fake Bot API (tests/e2e/fake_telegram.py)
over HTTP, so the fake's cost is in both.

Per database (SQLite always, PostgreSQL when BOTGIG_TEST_POSTGRES_URL is set, and
PostgreSQL with the flood guard in Redis when BOTGIG_TEST_REDIS_URL is set too) and command
(``/help``, ``/offers`` with 200 offers): 200 users say /start (not timed), then
BENCH_TG_UPDATES updates (2,000) from those users are queued at once and timed until every
reply is at the fake. Each pair runs BENCH_REPEAT times (2), and the ratio printed is
min/median/max of the paired ratios. Targets: ≥ 0.5× for /help, ≥ 0.3× for /offers.

    BOTGIG_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.telegram
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.filters import Command
from aiogram.types import InlineKeyboardMarkup, Message
from sqlalchemy import text
from sqlalchemy.engine import make_url

from botgig.bootstrap import bootstrap
from botgig.settings import Settings
from bots.telegram.app import build_bot
from bots.telegram.polling import run_polling
from storage.db import create_engine
from storage.migrate import upgrade
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.integration import builders as b

USERS = int(os.environ.get("BENCH_TG_USERS", "200"))
UPDATES = int(os.environ.get("BENCH_TG_UPDATES", "2000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "2"))
OFFERS = 200
TARGETS = {"/help": 0.5, "/offers": 0.3}


@dataclass
class Sample:
    rate: float
    seconds: float


_bot_ids = itertools.count(700_001)


def new_fake() -> FakeTelegram:
    """A fake Bot API for one run, as a bot of its own: the fake numbers updates from 1 each
    time, and update ids are per bot (``telegram:update:<bot id>:<update id>``), so runs on
    one database must not share a bot id."""
    bot_id = next(_bot_ids)
    return FakeTelegram(f"{bot_id}:BENCH-token", bot_id=bot_id)


def users(offset: int) -> list[TgUser]:
    return [TgUser(offset + i, f"User {i}", f"user_{offset + i}", "en") for i in range(USERS)]


async def replies_reach(fake: FakeTelegram, count: int, since: int, within: float) -> None:
    deadline = time.perf_counter() + within
    while len(fake.calls_of("sendMessage", since=since)) < count:
        if time.perf_counter() > deadline:
            got = len(fake.calls_of("sendMessage", since=since))
            raise AssertionError(f"{got} of {count} replies after {within} s")
        await asyncio.sleep(0.005)


async def timed_burst(fake: FakeTelegram, people: list[TgUser], command: str) -> Sample:
    since = len(fake.calls)
    start = time.perf_counter()
    for i in range(UPDATES):
        fake.user_message(people[i % len(people)], command)
    await replies_reach(fake, UPDATES, since, within=600)
    elapsed = time.perf_counter() - start
    return Sample(UPDATES / elapsed, elapsed)


async def seed_offers(url: str) -> None:
    engine = create_engine(url)
    try:
        from storage.uow import make_uow_factory

        class Clock:
            def now(self) -> datetime:
                return datetime.now(UTC)

        uow = make_uow_factory(engine, Clock())
        now = datetime.now(UTC)
        async with uow() as unit:
            (seller,) = await b.add_accounts(unit, now, "Seller")
            for i in range(OFFERS):
                await unit.offers.add(b.offer(now, seller.id, title=f"Offer number {i}"))
            await unit.commit()
    finally:
        await engine.dispose()


async def full_stack(
    url: str, data_dir: Path, command: str, offset: int, redis_url: str | None = None
) -> tuple[Sample, Any]:
    """BotGig's bot; returns the timed sample and the first reply's call (for the floor)."""
    fake = new_fake()
    await fake.start()
    settings = Settings(
        database_url=url,
        data_dir=data_dir,
        telegram_token=fake.token,
        telegram_api_base=fake.base_url,
        redis_url=redis_url,
        rate_limiter="auto",
    )
    container = bootstrap(settings)
    front = container.telegram()
    stop = asyncio.Event()
    task = asyncio.create_task(run_polling(front.bot, front.dp, polling_timeout=1, stop=stop))
    try:
        people = users(offset)
        last = 0
        for person in people:
            last = fake.user_message(person, "/start")
        # Our polling acknowledges a batch after handling it: then every welcome is out.
        await fake.wait_handled(last, within=600)
        mark = len(fake.calls)
        sample = await timed_burst(fake, people, command)
        first = fake.calls_of("sendMessage", since=mark)[0]
        return sample, first
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 30)
        await front.bot.session.close()
        await container.close()
        await fake.close()


async def bare_aiogram(command: str, reply: Any, offset: int) -> Sample:
    """A bare aiogram bot answering ``command`` with the HTML BotGig answered."""
    fake = new_fake()
    await fake.start()
    bot: Bot = build_bot(fake.token, api_base=fake.base_url)
    dp = Dispatcher()
    router = Router()
    html = reply.params["text"]
    markup_json = reply.params.get("reply_markup")
    markup = (
        InlineKeyboardMarkup.model_validate_json(markup_json)
        if isinstance(markup_json, str)
        else None
    )

    async def answer(message: Message) -> None:
        await message.answer(html, reply_markup=markup)

    async def welcome(message: Message) -> None:
        await message.answer("Welcome")

    router.message.register(answer, Command(command.lstrip("/")))
    router.message.register(welcome, Command("start"))
    dp.include_router(router)
    task = asyncio.create_task(
        dp.start_polling(bot, polling_timeout=1, handle_signals=False, close_bot_session=True)
    )
    try:
        people = users(offset)
        since = len(fake.calls)
        for person in people:
            fake.user_message(person, "/start")
        await replies_reach(fake, len(people), since, within=120)
        return await timed_burst(fake, people, command)
    finally:
        with contextlib.suppress(Exception):
            await dp.stop_polling()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 30)
        await fake.close()


def spread(values: list[float], fmt: Callable[[float], str]) -> str:
    return "/".join(fmt(v) for v in (min(values), statistics.median(values), max(values)))


async def run(url: str, label: str, data_dir: Path, redis_url: str | None = None) -> None:
    if redis_url is None:
        await upgrade(url)
        await seed_offers(url)
    for command in ("/help", "/offers"):
        ours: list[float] = []
        floor: list[float] = []
        ratios: list[float] = []
        for rep in range(REPEAT):
            # Fresh users per run: the flood guard (20 per 10 s) counts per user.
            offset = 10_000_000 + (rep + (100 if command == "/offers" else 0)) * 100_000
            if redis_url is not None:
                offset += 50_000
            sample, reply = await full_stack(url, data_dir, command, offset, redis_url)
            base = await bare_aiogram(command, reply, offset)
            ours.append(sample.rate)
            floor.append(base.rate)
            ratios.append(sample.rate / base.rate)
        target = TARGETS[command]
        met = "met" if statistics.median(ratios) >= target else "NOT met"
        print(
            f"  {label:10} {command:8} BotGig {spread(ours, '{:.0f}'.format)} updates/s"
            f" | bare aiogram {spread(floor, '{:.0f}'.format)} updates/s"
            f" | ratio {spread(ratios, '{:.2f}'.format)} (target ≥ {target}: {met})"
        )


async def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    print(
        f"Telegram: {UPDATES} updates from {USERS} users, {OFFERS} offers, {REPEAT} runs"
        " (min/median/max)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        await run(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", "SQLite", Path(tmp))
        pg = os.environ.get("BOTGIG_TEST_POSTGRES_URL")
        if pg:
            name = f"botgig_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(
                make_url(pg).set(database="postgres"), isolation_level="AUTOCOMMIT"
            )
            async with admin.connect() as conn:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(pg).set(database=name).render_as_string(hide_password=False)
                await run(url, "PostgreSQL", Path(tmp))
                redis = os.environ.get("BOTGIG_TEST_REDIS_URL")
                if redis:
                    # The deployment DESIGN §5 describes: the flood guard in Redis.
                    await run(url, "PG+Redis", Path(tmp), redis_url=redis)
            finally:
                async with admin.connect() as conn:
                    await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
