"""Long polling that acknowledges an update only after it was handled.

aiogram's own ``start_polling`` acknowledges a batch (asks getUpdates with the next offset)
as soon as it has started handling it, so updates in flight when the process dies are lost.
Here a batch is handled first and acknowledged by the next getUpdates: a crash re-serves the
unacknowledged updates, and ``UpdateDedupMiddleware`` skips those already handled. Within a
batch, chats run concurrently and each chat's updates run in order (a form's answers must
not overtake each other).

Only the first batch after a start can hold updates served before (by the process that
died); every later one comes after the offset this process acknowledged. So the later
batches are fed with ``may_be_repeat=False``: no dedup read or row for an update that
changes nothing (a write records its update id in its own transaction, see
``core.shared.delivery``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.methods import GetUpdates
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bots.telegram.middlewares import MAY_BE_REPEAT

log = logging.getLogger(__name__)

BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.5, jitter=0.1)


def conversation_of(update: Update) -> int | str:
    """Updates of one chat (else one user) are handled in order."""
    if update.message is not None:
        return update.message.chat.id
    if update.callback_query is not None:
        callback = update.callback_query
        return callback.message.chat.id if callback.message else callback.from_user.id
    return f"update:{update.update_id}"


async def handle_batch(
    bot: Bot, dp: Dispatcher, updates: Sequence[Update], *, may_be_repeat: bool = True
) -> None:
    groups: dict[int | str, list[Update]] = {}
    for update in updates:
        groups.setdefault(conversation_of(update), []).append(update)

    async def run(group: list[Update]) -> None:
        for update in group:
            try:
                await dp.feed_update(bot, update, **{MAY_BE_REPEAT: may_be_repeat})
            except Exception:
                # The error router handles what it can; this is what it re-raised.
                log.exception("update %s failed", update.update_id)

    await asyncio.gather(*(run(group) for group in groups.values()))


async def run_polling(
    bot: Bot,
    dp: Dispatcher,
    *,
    polling_timeout: int = 25,
    stop: asyncio.Event | None = None,
    backoff: BackoffConfig = BACKOFF,
) -> None:
    """Poll until ``stop`` is set; the batch in hand is finished and acknowledged first.

    Removes a webhook left from an earlier webhook-mode run (getUpdates refuses to work
    while one is set), keeping the updates it had not delivered.
    """
    stop = stop or asyncio.Event()
    await bot.delete_webhook(drop_pending_updates=False)
    me = await bot.me()
    log.info("polling as @%s", me.username)
    allowed = dp.resolve_used_update_types()
    get_updates = GetUpdates(timeout=polling_timeout, allowed_updates=allowed)
    request_timeout = int((bot.session.timeout or 60) + polling_timeout)
    retry = Backoff(config=backoff)
    first_batch = True
    while not stop.is_set():
        fetch = asyncio.ensure_future(bot(get_updates, request_timeout=request_timeout))
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if not fetch.done():
                fetch.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await fetch
        if fetch.cancelled():
            break
        try:
            updates = fetch.result()
        except TelegramUnauthorizedError:
            raise
        except Exception as exc:
            log.warning("getUpdates failed (%s: %s); retrying in %.1f s",
                        type(exc).__name__, exc, retry.next_delay)
            await retry.asleep()
            continue
        retry.reset()
        if not updates:
            continue
        await handle_batch(bot, dp, updates, may_be_repeat=first_batch)
        first_batch = False
        get_updates.offset = updates[-1].update_id + 1
    if get_updates.offset is not None:
        # Acknowledge the last handled batch so the next start does not see it again.
        with contextlib.suppress(Exception):
            await bot(GetUpdates(offset=get_updates.offset, timeout=0, limit=1,
                                 allowed_updates=allowed))
