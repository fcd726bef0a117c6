"""Domain events to Telegram: DMs to the accounts concerned, posts in the feed channel, and
notices in the admin chat. The outbox dispatcher (botgig.workers) calls ``deliver``."""

from __future__ import annotations

import inspect
import logging
from collections import OrderedDict
from collections.abc import Collection, Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError

from bots.telegram.contract import ConversationApp
from bots.telegram.pacing import Pacer
from bots.telegram.render import TelegramSender
from bots.telegram.texts import say
from core.events import DomainEvent
from core.model import Account, Identity
from core.services.context import Context
from core.services.linking import CHAT_PLATFORMS, notification_platform
from handlers.markup import escape
from handlers.types import Button, Notification, OutgoingAttachment, Platform

log = logging.getLogger(__name__)

TELEGRAM = Platform.TELEGRAM.value
DISCORD = Platform.DISCORD.value


class NotificationFailed(Exception):
    """Some messages of an event could not be sent; the dispatcher retries the event."""


def wants_telegram(
    account: Account, identities: Sequence[Identity], available: Collection[str] = CHAT_PLATFORMS
) -> bool:
    """Notify on Telegram when it is the account's one notification platform: the one chosen
    (/settings), else the one used last, among the running front ends (``available``) the
    account can be reached on. The Discord notifier asks the same question
    (``core.services.linking.notification_platform``), so each notification goes to exactly
    one platform."""
    return notification_platform(account, identities, available) == TELEGRAM


def admin_text(event: DomainEvent) -> str:
    """A plain rendering for the moderators' chat (the admin bot renders richer cards)."""
    lines = [f"🛡 <b>{escape(event.type)}</b>"]
    for key, value in sorted(event.payload.items()):
        if value is None or value == "":
            continue
        lines.append(f"{escape(str(key))}: {escape(str(value))}")
    return "\n".join(lines)


class TelegramNotifier:
    """``core.ports.EventSink`` for Telegram.

    Paces itself under Telegram's limits with a ``Pacer`` (about 30 messages/s overall, one
    per second per chat) and relies on the bot's retry middleware to wait out a 429. The
    pacer is per process: with several processes sending through one bot, divide the rate
    between them or share a limiter (see ``bots.telegram.pacing``).

    Delivery is at least once. A message that went out is remembered (in memory) for its
    event, so when one recipient fails and the dispatcher retries the event, the others are
    not messaged again; only a crash between the two can repeat a message. A recipient who
    blocked the bot, or a chat that is gone, is logged and skipped rather than retried for
    a day; anything else raises ``NotificationFailed`` after the other recipients were tried.
    """

    name = "telegram"

    def __init__(
        self,
        ctx: Context,
        chat_app: ConversationApp,
        bot: Bot,
        *,
        feed_chat_id: int | None = None,
        admin_chat_id: int | None = None,
        pacer: Pacer | None = None,
        memory: int = 10_000,
        platforms: Collection[str] = CHAT_PLATFORMS,
    ) -> None:
        self.ctx = ctx
        self.chat_app = chat_app
        self.bot = bot
        self.feed_chat_id = feed_chat_id
        self.admin_chat_id = admin_chat_id
        self.pacer = pacer or Pacer()
        self.sender = TelegramSender(bot, chat_app, pacer=self.pacer)
        #: The chat front ends that run (notifications go to one of them per account).
        self.platforms = frozenset(platforms)
        self._memory = memory
        self._sent: OrderedDict[str, None] = OrderedDict()

    async def deliver(self, event: DomainEvent) -> None:
        failures: list[str] = []
        rendered = await self.chat_app.render(event) if event.recipients or event.channels else []
        personal = [n for n in rendered if n.account_id != 0]
        posts = {n.extra.get("channel", ""): n for n in rendered if n.account_id == 0}
        chats = await self.telegram_chats([n.account_id for n in personal])
        for n in personal:
            chat_id = chats.get(n.account_id)
            if chat_id is not None:
                await self._send_once(
                    failures, event, chat_id, n.text, n.buttons, n.attachments, n.order_id
                )
        if "feed" in event.channels and self.feed_chat_id is not None:
            post = posts.get("feed") or await self._feed_post(event)
            if post is not None:
                await self._send_once(
                    failures, event, self.feed_chat_id, post.text,
                    await self._with_deep_link(post), post.attachments, None,
                )
        if "admin" in event.channels and self.admin_chat_id is not None:
            admin = posts.get("admin")
            text = admin.text if admin is not None else admin_text(event)
            buttons = admin.buttons if admin is not None else ()
            await self._send_once(failures, event, self.admin_chat_id, text, buttons, (), None)
        if failures:
            raise NotificationFailed(f"event {event.id} ({event.type}): " + "; ".join(failures))

    async def _feed_post(self, event: DomainEvent) -> Notification | None:
        post = self.chat_app.render_feed(event)
        if inspect.isawaitable(post):
            post = await post
        if post is None or post.extra.get("channel", "feed") != "feed":
            return None
        return post

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

    async def telegram_chats(self, account_ids: Sequence[int]) -> dict[int, int]:
        """The private chat (the Telegram user id) of each account to notify on Telegram."""
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        async with self.ctx.uow() as uow:
            accounts = await uow.accounts.get_many(ids)
            identities = await uow.accounts.identities_many(ids)
        chats: dict[int, int] = {}
        for account_id in ids:
            account = accounts.get(account_id)
            linked = identities.get(account_id, [])
            telegram = next((i for i in linked if i.provider == TELEGRAM), None)
            if account is None or telegram is None:
                continue
            if not wants_telegram(account, linked, self.platforms):
                continue
            chats[account_id] = int(telegram.external_id)
        return chats

    async def _send_once(
        self,
        failures: list[str],
        event: DomainEvent,
        chat_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]],
        attachments: Sequence[OutgoingAttachment],
        order_id: int | None,
    ) -> None:
        key = f"{event.id}:{chat_id}"
        if key in self._sent:
            return
        try:
            await self.sender.send(chat_id, text, buttons, attachments, order_id=order_id)
        except (TelegramForbiddenError, TelegramBadRequest) as exc:
            log.warning("event %s (%s) not delivered to chat %s: %s", event.id, event.type,
                        chat_id, exc.message)
        except Exception as exc:
            failures.append(f"chat {chat_id}: {type(exc).__name__}: {exc}")
            return
        self._remember(key)

    def _remember(self, key: str) -> None:
        self._sent[key] = None
        while len(self._sent) > self._memory:
            self._sent.popitem(last=False)
