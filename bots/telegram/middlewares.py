"""Outer middlewares: what every update goes through before a router sees it.

Order (outermost first): aiogram's error middleware → ``UpdateDedupMiddleware`` (update
level) → ``FloodGuardMiddleware`` → ``IdentityMiddleware`` (messages and button presses).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User

from bots.telegram.mapping import is_private, parse_command
from bots.telegram.texts import say
from core.accounts.accounts import ensure_chat_account
from core.shared import ratelimit
from core.shared.context import Context
from core.shared.delivery import AlreadyHandled, delivery, records_deliveries
from handlers.i18n import language_for
from handlers.markup import to_plain

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def update_key(bot: Bot, update_id: int) -> str:
    # update_ids are per bot: a new token starts another sequence.
    return f"telegram:update:{bot.id}:{update_id}"


#: ``dp.feed_update`` keyword: False when the caller knows the update is served for the first
#: time (long polling past its first batch: the offset acknowledged everything before it).
MAY_BE_REPEAT = "may_be_repeat"


class UpdateDedupMiddleware(BaseMiddleware):
    """Handle each update once, even when Telegram serves it again.

    An update is served again when the process stopped before getUpdates acknowledged its
    offset (polling) or before the webhook answered. With a unit-of-work factory that
    records deliveries (``core.shared.delivery.record_on_commit``, what the composition
    root builds), the update id is recorded by the first transaction that commits while
    handling it, in that transaction: an update that changes nothing writes nothing, and a
    repeat is dropped at its first commit (``AlreadyHandled``). Where a repeat is possible
    (``may_be_repeat``: every webhook call, the first polling batch after a start), a read
    before handling skips an update recorded already, so it is not re-read against the
    chat's new state. An update whose handling crashed after its first commit is not
    retried: the user sees no answer and sends again, which beats doing a step twice.

    Without a recording factory (a ``Context`` built by hand) the id is recorded up front,
    in its own transaction, as before.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        key = update_key(data["bot"], event.update_id)
        now = self.ctx.clock.now()
        if not records_deliveries(self.ctx.uow):
            async with self.ctx.uow() as uow:
                first = await uow.dedup.first_time(key, now)
                await uow.commit()
            if not first:
                log.info("update %s was handled before; skipping it", event.update_id)
                return None
            return await handler(event, data)
        if data.get(MAY_BE_REPEAT, True):
            async with self.ctx.uow() as uow:
                seen = await uow.dedup.seen(key)
            if seen:
                log.info("update %s was handled before; skipping it", event.update_id)
                return None
        try:
            with delivery(key, now):
                return await handler(event, data)
        except AlreadyHandled:
            log.info("update %s was handled by another process; dropped", event.update_id)
            return None


def addressed_to_bot(
    event: TelegramObject, bot_username: str | None, bot_id: int | None = None
) -> bool:
    """Button presses, anything in a private chat, and this bot's commands in groups, and
    replies to the bot's own messages in groups (the admin channel's prompts). Other group
    chatter creates no account and costs no database write."""
    if isinstance(event, CallbackQuery):
        return True
    if isinstance(event, Message):
        if is_private(event.chat):
            return True
        replied = event.reply_to_message
        if (
            bot_id is not None
            and replied is not None
            and replied.from_user is not None
            and replied.from_user.id == bot_id
        ):
            return True
        command = parse_command(event.text if event.text is not None else event.caption)
        return command is not None and command.is_for(bot_username)
    return False


async def is_for_us(event: TelegramObject, data: dict[str, Any]) -> bool:
    bot: Bot = data["bot"]
    me = await bot.me()
    return addressed_to_bot(event, me.username, me.id)


def sender_of(event: TelegramObject) -> User | None:
    user = getattr(event, "from_user", None)
    return user if isinstance(user, User) and not user.is_bot else None


class FloodGuard:
    """At most ``limit`` updates per user in a fixed window of ``window`` seconds.

    Counted by the context's limiter (``core.shared.ratelimit.Limiter``, bucket
    ``telegram:<user>``): Redis or the database when several processes share the bot
    (DESIGN §5), this process's memory in the single-process default — never a database
    write per update where it can be avoided. Wall-clock time, not the domain clock: this is
    plumbing.
    """

    def __init__(
        self,
        ctx: Context,
        *,
        limit: int = 20,
        window: float = 10.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.ctx = ctx
        self.limit = ratelimit.Limit(limit, timedelta(seconds=window))
        self._clock = clock

    async def check(self, user_id: int) -> ratelimit.Verdict:
        return await self.ctx.limiter.hit(f"telegram:{user_id}", self.limit, self._clock())


class FloodGuardMiddleware(BaseMiddleware):
    """Drops a flooding user's updates, telling them once per window."""

    def __init__(self, guard: FloodGuard) -> None:
        self.guard = guard

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = sender_of(event)
        if user is None or not await is_for_us(event, data):
            return await handler(event, data)
        verdict = await self.guard.check(user.id)
        if verdict.allowed:
            return await handler(event, data)
        bot: Bot = data["bot"]
        notice = say(user.language_code, "front.flood")
        if isinstance(event, CallbackQuery):
            await bot.answer_callback_query(
                callback_query_id=event.id,
                text=to_plain(notice) if verdict.first_refusal else None,
                show_alert=verdict.first_refusal,
            )
        elif isinstance(event, Message) and verdict.first_refusal:
            await bot.send_message(chat_id=event.chat.id, text=notice)
        log.info("user %s is flooding; update dropped", user.id)
        return None


class IdentityMiddleware(BaseMiddleware):
    """Maps the Telegram user to a marketplace account, once, at the edge.

    First contact creates the account with the welcome grant. Handlers get ``account_id``,
    ``account`` and ``language`` (the account's language, else the client's).
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = sender_of(event)
        if user is None or not await is_for_us(event, data):
            return None
        account, created = await ensure_chat_account(
            self.ctx,
            provider="telegram",
            external_id=str(user.id),
            display_name=user.full_name,
            client_language=user.language_code,
            # "" when the user has no username (any more): the stored one is cleared.
            username=user.username or "",
        )
        if created:
            log.info("new account %s for telegram user %s", account.id, user.id)
        data["account_id"] = account.id
        data["account"] = account
        data["language"] = language_for(account, user.language_code)
        return await handler(event, data)
