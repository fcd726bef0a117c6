"""Running the real aiogram bot in long polling against ``FakeTelegram``, for the e2e tests.

``BotHarness.say`` and ``press`` queue an update, wait until the bot acknowledged it (our
polling loop acknowledges a batch only after handling it, so nothing is still in flight),
and return what the bot sent to that chat meanwhile. ``deliver_outbox`` runs the Telegram
notifier over the events the store recorded, as the outbox dispatcher would.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher

from bots.telegram.app import build_bot, build_dispatcher, retry_middleware_of
from bots.telegram.pacing import Pacer
from bots.telegram.polling import run_polling
from bots.telegram.transport import telegram_notifier
from core.shared.context import Context
from core.shared.events import DomainEvent
from handlers.contract import ConversationApp
from handlers.notifications import Notifier
from tests.e2e.fake_telegram import BotMessage, Call, FakeTelegram, TgUser
from tests.fakes import FakeStore


def account_of(store: FakeStore, user: TgUser) -> int:
    """The account the bot made for ``user`` at first contact."""
    return store.state.identities[("telegram", str(user.id))].account_id


async def close_quickly(bot: Bot) -> None:
    """Close the bot's HTTP session without aiogram's 250 ms grace sleep (meant for TLS
    connections; there are none to the local fake), which adds up over the suite."""
    inner = getattr(bot.session, "_session", None)
    if inner is not None:
        await inner.close()
    await bot.session.close()


class VirtualTime:
    """A clock that moves only when something sleeps on it: pacing is checked by arithmetic,
    not by how busy the machine is."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def fast_pacer() -> Pacer:
    return Pacer(per_second=10_000, per_chat_interval=0.0, group_interval=0.0)


@dataclass
class Pressed:
    #: The answerCallbackQuery parameters (``text``, ``show_alert``), or None if unanswered.
    answer: dict[str, Any] | None
    #: New messages in the chat.
    messages: list[BotMessage]
    calls: list[Call] = field(default_factory=list)

    @property
    def alert(self) -> str | None:
        if self.answer is None or self.answer.get("show_alert") not in ("true", True):
            return None
        return str(self.answer.get("text", ""))


class BotHarness:
    def __init__(
        self,
        fake: FakeTelegram,
        ctx: Context,
        chat_app: ConversationApp,
        *,
        outbox: list[DomainEvent] | None = None,
        feed_chat_id: int | None = -100_777,
        admin_chat_id: int | None = -100_999,
        flood_limit: int = 1000,
        flood_window: float = 10.0,
        pacer: Pacer | None = None,
    ) -> None:
        self.fake = fake
        self.ctx = ctx
        self.chat_app = chat_app
        self.outbox = outbox
        self.outbox_position = 0
        self.feed_chat_id = feed_chat_id
        self.admin_chat_id = admin_chat_id
        self.flood_limit = flood_limit
        self.flood_window = flood_window
        self.pacer = pacer or fast_pacer()
        self.bot: Bot | None = None
        self.dp: Dispatcher | None = None
        self.notifier: Notifier | None = None
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    async def start(self) -> None:
        """A fresh bot process: new Bot, Dispatcher and notifier on the same storage."""
        self.bot = build_bot(self.fake.token, api_base=self.fake.base_url)
        self.dp = build_dispatcher(
            self.chat_app, self.ctx, flood_limit=self.flood_limit, flood_window=self.flood_window
        )
        self.notifier = telegram_notifier(
            self.ctx,
            self.chat_app,
            self.bot,
            feed_chat_id=self.feed_chat_id,
            admin_chat_id=self.admin_chat_id,
            pacer=self.pacer,
        )
        retry = retry_middleware_of(self.bot)
        assert retry is not None
        retry.add_listener(self.pacer.hold)
        self._stop = asyncio.Event()
        since = len(self.fake.calls)
        self._task = asyncio.create_task(
            run_polling(self.bot, self.dp, polling_timeout=1, stop=self._stop)
        )
        await self.fake.wait_for_call("getUpdates", since=since)

    async def stop(self) -> None:
        """A graceful stop: the batch in hand is finished and acknowledged."""
        self._stop.set()
        if self._task is not None:
            await asyncio.wait_for(self._task, 5)
        await self._close_session()

    async def kill(self) -> None:
        """The process dies: no goodbye, no final acknowledgement."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._close_session()

    async def _close_session(self) -> None:
        if self.bot is not None:
            await close_quickly(self.bot)
        self._task = None

    async def restart(self) -> None:
        await self.kill()
        await self.start()

    # ---- users ---------------------------------------------------------------------------

    async def say(self, user: TgUser, text: str | None = None, **kwargs: Any) -> list[BotMessage]:
        """``user`` sends a message; returns the bot's new messages in their chat."""
        chat_id = kwargs.get("chat_id", user.id)
        before = len(self.fake.chat(chat_id))
        update_id = self.fake.user_message(user, text, **kwargs)
        await self.fake.wait_handled(update_id)
        return self.fake.chat(chat_id)[before:]

    async def send_file(
        self, user: TgUser, name: str, caption: str | None = None
    ) -> tuple[dict[str, Any], list[BotMessage]]:
        document = self.fake.new_file(name)
        messages = await self.say(user, None, document=document, caption=caption)
        return document, messages

    async def press(self, user: TgUser, message: BotMessage, data: str) -> Pressed:
        chat_id = message.chat_id
        before = len(self.fake.chat(chat_id))
        since = len(self.fake.calls)
        update_id = self.fake.press(user, message, data)
        await self.fake.wait_handled(update_id)
        query_id = self.fake.callback_id_of(update_id)
        return Pressed(
            self.fake.callback_answers.get(query_id),
            self.fake.chat(chat_id)[before:],
            self.fake.calls[since:],
        )

    async def click(self, user: TgUser, message: BotMessage, label: str) -> Pressed:
        return await self.press(user, message, message.button(label)["callback_data"])

    # ---- notifications -------------------------------------------------------------------

    async def deliver_outbox(self) -> list[DomainEvent]:
        """Deliver the events recorded since the last call, as the outbox dispatcher would."""
        assert self.outbox is not None and self.notifier is not None
        events = self.outbox[self.outbox_position :]
        self.outbox_position = len(self.outbox)
        for event in events:
            await self.notifier.deliver(event)
        return events
