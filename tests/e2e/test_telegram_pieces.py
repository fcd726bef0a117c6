"""Small deterministic checks of the Telegram front end's pieces (no server): command
parsing, the pacer's arithmetic on a fake clock, the retry middleware's bounds and the
notification routing rule. They sit next to the e2e tests that exercise the same code."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage
from aiogram.methods.base import Response, TelegramMethod

from bots.telegram.mapping import parse_command
from bots.telegram.pacing import Pacer
from bots.telegram.render import shorten
from bots.telegram.retry import RetryAfterMiddleware
from core.accounts.linking import notification_platform
from core.accounts.model import Account, AccountKind, Identity
from tests.e2e.harness import VirtualTime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start offer_12", ("start", "offer_12", None)),
        ("/Offers@BotGig_bot data  csv ", ("offers", "data  csv", "BotGig_bot")),
        ("/msg 12 line one\nline two", ("msg", "12 line one\nline two", None)),
        ("/help", ("help", "", None)),
        ("hello /start", None),
        ("/ start", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_command(text: str | None, expected: tuple[str, str, str | None] | None) -> None:
    parsed = parse_command(text)
    assert (None if parsed is None else (parsed.name, parsed.args, parsed.addressee)) == expected


def test_commands_for_another_bot_are_not_ours() -> None:
    parsed = parse_command("/offers@other_bot")
    assert parsed is not None and not parsed.is_for("botgig_bot")
    assert parsed.is_for("OTHER_bot")


async def test_pacer_spaces_one_chat_by_a_second_and_all_chats_by_the_global_rate() -> None:
    t = VirtualTime()
    pacer = Pacer(per_second=10, per_chat_interval=1.0, group_interval=3.0, clock=t.clock,
                  sleep=t.sleep)
    sent: list[tuple[int, float]] = []
    for chat in (1, 2, 3, 1, -5, -5):
        await pacer.wait(chat)
        sent.append((chat, round(t.now, 3)))
    assert sent == [(1, 100.0), (2, 100.1), (3, 100.2), (1, 101.0), (-5, 101.1), (-5, 104.1)]


async def test_pacer_holds_everything_after_a_retry_after() -> None:
    t = VirtualTime()
    pacer = Pacer(clock=t.clock, sleep=t.sleep)
    await pacer.wait(1)
    pacer.hold(5)
    await pacer.wait(2)
    assert t.now == pytest.approx(105.0)


def _retry_after(seconds: int) -> TelegramRetryAfter:
    return TelegramRetryAfter(
        method=SendMessage(chat_id=1, text="x"), message="Too Many Requests",
        retry_after=seconds,
    )


async def test_retry_middleware_retries_within_bounds_and_then_gives_up() -> None:
    t = VirtualTime()
    held: list[float] = []
    middleware = RetryAfterMiddleware(max_attempts=3, max_delay=10, sleep=t.sleep,
                                      on_retry_after=held.append)
    attempts = 0
    bot = Bot("1:stub")  # never sends: the middleware only hands it to make_request
    sent: Response[Any] = Response(ok=True, result=True)

    async def flaky(bot: Bot, method: TelegramMethod[Any]) -> Response[Any]:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise _retry_after(2)
        return sent

    assert await middleware(flaky, bot, SendMessage(chat_id=1, text="x")) is sent
    assert t.slept == [2.0, 2.0] and held == [2.0, 2.0]

    async def always(bot: Any, method: Any) -> Any:
        raise _retry_after(2)

    with pytest.raises(TelegramRetryAfter):
        await middleware(always, bot, SendMessage(chat_id=1, text="x"))

    async def banned(bot: Any, method: Any) -> Any:
        raise _retry_after(3600)

    t.slept.clear()
    with pytest.raises(TelegramRetryAfter):
        await middleware(banned, bot, SendMessage(chat_id=1, text="x"))
    assert t.slept == []  # an hour is not waited inside a handler


def _account(**kw: Any) -> Account:
    return Account(id=1, display_name="A", kind=AccountKind.HUMAN,
                   created_at=datetime(2026, 1, 1, tzinfo=UTC), **kw)


def test_notification_platform_rule() -> None:
    telegram = [Identity("telegram", "10", 1)]
    both = [*telegram, Identity("discord", "20", 1)]
    assert notification_platform(_account(notify_platform="telegram"), both) == "telegram"
    assert notification_platform(_account(notify_platform="discord"), both) != "telegram"
    assert notification_platform(_account(last_platform="telegram"), both) == "telegram"
    assert notification_platform(_account(last_platform="discord"), both) != "telegram"
    assert notification_platform(_account(last_platform="discord"), telegram) == "telegram"


def test_alerts_are_shortened_by_telegram_s_count() -> None:
    assert shorten("short") == "short"
    long = "🙂" * 150  # 300 UTF-16 units
    cut = shorten(long)
    assert cut.endswith("…") and len(cut.encode("utf-16-le")) // 2 <= 200
