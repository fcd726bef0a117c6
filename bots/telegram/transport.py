"""Telegram as a transport of the notification pipeline (``handlers.notifications``): DMs to
private chats, posts in the feed channel and the admin chat.

Paced under Telegram's limits with a ``Pacer`` (about 30 messages/s overall, one per second
per chat; a group takes about 20 a minute); the bot's retry middleware waits out a 429. The
pacer is per process: with several processes sending through one bot, divide the rate
between them or share a limiter (see ``bots.telegram.pacing``).
"""

from __future__ import annotations

from collections.abc import Collection

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError

from bots.telegram.files import TelegramFiles
from bots.telegram.pacing import Pacer
from bots.telegram.render import TelegramSender
from bots.telegram.texts import say
from core.accounts.linking import CHAT_PLATFORMS
from core.accounts.ports import FileContents
from core.shared.context import Context
from handlers.contract import ConversationApp
from handlers.notifications import Channel, Notifier, Unreachable
from handlers.types import Button, Notification, Platform


class TelegramTransport:
    """A recipient who blocked the bot, or a chat that is gone, is ``Unreachable``."""

    platform = Platform.TELEGRAM.value

    def __init__(
        self,
        bot: Bot,
        chat_app: ConversationApp,
        *,
        feed_chat_id: int | None = None,
        admin_chat_id: int | None = None,
        pacer: Pacer | None = None,
        files: FileContents | None = None,
    ) -> None:
        self.bot = bot
        self.feed_chat_id = feed_chat_id
        self.admin_chat_id = admin_chat_id
        self.pacer = pacer or Pacer()
        self.sender = TelegramSender(bot, chat_app, pacer=self.pacer, files=files)

    def has_channel(self, channel: Channel) -> bool:
        return self._chat(channel) is not None

    def _chat(self, channel: Channel) -> int | None:
        return self.feed_chat_id if channel == "feed" else self.admin_chat_id

    async def send_direct(self, user_id: str, notification: Notification, language: str) -> None:
        await self._send(int(user_id), notification, notification.buttons)

    async def post(
        self, channel: Channel, notification: Notification, pings: tuple[str, ...] = ()
    ) -> None:
        """The ``tg://user`` links in the text notify the moderators: ``pings`` add nothing."""
        chat_id = self._chat(channel)
        assert chat_id is not None
        buttons = (
            await self._with_deep_link(notification) if channel == "feed"
            else notification.buttons
        )
        await self._send(chat_id, notification, buttons)

    async def _send(
        self,
        chat_id: int,
        notification: Notification,
        buttons: tuple[tuple[Button, ...], ...],
    ) -> None:
        try:
            await self.sender.send(
                chat_id, notification.text, buttons, notification.attachments,
                order_id=notification.order_id,
            )
        except (TelegramForbiddenError, TelegramBadRequest) as exc:
            raise Unreachable(f"chat {chat_id}: {exc.message}") from exc

    async def _with_deep_link(self, post: Notification) -> tuple[tuple[Button, ...], ...]:
        """The post's link buttons plus one opening the listing in the bot
        (``https://t.me/<bot>?start=<payload>``). Callback buttons are dropped: pressed in a
        public channel, their answer would be posted there for everyone."""
        rows = [tuple(b for b in row if b.url) for row in post.buttons]
        buttons = tuple(row for row in rows if row)
        deep_link = post.extra.get("deep_link")
        if not deep_link:
            return buttons
        username = (await self.bot.me()).username
        label = post.extra.get("deep_link_label") or say(None, "front.open_in_bot")
        return (*buttons, (Button(label, url=f"https://t.me/{username}?start={deep_link}"),))


def telegram_notifier(
    ctx: Context,
    chat_app: ConversationApp,
    bot: Bot,
    *,
    feed_chat_id: int | None = None,
    admin_chat_id: int | None = None,
    pacer: Pacer | None = None,
    platforms: Collection[str] = CHAT_PLATFORMS,
) -> Notifier:
    """The notification pipeline sending through Telegram (the outbox's EventSink)."""
    transport = TelegramTransport(
        bot, chat_app, feed_chat_id=feed_chat_id, admin_chat_id=admin_chat_id, pacer=pacer,
        files=ctx.files,
    )
    # Its notifier retries the copy of a Telegram file delivered while Telegram did not answer.
    return Notifier(ctx, chat_app, transport, platforms=platforms, files=TelegramFiles(bot))
